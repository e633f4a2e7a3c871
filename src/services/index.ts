// Every service, bound to one database: routes reach the data only through these.
import type { Db } from '../db';
import { usersService } from './users';

export function createServices(db: Db) {
  return {
    users: usersService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
