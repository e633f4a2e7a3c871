// A read-through cache for hot listings (search pages, insights), in two levels:
// - Redis, shared by every process: entries live under a namespace version; a write that can
//   change a listing bumps the version, so every older entry is missed at once (and expires);
// - this process's memory in front of it, which a hit answers without a round trip. Every
//   invalidation is published on a Redis channel that each process listens to and clears its
//   memory on; while that subscription is not connected the memory level is not used at all.
// Without Redis every read goes to the database.
import { createHash } from 'node:crypto';
import type { Logger } from './logger';
import { type RedisClient, withTimeout } from './redis';

export interface Cache {
  /** The cached value of `key`, or `compute()`'s (stored for `ttlSeconds`). Cached values are frozen. */
  wrap<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T>;
  /** Forgets every listing (after a write that may change one), here at once and elsewhere soon. */
  invalidate(): Promise<void>;
  close(): void;
}

const VERSION_KEY = 'cache:listings:version';
const CHANNEL = 'cache:listings:invalidated';
const TIMEOUT_MS = 200;
/** At most this long in memory, even if an invalidation message were ever lost. */
const MEMORY_TTL_MS = 10_000;
const MEMORY_ENTRIES = 1_000;

const quick = <T>(promise: Promise<T>) => withTimeout(promise, TIMEOUT_MS);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export function createCache(redis: RedisClient, log: Logger, prefix: string): Cache {
  const up = () => redis.status === 'ready';
  const memory = new Map<string, { value: unknown; until: number }>();
  // Bumped by every clear: a value read before an invalidation must not be remembered after it.
  let generation = 0;
  const clear = () => {
    generation += 1;
    memory.clear();
  };
  // A second connection, in subscriber mode, for the invalidation messages.
  const subscriber = redis.duplicate();
  const channel = `${prefix}:${CHANNEL}`;
  const listening = () => subscriber.status === 'ready';
  subscriber.on('message', clear);
  subscriber.on('ready', () => {
    // Whatever was published while we were away is unknown: start empty.
    clear();
    subscriber.subscribe(channel).catch(() => undefined);
  });
  subscriber.on('error', clear);
  subscriber.on('close', clear);
  subscriber.connect().catch(() => {
    /* ioredis keeps retrying; the memory level stays off meanwhile */
  });

  function remember(key: string, value: unknown, ttlSeconds: number, since: number) {
    if (!listening() || since !== generation) return;
    if (memory.size >= MEMORY_ENTRIES) memory.clear();
    memory.set(key, { value, until: Date.now() + Math.min(ttlSeconds * 1000, MEMORY_TTL_MS) });
  }

  return {
    async wrap(key, ttlSeconds, compute) {
      if (!up()) return compute();
      const since = generation;
      const local = listening() ? memory.get(key) : undefined;
      if (local && local.until > Date.now()) return local.value as Awaited<ReturnType<typeof compute>>;
      let fullKey: string;
      try {
        const version = (await quick(redis.get(`${prefix}:${VERSION_KEY}`))) ?? '0';
        fullKey = `${prefix}:cache:${version}:${createHash('sha1').update(key).digest('hex')}`;
        const hit = await quick(redis.get(fullKey));
        if (hit !== null) {
          const value = deepFreeze(JSON.parse(hit) as Awaited<ReturnType<typeof compute>>);
          remember(key, value, ttlSeconds, since);
          return value;
        }
      } catch {
        return compute();
      }
      const value = deepFreeze(await compute());
      redis.set(fullKey, JSON.stringify(value), 'EX', ttlSeconds).catch(() => undefined);
      remember(key, value, ttlSeconds, since);
      return value;
    },
    async invalidate() {
      clear();
      if (!up()) return;
      try {
        await quick(redis.incr(`${prefix}:${VERSION_KEY}`));
        await quick(redis.publish(channel, '1'));
      } catch (err) {
        log.warn(`cache: could not invalidate (${(err as Error).message}); entries expire on their own`);
      }
    },
    close() {
      subscriber.disconnect();
    },
  };
}
