// Fixed-window login counters, kept in the database (table login_limits): every web process counts
// against the same allowance, and a restart does not reset it. One indexed upsert per attempt,
// next to the argon2 hash that dominates a login.
import type { Knex } from 'knex';
import { TooManyAttempts } from '../errors';

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

  /**
   * Counts one attempt for `key` and says whether it was within the limit, in one statement: two
   * parallel attempts can never both take the last one (the count is reserved before the slow
   * password check, not after it). A new window starts when there is none or it has ended.
   */
  async reserve(key: string, at = Date.now()): Promise<LimitCheck> {
    this.hits += 1;
    if (this.hits % PRUNE_EVERY === 0) await this.db('login_limits').where('reset_at', '<=', at).delete();
    const result: unknown = await this.db.raw(
      `INSERT INTO login_limits (key, count, reset_at) VALUES (?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN login_limits.reset_at <= ? THEN 1 ELSE login_limits.count + 1 END,
         reset_at = CASE WHEN login_limits.reset_at <= ? THEN excluded.reset_at ELSE login_limits.reset_at END
       RETURNING count, reset_at`,
      [this.key(key), at + this.windowMs, at, at],
    );
    // better-sqlite3 answers with the rows, pg with a result holding them.
    const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { count: number; reset_at: number | string }[];
    if (Number(row!.count) <= this.limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((Number(row!.reset_at) - at) / 1000)) };
  }

  /** Counts one event for `key`. */
  async hit(key: string, at = Date.now()): Promise<void> {
    await this.reserve(key, at);
  }

  async reset(key: string): Promise<void> {
    await this.db('login_limits').where({ key: this.key(key) }).delete();
  }
}

/**
 * Failed attempts at a password, per address and per account (the login form and the profile's
 * current password alike), and sign-ups per address.
 */
export interface LoginLimits {
  perAddress: RateLimiter;
  perAccount: RateLimiter;
  /** Failures for one account from one address: what still counts once the address is over its limit. */
  perPair: RateLimiter;
  signups: RateLimiter;
}

/** Tries an account still has from an address that is over its limit. */
export const TRIES_PER_ACCOUNT_FROM_A_BUSY_ADDRESS = 3;

export interface LoginLimitOptions {
  perAddress?: number;
  perAccount?: number;
  /** Sign-ups from one address per hour. */
  signups?: number;
  windowMs?: number;
}

export function createLoginLimits(db: Knex, options: LoginLimitOptions = {}): LoginLimits {
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  return {
    perAddress: new RateLimiter(db, 'address', options.perAddress ?? 30, windowMs),
    perAccount: new RateLimiter(db, 'account', options.perAccount ?? 10, windowMs),
    perPair: new RateLimiter(db, 'pair', TRIES_PER_ACCOUNT_FROM_A_BUSY_ADDRESS, windowMs),
    signups: new RateLimiter(db, 'signup', options.signups ?? 20, 60 * 60 * 1000),
  };
}

/**
 * Checks a password under the limits. The account's attempt is reserved before the slow check, in
 * one statement, so parallel guesses at one account cannot slip past its limit; a right password
 * forgets its failures. The address counts failures only, after the check, and past its limit it
 * slows guessing without locking anyone out: each account then has a few tries of its own from
 * that address (failures counted per account and address), so a colleague in an office where
 * someone guessed, who knows their password, still gets in. `account` is the account's id where
 * there is one, so its username and email share one count. Over a limit, nothing is checked:
 * {@link TooManyAttempts}, its message on `field`.
 */
export async function checkPasswordLimited(
  limits: LoginLimits,
  at: { address: string; account: string; field: string; what: string },
  check: () => Promise<boolean>,
): Promise<boolean> {
  const pair = `${at.account}@${at.address}`;
  const byAddress = await limits.perAddress.check(at.address);
  const byPair = byAddress.allowed ? byAddress : await limits.perPair.check(pair);
  const byAccount = byPair.allowed ? await limits.perAccount.reserve(at.account) : byPair;
  if (!byAccount.allowed) throw new TooManyAttempts(byAccount.retryAfterSeconds, at.field, at.what);
  const ok = await check();
  if (ok) await Promise.all([limits.perAccount.reset(at.account), limits.perPair.reset(pair)]);
  else await Promise.all([limits.perAddress.hit(at.address), limits.perPair.hit(pair)]);
  return ok;
}

/** Counts a sign-up from `address`; over the limit, {@link TooManyAttempts} on `field`. */
export async function countSignup(limits: LoginLimits, address: string, field: string): Promise<void> {
  const allowance = await limits.signups.reserve(address);
  if (!allowance.allowed) throw new TooManyAttempts(allowance.retryAfterSeconds, field, 'sign-ups from your network');
}
