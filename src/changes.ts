// What a write changed, in the product's words, and everything that follows from it.
//
// A write opens its transaction with `store.write`; whatever it changes is recorded there, in that
// transaction, by the code that changes it (`record(trx, …)`): the helper that posts a chat line
// records the line, the one that keeps a collaboration's history records the step, whichever
// service calls them. After the commit, `effectsOf` turns the set into the cache's invalidations
// and the live notes, both from the same facts, and both are done before the write returns (so the
// writer's next page, in any process, reads it anew). A rolled-back write tells nothing.
//
// Cached reads say what they depend on with `dependsOn` (below), in the same words: the two halves
// of "which page shows this change" live side by side, and nothing is replaced by method name.
// A new write needs no table entry; it records what it changes. (tests/routes/writes-show.test.ts
// walks every POST route and the page that shows its change, with the cache on.)
import type { Knex } from 'knex';
import type { Cache, Depends, Family } from './cache';
import type { Db } from './db';
import type { Role } from './domain';
import type { Live, LiveNote } from './live/bus';
import { EVENTS } from './live/names';

export type Change =
  /** A campaign's details, visibility, flag, or the campaign itself (created, deleted). */
  | { kind: 'campaign'; campaignId: number }
  /** A new account (before any profile, follows or messages). */
  | { kind: 'account-opened'; userId: number; role: Role }
  /** An account's name, email, profile or standing, or the account gone: it shows in every listing. */
  | { kind: 'account'; userId: number }
  /** Someone followed or unfollowed an influencer (their follower count). */
  | { kind: 'follow'; influencerId: number }
  /** A line in a pair's chat (a message, an offer, a collaboration's system line). */
  | { kind: 'chat-line'; sponsorId: number; influencerId: number }
  /** What `readerId` was sent by `otherId` is now seen. */
  | { kind: 'chat-read'; readerId: number; otherId: number }
  /** `userId` hid a conversation from their inbox. */
  | { kind: 'chat-hidden'; userId: number }
  /** An offer was sent, answered or paid. */
  | { kind: 'offer'; offerId: number; sponsorId: number; influencerId: number; now: 'pending' | 'accepted' | 'rejected' | 'paid' }
  /** A collaboration's step: a deliverable added, removed, submitted, reviewed, results, a dispute. */
  | { kind: 'collaboration'; offerId: number; sponsorId: number; influencerId: number }
  /** A sponsor's export finished (ready or failed). */
  | { kind: 'export-finished'; sponsorId: number }
  /** Every session of the account ended (a new password, suspension, deletion, signing out everywhere). */
  | { kind: 'signed-out'; userId: number };

/** The versioned scopes of one person's (or one collaboration's) cached pages. */
export const scope = {
  inbox: (userId: number) => `inbox:${userId}` as const,
  collaboration: (offerId: number) => `collaboration:${offerId}` as const,
  collaborations: (userId: number) => `collaborations:${userId}` as const,
  earnings: (influencerId: number) => `earnings:${influencerId}` as const,
};
export type Scope = ReturnType<(typeof scope)[keyof typeof scope]>;

/**
 * What each cached read depends on. Listing families: influencers (searches, who a user follows:
 * names, niches, follower counts), campaigns (searches, dashboards: titles, sponsors, what accepted
 * offers commit), accounts (the admin's lists), insights (counts of everything).
 */
export const dependsOn = {
  influencers: { families: ['influencers'] } as Depends,
  campaigns: { families: ['campaigns'] } as Depends,
  accounts: { families: ['accounts'] } as Depends,
  insights: { families: ['insights'] } as Depends,
  /** An inbox's cards name counterparts (accounts) and their latest offer's campaign (campaigns). */
  inbox: (userId: number): Depends => ({ families: ['campaigns', 'accounts'], scopes: [scope.inbox(userId)] }),
  unread: (userId: number): Depends => ({ families: [], scopes: [scope.inbox(userId)] }),
  collaboration: (offerId: number): Depends => ({ families: ['campaigns', 'accounts'], scopes: [scope.collaboration(offerId)] }),
  /** One side's collaborations: their list, what is due, what awaits review. */
  collaborationsOf: (userId: number): Depends => ({ families: ['campaigns', 'accounts'], scopes: [scope.collaborations(userId)] }),
  earnings: (influencerId: number): Depends => ({ families: ['campaigns'], scopes: [scope.earnings(influencerId)] }),
};

export interface Effects {
  families: Family[];
  scopes: Scope[];
  notes: LiveNote[];
}

const ALL: readonly Family[] = ['influencers', 'campaigns', 'accounts', 'insights'];

