// Every service, bound to one database: routes reach the data only through these.
import type { Cache, Depends, Family } from '../cache';
import { createLoginLimits, type LoginLimits } from '../auth/rateLimit';
import type { Db } from '../db';
import type { Live, LiveNote } from '../live';
import { today } from '../format';
import { auditService } from './audit';
import { campaignsService } from './campaigns';
import { claimsService } from './claims';
import { deletionsService } from './deletions';
import { collaborationsService } from './collaborations';
import { exportsService } from './exports';
import { followsService } from './follows';
import { influencersService } from './influencers';
import { insightsService } from './insights';
import { messagesService, type Pair, pairOf } from './messages';
import { offersService } from './offers';
import { outboxService } from './outbox';
import { ownAccountService } from './ownAccount';
import { remindersService } from './reminders';
import { reportsService } from './reports';
import { passwordResetsService } from './passwordResets';
import { submissionsService } from './submissions';
import { moderationService } from './moderation';
import { sessionsService } from './sessions';
import { usersService } from './users';

type AsyncMethod = (...args: never[]) => Promise<unknown>;

/** What a write can change: listing families, or (from its arguments and result) families and scopes. */
type Changes<M extends AsyncMethod> = readonly Family[] | ((args: Parameters<M>, result: Awaited<ReturnType<M>>) => Depends);

/**
 * After each write method succeeds, what it can change is forgotten before it returns (so the
 * writer's next page reads it anew); a failed write keeps it.
 */
function invalidating<T extends Record<K, AsyncMethod>, K extends keyof T>(service: T, cache: Cache, writes: { [P in K]: Changes<T[P]> }): void {
  for (const [name, changes] of Object.entries(writes) as [K, Changes<T[K]>][]) {
    const write = service[name];
    service[name] = (async (...args: Parameters<T[K]>) => {
      const result = (await write.apply(service, args)) as Awaited<ReturnType<T[K]>>;
      const { families, scopes } = typeof changes === 'function' ? changes(args, result) : { families: changes, scopes: [] };
      await cache.invalidate(families, scopes);
      return result;
    }) as T[K];
  }
}

// Which listings each write can change. Campaign listings show the sponsor's name and what is
// committed (offers); influencer listings show names, niches and follower counts; the admin's
// account lists show names, emails, profiles, standing and follower counts; insights count
// everything.
const CAMPAIGNS: readonly Family[] = ['campaigns', 'insights'];
const INFLUENCERS: readonly Family[] = ['influencers', 'accounts', 'insights'];
const ALL: readonly Family[] = ['influencers', 'campaigns', 'accounts', 'insights'];

/** What a cached read depends on: a family, or (from its arguments) families, scopes and, where the arguments carry more than the answer depends on, its own key. */
type ReadOn<M extends AsyncMethod> = Family | ((...args: Parameters<M>) => Depends & { key?: string });

/**
 * Replaces each read method by one that answers from the cache, under what it depends on and a
 * key made of its method and arguments.
 */
function cached<T extends Record<K, AsyncMethod>, K extends keyof T>(service: T, cache: Cache, reads: { [P in K]: ReadOn<T[P]> }): void {
  for (const [name, on] of Object.entries(reads) as [K, ReadOn<T[K]>][]) {
    const read = service[name];
    service[name] = ((...args: Parameters<T[K]>) => {
      const depends = typeof on === 'function' ? on(...args) : on;
      const key = (typeof depends === 'object' && depends.key) || JSON.stringify(args);
      return cache.wrap(depends, `${String(name)}:${key}`, 60, () => read.apply(service, args));
    }) as T[K];
  }
}

/** Who a write concerns, from its arguments and result: whose open pages to tell (GET /events). */
type Notes<M extends AsyncMethod> = (args: Parameters<M>, result: Awaited<ReturnType<M>>) => readonly LiveNote[];

/** After each write method succeeds, the pages it concerns are told (live events, src/live.ts). */
function announcing<T extends Record<K, AsyncMethod>, K extends keyof T>(service: T, live: Live, writes: { [P in K]: Notes<T[P]> }): void {
  for (const [name, notes] of Object.entries(writes) as [K, Notes<T[K]>][]) {
    const write = service[name];
    service[name] = (async (...args: Parameters<T[K]>) => {
      const result = (await write.apply(service, args)) as Awaited<ReturnType<T[K]>>;
      live.publish(notes(args, result));
      return result;
    }) as T[K];
  }
}

