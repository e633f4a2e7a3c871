// Collaborations: what happens after an offer is accepted. The sponsor sets deliverables (a title
// and a due date); the influencer submits each one (a link, a note); the sponsor approves it or asks
// for changes. Every step is kept in the collaboration's history and said in the pair's chat as a
// short system line that links here (and shows as unread to the other side).
import type { Knex } from 'knex';
import { dependsOn, record, type Store } from '../changes';
import { type Db, hotRow, isUniqueViolation, now } from '../db';
import { mayMarkPaid, type Viewer } from '../domain';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { addDays, formatCount, formatDate, today } from '../format';
import { committedOffers } from './budget';
import { recordAudit } from './audit';
import { implausibleResults, MAX_DELIVERABLES, WEB_LINK_MESSAGE, webLink } from './deliverableRules';
import { postMessage } from './messages';
import { enqueue } from './outbox';

export const DELIVERABLE_STATES = ['due', 'submitted', 'changes_requested', 'approved'] as const;
export type DeliverableState = (typeof DELIVERABLE_STATES)[number];

/**
 * A collaboration is disputed while a dispute is open; otherwise active until it is paid with every
 * deliverable approved, then done.
 */
export const COLLABORATION_STATES = ['active', 'done', 'disputed'] as const;
export type CollaborationState = (typeof COLLABORATION_STATES)[number];

export const COLLABORATIONS_PAGE_SIZE = 20;

export interface Deliverable {
  id: number;
  offerId: number;
  title: string;
  dueDate: string;
  state: DeliverableState;
  url: string | null;
  note: string | null;
  changeReason: string | null;
  submittedAt: number | null;
  approvedAt: number | null;
  /** Not approved, and its due date has passed. */
  overdue: boolean;
  results: Results | null;
}

/** What one published post did, as entered by either side. */
export interface Results {
  views: number;
  likes: number;
  comments: number;
  clicks: number;
}


/** Results added up, with what they cost: null where a division has no base. */
export interface ResultsTotals extends Results {
  /** Deliverables with results. */
  reported: number;
  /** (likes + comments) / views */
  engagementRate: number | null;
  /** amount / (likes + comments + clicks), in cents */
  costPerEngagementCents: number | null;
}

/** Adds up results and sets them against what was paid for them (`amountCents`). */
export function totalResults(all: (Results | null)[], amountCents: number): ResultsTotals {
  const reported = all.filter((r): r is Results => r !== null);
  const sum = (k: keyof Results) => reported.reduce((n, r) => n + r[k], 0);
  const views = sum('views');
  const likes = sum('likes');
  const comments = sum('comments');
  const clicks = sum('clicks');
  const engagements = likes + comments + clicks;
  return {
    views,
    likes,
    comments,
    clicks,
    reported: reported.length,
    engagementRate: views > 0 ? (likes + comments) / views : null,
    costPerEngagementCents: engagements > 0 ? Math.round(amountCents / engagements) : null,
  };
}

export interface CollaborationSummary {
  offerId: number;
  campaignId: number;
  campaignTitle: string;
  /** The campaign's dates. */
  startDate: string;
  endDate: string;
  sponsorId: number;
  sponsorUsername: string;
  influencerId: number;
  influencerUsername: string;
  budgetCents: number;
  paidAt: number | null;
  /** The earliest due date of what is not approved yet. */
  nextDue: string | null;
  state: CollaborationState;
}

export interface Dispute {
  id: number;
  offerId: number;
  openedByUsername: string | null;
  reason: string;
  openedAt: number;
  resolvedByUsername: string | null;
  resolutionNote: string | null;
  resolvedAt: number | null;
}

/** An open dispute as the admin's list shows it. */
export interface OpenDispute extends Dispute {
  campaignTitle: string;
  sponsorUsername: string;
  influencerUsername: string;
  budgetCents: number;
}

/** A deliverable on a dashboard: what, for which collaboration, by when. */
export interface DeliverableDue {
  id: number;
  offerId: number;
  title: string;
  dueDate: string;
  state: DeliverableState;
  overdue: boolean;
  campaignTitle: string;
  counterpartUsername: string;
}

/** How far ahead an influencer's dashboard looks for what is due. */
export const DUE_SOON_DAYS = 7;

