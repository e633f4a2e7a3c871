// Every service, bound to one database: routes reach the data only through these.
import type { Db } from '../db';
import { campaignsService } from './campaigns';
import { influencersService } from './influencers';
import { messagesService } from './messages';
import { offersService } from './offers';
import { usersService } from './users';

export function createServices(db: Db) {
  return {
    users: usersService(db),
    campaigns: campaignsService(db),
    influencers: influencersService(db),
    offers: offersService(db),
    messages: messagesService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
