// Search and list queries: bad or hostile values fall back to defaults instead of failing (each
// field `.catch`es), so a hand-edited or stale bookmark still shows a page.
import * as z from 'zod';
import { countryCode, LANGUAGES, PLATFORM_KEYS, RATE_KIND_KEYS } from '../creators';
import { CAMPAIGN_SORTS, INFLUENCER_CATEGORIES, INFLUENCER_SORTS } from '../domain';
import { parseMoney } from '../format';
import type { CampaignQuery } from '../services/campaigns';
import type { InfluencerQuery } from '../services/influencers';
import { type FormBody, readFields } from './form';

export const MAX_PAGE = 10_000;

const page = z.coerce.number().int().min(1).transform((p) => Math.min(p, MAX_PAGE)).catch(1);
const words = (max: number) => z.string().transform((s) => s.slice(0, max));
const choice = <const T extends readonly [string, ...string[]]>(allowed: T, fallback: T[number]) => z.enum(allowed).catch(fallback);

function query<S extends z.ZodRawShape, Q>(schema: z.ZodType<Q> & { shape: S }) {
  const names = Object.keys(schema.shape);
  return (q: FormBody | undefined): Q => schema.parse(readFields(q, names));
}

/** A whole number from a filter field, or null (empty or not a number: no filter). */
const amount = z.string().transform((s) => {
  const digits = s.replace(/[,\s]/g, '');
  return /^\d{1,11}$/.test(digits) ? Number(digits) : null;
});
/** Money typed in a filter ("500" or "499.99") as cents, or null. */
const price = z
  .string()
  .transform((s) => (s === '' ? null : parseMoney(s)))
  .catch(null);

export const parseInfluencerQuery: (q: FormBody | undefined) => InfluencerQuery = query(
  z.object({
    q: words(100),
    category: choice(['', ...INFLUENCER_CATEGORIES], ''),
    niche: words(60),
    sort: choice(INFLUENCER_SORTS, 'followers'),
    page,
    platform: choice(['', ...PLATFORM_KEYS], ''),
    min_followers: amount,
    max_followers: amount,
    price_kind: choice(['', ...RATE_KIND_KEYS], ''),
    max_price: price,
    language: z.string().refine((c) => c === '' || LANGUAGES.some((l) => l.code === c)).catch(''),
    country: z.string().transform((c) => countryCode(c) ?? '').catch(''),
    available: choice(['', 'yes'], ''),
  }),
);

export const parseCampaignQuery: (q: FormBody | undefined) => CampaignQuery = query(
  z.object({ q: words(100), niche: words(60), sort: choice(CAMPAIGN_SORTS, 'start'), order: choice(['desc', 'asc'], 'desc'), page }),
);

export function pageNumber(q: FormBody | undefined): number {
  return page.parse(readFields(q, ['page']).page);
}
