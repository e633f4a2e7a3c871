// Reading collaborations: the accepted offers with their campaign and both sides, their states,
// and the rows of deliverables and disputes as the pages use them.
import type { Knex } from 'knex';
import type { Db } from '../../db';
import type { Viewer } from '../../domain';
import { canSee } from './rules';
import type { CollaborationState, CollaborationSummary, Deliverable, Dispute } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toDeliverable(r: any, on: string): Deliverable {
  return {
    id: r.id,
    offerId: r.offer_id,
    title: r.title,
    dueDate: r.due_date,
    state: r.state,
    url: r.url,
    note: r.note,
    changeReason: r.change_reason,
    submittedAt: r.submitted_at === null ? null : Number(r.submitted_at),
    approvedAt: r.approved_at === null ? null : Number(r.approved_at),
    overdue: r.state !== 'approved' && r.due_date < on,
    results: r.views === null ? null : { views: Number(r.views), likes: Number(r.likes), comments: Number(r.comments), clicks: Number(r.clicks) },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toDispute(r: any): Dispute {
  return {
    id: r.id,
    offerId: r.offer_id,
    openedByUsername: r.opened_by_username ?? null,
    reason: r.reason,
    openedAt: Number(r.opened_at),
    resolvedByUsername: r.resolved_by_username ?? null,
    resolutionNote: r.resolution_note,
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  };
}

export function collaborationRows(db: Db) {
  /** Accepted offers with their campaign and both sides, and the two figures the list shows. */
  function summaries(q: Knex.QueryBuilder = db.queryBuilder()) {
    const open = (column: string) =>
      db('deliverables as d').whereRaw('d.offer_id = o.id').whereNot('d.state', 'approved').min(column);
    return q
      .from('offers as o')
      .join('campaigns as c', 'c.id', 'o.campaign_id')
      .join('users as s', 's.id', 'o.sponsor_id')
      .join('users as i', 'i.id', 'o.influencer_id')
      .where('o.status', 'accepted')
      .select(
        'o.id',
        'o.campaign_id',
        'c.title',
        'c.start_date',
        'c.end_date',
        'o.sponsor_id',
        's.username as sponsor_username',
        'o.influencer_id',
        'i.username as influencer_username',
        'o.budget_cents',
        'o.terms',
        'o.paid_at',
        'o.answered_at',
        open('d.due_date').as('next_due'),
        db('disputes as x').whereRaw('x.offer_id = o.id').whereNull('x.resolved_at').count('*').as('open_disputes'),
      );
  }

  /** Disputed: a dispute is open. Else done: paid, with nothing left to approve. Else active. */
  function whereState(q: Knex.QueryBuilder, state: CollaborationState) {
    const unapproved = db('deliverables as d').whereRaw('d.offer_id = o.id').whereNot('d.state', 'approved').select(db.raw('1'));
    const disputed = db('disputes as x').whereRaw('x.offer_id = o.id').whereNull('x.resolved_at').select(db.raw('1'));
    if (state === 'disputed') return q.whereExists(disputed);
    void q.whereNotExists(disputed);
    return state === 'done'
      ? q.whereNotNull('o.paid_at').whereNotExists(unapproved)
      : q.where((w) => w.whereNull('o.paid_at').orWhereExists(unapproved));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function toSummary(r: any): CollaborationSummary {
    const paidAt = r.paid_at === null ? null : Number(r.paid_at);
    return {
      offerId: r.id,
      campaignId: r.campaign_id,
      campaignTitle: r.title,
      startDate: r.start_date,
      endDate: r.end_date,
      sponsorId: r.sponsor_id,
      sponsorUsername: r.sponsor_username,
      influencerId: r.influencer_id,
      influencerUsername: r.influencer_username,
      budgetCents: Number(r.budget_cents),
      paidAt,
      nextDue: r.next_due ?? null,
      state: Number(r.open_disputes) > 0 ? 'disputed' : paidAt !== null && (r.next_due ?? null) === null ? 'done' : 'active',
    };
  }

  /** A summary with its terms and when it was accepted (for its own page and the actions on it). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function toDetail(r: any): CollaborationSummary & { terms: string; acceptedAt: number | null } {
    return { ...toSummary(r), terms: r.terms, acceptedAt: r.answered_at === null ? null : Number(r.answered_at) };
  }

  /** The collaboration `offerId` when the viewer may see it (its two sides, admins). */
  async function find(viewer: Viewer, offerId: number): Promise<(CollaborationSummary & { terms: string; acceptedAt: number | null }) | undefined> {
    const row = await summaries().where('o.id', offerId).first();
    const detail = row && toDetail(row);
    return detail && canSee(viewer, detail) ? detail : undefined;
  }

  /** Disputes with who opened and who resolved them. */
  function disputesOf(q: Knex.QueryBuilder) {
    return q
      .from('disputes as x')
      .leftJoin('users as ob', 'ob.id', 'x.opened_by')
      .leftJoin('users as rb', 'rb.id', 'x.resolved_by')
      .select('x.*', 'ob.username as opened_by_username', 'rb.username as resolved_by_username');
  }

  return { summaries, whereState, toSummary, toDetail, find, disputesOf };
}
