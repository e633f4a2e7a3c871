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

export function createServices(db: Db, cache?: Cache) {
  const campaigns = campaignsService(db);
  const influencers = influencersService(db);
  const insights = insightsService(db);
  if (cache) {
    // The hot listings read through the cache; writes invalidate it (see app.ts).
    const searchInfluencers = influencers.search;
    influencers.search = (query) => cache.wrap(`influencers:${JSON.stringify(query)}`, 60, () => searchInfluencers(query));
    const searchCampaigns = campaigns.searchPublic;
    campaigns.searchPublic = (query, on) => cache.wrap(`campaigns:${JSON.stringify(query)}:${on ?? ''}`, 60, () => searchCampaigns(query, on));
    const allInsights = insights.all;
    insights.all = () => cache.wrap('insights', 60, allInsights);
  }
  return {
    users: usersService(db),
    campaigns,
    influencers,
    offers: offersService(db, campaigns),
    messages: messagesService(db),
    follows: followsService(db),
    insights,
    exports: exportsService(db),
    outbox: outboxService(db),
    reminders: remindersService(db),
    reports: reportsService(db),
    claims: claimsService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
