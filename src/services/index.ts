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
// committed (offers); influencer listings show names, niches and follower counts; insights count
// everything.
const CAMPAIGNS: readonly Family[] = ['campaigns', 'insights'];
const INFLUENCERS: readonly Family[] = ['influencers', 'insights'];
const ALL: readonly Family[] = ['influencers', 'campaigns', 'insights'];

export function createServices(db: Db, cache?: Cache) {
  const campaigns = campaignsService(db);
  const influencers = influencersService(db);
  const insights = insightsService(db);
  const users = usersService(db);
  const offers = offersService(db, campaigns);
  const follows = followsService(db);
  if (cache) {
    // The hot listings (searches, insights) read through the cache, and the writes that can change
    // them forget it: both here, by service method. (Chat messages, logins and exports change none.)
    const searchInfluencers = influencers.search;
    influencers.search = (query) => cache.wrap('influencers', JSON.stringify(query), 60, () => searchInfluencers(query));
    const searchCampaigns = campaigns.searchPublic;
    campaigns.searchPublic = (query, on) => cache.wrap('campaigns', `${JSON.stringify(query)}:${on ?? ''}`, 60, () => searchCampaigns(query, on));
    const allInsights = insights.all;
    insights.all = () => cache.wrap('insights', '', 60, allInsights);
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