/** Both sides of a collaboration: their lists and the collaboration's page, and its live region. */
function collaborationEffects(e: Effects, c: { offerId: number; sponsorId: number; influencerId: number }) {
  e.scopes.push(scope.collaboration(c.offerId), scope.collaborations(c.sponsorId), scope.collaborations(c.influencerId));
  for (const to of [c.sponsorId, c.influencerId]) e.notes.push({ to, names: [EVENTS.collaboration(c.offerId)] });
}

/** What follows from one change. */
function follow(e: Effects, change: Change): void {
  switch (change.kind) {
    case 'campaign':
      return void e.families.push('campaigns', 'insights');
    case 'account-opened':
      return void e.families.push('accounts', 'insights', ...(change.role === 'influencer' ? (['influencers'] as const) : []));
    case 'account':
      return void e.families.push(...ALL);
    case 'follow':
      return void e.families.push('influencers', 'accounts', 'insights');
    case 'chat-line': {
      const { sponsorId: s, influencerId: i } = change;
      e.scopes.push(scope.inbox(s), scope.inbox(i));
      e.notes.push({ to: s, names: [EVENTS.chat(i), EVENTS.inbox] }, { to: i, names: [EVENTS.chat(s), EVENTS.inbox] });
      return;
    }
    case 'chat-read':
      e.scopes.push(scope.inbox(change.readerId));
      e.notes.push({ to: change.readerId, names: [EVENTS.inbox] }, { to: change.otherId, names: [EVENTS.chat(change.readerId)] });
      return;
    case 'chat-hidden':
      e.scopes.push(scope.inbox(change.userId));
      e.notes.push({ to: change.userId, names: [EVENTS.inbox] });
      return;
    case 'offer':
      e.families.push('insights');
      // A pending or turned-down offer is a chat line (recorded with it): no listing counts it.
      if (change.now === 'accepted') {
        // What the campaign commits (every campaign listing), a new collaboration on both sides' lists, earnings.
        e.families.push('campaigns');
        e.scopes.push(scope.collaborations(change.sponsorId), scope.collaborations(change.influencerId), scope.earnings(change.influencerId));
      } else if (change.now === 'paid') {
        e.scopes.push(scope.earnings(change.influencerId));
        collaborationEffects(e, change);
      }
      return;
    case 'collaboration':
      e.families.push('insights');
      return collaborationEffects(e, change);
    case 'export-finished':
      return void e.notes.push({ to: change.sponsorId, names: [EVENTS.export] });
    case 'signed-out':
      return void e.notes.push({ to: change.userId, names: [EVENTS.revoke] });
  }
}

/** What a write's changes mean for the cache and for open pages: each family, scope and note once. */
export function effectsOf(changes: readonly Change[]): Effects {
  const e: Effects = { families: [], scopes: [], notes: [] };
  for (const change of changes) follow(e, change);
  const names = new Map<number, Set<string>>();
  for (const note of e.notes) {
    const set = names.get(note.to) ?? new Set<string>();
    for (const name of note.names) set.add(name);
    names.set(note.to, set);
  }
  return {
    families: [...new Set(e.families)],
    scopes: [...new Set(e.scopes)],
    notes: [...names].map(([to, set]) => ({ to, names: [...set] })),
  };
}

/** The change sets of the writes under way, by their transaction. */
const open = new WeakMap<Knex.Transaction, Change[]>();

/**
 * Records what this transaction changes, to be told when it commits. The transaction must be a
 * write's (`store.write`): a change recorded anywhere else would never reach a page, so it throws.
 */
export function record(trx: Knex.Transaction, ...changes: Change[]): void {
  const set = open.get(trx);
  if (!set) throw new Error('record(): not inside store.write: open the transaction with store.write so its changes are told');
  set.push(...changes);
}

/** The database, with writes that tell what they changed and reads that may come from the cache. */
export interface Store {
  db: Db;
  /** Runs `work` in one transaction; after it commits, what it recorded is told (cache, then pages). */
  write<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /** The cached value of `key` under what it depends on (60 s at most), or `compute()`'s. */
  read<T>(on: Depends, key: string, compute: () => Promise<T>): Promise<T>;
}

const READ_TTL_SECONDS = 60;

/** A store on `db`; without a cache every read is computed, without `live` no page is told. */
export function createStore(db: Db, cache?: Cache, live?: Live): Store {
  return {
    db,
    async write(work) {
      const changes: Change[] = [];
      const result = await db.transaction(async (trx) => {
        open.set(trx, changes);
        return work(trx);
      });
      if (changes.length > 0) {
        const { families, scopes, notes } = effectsOf(changes);
        // The cache first: a page told of the change and asking at once must not read the old entry.
        await cache?.invalidate(families, scopes);
        live?.publish(notes);
      }
      return result;
    },
    read: cache ? (on, key, compute) => cache.wrap(on, key, READ_TTL_SECONDS, compute) : (_on, _key, compute) => compute(),
  };
}
