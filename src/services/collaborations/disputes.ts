// Disputes: either side of a collaboration asks the admin to step in; the admin resolves it.
import type { Store } from '../../changes';
import { hotRow, isUniqueViolation, now } from '../../db';
import type { Viewer } from '../../domain';
import { Conflict, NotFound } from '../../errors';
import { recordAudit } from '../audit';
import { recordEvent } from './history';
import { type collaborationRows, toDispute } from './rows';
import { type CollaborationSummary, DISPUTES_PAGE_SIZE, type OpenDispute } from './types';

const OPEN_DISPUTES_SQL = 'select count(*) as n from disputes where resolved_at is null';

export function disputesService(store: Store, { find, disputesOf }: ReturnType<typeof collaborationRows>) {
  const { db } = store;
  /** How many disputes are open (on every admin dashboard: a hot query on its index). */
  async function openDisputeCount(): Promise<number> {
    const row = await hotRow<{ n: number | string }>(db, OPEN_DISPUTES_SQL, []);
    return Number(row?.n ?? 0);
  }

  return {
    openDisputeCount,

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
        openDisputeCount(),
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
  };
}
