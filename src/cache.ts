// A read-through cache for hot listings (search pages, insights), by listing family, in two levels:
// - Redis, shared by every process: a family's entries live under its version; a write bumps only
//   the versions of the families it can change, so their older entries are missed at once (and
//   expire) while the other families stay cached;
// - this process's memory in front of it, by the same versioned key, for up to 10 s: a hit costs
//   one Redis round trip (the family's version) instead of two and no JSON parsing.
// A missed entry is computed once per process (single flight): requests that want it meanwhile
// wait for that one result instead of all querying the database at once (no stampede). A write
// awaits its bump, and every read asks Redis for the family's version, so whoever made a change
// reads it on their very next page, whichever process answers.
// Without Redis every read goes to the database.
// Staleness is bounded even when Redis misbehaves: an invalidation that fails (Redis slow or away)
// clears this process's memory at once and is retried every half second until it goes through,
// and no entry is ever served after its Redis expiry (memory copies end with it): whatever
// happens, a write is seen by everyone within ttlSeconds (60 s for every listing).
import { createHash } from 'node:crypto';
import type { Logger } from './logger';
import { type RedisClient, withTimeout } from './redis';

/**
 * The cached listings, each forgotten as a whole by the writes that can change it: influencers
 * (searches, who a user follows), campaigns (search, a sponsor's dashboard, an influencer's
 * earnings), accounts (the admin's lists) and insights.
 */
export const FAMILIES = ['influencers', 'campaigns', 'accounts', 'insights'] as const;
export type Family = (typeof FAMILIES)[number];

/**
 * What a cached value depends on: listing families, and scopes of one person's own pages
 * (`inbox:42`), each with a version that a write bumps.
 */
export interface Depends {
  families: readonly Family[];
  scopes?: readonly string[];
}

export interface Cache {
  /**
   * The cached value of `key` under `on` (a family, or families and scopes), or `compute()`'s
   * (stored for `ttlSeconds`). Cached values are frozen.
   */
  wrap<T>(on: Family | Depends, key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T>;
  /** Forgets what depends on these families and scopes (after a write that may change them), here at once and elsewhere soon. */
  invalidate(families: readonly Family[], scopes?: readonly string[]): Promise<void>;
  close(): void;
}

const TIMEOUT_MS = 200;
/** How often a failed invalidation is tried again, and for how long at most. */
const RETRY_MS = 500;
const OWED_MS = 120_000;
/** At most this long in memory. */
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
  const versionKey = (family: Family) => `${prefix}:cache:version:${family}`;
  const scopeKey = (scope: string) => `${prefix}:cache:scope:${scope}`;
  /** Entries this process remembers, by versioned key (an older version is never asked for again). */
  const memory = new Map<string, { value: unknown; until: number }>();
  /** Computations in progress, by versioned key: one per process at a time. */
  const flights = new Map<string, Promise<unknown>>();

  /** Keeps a copy in memory for up to 10 s, and never past `expiresAt` (its Redis entry's end). */
  function remember(fullKey: string, value: unknown, expiresAt: number) {
    // The oldest entry makes room (a Map keeps insertion order).
    if (memory.size >= MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
    memory.set(fullKey, { value, until: Math.min(Date.now() + MEMORY_TTL_MS, expiresAt) });
  }

  /**
   * Reads the entry from Redis (under a hash of its key), else computes and stores it. An entry
   * carries its expiry time, so copies of it end when it does.
   */
  async function load<T>(fullKey: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
    const redisKey = `${prefix}:cache:v2:${createHash('sha1').update(fullKey).digest('hex')}`;
    const hit = await quick(redis.get(redisKey)).catch(() => null);
    if (hit !== null) {
      const entry = JSON.parse(hit) as { expiresAt: number; value: T };
      const value = deepFreeze(entry.value);
      remember(fullKey, value, entry.expiresAt);
      return value;
    }
    const value = deepFreeze(await compute());
    const expiresAt = Date.now() + ttlSeconds * 1000;
    redis.set(redisKey, JSON.stringify({ expiresAt, value }), 'PX', ttlSeconds * 1000).catch(() => undefined);
    remember(fullKey, value, expiresAt);
    return value;
  }

  /**
   * Version keys a failed invalidation still has to bump (and since when), tried again until Redis
   * takes them; after two minutes every entry they could hide has expired, and they are let go.
   */
  const owed = new Map<string, number>();
  let retrying: NodeJS.Timeout | null = null;
  const bump = (keys: readonly string[]) => Promise.all(keys.map((k) => quick(redis.incr(k))));
  function retryLater(keys: readonly string[]) {
    for (const key of keys) if (!owed.has(key)) owed.set(key, Date.now());
    if (retrying) return;
    retrying = setInterval(() => {
      for (const [key, since] of owed) if (Date.now() - since > OWED_MS) owed.delete(key);
      const keys = [...owed.keys()];
      bump(keys).then(
        () => {
          for (const key of keys) owed.delete(key);
          if (owed.size === 0 && retrying) {
            clearInterval(retrying);
            retrying = null;
            log.info('cache: a delayed invalidation went through');
          }
        },
        () => undefined,
      );
    }, RETRY_MS);
    retrying.unref();
  }

  return {
    async wrap<T>(on: Family | Depends, key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
      if (!up()) return compute();
      const { families, scopes = [] } = typeof on === 'string' ? { families: [on] } : on;
      let version: string;
      try {
        // One round trip for every version the value depends on.
        const versions = await quick(redis.mget(...families.map(versionKey), ...scopes.map(scopeKey)));
        version = versions.map((v) => v ?? '0').join('.');
      } catch {
        return compute();
      }
      const family = `${families.join('+')}${scopes.length ? `/${scopes.join('+')}` : ''}`;
      // Memory and flights are keyed by the text itself; only Redis gets the (shorter) hash, on a miss.
      const fullKey = `${family}:${version}:${key}`;
      const local = memory.get(fullKey);
      if (local && local.until > Date.now()) return local.value as T;
      let flight = flights.get(fullKey) as Promise<T> | undefined;
      if (!flight) {
        flight = load(fullKey, ttlSeconds, compute).finally(() => flights.delete(fullKey));
        flights.set(fullKey, flight);
      }
      return flight;
    },
    async invalidate(families, scopes = []) {
      if (families.length + scopes.length === 0) return;
      const keys = [...families.map(versionKey), ...scopes.map(scopeKey)];
      if (!up()) {
        // Nothing could have been cached while Redis was away, but what was cached before it left
        // must not come back when it returns: the bump waits for it.
        memory.clear();
        return retryLater(keys);
      }
      try {
        await bump(keys);
      } catch (err) {
        memory.clear();
        retryLater(keys);
        log.warn(`cache: could not invalidate (${(err as Error).message}); trying again every ${RETRY_MS} ms`);
      }
    },
    close() {
      memory.clear();
      if (retrying) clearInterval(retrying);
      retrying = null;
    },
  };
}