/** Both sides of a conversation: their chat with each other and their inbox changed. */
const conversation = ({ sponsorId, influencerId }: Pair, ...more: string[]): LiveNote[] => [
  { to: sponsorId, names: [`chat-${influencerId}`, 'inbox', ...more] },
  { to: influencerId, names: [`chat-${sponsorId}`, 'inbox', ...more] },
];
/** The account's sessions were revoked or it is gone: its open streams check and close. */
const revoked = (id: number): LiveNote[] => [{ to: id, names: ['revoke'] }];

/** A collaboration a step changed: the pair and the offer it grew from. */
interface Step {
  offerId: number;
  sponsorId: number;
  influencerId: number;
}

/** Every step of a collaboration, each with `on` applied to the collaboration it changed (from its result). */
const collaborationSteps = <R>(on: (c: Step) => R) => ({
  addDeliverable: (_args: unknown, { collaboration }: { collaboration: Step }) => on(collaboration),
  removeDeliverable: (_args: unknown, c: Step) => on(c),
  submit: (_args: unknown, c: Step) => on(c),
  approve: (_args: unknown, c: Step) => on(c),
  requestChanges: (_args: unknown, c: Step) => on(c),
  recordResults: (_args: unknown, c: Step) => on(c),
  openDispute: (_args: unknown, c: Step) => on(c),
  resolveDispute: (_args: unknown, c: Step) => on(c),
});

/** One person's inbox: the cards name counterparts (accounts) and their latest offer's campaign (campaigns). */
const inboxOf = (id: number): Depends => ({ families: ['campaigns', 'accounts'], scopes: [`inbox:${id}`] });
const NOTHING: readonly Family[] = [];

