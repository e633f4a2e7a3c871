// Everything a process shares: settings, database, Redis, services. Built once per app (and once
// per test file), closed on shutdown.
import { type Cache, createCache } from './cache';
import { createStore, type Store } from './changes';
import type { Config } from './config';
import { createDb, type Db } from './db';
import { createLive, type Live } from './live/bus';
import { createLogger, type Logger } from './logger';
import { createRedis, type RedisClient } from './redis';
import { configurePasswordHashing } from './auth/passwords';
import { createServices, type Services } from './services';
import { createLoginLimits, type LoginLimitOptions, type LoginLimits } from './auth/rateLimit';

export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  redis: RedisClient;
  services: Services;
  cache: Cache;
  loginLimits: LoginLimits;
  live: Live;
  /** The database with the writes that tell what they changed (cache, live pages). */
  store: Store;
}

/** `loginLimits` overrides the configured allowances (tests). */
export function createContext(config: Config, options: { loginLimits?: LoginLimitOptions } = {}): AppContext {
  const log = createLogger(config.logLevel);
  configurePasswordHashing(config.passwordHashing);
  const db = createDb(config.databaseUrl, config.sqlite);
  const redis = createRedis(config.redisUrl, log);
  const cache = createCache(redis, log, config.redisPrefix);
  const loginLimits = createLoginLimits(
    db,
    options.loginLimits ?? {
      perAddress: config.loginAttemptsPerAddress,
      perAccount: config.loginFailuresPerAccount,
      signups: config.signupsPerAddress,
    },
  );
  const live = createLive(redis, log, config.redisPrefix);
  const store = createStore(db, cache, live);
  return { config, log, db, redis, cache, services: createServices(store, loginLimits), loginLimits, live, store };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.live.close();
  // A deletion's purge under way stops after its current step; the next worker start finishes it.
  await ctx.services.deletions.close();
  ctx.cache.close();
  ctx.redis.disconnect();
  await ctx.db.destroy();
}
