// Influencers as sponsors and users find them: search, filter, sort, page.
import type { Knex } from 'knex';
import type { Db } from '../db';
import { type InfluencerSort, standingFor, type Standing } from '../domain';

export interface InfluencerCard {
  id: number;
  username: string;
  category: string;
  niche: string;
  followerCount: number;
  standing: Standing;
}


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
          whereTextContains(db, q, query.q, { idColumn: 'p.user_id', ftsTable: 'influencer_search', columns: ['u.username', 'p.niche', 'p.category'] });
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
