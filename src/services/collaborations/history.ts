// A collaboration's history: each step kept, said in the pair's chat, and emailed where it matters.
import type { Knex } from 'knex';
import { record } from '../../changes';
import { type Db, now } from '../../db';
import { postMessage } from '../messages';
import { enqueue } from '../outbox';
import type { CollaborationSummary } from './types';

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


/** A collaboration event's email, for the job that sends it; nothing for an event that is gone. */
export async function eventMail(db: Db, eventId: number): Promise<EventMail | undefined> {
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
}