export const DISPUTES_PAGE_SIZE = 20;
const OPEN_DISPUTES_SQL = 'select count(*) as n from disputes where resolved_at is null';

export interface CollaborationEvent {
  id: number;
  kind: string;
  actorUsername: string | null;
  detail: string;
  at: number;
}

export interface Collaboration extends CollaborationSummary {
  terms: string;
  acceptedAt: number | null;
  deliverables: (Deliverable & { can: DeliverableMoves })[];
  results: ResultsTotals;
  /** Every dispute, newest first (an open one first of all). */
  disputes: Dispute[];
  events: CollaborationEvent[];
  /** What the viewer may do to the collaboration itself. */
  can: { addDeliverable: boolean; pay: boolean; dispute: boolean };
}

/** A collaboration as stored, the same for every viewer. */
export interface CollaborationRecord {
  summary: CollaborationSummary & { terms: string; acceptedAt: number | null };
  deliverables: Deliverable[];
  events: CollaborationEvent[];
  disputes: Dispute[];
}

/** What the viewer may do to one deliverable now (the rules below, for the page's buttons). */
export interface DeliverableMoves {
  submit: boolean;
  review: boolean;
  remove: boolean;
  /** Either side, once it was submitted. */
  report: boolean;
}

export interface NewDeliverable {
  title: string;
  dueDate: string;
}

export interface Submission {
  url: string;
  note: string;
}

/** The sponsor's side: the one who sets and reviews deliverables, and pays. */
function isSponsorOf(viewer: Viewer, c: { sponsorId: number }): boolean {
  return viewer.role === 'sponsor' && viewer.id === c.sponsorId;
}

function isInfluencerOf(viewer: Viewer, c: { influencerId: number }): boolean {
  return viewer.role === 'influencer' && viewer.id === c.influencerId;
}

/** Who may open a collaboration: its two sides and admins. */
function canSee(viewer: Viewer, c: { sponsorId: number; influencerId: number }): boolean {
  return viewer.role === 'admin' || isSponsorOf(viewer, c) || isInfluencerOf(viewer, c);
}

export function deliverableMoves(viewer: Viewer, c: { sponsorId: number; influencerId: number; paidAt: number | null }, d: Pick<Deliverable, 'state' | 'submittedAt'>): DeliverableMoves {
  return {
    submit: isInfluencerOf(viewer, c) && (d.state === 'due' || d.state === 'changes_requested'),
    review: isSponsorOf(viewer, c) && d.state === 'submitted',
    remove: isSponsorOf(viewer, c) && d.state === 'due' && d.submittedAt === null,
    report: (isSponsorOf(viewer, c) || isInfluencerOf(viewer, c)) && d.submittedAt !== null,
  };
}


// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toDeliverable(r: any, on: string): Deliverable {
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

/** Which events are emailed, and to which side (through the outbox, once each). */
export const EMAILED_EVENTS: Partial<Record<string, 'sponsor' | 'influencer'>> = {
  submitted: 'sponsor',
  changes_requested: 'influencer',
  dispute_resolved: 'influencer',
};

/**
 * Keeps a collaboration's event in its history and says it in the pair's chat (a system line that
 * links to it, unread for the other side, or for `line.recipientId` when an admin speaks), and
 * records its email when the event is one of {@link EMAILED_EVENTS}, in the caller's transaction.
 */
export async function recordEvent(
  trx: Knex.Transaction,
  c: Pick<CollaborationSummary, 'offerId' | 'sponsorId' | 'influencerId' | 'campaignTitle'>,
  actorId: number,
  kind: string,
  detail: string,
  line: { recipientId?: number; body?: string } = {},
): Promise<void> {
  const at = now();
  const [row] = await trx('collaboration_events').insert({ offer_id: c.offerId, actor_id: actorId, kind, detail, at }).returning('id');
  const eventId = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  await postMessage(trx, {
    sponsorId: c.sponsorId,
    influencerId: c.influencerId,
    senderId: actorId,
    recipientId: line.recipientId,
    body: `${line.body ?? detail} (“${c.campaignTitle}”)`,
    offerId: c.offerId,
    event: kind,
  });
  if (EMAILED_EVENTS[kind]) await enqueue(trx, 'collaborations', { eventId }, `collaboration-event:${eventId}`);
  record(trx, { kind: 'collaboration', offerId: c.offerId, sponsorId: c.sponsorId, influencerId: c.influencerId });
}

