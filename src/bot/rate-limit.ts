// Per-user sliding-window limit on questions, with a single warning per blocked stretch (no reply spam).

/** Outcome of one attempt. */
export type RateDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Seconds until the user may ask again. */
      retryAfter: number;
      /** True for the first blocked attempt of a stretch; later ones should be ignored silently. */
      warn: boolean;
    };

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Attempts allowed per window. */
  limit: number;
  /** Window length in ms. Default 60 000. */
  windowMs?: number;
  /** Clock, injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/** Sliding-window counter keyed by user id; synchronous, so concurrent updates cannot race past it. */
export class RateLimiter {
  private readonly hits = new Map<number, number[]>();
  private readonly warned = new Set<number>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Records an attempt by `userId` and says whether it may go ahead. */
  attempt(userId: number): RateDecision {
    const now = this.now();
    const recent = (this.hits.get(userId) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(userId, recent);
      const retryAfter = Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
      const warn = !this.warned.has(userId);
      this.warned.add(userId);
      return { allowed: false, retryAfter, warn };
    }
    recent.push(now);
    this.hits.set(userId, recent);
    this.warned.delete(userId);
    if (this.hits.size > 10_000) this.prune(now);
    return { allowed: true };
  }

  private prune(now: number): void {
    for (const [id, times] of this.hits) {
      if (times.every((t) => now - t >= this.windowMs)) {
        this.hits.delete(id);
        this.warned.delete(id);
      }
    }
  }
}
