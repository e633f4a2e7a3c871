// The deliverables of a collaboration: set by the sponsor, submitted by the influencer, reviewed,
// and their results entered by either side. Each step goes into the history (history.ts).
import type { Store } from '../../changes';
import { now } from '../../db';
import type { Viewer } from '../../domain';
import { Conflict, Forbidden, Invalid, NotFound } from '../../errors';
import { formatCount, formatDate, today } from '../../format';
import { implausibleResults, MAX_DELIVERABLES, WEB_LINK_MESSAGE, webLink } from '../deliverableRules';
import { recordEvent } from './history';
import type { Results } from './results';
import type { collaborationRows } from './rows';
import { toDeliverable } from './rows';
import { deliverableMoves, isInfluencerOf, isSponsorOf } from './rules';
import type { CollaborationSummary, Deliverable, DeliverableState, NewDeliverable, Submission } from './types';

export function deliverablesService(store: Store, { find }: ReturnType<typeof collaborationRows>) {
  const { db } = store;
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

  return {
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
}
