// A read-through cache in Redis for hot listings (search pages, insights). Entries live under a
// namespace version: a write that can change a listing bumps the version, so every older entry is
// missed at once (and expires on its own). Without Redis every read goes to the database.
import { createHash } from 'node:crypto';
import type { Logger } from './logger';
import { type RedisClient, withTimeout } from './redis';

export interface Cache {
  /** The cached value of `key`, or `compute()`'s (stored for `ttlSeconds`). */
  wrap<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T>;
  /** Forgets every listing (after a write that may change one). */
  invalidate(): Promise<void>;
}

const VERSION_KEY = 'cache:listings:version';
const TIMEOUT_MS = 200;

const quick = <T>(promise: Promise<T>) => withTimeout(promise, TIMEOUT_MS);

export function createCache(redis: RedisClient, log: Logger, prefix: string): Cache {
  const up = () => redis.status === 'ready';
  return {
    async wrap(key, ttlSeconds, compute) {
      if (!up()) return compute();
      let fullKey: string;
      try {
        const version = (await quick(redis.get(`${prefix}:${VERSION_KEY}`))) ?? '0';
        fullKey = `${prefix}:cache:${version}:${createHash('sha1').update(key).digest('hex')}`;
        const hit = await quick(redis.get(fullKey));
        if (hit !== null) return JSON.parse(hit) as Awaited<ReturnType<typeof compute>>;
      } catch {
        return compute();
      }
      const value = await compute();
      redis.set(fullKey, JSON.stringify(value), 'EX', ttlSeconds).catch(() => undefined);
      return value;
    },
    async invalidate() {
      if (!up()) return;
      try {
        await quick(redis.incr(`${prefix}:${VERSION_KEY}`));
      } catch (err) {
        log.warn(`cache: could not invalidate (${(err as Error).message}); entries expire on their own`);
      }
    },
  };
}
