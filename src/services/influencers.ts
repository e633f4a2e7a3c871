// Influencers as sponsors and users find them: search, filter, sort, page.
import type { Knex } from 'knex';
import { dependsOn, type Store } from '../changes';
import type { Db } from '../db';
import type { Platform, RateKind } from '../creators';
import { type InfluencerSort, standingFor, type Standing } from '../domain';
import { today } from '../format';
import { inactiveAccountIds } from './users';

export interface InfluencerCard {
  id: number;
  username: string;
  category: string;
  niche: string;
  followerCount: number;
  standing: Standing;
  /** The lowest price on their rate card (search results only). */
  fromCents?: number | null;
}


export interface InfluencerQuery {
  q: string;
  category: string;
  niche: string;
  sort: InfluencerSort;
  page: number;
  /** The creator profile's filters (URL names): a platform, followers on it, a price, where, open now. */
  platform?: Platform | '';
  min_followers?: number | null;
  max_followers?: number | null;
  price_kind?: RateKind | '';
  /** In cents. */
  max_price?: number | null;
  language?: string;
  country?: string;
  available?: '' | 'yes';
}

export const SEARCH_PAGE_SIZE = 20;

/** A search counts its matches up to this many (or five pages past the one shown); beyond, "1,000+". */
export const SEARCH_COUNT_CAP = 1000;

/** How many rows a search found, counted no further than it needs: `atLeast` when there are more. */
export interface SearchTotal {
  total: number;
  atLeast: boolean;
}

/**
 * Counts the rows of `matching` up to the cap, reading no more index entries than that: a count of
 * every match grows with the whole marketplace (19–25 ms at ten times the bench data), this one does
 * not. The cap moves with the page, so every page reached by "Next" has its number.
 */
export async function cappedCount(db: Db, matching: Knex.QueryBuilder, page: number): Promise<SearchTotal> {
  const cap = Math.max(SEARCH_COUNT_CAP, (page + 5) * SEARCH_PAGE_SIZE);
  const row = await db
    .from(matching.clearSelect().clearOrder().select(db.raw('1 as one')).limit(cap + 1).as('m'))
    .count<{ n: number }[]>({ n: '*' })
    .first();
  const n = Number(row?.n ?? 0);
  return n > cap ? { total: cap, atLeast: true } : { total: n, atLeast: false };
}

/** A LIKE pattern that matches `text` anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Narrows `query` to the rows whose searchable text contains `text` (any case). On SQLite the
 * trigram full-text table `ftsTable` (kept by triggers, see the search_indexes migration) answers
 * from its index, which it can only do for a LIKE without ESCAPE: terms holding a LIKE wildcard
 * take the escaped, slower form. Elsewhere (PostgreSQL) `columns` are matched one by one.
 */
export function whereTextContains(db: Db, query: Knex.QueryBuilder, text: string, search: { idColumn: string; ftsTable: string; columns: string[] }): void {
  const pattern = containsPattern(text);
  if (db.client.config.client === 'pg') {
    query.where((w) => {
      for (const column of search.columns) w.orWhereRaw(`lower(${column}) like ? escape '\\'`, [pattern]);
    });
    return;
  }
  const plain = !/[\\%_]/.test(text);
  query.whereRaw(
    `${search.idColumn} in (select rowid from ${search.ftsTable} where body like ?${plain ? '' : ` escape '\\'`})`,
    [plain ? `%${text}%` : pattern],
  );
}

export interface InfluencerRow {
  id: number;
  username: string;
  category: string;
  niche: string;
  follower_count: number | string;
}

export function toInfluencerCard(row: InfluencerRow): InfluencerCard {
  const followerCount = Number(row.follower_count);
  return {
    id: row.id,
    username: row.username,
    category: row.category,
    niche: row.niche,
    followerCount,
    standing: standingFor(followerCount),
  };
}

/** The creator profile's filters: each one a condition on the profile or an indexed lookup per row. */
function creatorFilters(db: Db, q: Knex.QueryBuilder, query: InfluencerQuery): void {
  const { platform, price_kind: kind } = query;
  const [min, max, price] = [query.min_followers ?? null, query.max_followers ?? null, query.max_price ?? null];
  if (platform || min !== null || max !== null) {
    q.whereExists(
      db('platform_accounts as a')
        .select(db.raw('1'))
        .whereRaw('a.influencer_id = p.user_id')
        .modify((a) => {
          if (platform) a.where('a.platform', platform);
          if (min !== null) a.where('a.followers', '>=', min);
          if (max !== null) a.where('a.followers', '<=', max);
        }),
    );
  }
  if (price !== null) {
    q.whereExists(
      db('rates as r')
        .select(db.raw('1'))
        .whereRaw('r.influencer_id = p.user_id')
        .where('r.price_cents', '<=', price)
        .modify((r) => {
          if (kind) r.where('r.kind', kind);
        }),
    );
  }
  if (query.language) q.where('p.languages', 'like', `%,${query.language},%`);
  if (query.country) q.where('p.country', query.country);
  // Open now: open, or busy until a day that has passed.
  if (query.available === 'yes') q.where((w) => w.where('p.availability', 'open').orWhere((b) => b.where('p.availability', 'busy').where('p.busy_until', '<', today())));
}

