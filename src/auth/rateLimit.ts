// Fixed-window login counters, kept in the database (table login_limits): every web process counts
// against the same allowance, and a restart does not reset it. One indexed upsert per attempt,
// next to the argon2 hash that dominates a login.
import type { Knex } from 'knex';

export interface LimitCheck {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Expired windows are deleted every this many hits (by this process). */
const PRUNE_EVERY = 500;

export class RateLimiter {
  private hits = 0;

  constructor(
    private readonly db: Knex,
    /** Prefix of this limiter's keys, e.g. 'address'. */
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private key(key: string): string {
    return `${this.name}:${key}`;
  }

  /** Whether `key` is still under its limit, without counting anything. */
  async check(key: string, at = Date.now()): Promise<LimitCheck> {
    const w = await this.db('login_limits').where({ key: this.key(key) }).first('count', 'reset_at');
    const resetAt = w ? Number(w.reset_at) : 0;
    if (!w || resetAt <= at || Number(w.count) < this.limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.ceil((resetAt - at) / 1000) };
  }

  /** Counts one event for `key`: a new window when there is none or it has ended. */
  async hit(key: string, at = Date.now()): Promise<void> {
    this.hits += 1;
    if (this.hits % PRUNE_EVERY === 0) await this.db('login_limits').where('reset_at', '<=', at).delete();
    await this.db.raw(
      `INSERT INTO login_limits (key, count, reset_at) VALUES (?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN login_limits.reset_at <= ? THEN 1 ELSE login_limits.count + 1 END,
         reset_at = CASE WHEN login_limits.reset_at <= ? THEN excluded.reset_at ELSE login_limits.reset_at END`,
      [this.key(key), at + this.windowMs, at, at],
    );
  }

  async reset(key: string): Promise<void> {
    await this.db('login_limits').where({ key: this.key(key) }).delete();
  }
}

/** Login attempts: per address (every attempt) and per account (failed attempts). */
export interface LoginLimits {
  perAddress: RateLimiter;
  perAccount: RateLimiter;
}

export interface LoginLimitOptions {
  perAddress?: number;
  perAccount?: number;
  windowMs?: number;
}

export function createLoginLimits(db: Knex, options: LoginLimitOptions = {}): LoginLimits {
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  return {
    perAddress: new RateLimiter(db, 'address', options.perAddress ?? 30, windowMs),
    perAccount: new RateLimiter(db, 'account', options.perAccount ?? 10, windowMs),
  };
}
