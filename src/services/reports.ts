// The monthly activity report for a sponsor: what its campaigns did in one calendar month (UTC).
import type { Db } from '../db';
import { committedOffers, paidOffers } from './budget';
import { type ResultsTotals, totalResults } from './collaborations';
import { enqueueMany } from './outbox';

export interface MonthlyReport {
  sponsorId: number;
  username: string;
  email: string;
  month: string;
  campaigns: { id: number; title: string; startDate: string; endDate: string; budgetCents: number; committedCents: number; influencers: number }[];
  offersSent: number;
  offersAccepted: number;
  offersRejected: number;
  budgetCents: number;
  committedCents: number;
  paidCents: number;
  remainingCents: number;
  followersReached: number;
  /** Deliverables approved during the month, and those overdue at its end. */
  deliverablesApproved: number;
  deliverablesOverdue: number;
  /** Results entered for these campaigns' deliverables, set against what was committed. */
  results: ResultsTotals;
}

/** 'YYYY-MM' → its first day, last day and the millisecond bounds [start, end). */
export function monthBounds(month: string) {
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const next = new Date(start);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const end = next.getTime();
  return { start, end, firstDay: `${month}-01`, lastDay: new Date(end - 86_400_000).toISOString().slice(0, 10) };
}

/** The month before the one `at` falls in, as 'YYYY-MM'. */
export function previousMonth(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

export function reportsService(db: Db) {
  return {
    async monthly(sponsorId: number, month: string): Promise<MonthlyReport | undefined> {
      const sponsor = await db('users').select('id', 'username', 'email').where({ id: sponsorId, role: 'sponsor' }).first();
      if (!sponsor) return undefined;
      const { start, end, firstDay, lastDay } = monthBounds(month);
      // Accepted offers count from the moment they were accepted, up to the month's end.
      const acceptedBy = () => committedOffers(db, end).whereRaw('o.campaign_id = c.id');
      const campaigns: { id: number; title: string; start_date: string; end_date: string; budget_cents: number | string; committed: number | string | null; influencers: number | string }[] = await db('campaigns as c')
        .select(
          'c.id',
          'c.title',
          'c.start_date',
          'c.end_date',
          'c.budget_cents',
          acceptedBy().sum('o.budget_cents').as('committed'),
          acceptedBy().countDistinct('o.influencer_id').as('influencers'),
        )
        .where('c.sponsor_id', sponsorId)
        .where('c.start_date', '<=', lastDay)
        .where('c.end_date', '>=', firstDay)
        .orderBy([{ column: 'c.start_date' }, { column: 'c.id' }]);
      const ids = campaigns.map((c) => c.id);
      const inMonth = (column: string) => db('offers').where({ sponsor_id: sponsorId }).where(column, '>=', start).where(column, '<', end);
      const deliverables = () => db('deliverables as d').join('offers as o', 'o.id', 'd.offer_id').where({ 'o.sponsor_id': sponsorId, 'o.status': 'accepted' });
      const [sent, accepted, rejected, paid, reached, approved, overdue, results] = await Promise.all([
        inMonth('created_at').whereRaw('proposed_by = sponsor_id').count<{ n: number }[]>({ n: '*' }).first(),
        inMonth('answered_at').where({ status: 'accepted' }).count<{ n: number }[]>({ n: '*' }).first(),
        inMonth('answered_at').where({ status: 'rejected' }).count<{ n: number }[]>({ n: '*' }).first(),
        paidOffers(db, end).whereIn('o.campaign_id', ids).sum({ cents: 'o.budget_cents' }).first(),
        db('influencer_profiles')
          .whereIn('user_id', db('offers').select('influencer_id').whereIn('campaign_id', ids).where({ status: 'accepted' }).where('answered_at', '<', end))
          .sum({ followers: 'follower_count' })
          .first(),
        deliverables().where('d.approved_at', '>=', start).where('d.approved_at', '<', end).count<{ n: number }[]>({ n: '*' }).first(),
        deliverables()
          .where('d.due_date', '<=', lastDay)
          .where('d.created_at', '<', end)
          .where((w) => w.whereNull('d.approved_at').orWhere('d.approved_at', '>=', end))
          .count<{ n: number }[]>({ n: '*' })
          .first(),
        deliverables().whereIn('o.campaign_id', ids).whereNotNull('d.views').select('d.views', 'd.likes', 'd.comments', 'd.clicks'),
      ]);
      const rows = campaigns.map((c) => ({
        id: c.id,
        title: c.title,
        startDate: c.start_date,
        endDate: c.end_date,
        budgetCents: Number(c.budget_cents),
        committedCents: Number(c.committed ?? 0),
        influencers: Number(c.influencers),
      }));
      const budgetCents = rows.reduce((s, c) => s + c.budgetCents, 0);
      const committedCents = rows.reduce((s, c) => s + c.committedCents, 0);
      return {
        sponsorId,
        username: sponsor.username,
        email: sponsor.email,
        month,
        campaigns: rows,
        offersSent: Number(sent?.n ?? 0),
        offersAccepted: Number(accepted?.n ?? 0),
        offersRejected: Number(rejected?.n ?? 0),
        budgetCents,
        committedCents,
        paidCents: Number((paid as { cents?: number | string } | undefined)?.cents ?? 0),
        remainingCents: budgetCents - committedCents,
        followersReached: Number((reached as { followers?: number | string } | undefined)?.followers ?? 0),
        deliverablesApproved: Number(approved?.n ?? 0),
        deliverablesOverdue: Number(overdue?.n ?? 0),
        results: totalResults(
          results.map((r) => ({ views: Number(r.views), likes: Number(r.likes), comments: Number(r.comments), clicks: Number(r.clicks) })),
          committedCents,
        ),
      };
    },

    /** One report job per active sponsor for `month`, keyed so that planning twice records them once. */
    async plan(month: string): Promise<number> {
      const ids: number[] = await db('users').where({ role: 'sponsor', status: 'active' }).pluck('id');
      await enqueueMany(db, 'reports', ids.map((id) => ({ payload: { sponsorId: id, month }, key: `report:${month}:${id}` })));
      return ids.length;
    },
  };
}
