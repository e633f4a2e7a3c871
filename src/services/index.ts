// Every service, bound to one database: routes reach the data only through these.
import type { Cache, Family } from '../cache';
import type { Db } from '../db';
import { campaignsService } from './campaigns';
import { claimsService } from './claims';
import { exportsService } from './exports';
import { followsService } from './follows';
import { influencersService } from './influencers';
import { insightsService } from './insights';
import { messagesService } from './messages';
import { offersService } from './offers';
import { outboxService } from './outbox';
import { remindersService } from './reminders';
import { reportsService } from './reports';
import { usersService } from './users';

type AsyncMethod = (...args: never[]) => Promise<unknown>;

/**
 * After each write method succeeds, the listing families it can change are forgotten before it
 * returns (so the writer's next page reads them anew); a failed write keeps them.
 */
function invalidating<T extends Record<K, AsyncMethod>, K extends keyof T>(service: T, cache: Cache, writes: Record<K, readonly Family[]>): void {
  for (const [name, families] of Object.entries(writes) as [K, readonly Family[]][]) {
    const write = service[name];
    service[name] = (async (...args: never[]) => {
      const result = await write.apply(service, args);
      await cache.invalidate(families);
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

/** Replaces each read method by one that answers from the cache, under the family and a key made of its arguments. */
function cached<T extends Record<K, AsyncMethod>, K extends keyof T>(service: T, cache: Cache, reads: Record<K, Family>): void {
  for (const [name, family] of Object.entries(reads) as [K, Family][]) {
    const read = service[name];
    service[name] = ((...args: never[]) =>
      cache.wrap(family, `${String(name)}:${JSON.stringify(args)}`, 60, () => read.apply(service, args))) as T[K];
  }
}

export function createServices(db: Db, cache?: Cache) {
  const campaigns = campaignsService(db);
  const influencers = influencersService(db);
  const insights = insightsService(db);
  const users = usersService(db);
  const offers = offersService(db, campaigns);
  const follows = followsService(db);
  if (cache) {
    // The listings read through the cache (searches, dashboards, the admin's lists, insights), and
    // the writes that can change them forget them: both here, by service method. (Chat messages,
    // logins and exports change none.) A read is keyed by its method and arguments.
    cached(influencers, cache, { search: 'influencers' });
    cached(follows, cache, { followedBy: 'influencers' });
    cached(campaigns, cache, { searchPublic: 'campaigns', listForSponsor: 'campaigns', recent: 'campaigns' });
    cached(offers, cache, { earnings: 'campaigns', activeCollaborations: 'campaigns' });
    cached(users, cache, { listByRole: 'accounts', pendingSponsors: 'accounts' });
    cached(insights, cache, { all: 'insights' });
    invalidating(campaigns, cache, { create: CAMPAIGNS, update: CAMPAIGNS, toggleVisibility: CAMPAIGNS, remove: CAMPAIGNS, flag: CAMPAIGNS, unflag: CAMPAIGNS });
    invalidating(users, cache, { create: INFLUENCERS, updateProfile: ALL, approve: ALL, reject: ALL, suspend: ALL, restore: ALL, deleteAccount: ALL });
    invalidating(follows, cache, { follow: INFLUENCERS, unfollow: INFLUENCERS });
    invalidating(offers, cache, { send: CAMPAIGNS, answer: CAMPAIGNS, markPaid: CAMPAIGNS });
  }
  return {
    users,
    campaigns,
    influencers,
    offers,
    messages: messagesService(db),
    follows,
    insights,
    exports: exportsService(db),
    outbox: outboxService(db),
    reminders: remindersService(db),
    reports: reportsService(db),
    claims: claimsService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
