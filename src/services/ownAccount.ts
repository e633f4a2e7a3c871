// A person's own account: everything we hold about them as one JSON file, and deleting the account
// themselves after typing its password (counted like a login; admins cannot delete themselves).
import { verifyPassword } from '../auth/passwords';
import { checkPasswordLimited, type LoginLimits } from '../auth/rateLimit';
import type { Store } from '../changes';
import type { Viewer } from '../domain';
import { Forbidden, Invalid, NotFound } from '../errors';
import { type DeletionsService, deletionsService, markForDeletion, purgedInTime } from './deletions';
import type { Origin } from './users';

/** What deleting an account takes with it, said on the confirmation page (and tested). */
export const DELETION_EFFECTS = [
  'Your profile, password and sessions: you are logged out at once and cannot log in again.',
  'Your conversations, for both sides: the people you wrote with no longer see them in their inbox.',
  'Every offer you sent or received, with its collaboration (deliverables, results, history and disputes), for both sides.',
  'Your campaigns, if you are a sponsor, and whom you follow, if you do.',
  'Admin audit entries about your account stay, naming it, as the record of moderation.',
] as const;

const iso = (at: unknown) => (at === null || at === undefined ? null : new Date(Number(at)).toISOString());

export function ownAccountService(store: Store, limits: LoginLimits, deletions: DeletionsService = deletionsService(store)) {
  const { db } = store;
  return {
    /** Everything held about the viewer: profile, campaigns, offers, messages, collaborations, follows. */
    async exportData(viewer: Viewer): Promise<Record<string, unknown>> {
      const id = viewer.id;
      const user = await db('users as u')
        .leftJoin('sponsor_profiles as sp', 'sp.user_id', 'u.id')
        .leftJoin('influencer_profiles as ip', 'ip.user_id', 'u.id')
        .where('u.id', id)
        .first('u.id', 'u.role', 'u.username', 'u.email', 'u.phone', 'u.status', 'u.status_reason', 'u.created_at', 'u.approved_at', 'u.last_visit_at', 'sp.industry', 'ip.category', 'ip.niche', 'ip.follower_count');
      if (!user) throw new NotFound('That account');
      const offers = await db('offers as o')
        .join('campaigns as c', 'c.id', 'o.campaign_id')
        .where((q) => q.where('o.sponsor_id', id).orWhere('o.influencer_id', id))
        .select('o.id', 'o.campaign_id', 'c.title as campaign_title', 'o.sponsor_id', 'o.influencer_id', 'o.status', 'o.budget_cents', 'o.terms', 'o.created_at', 'o.paid_at')
        .orderBy('o.id');
      const offerIds = offers.map((o) => o.id as number);
      const [campaigns, messages, deliverables, events, disputes, follows] = await Promise.all([
        db('campaigns').where({ sponsor_id: id }).select('id', 'title', 'description', 'niche', 'goals', 'start_date', 'end_date', 'budget_cents', 'visibility', 'flagged', 'flag_reason', 'created_at').orderBy('id'),
        db('messages as m')
          .join('users as s', 's.id', 'm.sender_id')
          .join('users as r', 'r.id', 'm.recipient_id')
          .where((q) => q.where('m.sender_id', id).orWhere('m.recipient_id', id))
          .select('m.id', 's.username as from', 'r.username as to', 'm.body', 'm.offer_id', 'm.sent_at', 'm.seen_at')
          .orderBy('m.id'),
        db('deliverables').whereIn('offer_id', offerIds).select('*').orderBy('id'),
        db('collaboration_events').whereIn('offer_id', offerIds).select('*').orderBy('id'),
        db('disputes').whereIn('offer_id', offerIds).select('*').orderBy('id'),
        db('follows as f').join('users as i', 'i.id', 'f.influencer_id').where('f.user_id', id).select('i.username as influencer', 'f.created_at'),
      ]);
      const byOffer = (rows: { offer_id: number }[], offerId: number) => rows.filter((r) => r.offer_id === offerId);
      return {
        exportedAt: new Date().toISOString(),
        account: { ...user, created_at: iso(user.created_at), approved_at: iso(user.approved_at), last_visit_at: iso(user.last_visit_at) },
        campaigns: campaigns.map((c) => ({ ...c, flagged: Boolean(c.flagged), created_at: iso(c.created_at) })),
        offers: offers.map((o) => ({ ...o, created_at: iso(o.created_at), paid_at: iso(o.paid_at) })),
        messages: messages.map((m) => ({ ...m, sent_at: iso(m.sent_at), seen_at: iso(m.seen_at) })),
        collaborations: offers
          .filter((o) => ['accepted'].includes(o.status as string) || byOffer(deliverables, o.id).length > 0)
          .map((o) => ({ offer_id: o.id, deliverables: byOffer(deliverables, o.id), history: byOffer(events, o.id), disputes: byOffer(disputes, o.id) })),
        follows: follows.map((f) => ({ ...f, created_at: iso(f.created_at) })),
      };
    },

    /** Deletes the viewer's own account once its password is typed; admins are refused. */
    async deleteOwn(viewer: Viewer, password: string, from: Origin): Promise<void> {
      if (viewer.role === 'admin') throw new Forbidden('An admin account cannot delete itself. Ask another admin.');
      const row = await db('users').where({ id: viewer.id }).first('password_hash');
      if (!row) throw new NotFound('That account');
      const at = { address: from.address, account: `id:${viewer.id}`, field: 'password', what: 'password attempts' };
      if (!(await checkPasswordLimited(limits, at, () => verifyPassword(row.password_hash, password)))) {
        throw new Invalid({ password: 'That is not your password.' });
      }
      await store.write((trx) => markForDeletion(trx, viewer.id));
      await purgedInTime(deletions.purge(viewer.id));
    },
  };
}
