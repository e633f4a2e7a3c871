// Users following influencers. An influencer's follower count changes in the same transaction as
// the follow, so the count shown everywhere is always the number of follows.
import type { Knex } from 'knex';
import { dependsOn, record, type Store } from '../changes';
import { now } from '../db';
import { reachable } from '../domain';
import { NotFound } from '../errors';
import { type InfluencerCard, toInfluencerCard } from './influencers';

export const FOLLOWING_PAGE_SIZE = 20;

/** An influencer as a follow toggle shows them, and whether they are active (a suspended one can still be unfollowed). */
export type FollowedInfluencer = InfluencerCard & { active: boolean };

export function followsService(store: Store) {
  const { db } = store;
  /** The influencer after the change, with their follower count now. */
  async function card(trx: Knex.Transaction, influencerId: number): Promise<FollowedInfluencer> {
    const row = await trx('users as u')
      .join('influencer_profiles as p', 'p.user_id', 'u.id')
      .select('u.id', 'u.username', 'u.status', 'p.category', 'p.niche', 'p.follower_count')
      .where('u.id', influencerId)
      .first();
    return { ...toInfluencerCard(row), active: reachable(row) };
  }

  return {
    /** Follows an active influencer; following twice changes nothing. */
    async follow(userId: number, influencerId: number): Promise<FollowedInfluencer> {
      return store.write(async (trx) => {
        const influencer = await trx('users').select('id').where({ id: influencerId, role: 'influencer', status: 'active' }).first();
        if (!influencer) throw new NotFound('That influencer');
        const inserted = await trx('follows')
          .insert({ user_id: userId, influencer_id: influencerId, created_at: now() })
          .onConflict(['user_id', 'influencer_id'])
          .ignore()
          .returning('user_id');
        if (inserted.length > 0) {
          await trx('influencer_profiles').where({ user_id: influencerId }).increment('follower_count', 1);
          record(trx, { kind: 'follow', influencerId });
        }
        return card(trx, influencerId);
      });
    },

    /** Unfollows; unfollowing someone not followed changes nothing. */
    async unfollow(userId: number, influencerId: number): Promise<FollowedInfluencer> {
      return store.write(async (trx) => {
        const exists = await trx('users').select('id').where({ id: influencerId, role: 'influencer' }).first();
        if (!exists) throw new NotFound('That influencer');
        const removed = await trx('follows').where({ user_id: userId, influencer_id: influencerId }).del();
        if (removed > 0) {
          await trx('influencer_profiles').where({ user_id: influencerId }).decrement('follower_count', 1);
          record(trx, { kind: 'follow', influencerId });
        }
        return card(trx, influencerId);
      });
    },

    /** Which of these influencers the user follows. */
    async following(userId: number, influencerIds: number[]): Promise<Set<number>> {
      if (influencerIds.length === 0) return new Set();
      const rows = await db('follows').select('influencer_id').where({ user_id: userId }).whereIn('influencer_id', influencerIds);
      return new Set(rows.map((r) => r.influencer_id as number));
    },

    /** The influencers a user follows, most recently followed first. */
    async followedBy(userId: number, page = 1): Promise<{ influencers: InfluencerCard[]; total: number }> {
      return store.read(dependsOn.influencers, `followedBy:${userId}:${page}`, async () => {
        const base = () =>
          db('follows as f')
            .join('users as u', 'u.id', 'f.influencer_id')
            .join('influencer_profiles as p', 'p.user_id', 'u.id')
            .where('f.user_id', userId)
            .where('u.status', 'active');
        const [rows, count] = await Promise.all([
          base()
            .select('u.id', 'u.username', 'p.category', 'p.niche', 'p.follower_count')
            .orderBy([
              { column: 'f.created_at', order: 'desc' },
              { column: 'u.id', order: 'desc' },
            ])
            .limit(FOLLOWING_PAGE_SIZE)
            .offset((page - 1) * FOLLOWING_PAGE_SIZE),
          base().count<{ n: number }[]>({ n: '*' }).first(),
        ]);
        return { influencers: rows.map(toInfluencerCard), total: Number(count?.n ?? 0) };
      });
    },
  };
}

export type FollowsService = ReturnType<typeof followsService>;
