// Search and list queries: bad or hostile values fall back to defaults instead of failing,
// so a hand-edited or stale bookmark still shows a page.
import { INFLUENCER_CATEGORIES } from '../domain';
import { CAMPAIGN_SORTS, type CampaignQuery } from '../services/campaigns';
import { INFLUENCER_SORTS, type InfluencerQuery } from '../services/influencers';
import { field, type FormBody } from './fields';

export const MAX_PAGE = 10_000;

export function pageNumber(query: FormBody | undefined): number {
  const page = Number(field(query, 'page'));
  return Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1;
}

export function parseInfluencerQuery(query: FormBody | undefined): InfluencerQuery {
  const category = field(query, 'category');
  const sort = field(query, 'sort');
  return {
    q: field(query, 'q').slice(0, 100),
    category: (INFLUENCER_CATEGORIES as readonly string[]).includes(category) ? category : '',
    niche: field(query, 'niche').slice(0, 60),
    sort: (INFLUENCER_SORTS as readonly string[]).includes(sort) ? (sort as InfluencerQuery['sort']) : 'followers',
    page: pageNumber(query),
  };
}

export function parseCampaignQuery(query: FormBody | undefined): CampaignQuery {
  const sort = field(query, 'sort');
  return {
    q: field(query, 'q').slice(0, 100),
    niche: field(query, 'niche').slice(0, 60),
    sort: (CAMPAIGN_SORTS as readonly string[]).includes(sort) ? (sort as CampaignQuery['sort']) : 'start',
    order: field(query, 'order') === 'asc' ? 'asc' : 'desc',
    page: pageNumber(query),
  };
}

/**
 * The largest id (or version) a row can have: ids are `increments()`, a 32-bit integer on
 * PostgreSQL, which refuses to compare its integer columns with anything larger (a 500, not a 404).
 */
export const MAX_ID = 2_147_483_647;

/** A positive whole number id that a row could have, or null. */
export function parseId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}
