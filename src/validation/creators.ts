// The creator profile's forms: the profile's own fields (checked on the influencer's profile form),
// a platform account, and the rate card.
import * as z from 'zod';
import {
  AVAILABILITY_KEYS,
  type Availability,
  countryCode,
  type CreatorProfileInput,
  languageCode,
  normalHandle,
  PLATFORM_KEYS,
  PLATFORMS,
  type PlatformInput,
  RATE_KIND_KEYS,
  RATE_KINDS,
  type RateKind,
  type RatesInput,
} from '../creators';
import { BIDI_CONTROLS } from '../domain';
import { formatMoney, isIsoDate, MAX_CENTS, parseMoney, today } from '../format';
import { checkFields, type Fields, form, oneOf, text } from './form';

/** Whether a posted form carries the creator profile's fields (a form without them leaves them as saved). */
export function hasCreatorFields(body: Record<string, unknown> | undefined): boolean {
  return !!body && CREATOR_FIELD_NAMES.some((name) => name in body);
}

export const MAX_LANGUAGES = 10;


export const CREATOR_FIELD_NAMES = ['display_name', 'bio', 'city', 'country', 'languages', 'availability', 'busy_until'] as const;
export type CreatorFields = Record<(typeof CREATOR_FIELD_NAMES)[number], string>;

const CREATOR_RULES = {
  display_name: text({ label: 'Display name', max: 60 }),
  bio: text({ label: 'Bio', multiline: true, max: 500 }),
  city: text({ label: 'City', max: 60 }),
  country: z.string().superRefine((typed, ctx) => {
    if (typed !== '' && !countryCode(typed)) ctx.addIssue({ code: 'custom', message: `We do not know a country called “${typed.slice(0, 40)}”: write its name in English, e.g. France.` });
  }),
  languages: z.string().superRefine((typed, ctx) => {
    const names = typed.split(',').map((n) => n.trim()).filter(Boolean);
    const unknown = names.find((n) => !languageCode(n));
    if (unknown) ctx.addIssue({ code: 'custom', message: `“${unknown.slice(0, 40)}” is not a language we know: write names like English, Spanish, separated by commas.` });
    else if (names.length > MAX_LANGUAGES) ctx.addIssue({ code: 'custom', message: `Name at most ${MAX_LANGUAGES} languages.` });
  }),
  // Empty (a form without the field) is open.
  availability: z.string().refine((a) => a === '' || (AVAILABILITY_KEYS as readonly string[]).includes(a), { error: 'Choose your availability from the list.' }),
};

/** Checks the creator profile's fields of the profile form (inside its refinement). */
export function checkCreatorFields(ctx: z.RefinementCtx, values: CreatorFields): void {
  checkFields(ctx, CREATOR_RULES, values);
  if (values.availability !== 'busy') return;
  if (!isIsoDate(values.busy_until)) ctx.addIssue({ code: 'custom', path: ['busy_until'], message: 'Say until when you are busy, as a date like 2027-03-31.' });
  else if (values.busy_until < today()) ctx.addIssue({ code: 'custom', path: ['busy_until'], message: 'That date has passed: choose a date from today on, or choose “Open”.' });
}

const oneLine = (typed: string) => typed.replace(BIDI_CONTROLS, '').trim();

/** The checked creator fields as the service takes them. */
export function creatorInput(values: CreatorFields): CreatorProfileInput {
  const codes = [...new Set(values.languages.split(',').map((n) => languageCode(n)).filter((c): c is string => !!c))];
  return {
    displayName: oneLine(values.display_name),
    bio: values.bio.trim(),
    city: oneLine(values.city),
    country: countryCode(values.country) ?? '',
    languages: codes,
    availability: (values.availability || 'open') as Availability,
    busyUntil: values.availability === 'busy' ? values.busy_until : null,
  };
}

/** A whole number of people or views, 0 up to ten billion. */
function count(label: string): z.ZodType<number, string> {
  return z.string().transform((value, ctx) => {
    const cleaned = value.replace(/[,\s]/g, '');
    if (!/^\d{1,11}$/.test(cleaned) || Number(cleaned) > 10_000_000_000) {
      ctx.issues.push({ code: 'custom', message: value === '' ? `${label} is required.` : `${label} must be a whole number, e.g. 12500.`, input: value });
      return 0;
    }
    return Number(cleaned);
  });
}

/** A percentage with at most two decimals, 0–100, as hundredths of a percent (3.25 → 325). */
const engagementRate = z.string().transform((value, ctx) => {
  const cleaned = value.replace(/%$/, '').trim();
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(cleaned);
  const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
  if (!(bp <= 10_000)) {
    ctx.issues.push({ code: 'custom', message: value === '' ? 'Engagement rate is required.' : 'Engagement rate must be a percentage from 0 to 100, e.g. 3.5.', input: value });
    return 0;
  }
  return bp;
});

const platform = z
  .object({
    platform: oneOf(PLATFORM_KEYS, 'Choose a platform from the list.'),
    handle: z.string().min(1, { error: 'Handle is required.' }).max(200, { error: 'Handle must be at most 200 characters.' }),
    followers: count('Followers'),
    avg_views: count('Average views'),
    engagement_rate: engagementRate,
  })
  .superRefine((p, ctx) => {
    const rule = PLATFORMS[p.platform];
    if (rule && p.handle && !rule.pattern.test(normalHandle(p.platform, p.handle))) {
      ctx.addIssue({ code: 'custom', path: ['handle'], message: `That is not a ${rule.label} handle: ${rule.example}.` });
    }
  });

export type PlatformFields = Fields<typeof platform.shape>;


export const platformForm = form(platform, {
  to: (p): PlatformInput => ({ platform: p.platform, handle: normalHandle(p.platform, p.handle), followers: p.followers, avgViews: p.avg_views, engagementBp: p.engagement_rate }),
});

/** A price on the rate card: empty when that kind is not offered. */
const price = (kind: RateKind) =>
  z.string().transform((value, ctx) => {
    if (value === '') return null;
    const cents = parseMoney(value);
    if (cents === null) ctx.issues.push({ code: 'custom', message: `${RATE_KINDS[kind]}: a price up to ${formatMoney(MAX_CENTS)}, e.g. 250 or 249.99, or leave it empty.`, input: value });
    return cents;
  });

const rates = z.object(Object.fromEntries(RATE_KIND_KEYS.map((kind) => [`rate_${kind}`, price(kind)])) as Record<`rate_${RateKind}`, ReturnType<typeof price>>);

export type RateFields = Fields<typeof rates.shape>;

export const ratesForm = form(rates, {
  to: (r): RatesInput => Object.fromEntries(RATE_KIND_KEYS.map((kind) => [kind, r[`rate_${kind}`]])) as RatesInput,
});
