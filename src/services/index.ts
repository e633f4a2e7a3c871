// Every service, bound to one database: routes reach the data only through these.
import type { Cache } from '../cache';
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

/** After each of `methods` succeeds, the cached listings are forgotten (a failed write keeps them). */
function invalidating<T extends Record<K, AsyncMethod>, K extends keyof T>(service: T, cache: Cache, methods: K[]): void {
  for (const name of methods) {
    const write = service[name];
    service[name] = (async (...args: never[]) => {
      const result = await write.apply(service, args);
      void cache.invalidate();
      return result;
    }) as T[K];
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
    // The hot listings (searches, insights) read through the cache, and the writes that can change
    // them forget it: both here, by service method. (Chat messages, logins and exports change none.)
    const searchInfluencers = influencers.search;
    influencers.search = (query) => cache.wrap(`influencers:${JSON.stringify(query)}`, 60, () => searchInfluencers(query));
    const searchCampaigns = campaigns.searchPublic;
    campaigns.searchPublic = (query, on) => cache.wrap(`campaigns:${JSON.stringify(query)}:${on ?? ''}`, 60, () => searchCampaigns(query, on));
    const allInsights = insights.all;
    insights.all = () => cache.wrap('insights', 60, allInsights);
    invalidating(campaigns, cache, ['create', 'update', 'toggleVisibility', 'remove', 'flag', 'unflag']);
    invalidating(users, cache, ['create', 'updateProfile', 'approve', 'reject', 'suspend', 'restore', 'deleteAccount']);
    invalidating(follows, cache, ['follow', 'unfollow']);
    invalidating(offers, cache, ['send', 'answer', 'markPaid']);
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
