// Conversations between a sponsor and an influencer, and the messages in them.
import type { Knex } from 'knex';
import { now } from '../db';

export interface NewMessage {
  sponsorId: number;
  influencerId: number;
  senderId: number;
  body: string;
  offerId?: number | null;
}

/**
 * Adds a message to the pair's conversation (opening it on the first message) inside the caller's
 * transaction, and moves the conversation to the top of both inboxes. Returns the message id.
 */
export async function postMessage(trx: Knex.Transaction, message: NewMessage): Promise<number> {
  const at = now();
  await trx('conversations')
    .insert({ sponsor_id: message.sponsorId, influencer_id: message.influencerId, created_at: at })
    .onConflict(['sponsor_id', 'influencer_id'])
    .ignore();
  const conversation = await trx('conversations')
    .select('id')
    .where({ sponsor_id: message.sponsorId, influencer_id: message.influencerId })
    .first();
  const recipientId = message.senderId === message.sponsorId ? message.influencerId : message.sponsorId;
  const [row] = await trx('messages')
    .insert({
      conversation_id: conversation.id,
      sender_id: message.senderId,
      recipient_id: recipientId,
      body: message.body,
      offer_id: message.offerId ?? null,
      sent_at: at,
    })
    .returning('id');
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  await trx('conversations').where({ id: conversation.id }).update({ last_message_id: id, last_message_at: at });
  return id;
}
