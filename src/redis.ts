// The ioredis client for cache, locks and the outbox relay. The app keeps working without Redis:
// commands fail fast instead of queueing while it is away, and it reconnects in the background.
import Redis from 'ioredis';
import type { Logger } from './logger';

export type RedisClient = Redis;

export function createRedis(url: string, log: Logger): RedisClient {
  const redis = new Redis(url, {
    lazyConnect: true,
    // Commands issued in the same tick (a page's cached reads) travel in one write.
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 500, 5000),
  });
  let up: boolean | null = null;
  redis.on('ready', () => {
    if (up !== true) log.info(`Redis connected at ${url}`);
    up = true;
  });
  redis.on('error', (err: Error) => {
    if (up !== false) log.warn(`Redis unavailable at ${url} (${err.message}); the app keeps serving from the database`);
    up = false;
  });
  redis.connect().catch(() => {
    /* reported by the 'error' handler; ioredis keeps retrying */
  });
  return redis;
}

/** `promise`, or a rejection once `ms` have passed: Redis that does not answer counts as away. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function redisState(redis: RedisClient): Promise<'up' | 'down'> {
  if (redis.status !== 'ready') return 'down';
  try {
    await withTimeout(redis.ping(), 500);
    return 'up';
  } catch {
    return 'down';
  }
}
