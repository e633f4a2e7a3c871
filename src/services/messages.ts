// Conversations between a sponsor and an influencer: the inbox, the chat, and what each side has seen.
import type { Knex } from 'knex';
import { publicProfilePath } from '../creators';
import { dependsOn, record, type Store } from '../changes';
import { type Db, hotRow, now } from '../db';
import { type Pair, pairOf, reachable, type Role, sessionHolds, type Viewer, vetted } from '../domain';
import { Forbidden } from '../errors';
import type { OfferStatus } from './offers';

/** The other side of a conversation: a sponsor for an influencer, an influencer for a sponsor. */
export interface Counterpart {
  id: number;
  username: string;
  role: Role;
  active: boolean;
  /** Their public page, when they have one (an active influencer): the chat header links to it. */
  publicProfile: string | null;
}

export interface NewMessage extends Pair {
  senderId: number;
  body: string;
  offerId?: number | null;
  /** A collaboration event's system line (its offer in `offerId`): a link, not an offer card. */
  event?: string | null;
  /** Who it is unread for, when the sender is neither side (an admin's line): else the other side. */
  recipientId?: number;
}

export interface ChatOffer {
  id: number;
  campaignId: number;
  campaignTitle: string;
  budgetCents: number;
  terms: string;
  status: OfferStatus;
  proposedBy: number;
  paidAt: number | null;
}

export interface ChatMessage {
  id: number;
  senderId: number;
  body: string;
  sentAt: number;
  seenAt: number | null;
  offer: ChatOffer | null;
  /** A collaboration event's system line: the collaboration it links to. */
  collaborationId: number | null;
}

export interface InboxCard {
  counterpartId: number;
  counterpartUsername: string;
  lastBody: string;
  lastFromMe: boolean;
  lastAt: number;
  unseen: number;
  latestOffer: { budgetCents: number; terms: string; status: OfferStatus; campaignTitle: string } | null;
}

export const INBOX_PAGE_SIZE = 20;
/** A chat shows this many of the latest messages. */
export const CHAT_LENGTH = 100;

const COUNTERPART_ROLE: Partial<Record<Role, Role>> = { sponsor: 'influencer', influencer: 'sponsor' };

const COUNTERPART_SQL = 'select id, username, role, status from users where id = ? and role = ?';

/** The other side of a conversation with `me`: 404 for myself, my own role, an admin, a user, nobody. */
export async function counterpartOf(db: Db, me: { id: number; role: Role }, otherId: number): Promise<Counterpart | undefined> {
  const role = COUNTERPART_ROLE[me.role];
  if (!role || otherId === me.id) return undefined;
  // Behind every chat page, poll and message: a hot query.
  const row = await hotRow<{ id: number; username: string; role: Role; status: string }>(db, COUNTERPART_SQL, [otherId, role]);
  if (!row) return undefined;
  const active = reachable(row);
  return { id: row.id, username: row.username, role: row.role, active, publicProfile: row.role === 'influencer' && active ? publicProfilePath(row.username) : null };
}

/** Why a sponsor awaiting approval (or turned down) cannot write to influencers. */
export const WRITING_NEEDS_APPROVAL = 'Your sponsor account awaits the admin’s approval (or was not approved): you can write to influencers once it is approved.';

/** Nothing is sent to a suspended account, or to a sponsor that was turned down. */
export function ensureReachable(counterpart: Counterpart): void {
  if (!counterpart.active) throw new Forbidden(`${counterpart.username}’s account is not active: messages cannot be sent to it.`);
}

/** Marks a change every open chat of this conversation should pick up. */
export async function bumpVersion(trx: Knex | Knex.Transaction, conversationId: number): Promise<void> {
  await trx('conversations').where({ id: conversationId }).increment('version', 1);
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
  const recipientId = message.recipientId ?? (message.senderId === message.sponsorId ? message.influencerId : message.sponsorId);
  const [row] = await trx('messages')
    .insert({
      conversation_id: conversation.id,
      sender_id: message.senderId,
      recipient_id: recipientId,
      body: message.body,
      offer_id: message.offerId ?? null,
      event: message.event ?? null,
      sent_at: at,
    })
    .returning('id');
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  await trx('conversations')
    .where({ id: conversation.id })
    .update({ last_message_id: id, last_message_at: at, version: trx.raw('version + 1') });
  record(trx, { kind: 'chat-line', sponsorId: message.sponsorId, influencerId: message.influencerId });
  return id;
}

