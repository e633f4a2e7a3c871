// Daily reminders for influencers: who gets one, what it lists, and that it goes out once a day.
import type { Db } from '../db';
import { addDays } from '../format';
import { type DeliverableDue, dueDeliverables } from './collaborations';
import { enqueueMany } from './outbox';

/** The reminder lists deliverables due within this many days (and overdue ones). */
export const REMINDER_DUE_DAYS = 2;

export interface ReminderContent {
  influencerId: number;
  username: string;
  email: string;
  visitedToday: boolean;
  pendingOffers: { offerId: number; campaignTitle: string; sponsorUsername: string; sponsorId: number; budgetCents: number }[];
  unseen: { sponsorId: number; sponsorUsername: string; count: number }[];
  /** Due within {@link REMINDER_DUE_DAYS} days, or overdue. */
  deliverables: DeliverableDue[];
}

function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function remindersService(db: Db) {
  /** Pending offers addressed to each influencer (made by the sponsor), keyed by influencer. */
  const pendingFor = () =>
    db('offers as o').where('o.status', 'pending').whereRaw('o.proposed_by = o.sponsor_id');

  return {
    /**
     * Records one reminder job per influencer who has not visited on `day`, or has pending offers
     * or unseen messages. The outbox key makes each (day, influencer) one job. Returns how many.
     */
    async plan(day: string): Promise<number> {
      const start = dayStart(day);
      const ids: number[] = await db('users as u')
        .where({ 'u.role': 'influencer', 'u.status': 'active' })
        .where((w) =>
          w
            .whereNull('u.last_visit_at')
            .orWhere('u.last_visit_at', '<', start)
            .orWhereExists(pendingFor().whereRaw('o.influencer_id = u.id'))
            .orWhereExists(db('messages as m').whereRaw('m.recipient_id = u.id').whereNull('m.seen_at'))
            .orWhereExists(
              db('deliverables as d')
                .join('offers as o', 'o.id', 'd.offer_id')
                .whereRaw('o.influencer_id = u.id')
                .where('o.status', 'accepted')
                .whereIn('d.state', ['due', 'changes_requested'])
                .where('d.due_date', '<=', addDays(day, REMINDER_DUE_DAYS)),
            ),
        )
        .pluck('u.id');
      await enqueueMany(db, 'reminders', ids.map((id) => ({ payload: { influencerId: id, day }, key: `reminder:${day}:${id}` })));
      return ids.length;
    },

    /** What the reminder lists, read when it is sent. */
    async content(influencerId: number, day: string): Promise<ReminderContent | undefined> {
      const user = await db('users').select('id', 'username', 'email', 'last_visit_at').where({ id: influencerId, role: 'influencer', status: 'active' }).first();
      if (!user) return undefined;
      const [offers, unseen, deliverables] = await Promise.all([
        pendingFor()
          .join('campaigns as c', 'c.id', 'o.campaign_id')
          .join('users as s', 's.id', 'o.sponsor_id')
          .where('o.influencer_id', influencerId)
          .select('o.id', 'c.title', 's.username', 's.id as sponsor_id', 'o.budget_cents')
          .orderBy('o.id')
          .limit(50),
        db('messages as m')
          .join('users as s', 's.id', 'm.sender_id')
          .where('m.recipient_id', influencerId)
          .whereNull('m.seen_at')
          .select('s.id', 's.username')
          .count({ n: '*' })
          .groupBy('s.id', 's.username')
          .orderBy('s.username'),
        dueDeliverables(db, influencerId, day, REMINDER_DUE_DAYS),
      ]);
      return {
        influencerId,
        username: user.username,
        email: user.email,
        visitedToday: user.last_visit_at !== null && Number(user.last_visit_at) >= dayStart(day),
        pendingOffers: offers.map((o) => ({ offerId: o.id, campaignTitle: o.title, sponsorUsername: o.username, sponsorId: o.sponsor_id, budgetCents: Number(o.budget_cents) })),
        unseen: (unseen as unknown as { id: number; username: string; n: number | string }[]).map((u) => ({
          sponsorId: u.id,
          sponsorUsername: u.username,
          count: Number(u.n),
        })),
        deliverables,
      };
    },
  };
}

export type RemindersService = ReturnType<typeof remindersService>;
