// Fixed-window counters kept in this process's memory. With several web processes each counts on
// its own, which multiplies the allowance by the number of processes but never lowers it.

export interface LimitCheck {
  allowed: boolean;
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Whether `key` is still under its limit, without counting anything. */
  check(key: string, at = Date.now()): LimitCheck {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= at || w.count < this.limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.ceil((w.resetAt - at) / 1000) };
  }

  /** Counts one event for `key`. */
  hit(key: string, at = Date.now()): void {
    if (this.windows.size > 10_000) this.prune(at);
    const w = this.windows.get(key);
    if (!w || w.resetAt <= at) this.windows.set(key, { count: 1, resetAt: at + this.windowMs });
    else w.count += 1;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(at: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= at) this.windows.delete(key);
  }
}

/** Login attempts: per address (every attempt) and per account (failed attempts). */
export interface LoginLimits {
  perAddress: RateLimiter;
  perAccount: RateLimiter;
}

export function createLoginLimits(options: { perAddress?: number; perAccount?: number; windowMs?: number } = {}): LoginLimits {
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  return {
    perAddress: new RateLimiter(options.perAddress ?? 30, windowMs),
    perAccount: new RateLimiter(options.perAccount ?? 10, windowMs),
  };
}