/** The chat poll's one query: the account by id, its conversation with the counterpart either way round. */
export const POLL_SQL = `select u.role, u.token_version, u.status,
  (select version from conversations where sponsor_id = ? and influencer_id = ?) as as_sponsor,
  (select version from conversations where sponsor_id = ? and influencer_id = ?) as as_influencer
  from users u where u.id = ?`;

/** The chat's conversation with my deletion mark (messages up to `through` stay hidden from me). */
const OPEN_SQL = `select c.id, c.version, d.through_message_id as through from conversations c
  left join conversation_deletions d on d.conversation_id = c.id and d.user_id = ?
  where c.sponsor_id = ? and c.influencer_id = ?`;
/** Read off the (recipient, seen_at, conversation) index; my deletions are few. */
const UNREAD_SQL = `select count(*) as n from messages m
  left join conversation_deletions d on d.conversation_id = m.conversation_id and d.user_id = ?
  where m.recipient_id = ? and m.seen_at is null and m.id > coalesce(d.through_message_id, 0)`;
const UNSEEN_SQL = 'select 1 as one from messages where recipient_id = ? and seen_at is null and conversation_id = ? limit 1';

export function messagesService(store: Store) {
  const { db } = store;
  async function conversationOf(pair: Pair): Promise<{ id: number; version: number; last_message_id: number | null } | undefined> {
    return db('conversations')
      .select('id', 'version', 'last_message_id')
      .where({ sponsor_id: pair.sponsorId, influencer_id: pair.influencerId })
      .first();
  }

  /** Marks what the other side sent me in this conversation as seen. Returns how many were new. */
  async function markSeenIn(meId: number, otherId: number, conversationId: number): Promise<number> {
    // Most views find nothing new: one read on (recipient, seen_at, conversation), no write.
    const unseen = await hotRow(db, UNSEEN_SQL, [meId, conversationId]);
    if (!unseen) return 0;
    return store.write(async (trx) => {
      const marked = await trx('messages').where({ conversation_id: conversationId, recipient_id: meId }).whereNull('seen_at').update({ seen_at: now() });
      if (marked > 0) {
        await bumpVersion(trx, conversationId);
        record(trx, { kind: 'chat-read', readerId: meId, otherId });
      }
      return marked;
    });
  }

  return {
    /** The account `otherId` when `me` may talk with it (sponsor ↔ influencer); nothing otherwise. */
    async counterpart(me: { id: number; role: Role }, otherId: number): Promise<Counterpart | undefined> {
      return counterpartOf(db, me, otherId);
    },

    /** How many messages to me I have not seen, leaving out what I deleted (the header's count). */
    async unreadCount(meId: number): Promise<number> {
      return store.read(dependsOn.unread(meId), `unread:${meId}`, async () => {
        const row = await hotRow<{ n: number }>(db, UNREAD_SQL, [meId, meId]);
        return Number(row?.n ?? 0);
      });
    },

    /** One card per counterpart, newest conversation first, leaving out what I deleted. */
    async inbox(me: { id: number; role: Role }, page = 1): Promise<{ cards: InboxCard[]; total: number }> {
      return store.read(dependsOn.inbox(me.id), `inbox:${me.id}:${page}`, async () => {
        const mine = me.role === 'sponsor' ? 'c.sponsor_id' : 'c.influencer_id';
        const theirs = me.role === 'sponsor' ? 'c.influencer_id' : 'c.sponsor_id';
        const visible = () =>
          db('conversations as c')
            .leftJoin('conversation_deletions as d', (j) => j.on('d.conversation_id', 'c.id').andOn('d.user_id', db.raw('?', [me.id])))
            .where(mine, me.id)
            .whereNotNull('c.last_message_id')
            .where((w) => w.whereNull('d.through_message_id').orWhereRaw('c.last_message_id > d.through_message_id'));
        const unseen = db('messages as u')
          .count('*')
          .whereRaw('u.conversation_id = c.id')
          .where('u.recipient_id', me.id)
          .whereNull('u.seen_at')
          .whereRaw('u.id > coalesce(d.through_message_id, 0)')
          .as('unseen');
        const latestOffer = db('offers as o')
          .select('o.id')
          .whereRaw('o.sponsor_id = c.sponsor_id and o.influencer_id = c.influencer_id')
          .orderBy('o.id', 'desc')
          .limit(1)
          .as('latest_offer_id');
        // Counted as all my conversations less those I deleted with nothing newer since: the first
        // is read off one index, the second touches only my (few) deletions.
        const countVisible = async () => {
          const [all, hidden] = await Promise.all([
            db('conversations as c').where(mine, me.id).whereNotNull('c.last_message_id').count<{ n: number }[]>({ n: '*' }).first(),
            db('conversation_deletions as d')
              .join('conversations as c', 'c.id', 'd.conversation_id')
              .where('d.user_id', me.id)
              .where(mine, me.id)
              .whereNotNull('c.last_message_id')
              .whereRaw('c.last_message_id <= d.through_message_id')
              .count<{ n: number }[]>({ n: '*' })
              .first(),
          ]);
          return { n: Number(all?.n ?? 0) - Number(hidden?.n ?? 0) };
        };
        const [rows, count] = await Promise.all([
          visible()
            .join('messages as m', 'm.id', 'c.last_message_id')
            .join('users as cp', 'cp.id', theirs)
            .select('cp.id as counterpart_id', 'cp.username as counterpart_username', 'm.body', 'm.sender_id', 'c.last_message_at', unseen, latestOffer)
            .orderBy([
              { column: 'c.last_message_at', order: 'desc' },
              { column: 'c.id', order: 'desc' },
            ])
            .limit(INBOX_PAGE_SIZE)
            .offset((page - 1) * INBOX_PAGE_SIZE),
          countVisible(),
        ]);
        const offerIds = rows.map((r) => r.latest_offer_id).filter((id): id is number => id !== null);
        const offers = offerIds.length
          ? await db('offers as o')
              .join('campaigns as k', 'k.id', 'o.campaign_id')
              .select('o.id', 'o.budget_cents', 'o.terms', 'o.status', 'k.title')
              .whereIn('o.id', offerIds)
          : [];
        const byId = new Map(offers.map((o) => [o.id, o]));
        return {
          total: Number(count?.n ?? 0),
          cards: rows.map((r) => {
            const offer = byId.get(r.latest_offer_id);
            return {
              counterpartId: r.counterpart_id,
              counterpartUsername: r.counterpart_username,
              lastBody: r.body,
              lastFromMe: r.sender_id === me.id,
              lastAt: Number(r.last_message_at),
              unseen: Number(r.unseen),
              latestOffer: offer
                ? { budgetCents: Number(offer.budget_cents), terms: offer.terms, status: offer.status, campaignTitle: offer.title }
                : null,
            };
          }),
        };
      });
    },

    /**
     * Opening the chat (its page or its poll): marks what the other side sent me as seen, then
     * reads the latest messages I may see between us (or the latest before message `before`, to
     * read further back), oldest first, with the offers they carry. `earlier` is the id to ask
     * `before` next when older ones remain; `marked` how many messages were newly seen. The
     * conversation and my deletion mark are looked up once, together.
     */
    async open(
      me: { id: number; role: Role },
      otherId: number,
      before: number | null = null,
    ): Promise<{ version: number; messages: ChatMessage[]; earlier: number | null; marked: number }> {
      const pair = pairOf(me, otherId);
      const conversation = await hotRow<{ id: number; version: number; through: number | null }>(db, OPEN_SQL, [me.id, pair.sponsorId, pair.influencerId]);
      if (!conversation) return { version: 0, messages: [], earlier: null, marked: 0 };
      const marked = await markSeenIn(me.id, otherId, conversation.id);
      const query = db('messages as m')
        .leftJoin('offers as o', 'o.id', 'm.offer_id')
        .leftJoin('campaigns as k', 'k.id', 'o.campaign_id')
        .select(
          'm.id',
          'm.sender_id',
          'm.body',
          'm.sent_at',
          'm.seen_at',
          'm.event',
          'o.id as offer_id',
          'o.campaign_id',
          'k.title as campaign_title',
          'o.budget_cents',
          'o.terms',
          'o.status',
          'o.proposed_by',
          'o.paid_at',
        )
        .where('m.conversation_id', conversation.id)
        .where('m.id', '>', conversation.through ?? 0)
        .orderBy('m.id', 'desc')
        .limit(CHAT_LENGTH + 1);
      if (before !== null) void query.where('m.id', '<', before);
      const rows = await query;
      const more = rows.length > CHAT_LENGTH;
      if (more) rows.pop();
      return {
        // Marking messages seen moved the conversation on by one.
        version: Number(conversation.version) + (marked > 0 ? 1 : 0),
        marked,
        earlier: more ? rows[rows.length - 1].id : null,
        messages: rows.reverse().map((r) => ({
          id: r.id,
          senderId: r.sender_id,
          body: r.body,
          sentAt: Number(r.sent_at),
          seenAt: r.seen_at === null ? null : Number(r.seen_at),
          collaborationId: r.event ? r.offer_id : null,
          offer:
            r.offer_id === null || r.event
              ? null
              : {
                  id: r.offer_id,
                  campaignId: r.campaign_id,
                  campaignTitle: r.campaign_title,
                  budgetCents: Number(r.budget_cents),
                  terms: r.terms,
                  status: r.status,
                  proposedBy: r.proposed_by,
                  paidAt: r.paid_at === null ? null : Number(r.paid_at),
                },
        })),
      };
    },

    /**
     * The chat poll's fast path: true when the token (account id and token version) is still
     * good and the conversation with `otherId` is still at `version`. One round trip: the account
     * by primary key and the pair's conversation by its unique index, either way round.
     */
    async unchanged(meId: number, tokenVersion: number, otherId: number, version: number): Promise<boolean> {
      const row = await hotRow<{ role: Role; token_version: number; status: string; as_sponsor: number | null; as_influencer: number | null }>(
        db,
        POLL_SQL,
        [meId, otherId, otherId, meId, meId],
      );
      if (!row || !sessionHolds({ status: row.status, tokenVersion: row.token_version }, tokenVersion)) return false;
      const current = row.role === 'sponsor' ? row.as_sponsor : row.role === 'influencer' ? row.as_influencer : null;
      return current !== null && Number(current) === version;
    },

    /** Posts a message as it is (rules checked by the caller: {@link write}, offers.propose). */
    async send(message: NewMessage): Promise<number> {
      return store.write((trx) => postMessage(trx, message));
    },

    /**
     * The viewer writes to a counterpart, who must be active ({@link ensureReachable}). A sponsor
     * awaiting approval, or turned down, may not write at all: messages from unvetted brands are
     * the spam route of a marketplace.
     */
    async write(me: Viewer, counterpart: Counterpart, body: string): Promise<number> {
      if (me.role === 'sponsor' && !vetted(me)) throw new Forbidden(WRITING_NEEDS_APPROVAL);
      ensureReachable(counterpart);
      return this.send({ ...pairOf(me, counterpart.id), senderId: me.id, body });
    },

    /** Hides the conversation from my inbox up to its last message; the other side keeps it. */
    async hide(me: { id: number; role: Role }, otherId: number): Promise<boolean> {
      const conversation = await conversationOf(pairOf(me, otherId));
      if (!conversation?.last_message_id) return false;
      await store.write(async (trx) => {
        await trx('conversation_deletions')
          .insert({ user_id: me.id, conversation_id: conversation.id, through_message_id: conversation.last_message_id, deleted_at: now() })
          .onConflict(['user_id', 'conversation_id'])
          .merge(['through_message_id', 'deleted_at']);
        record(trx, { kind: 'chat-hidden', userId: me.id });
      });
      return true;
    },
  };
}

export type MessagesService = ReturnType<typeof messagesService>;