export function createServices(db: Db, cache?: Cache, limits: LoginLimits = createLoginLimits(db), live?: Live) {
  const influencers = influencersService(db);
  const insights = insightsService(db);
  const deletions = deletionsService(db);
  const campaigns = campaignsService(db, deletions);
  const users = usersService(db, limits);
  const sessions = sessionsService(db, limits);
  const moderation = moderationService(db, users, deletions);
  const offers = offersService(db, campaigns);
  const follows = followsService(db);
  const messages = messagesService(db);
  const collaborations = collaborationsService(db);
  const ownAccount = ownAccountService(db, limits, deletions);
  if (cache) {
    // The listings read through the cache (searches, dashboards, the admin's lists, inboxes,
    // insights), and the writes that can change them forget them: both here, by service method.
    // (Logins and exports change none.) A read is keyed by its method and arguments.
    cached(influencers, cache, { search: 'influencers' });
    cached(follows, cache, { followedBy: 'influencers' });
    cached(campaigns, cache, { searchPublic: 'campaigns', listForSponsor: 'campaigns', recent: 'campaigns' });
    cached(offers, cache, { earnings: 'campaigns' });
    cached(moderation, cache, { listByRole: 'accounts', pendingSponsors: 'accounts' });
    cached(insights, cache, { all: 'insights' });
    invalidating(campaigns, cache, { create: CAMPAIGNS, update: CAMPAIGNS, toggleVisibility: CAMPAIGNS, remove: CAMPAIGNS, flag: CAMPAIGNS, unflag: CAMPAIGNS });
    invalidating(users, cache, { create: INFLUENCERS, updateProfile: ALL });
    invalidating(moderation, cache, { approve: ALL, reject: ALL, suspend: ALL, restore: ALL, deleteAccount: ALL });
    invalidating(ownAccount, cache, { deleteOwn: ALL });
    // A purge that outlasted its request's answer: its rows leave the listings when it ends.
    invalidating(deletions, cache, { purge: ALL, purgeCampaign: CAMPAIGNS });
    invalidating(follows, cache, { follow: INFLUENCERS, unfollow: INFLUENCERS });
    // (Inboxes read the campaigns family too: the chat lines these post reach them.)
    invalidating(offers, cache, { send: CAMPAIGNS, answer: CAMPAIGNS, markPaid: CAMPAIGNS });
    // An inbox changes with a message to or from its owner, with what its owner read or deleted,
    // and (through the families) with offers, campaigns and accounts.
    // Keyed by account and page: the signed-in user passed in carries more (visit, notices).
    cached(messages, cache, {
      inbox: (me, page = 1) => ({ ...inboxOf(me.id), key: `${me.id}:${page}` }),
      unreadCount: (meId) => ({ families: NOTHING, scopes: [`inbox:${meId}`] }),
    });
    invalidating(messages, cache, {
      send: ([message]) => ({ families: NOTHING, scopes: [`inbox:${message.sponsorId}`, `inbox:${message.influencerId}`] }),
      open: ([me], { marked }) => ({ families: NOTHING, scopes: marked > 0 ? [`inbox:${me.id}`] : [] }),
      hide: ([me], hidden) => ({ families: NOTHING, scopes: hidden ? [`inbox:${me.id}`] : [] }),
    });
    // A collaboration's page is cached under a version of its own, each side's list and dashboard
    // lists under a version per person; all of them name campaigns and accounts.
    const people = (id: number, key: string): Depends & { key: string } => ({ families: ['campaigns', 'accounts'], scopes: [`collaborations:${id}`], key });
    cached(collaborations, cache, {
      load: (offerId) => ({ families: ['campaigns', 'accounts'], scopes: [`collaboration:${offerId}`], key: String(offerId) }),
      list: (viewer, { state, page }) => people(viewer.id, `${viewer.id}:${state}:${page}`),
      dueSoon: (influencerId, on) => people(influencerId, `${influencerId}:${on ?? today()}`),
      awaitingReview: (sponsorId) => people(sponsorId, String(sponsorId)),
    });
    // Each step changes its collaboration, both sides' lists and dashboards, their chat (both
    // inboxes) and insights.
    const stepOn = (c: Step): Depends => ({
      families: ['insights'],
      scopes: [`collaboration:${c.offerId}`, `collaborations:${c.sponsorId}`, `collaborations:${c.influencerId}`, `inbox:${c.sponsorId}`, `inbox:${c.influencerId}`],
    });
    invalidating(collaborations, cache, collaborationSteps(stepOn));
  }
  const exports = exportsService(db);
  const passwordResets = passwordResetsService(db, limits);
  if (live) {
    // Who each write concerns, told after it succeeds: the two sides of a conversation, the owner
    // of an inbox, an export or a session. (After the cache has forgotten what the write changed,
    // so the page that asks again reads it anew.)
    announcing(messages, live, {
      send: ([m]) => conversation(m),
      // What I read: my inbox's counts, and the other side's chat (its "seen" marks).
      open: ([me, otherId], { marked }) => (marked > 0 ? [{ to: me.id, names: ['inbox'] }, { to: otherId, names: [`chat-${me.id}`] }] : []),
      hide: ([me], hidden) => (hidden ? [{ to: me.id, names: ['inbox'] }] : []),
    });
    announcing(offers, live, {
      send: ([offer]) => conversation(offer),
      answer: ([viewer], { counterpartId }) => conversation(pairOf(viewer, counterpartId)),
      markPaid: (_args, { offer, newlyPaid }) => (newlyPaid ? conversation(offer, `collaboration-${offer.id}`) : []),
    });
    const step = (c: Step) => conversation(c, `collaboration-${c.offerId}`);
    announcing(collaborations, live, collaborationSteps(step));
    announcing(exports, live, {
      setStatus: ([, status], owner) => (owner && (status === 'ready' || status === 'failed') ? [{ to: owner.sponsorId, names: ['export'] }] : []),
    });
    announcing(sessions, live, { revokeSessions: ([id]) => revoked(id) });
    announcing(users, live, { saveProfile: ([viewer], { passwordChanged }) => (passwordChanged ? revoked(viewer.id) : []) });
    announcing(moderation, live, { suspend: ([id]) => revoked(id), deleteAccount: ([id]) => revoked(id) });
    announcing(ownAccount, live, { deleteOwn: ([viewer]) => revoked(viewer.id) });
    announcing(passwordResets, live, { reset: (_args, { userId }) => revoked(userId) });
  }
  return {
    users,
    sessions,
    moderation,
    campaigns,
    influencers,
    offers,
    messages,
    collaborations,
    follows,
    insights,
    exports,
    outbox: outboxService(db),
    reminders: remindersService(db),
    reports: reportsService(db),
    claims: claimsService(db),
    passwordResets,
    submissions: submissionsService(db),
    audit: auditService(db),
    ownAccount,
    deletions,
  };
}

export type Services = ReturnType<typeof createServices>;
