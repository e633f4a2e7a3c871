// Collaborations: what happens after an offer is accepted. The sponsor sets deliverables (a title
// and a due date); the influencer submits each one (a link, a note); the sponsor approves it or asks
// for changes. Every step is kept in the collaboration's history and said in the pair's chat as a
// short system line that links here (and shows as unread to the other side).
// The rooms: types.ts (what a collaboration is), rules.ts (who may do what), rows.ts (reading),
// deliverables.ts, disputes.ts, history.ts (each step kept, said and emailed), due.ts, results.ts.
import type { Knex } from 'knex';
import { dependsOn, type Store } from '../../changes';
import { mayMarkPaid, type Viewer } from '../../domain';
import { today } from '../../format';
import { committedOffers } from '../budget';
import { deliverablesService } from './deliverables';
import { disputesService } from './disputes';
import { awaitingReview, dueDeliverables } from './due';
import { eventMail, type EventMail } from './history';
import { type ResultsTotals, totalResults } from './results';
import { collaborationRows, toDeliverable, toDispute } from './rows';
import { canSee, deliverableMoves, isInfluencerOf, isSponsorOf } from './rules';
import { type Collaboration, COLLABORATIONS_PAGE_SIZE, type CollaborationRecord, type CollaborationState, type CollaborationSummary, type DeliverableDue, DUE_SOON_DAYS } from './types';

export * from './types';
export { type Results, type ResultsTotals, totalResults } from './results';
export { deliverableMoves } from './rules';
export { dueDeliverables } from './due';
export { EMAILED_EVENTS, type EventMail, recordEvent } from './history';

export function collaborationsService(store: Store) {
  const { db } = store;
  const rows = collaborationRows(db);
  const { summaries, whereState, toSummary, toDetail, disputesOf } = rows;

  /**
   * Everything a collaboration's page shows, whoever looks (read through the cache: see
   * src/changes.ts); {@link get} adds what the viewer may see and do.
   */
  async function load(offerId: number): Promise<CollaborationRecord | undefined> {
    return store.read(dependsOn.collaboration(offerId), `load:${offerId}`, async () => {
      const [row, deliverables, events, disputes] = await Promise.all([
        summaries().where('o.id', offerId).first(),
        db('deliverables').where({ offer_id: offerId }).orderBy([{ column: 'due_date' }, { column: 'id' }]),
        db('collaboration_events as e')
          .leftJoin('users as u', 'u.id', 'e.actor_id')
          .where('e.offer_id', offerId)
          .select('e.id', 'e.kind', 'e.detail', 'e.at', 'u.username')
          .orderBy('e.id', 'desc')
          .limit(200),
        disputesOf(db.queryBuilder()).where('x.offer_id', offerId).orderBy('x.id', 'desc'),
      ]);
      if (!row) return undefined;
      return {
        summary: toDetail(row),
        deliverables: deliverables.map((r) => toDeliverable(r, '')),
        events: events.map((e) => ({ id: e.id, kind: e.kind, actorUsername: e.username ?? null, detail: e.detail, at: Number(e.at) })),
        disputes: disputes.map(toDispute),
      };
    });
  }

  return {
    ...deliverablesService(store, rows),
    ...disputesService(store, rows),
    load,

    /** The viewer's collaborations (a sponsor's or an influencer's), soonest due first, then newest. */
    async list(viewer: Viewer, { state, page }: { state: CollaborationState | null; page: number }): Promise<{ collaborations: CollaborationSummary[]; total: number }> {
      return store.read(dependsOn.collaborationsOf(viewer.id), `list:${viewer.id}:${viewer.role}:${state}:${page}`, async () => {
        const side = viewer.role === 'sponsor' ? 'o.sponsor_id' : 'o.influencer_id';
        const mine = (q: Knex.QueryBuilder) => {
          void q.where(side, viewer.id);
          if (state) void whereState(q, state);
          return q;
        };
        const [rows, count] = await Promise.all([
          mine(summaries())
            .orderBy([
              { column: 'next_due', order: 'asc', nulls: 'last' },
              { column: 'o.id', order: 'desc' },
            ])
            .limit(COLLABORATIONS_PAGE_SIZE)
            .offset((page - 1) * COLLABORATIONS_PAGE_SIZE),
          mine(db.queryBuilder().from('offers as o').where('o.status', 'accepted')).count({ n: '*' }).first(),
        ]);
        return { collaborations: rows.map(toSummary), total: Number(count?.n ?? 0) };
      });
    },

    /** The collaboration's page: terms, deliverables with what the viewer may do, history. */
    async get(viewer: Viewer, offerId: number): Promise<Collaboration | undefined> {
      const record = await load(offerId);
      if (!record || !canSee(viewer, record.summary)) return undefined;
      const c = record.summary;
      const on = today();
      const items = record.deliverables.map((d) => {
        const current = { ...d, overdue: d.state !== 'approved' && d.dueDate < on };
        return { ...current, can: deliverableMoves(viewer, c, current) };
      });
      return {
        ...c,
        deliverables: items,
        results: totalResults(items.map((d) => d.results), c.budgetCents),
        disputes: record.disputes,
        events: record.events,
        can: {
          addDeliverable: isSponsorOf(viewer, c) && c.paidAt === null,
          pay: mayMarkPaid(viewer, { ...c, status: 'accepted' }),
          dispute: (isSponsorOf(viewer, c) || isInfluencerOf(viewer, c)) && c.state !== 'disputed',
        },
      };
    },

    /** What an influencer still has to deliver within {@link DUE_SOON_DAYS} days, overdue first. */
    async dueSoon(influencerId: number, on = today()): Promise<DeliverableDue[]> {
      return store.read(dependsOn.collaborationsOf(influencerId), `dueSoon:${influencerId}:${on}`, async () => {
        return dueDeliverables(db, influencerId, on, DUE_SOON_DAYS);
      });
    },

    /** What a sponsor has to review: submitted deliverables, by campaign, oldest submission first. */
    async awaitingReview(sponsorId: number): Promise<{ campaignId: number; campaignTitle: string; deliverables: DeliverableDue[] }[]> {
      return store.read(dependsOn.collaborationsOf(sponsorId), `awaitingReview:${sponsorId}`, () => awaitingReview(db, sponsorId));
    },

    /** A collaboration event's email, for the job that sends it; nothing for an event that is gone. */
    async eventMail(eventId: number): Promise<EventMail | undefined> {
      return eventMail(db, eventId);
    },

    /** A campaign's results over its collaborations, set against what they were agreed for. */
    async campaignResults(campaignId: number): Promise<ResultsTotals> {
      const [posted, agreed] = await Promise.all([
        db('deliverables as d')
          .join('offers as o', 'o.id', 'd.offer_id')
          .where({ 'o.campaign_id': campaignId, 'o.status': 'accepted' })
          .whereNotNull('d.views')
          .select('d.views', 'd.likes', 'd.comments', 'd.clicks'),
        committedOffers(db).where('o.campaign_id', campaignId).sum({ cents: 'o.budget_cents' }).first(),
      ]);
      const results = posted.map((r) => ({ views: Number(r.views), likes: Number(r.likes), comments: Number(r.comments), clicks: Number(r.clicks) }));
      return totalResults(results, Number(agreed?.cents ?? 0));
    },
  };
}

export type CollaborationsService = ReturnType<typeof collaborationsService>;
