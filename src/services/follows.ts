// Users following influencers. An influencer's follower count changes in the same transaction as
// the follow, so the count shown everywhere is always the number of follows.
import { type Db, now } from '../db';
import { type InfluencerCard, toInfluencerCard } from './influencers';

export type FollowOutcome = 'followed' | 'already-following' | 'unfollowed' | 'not-following' | 'not-found';

export const FOLLOWING_PAGE_SIZE = 20;

export function followsService(db: Db) {
  return {
    /** Follows an active influencer; following twice changes nothing. */
    async follow(userId: number, influencerId: number): Promise<FollowOutcome> {
      return db.transaction(async (trx) => {
        const influencer = await trx('users').select('id').where({ id: influencerId, role: 'influencer', status: 'active' }).first();
        if (!influencer) return 'not-found';
        const inserted = await trx('follows')
          .insert({ user_id: userId, influencer_id: influencerId, created_at: now() })
          .onConflict(['user_id', 'influencer_id'])
          .ignore()
          .returning('user_id');
        if (inserted.length === 0) return 'already-following';
        await trx('influencer_profiles').where({ user_id: influencerId }).increment('follower_count', 1);
        return 'followed';
      });
    },

    /** Unfollows; unfollowing someone not followed changes nothing. */
    async unfollow(userId: number, influencerId: number): Promise<FollowOutcome> {
      return db.transaction(async (trx) => {
        const exists = await trx('users').select('id').where({ id: influencerId, role: 'influencer' }).first();
        if (!exists) return 'not-found';
        const removed = await trx('follows').where({ user_id: userId, influencer_id: influencerId }).del();
        if (removed === 0) return 'not-following';
        await trx('influencer_profiles').where({ user_id: influencerId }).decrement('follower_count', 1);
        return 'unfollowed';
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
    },
  };
}

export type FollowsService = ReturnType<typeof followsService>;
