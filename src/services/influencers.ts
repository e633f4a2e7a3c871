// Influencers as sponsors and users find them: search, filter, sort, page.
import type { Db } from '../db';
import { standingFor, type Standing } from '../domain';

export interface InfluencerCard {
  id: number;
  username: string;
  category: string;
  niche: string;
  followerCount: number;
  standing: Standing;
}

export const INFLUENCER_SORTS = ['followers', 'category', 'niche'] as const;
export type InfluencerSort = (typeof INFLUENCER_SORTS)[number];

export interface InfluencerQuery {
  q: string;
  category: string;
  niche: string;
  sort: InfluencerSort;
  page: number;
}

export const SEARCH_PAGE_SIZE = 20;

/** A LIKE pattern that matches `text` anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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

export function influencersService(db: Db) {
  /** Active influencers and their profiles (suspended ones leave every search). */
  function active() {
    return db('influencer_profiles as p')
      .join('users as u', 'u.id', 'p.user_id')
      .where('u.status', 'active');
  }

  return {
    async search(query: InfluencerQuery): Promise<{ influencers: InfluencerCard[]; total: number }> {
      const filtered = active().modify((q) => {
        if (query.category) q.where('p.category', query.category);
        if (query.niche) q.whereRaw(`lower(p.niche) like ? escape '\\'`, [containsPattern(query.niche)]);
        if (query.q) {
          const pattern = containsPattern(query.q);
          q.where((w) =>
            w
              .whereRaw(`u.username like ? escape '\\'`, [pattern])
              .orWhereRaw(`lower(p.niche) like ? escape '\\'`, [pattern])
              .orWhereRaw(`lower(p.category) like ? escape '\\'`, [pattern]),
          );
        }
      });
      const order =
        query.sort === 'category'
          ? [{ column: 'p.category' }, { column: 'p.follower_count', order: 'desc' }]
          : query.sort === 'niche'
            ? [{ column: 'p.niche' }, { column: 'p.follower_count', order: 'desc' }]
            : [{ column: 'p.follower_count', order: 'desc' }];
      const [rows, count] = await Promise.all([
        filtered
          .clone()
          .select('u.id', 'u.username', 'p.category', 'p.niche', 'p.follower_count')
          .orderBy([...order, { column: 'u.id', order: 'asc' }])
          .limit(SEARCH_PAGE_SIZE)
          .offset((query.page - 1) * SEARCH_PAGE_SIZE),
        filtered.clone().count<{ n: number }[]>({ n: '*' }).first(),
      ]);
      return { influencers: (rows as InfluencerRow[]).map(toInfluencerCard), total: Number(count?.n ?? 0) };
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