/**
 * Sorts by a creator figure before the usual order: followers on the chosen platform, the best
 * engagement rate (on it, or anywhere), the lowest price (of the chosen kind, or any). Creators
 * without the figure come last.
 */
function creatorOrder(q: Knex.QueryBuilder, query: InfluencerQuery): void {
  const [onPlatform, platform] = query.platform ? ['and a.platform = ?', [query.platform]] : ['', []];
  if (query.sort === 'followers' && query.platform) {
    q.orderByRaw(`coalesce((select max(a.followers) from platform_accounts a where a.influencer_id = p.user_id ${onPlatform}), -1) desc`, platform);
  } else if (query.sort === 'engagement') {
    q.orderByRaw(`coalesce((select max(a.engagement_bp) from platform_accounts a where a.influencer_id = p.user_id ${onPlatform}), -1) desc`, platform);
  } else if (query.sort === 'price') {
    const [ofKind, kind] = query.price_kind ? ['and r.kind = ?', [query.price_kind]] : ['', []];
    q.orderByRaw(`coalesce((select min(r.price_cents) from rates r where r.influencer_id = p.user_id ${ofKind}), ${Number.MAX_SAFE_INTEGER}) asc`, kind);
  }
}

export function influencersService(store: Store) {
  const { db } = store;
  /** Active influencers and their profiles (suspended ones leave every search). */
  function active() {
    return db('influencer_profiles as p')
      .join('users as u', 'u.id', 'p.user_id')
      .where('u.status', 'active');
  }

  return {
    async search(query: InfluencerQuery): Promise<{ influencers: InfluencerCard[] } & SearchTotal> {
      return store.read(dependsOn.influencers, `search:${JSON.stringify(query)}`, async () => {
        const filters = (q: Knex.QueryBuilder) => {
          creatorFilters(db, q, query);
          if (query.category) q.where('p.category', query.category);
          if (query.niche) q.whereRaw(`lower(p.niche) like ? escape '\\'`, [containsPattern(query.niche)]);
          if (query.q) {
            whereTextContains(db, q, query.q, { idColumn: 'p.user_id', ftsTable: 'influencer_search', columns: ['u.username', 'p.niche', 'p.category'] });
          }
        };
        // Matching profiles, leaving out inactive accounts without reading the users table (joined
        // only when the text can match a name). The page is found first, as ids, and only its 20
        // influencers are then read with their names: a deep page (50 × 20) skips index entries
        // instead of joining every skipped row to its account.
        const matching = () =>
          db('influencer_profiles as p')
            .modify((q) => {
              if (query.q) q.join('users as u', 'u.id', 'p.user_id');
            })
            .whereNotIn('p.user_id', inactiveAccountIds(db))
            // Not taking work: out of the search until they open again (a few, found by their index,
            // so the page and its count still read only the follower-count index).
            .whereNotIn('p.user_id', db('influencer_profiles').select('user_id').where('availability', 'closed'))
            .modify(filters);
        const order =
          query.sort === 'category'
            ? [{ column: 'p.category' }, { column: 'p.follower_count', order: 'desc' }]
            : query.sort === 'niche'
              ? [{ column: 'p.niche' }, { column: 'p.follower_count', order: 'desc' }]
              : [{ column: 'p.follower_count', order: 'desc' }];
        const [page, count] = await Promise.all([
          matching()
            .select('p.user_id')
            .modify((q) => creatorOrder(q, query))
            .orderBy([...order, { column: 'p.user_id', order: 'asc' }])
            .limit(SEARCH_PAGE_SIZE)
            .offset((query.page - 1) * SEARCH_PAGE_SIZE) as Promise<{ user_id: number }[]>,
          cappedCount(db, matching(), query.page),
        ]);
        const ids = page.map((r) => r.user_id);
        const found = ids.length
          ? ((await active().select('u.id', 'u.username', 'p.category', 'p.niche', 'p.follower_count').whereIn('u.id', ids)) as InfluencerRow[])
          : [];
        const byId = new Map(found.map((r) => [r.id, r]));
        const rows = ids.map((id) => byId.get(id)).filter((r): r is InfluencerRow => r !== undefined);
        // "from $X": the lowest price of each card's rate card (the primary key's index, one page's ids).
        const prices = ids.length
          ? ((await db('rates').select('influencer_id').min({ cents: 'price_cents' }).whereIn('influencer_id', ids).groupBy('influencer_id')) as { influencer_id: number; cents: number | string }[])
          : [];
        const from = new Map(prices.map((p) => [p.influencer_id, Number(p.cents)]));
        return { influencers: rows.map((r) => ({ ...toInfluencerCard(r), fromCents: from.get(r.id) ?? null })), ...count };
      });
    },

    /** An active influencer, or nothing (unknown id, another role, suspended). */
    async get(id: number): Promise<InfluencerCard | undefined> {
      const row = (await active()
        .select('u.id', 'u.username', 'p.category', 'p.niche', 'p.follower_count')
        .where('u.id', id)
        .first()) as InfluencerRow | undefined;
      return row && toInfluencerCard(row);
    },
  };
}