/** What a collaboration event's email says, and to whom. */
export interface EventMail {
  eventId: number;
  kind: string;
  detail: string;
  at: number;
  offerId: number;
  campaignTitle: string;
  actorUsername: string | null;
  to: { id: number; username: string; email: string; status: string };
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
  return rows.map((r) => ({
    id: r.id,
    offerId: r.offer_id,
    title: r.title,
    dueDate: r.due_date,
    state: r.state,
    overdue: r.due_date < on,
    campaignTitle: r.campaign_title,
    counterpartUsername: r.counterpart,
  }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toDispute(r: any): Dispute {
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

export function collaborationsService(store: Store) {
  const { db } = store;
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

  /** The collaboration `offerId` when the viewer may see it (its two sides, admins). */
  async function find(viewer: Viewer, offerId: number): Promise<(CollaborationSummary & { terms: string; acceptedAt: number | null }) | undefined> {
    const row = await summaries().where('o.id', offerId).first();
    if (!row) return undefined;
    const summary = toSummary(row);
    if (!canSee(viewer, summary)) return undefined;
    return { ...summary, terms: row.terms, acceptedAt: row.answered_at === null ? null : Number(row.answered_at) };
  }

  /** A deliverable and its collaboration, when the viewer is one of its two sides (else 404). */
  async function deliverableFor(viewer: Viewer, id: number) {
    const row = await db('deliverables').where({ id }).first();
    const collaboration = row && (await find(viewer, row.offer_id));
    if (!row || !collaboration || viewer.role === 'admin') throw new NotFound('That deliverable');
    return { deliverable: toDeliverable(row, today()), collaboration };
  }

  /** Moves a deliverable from one of `from` to its next state, once: a second try finds it moved (409). */
  async function move(
    c: CollaborationSummary,
    d: Deliverable,
    actorId: number,
    change: { from: DeliverableState[]; to: DeliverableState; set?: Record<string, unknown>; kind: string; detail: string },
  ): Promise<void> {
    await store.write(async (trx) => {
      const at = now();
      const changed = await trx('deliverables')
        .where({ id: d.id })
        .whereIn('state', change.from)
        .update({ state: change.to, updated_at: at, ...change.set });
      if (changed === 0) throw new Conflict(`“${d.title}” has changed meanwhile: reload the page.`);
      await recordEvent(trx, c, actorId, change.kind, change.detail);
    });
  }

  /** Disputes with who opened and who resolved them. */
  function disputesOf(q: Knex.QueryBuilder) {
    return q
      .from('disputes as x')
      .leftJoin('users as ob', 'ob.id', 'x.opened_by')
      .leftJoin('users as rb', 'rb.id', 'x.resolved_by')
      .select('x.*', 'ob.username as opened_by_username', 'rb.username as resolved_by_username');
  }

  return {
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
      const record = await this.load(offerId);
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

    /**
     * Everything a collaboration's page shows, whoever looks (read through the cache: see
     * services/index.ts); {@link get} adds what the viewer may see and do.
     */
    async load(offerId: number): Promise<CollaborationRecord | undefined> {
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
          summary: { ...toSummary(row), terms: row.terms, acceptedAt: row.answered_at === null ? null : Number(row.answered_at) },
          deliverables: deliverables.map((r) => toDeliverable(r, '')),
          events: events.map((e) => ({ id: e.id, kind: e.kind, actorUsername: e.username ?? null, detail: e.detail, at: Number(e.at) })),
          disputes: disputes.map(toDispute),
        };
      });
    },

    /** The sponsor adds a deliverable (due today or later) to an unpaid collaboration. */
    async addDeliverable(viewer: Viewer, offerId: number, input: NewDeliverable): Promise<{ id: number; collaboration: CollaborationSummary }> {
      const c = await find(viewer, offerId);
      if (!c || viewer.role === 'admin') throw new NotFound('That collaboration');
      if (!isSponsorOf(viewer, c)) throw new Forbidden('Only the sponsor sets the deliverables.');
      if (c.paidAt !== null) throw new Conflict('This collaboration is paid: it takes no new deliverables.');
      const id = await store.write(async (trx) => {
        const held = Number((await trx('deliverables').where({ offer_id: offerId }).count({ n: '*' }).first())?.n ?? 0);
        if (held >= MAX_DELIVERABLES) throw new Invalid({ title: `A collaboration holds at most ${MAX_DELIVERABLES} deliverables: remove one nothing was submitted for, or agree a new collaboration.` });
        const at = now();
        const [row] = await trx('deliverables')
          .insert({ offer_id: offerId, title: input.title, due_date: input.dueDate, state: 'due', created_at: at, updated_at: at })
          .returning('id');
        await recordEvent(trx, c, viewer.id, 'deliverable_added', `Added a deliverable: “${input.title}”, due ${formatDate(input.dueDate)}`);
        return typeof row === 'object' ? (row as { id: number }).id : (row as number);
      });
      return { id, collaboration: c };
    },

    /** The sponsor removes a deliverable nothing was ever submitted for. */
    async removeDeliverable(viewer: Viewer, id: number): Promise<CollaborationSummary> {
      const { deliverable: d, collaboration: c } = await deliverableFor(viewer, id);
      if (!deliverableMoves(viewer, c, d).remove) {
        if (!isSponsorOf(viewer, c)) throw new Forbidden('Only the sponsor removes deliverables.');
        throw new Conflict(`“${d.title}” was already submitted: it can no longer be removed.`);
      }
      await store.write(async (trx) => {
        const removed = await trx('deliverables').where({ id, state: 'due' }).whereNull('submitted_at').delete();
        if (removed === 0) throw new Conflict(`“${d.title}” has changed meanwhile: reload the page.`);
        await recordEvent(trx, c, viewer.id, 'deliverable_removed', `Removed the deliverable “${d.title}”`);
      });
      return c;
    },

    /** The deliverable `id` as the viewer may see it (for a confirm page), or 404. */
    async deliverable(viewer: Viewer, id: number): Promise<{ deliverable: Deliverable; collaboration: CollaborationSummary }> {
      return deliverableFor(viewer, id);
    },

    /** The influencer submits a deliverable that is due or came back with changes requested. */
    async submit(viewer: Viewer, id: number, input: Submission): Promise<CollaborationSummary> {
      const { deliverable: d, collaboration: c } = await deliverableFor(viewer, id);
      if (!isInfluencerOf(viewer, c)) throw new Forbidden('Only the influencer submits deliverables.');
      if (!deliverableMoves(viewer, c, d).submit) {
        throw new Conflict(d.state === 'approved' ? `“${d.title}” is already approved.` : `“${d.title}” is already submitted and awaits the sponsor’s review.`);
      }
      const url = webLink(input.url);
      if (!url) throw new Invalid({ url: WEB_LINK_MESSAGE });
      await move(c, d, viewer.id, {
        from: ['due', 'changes_requested'],
        to: 'submitted',
        set: { url, note: input.note || null, submitted_at: now() },
        kind: 'submitted',
        detail: `Submitted “${d.title}” for review`,
      });
      return c;
    },

    /** Either side enters (or corrects) what a submitted deliverable's post did. */
    async recordResults(viewer: Viewer, id: number, results: Results): Promise<CollaborationSummary> {
      const { deliverable: d, collaboration: c } = await deliverableFor(viewer, id);
      if (!deliverableMoves(viewer, c, d).report) throw new Conflict(`“${d.title}” has not been submitted yet: results come once it is published.`);
      const implausible = implausibleResults(results);
      if (Object.keys(implausible).length > 0) throw new Invalid(implausible);
      await store.write(async (trx) => {
        await trx('deliverables').where({ id: d.id }).update({ ...results, updated_at: now() });
        const n = (k: keyof Results) => `${formatCount(results[k])} ${k}`;
        await recordEvent(trx, c, viewer.id, 'results', `Results for “${d.title}”: ${n('views')}, ${n('likes')}, ${n('comments')}, ${n('clicks')}`);
      });
      return c;
    },

    /** What an influencer still has to deliver within {@link DUE_SOON_DAYS} days, overdue first. */
    async dueSoon(influencerId: number, on = today()): Promise<DeliverableDue[]> {
      return store.read(dependsOn.collaborationsOf(influencerId), `dueSoon:${influencerId}:${on}`, async () => {
        return dueDeliverables(db, influencerId, on, DUE_SOON_DAYS);
      });
    },

    /** What a sponsor has to review: submitted deliverables, by campaign, oldest submission first. */
    async awaitingReview(sponsorId: number): Promise<{ campaignId: number; campaignTitle: string; deliverables: DeliverableDue[] }[]> {
      return store.read(dependsOn.collaborationsOf(sponsorId), `awaitingReview:${sponsorId}`, async () => {
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
          group.deliverables.push({ id: r.id, offerId: r.offer_id, title: r.title, dueDate: r.due_date, state: r.state, overdue: r.due_date < on, campaignTitle: r.campaign_title, counterpartUsername: r.counterpart });
          byCampaign.set(r.campaign_id, group);
        }
        return [...byCampaign.values()];
      });
    },

    /** Either side opens a dispute (one at a time), saying why; admins see it in their list. */
    async openDispute(viewer: Viewer, offerId: number, reason: string): Promise<CollaborationSummary> {
      const c = await find(viewer, offerId);
      if (!c || viewer.role === 'admin') throw new NotFound('That collaboration');
      if (c.state === 'disputed') throw new Conflict('A dispute about this collaboration is already open: an admin will answer it.');
      try {
        await store.write(async (trx) => {
          // One open dispute a collaboration, also when both sides press at once: the unique index
          // disputes_one_open refuses the second.
          await trx('disputes').insert({ offer_id: offerId, opened_by: viewer.id, reason, opened_at: now() });
          await recordEvent(trx, c, viewer.id, 'dispute_opened', `Opened a dispute: ${reason}`);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new Conflict('A dispute about this collaboration is already open: an admin will answer it.');
        throw err;
      }
      return c;
    },

    /** Open disputes, oldest first, for the admins. */
    async openDisputes(page: number): Promise<{ disputes: OpenDispute[]; total: number }> {
      const [rows, count] = await Promise.all([
        disputesOf(db.queryBuilder())
          .join('offers as o', 'o.id', 'x.offer_id')
          .join('campaigns as c', 'c.id', 'o.campaign_id')
          .join('users as s', 's.id', 'o.sponsor_id')
          .join('users as i', 'i.id', 'o.influencer_id')
          .whereNull('x.resolved_at')
          .select('c.title as campaign_title', 's.username as sponsor_username', 'i.username as influencer_username', 'o.budget_cents')
          .orderBy([{ column: 'x.opened_at' }, { column: 'x.id' }])
          .limit(DISPUTES_PAGE_SIZE)
          .offset((page - 1) * DISPUTES_PAGE_SIZE),
        this.openDisputeCount(),
      ]);
      return {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        disputes: rows.map((r: any) => ({
          ...toDispute(r),
          campaignTitle: r.campaign_title,
          sponsorUsername: r.sponsor_username,
          influencerUsername: r.influencer_username,
          budgetCents: Number(r.budget_cents),
        })),
        total: count,
      };
    },

    /** How many disputes are open (on every admin dashboard: a hot query on its index). */
    async openDisputeCount(): Promise<number> {
      const row = await hotRow<{ n: number | string }>(db, OPEN_DISPUTES_SQL, []);
      return Number(row?.n ?? 0);
    },

    /** An admin closes an open dispute with a note both sides see (in the chat, unread for whoever opened it). */
    async resolveDispute(admin: Viewer, id: number, note: string): Promise<CollaborationSummary> {
      const dispute = await db('disputes').where({ id }).first();
      const c = dispute && (await find(admin, dispute.offer_id));
      if (!dispute || !c || admin.role !== 'admin') throw new NotFound('That dispute');
      await store.write(async (trx) => {
        const at = now();
        const changed = await trx('disputes').where({ id }).whereNull('resolved_at').update({ resolved_by: admin.id, resolution_note: note, resolved_at: at });
        if (changed === 0) throw new Conflict('This dispute was already resolved.');
        const opener = dispute.opened_by === c.sponsorId || dispute.opened_by === c.influencerId ? dispute.opened_by : c.sponsorId;
        await recordEvent(trx, c, admin.id, 'dispute_resolved', `Resolved the dispute: ${note}`, { recipientId: opener, body: `The admin resolved the dispute: ${note}` });
        const targetLabel = `Dispute on “${c.campaignTitle}” (${c.sponsorUsername} × ${c.influencerUsername})`;
        await recordAudit(trx, admin, { action: 'resolve_dispute', targetType: 'dispute', targetId: id, targetLabel, reason: note });
      });
      return c;
    },

    /** A collaboration event's email, for the job that sends it; nothing for an event that is gone. */
    async eventMail(eventId: number): Promise<EventMail | undefined> {
      const e = await db('collaboration_events as e')
        .join('offers as o', 'o.id', 'e.offer_id')
        .join('campaigns as c', 'c.id', 'o.campaign_id')
        .leftJoin('users as a', 'a.id', 'e.actor_id')
        .where('e.id', eventId)
        .select('e.id', 'e.kind', 'e.detail', 'e.at', 'e.offer_id', 'c.title', 'a.username as actor', 'o.sponsor_id', 'o.influencer_id')
        .first();
      const side = e && EMAILED_EVENTS[e.kind];
      if (!e || !side) return undefined;
      const to = await db('users').where({ id: side === 'sponsor' ? e.sponsor_id : e.influencer_id }).first('id', 'username', 'email', 'status');
      if (!to) return undefined;
      return { eventId: e.id, kind: e.kind, detail: e.detail, at: Number(e.at), offerId: e.offer_id, campaignTitle: e.title, actorUsername: e.actor ?? null, to };
    },

    /** A campaign's results over its collaborations, set against what they were agreed for. */
    async campaignResults(campaignId: number): Promise<ResultsTotals> {
      const [rows, agreed] = await Promise.all([
        db('deliverables as d')
          .join('offers as o', 'o.id', 'd.offer_id')
          .where({ 'o.campaign_id': campaignId, 'o.status': 'accepted' })
          .whereNotNull('d.views')
          .select('d.views', 'd.likes', 'd.comments', 'd.clicks'),
        committedOffers(db).where('o.campaign_id', campaignId).sum({ cents: 'o.budget_cents' }).first(),
      ]);
      const results = rows.map((r) => ({ views: Number(r.views), likes: Number(r.likes), comments: Number(r.comments), clicks: Number(r.clicks) }));
      return totalResults(results, Number(agreed?.cents ?? 0));
    },

    /** The sponsor approves a submitted deliverable. */
    async approve(viewer: Viewer, id: number): Promise<CollaborationSummary> {
      const { deliverable: d, collaboration: c } = await reviewable(viewer, id);
      await move(c, d, viewer.id, { from: ['submitted'], to: 'approved', set: { approved_at: now() }, kind: 'approved', detail: `Approved “${d.title}”` });
      return c;
    },

    /** The sponsor sends a submitted deliverable back, saying why. */
    async requestChanges(viewer: Viewer, id: number, reason: string): Promise<CollaborationSummary> {
      const { deliverable: d, collaboration: c } = await reviewable(viewer, id);
      await move(c, d, viewer.id, {
        from: ['submitted'],
        to: 'changes_requested',
        set: { change_reason: reason },
        kind: 'changes_requested',
        detail: `Asked for changes to “${d.title}”: ${reason}`,
      });
      return c;
    },
  };

  /** A deliverable the viewer (its sponsor) may approve or send back now. */
  async function reviewable(viewer: Viewer, id: number) {
    const found = await deliverableFor(viewer, id);
    const { deliverable: d, collaboration: c } = found;
    if (!isSponsorOf(viewer, c)) throw new Forbidden('Only the sponsor reviews deliverables.');
    if (!deliverableMoves(viewer, c, d).review) {
      throw new Conflict(d.state === 'approved' ? `“${d.title}” is already approved.` : `“${d.title}” has not been submitted yet: there is nothing to review.`);
    }
    return found;
  }
}

export type CollaborationsService = ReturnType<typeof collaborationsService>;
