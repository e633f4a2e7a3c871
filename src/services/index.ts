// Every service, bound to one database: routes reach the data only through these.
import type { Db } from '../db';
import { campaignsService } from './campaigns';
import { exportsService } from './exports';
import { followsService } from './follows';
import { influencersService } from './influencers';
import { insightsService } from './insights';
import { messagesService } from './messages';
import { offersService } from './offers';
import { outboxService } from './outbox';
import { remindersService } from './reminders';
import { usersService } from './users';

export function createServices(db: Db) {
  return {
    users: usersService(db),
    campaigns: campaignsService(db),
    influencers: influencersService(db),
    offers: offersService(db),
    messages: messagesService(db),
    follows: followsService(db),
    insights: insightsService(db),
    exports: exportsService(db),
    outbox: outboxService(db),
    reminders: remindersService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
