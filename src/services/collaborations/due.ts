// What is due: an influencer's deliverables coming up, and what a sponsor has to review.
import type { Db } from '../../db';
import { addDays, today } from '../../format';
import type { DeliverableDue } from './types';

/** A deliverable row (with its campaign's title and the other side's name as `counterpart`) as dashboards show it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toDue(r: any, on: string): DeliverableDue {
  return {
    id: r.id,
    offerId: r.offer_id,
    title: r.title,
    dueDate: r.due_date,
    state: r.state,
    overdue: r.due_date < on,
    campaignTitle: r.campaign_title,
    counterpartUsername: r.counterpart,
  };
}

/**
 * What an influencer still has to deliver (due, or sent back with changes requested) by `days`
 * after `on`, overdue first, on collaborations of theirs: for the dashboard and the daily reminder.
 */
export async function dueDeliverables(db: Db, influencerId: number, on: string, days: number): Promise<DeliverableDue[]> {
  const until = addDays(on, days);
  const rows = await db('deliverables as d')
    .join('offers as o', 'o.id', 'd.offer_id')
    .join('campaigns as c', 'c.id', 'o.campaign_id')
    .join('users as s', 's.id', 'o.sponsor_id')
    .where({ 'o.influencer_id': influencerId, 'o.status': 'accepted' })
    .whereIn('d.state', ['due', 'changes_requested'])
    .where('d.due_date', '<=', until)
    .select('d.id', 'd.offer_id', 'd.title', 'd.due_date', 'd.state', 'c.title as campaign_title', 's.username as counterpart')
    .orderBy([{ column: 'd.due_date' }, { column: 'd.id' }])
    .limit(50);
  return rows.map((r) => toDue(r, on));
}

/** What a sponsor has to review: submitted deliverables, by campaign, oldest submission first. */
export async function awaitingReview(db: Db, sponsorId: number): Promise<{ campaignId: number; campaignTitle: string; deliverables: DeliverableDue[] }[]> {
  const on = today();
  const rows = await db('deliverables as d')
    .join('offers as o', 'o.id', 'd.offer_id')
    .join('campaigns as c', 'c.id', 'o.campaign_id')
    .join('users as i', 'i.id', 'o.influencer_id')
    .where({ 'o.sponsor_id': sponsorId, 'o.status': 'accepted', 'd.state': 'submitted' })
    .select('d.id', 'd.offer_id', 'd.title', 'd.due_date', 'd.state', 'o.campaign_id', 'c.title as campaign_title', 'i.username as counterpart')
    .orderBy([{ column: 'd.submitted_at' }, { column: 'd.id' }])
    .limit(100);
  const byCampaign = new Map<number, { campaignId: number; campaignTitle: string; deliverables: DeliverableDue[] }>();
  for (const r of rows) {
    const group = byCampaign.get(r.campaign_id) ?? { campaignId: r.campaign_id, campaignTitle: r.campaign_title, deliverables: [] as DeliverableDue[] };
    group.deliverables.push(toDue(r, on));
    byCampaign.set(r.campaign_id, group);
  }
  return [...byCampaign.values()];
}
