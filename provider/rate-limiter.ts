/**
 * A client-side rate limiter per (endpoint, action) that adapts to the throttling it sees:
 * a token bucket whose rate starts unlimited, drops on `Throttling*` answers (multiplicative
 * decrease, but never below what ECS accepted in the last second) and grows with each success:
 * additively (slowly) near the rate that was last throttled, geometrically (probing) once well
 * above it, so a passing throttle does not slow a long run for good. While unlimited it never waits, so the unthrottled path is not slowed.
 * Waiters are served first come, first served. Time is injected.
 */

import type { Clock } from "./clock";

export interface RateLimiterOptions {
  clock: Pick<Clock, "now" | "sleep">;
  /** Lowest rate, requests per second. @defaultValue 0.5 */
  minRate?: number;
  /** The rate is multiplied by this on throttling. @defaultValue 0.5 */
  decreaseFactor?: number;
  /**
   * On throttling the rate does not drop below this fraction of the requests ECS accepted in
   * the last second: that many got through, so the limit is at least about that.
   * @defaultValue 0.9
   */
  acceptedFloor?: number;
  /**
   * Rate gained per second of successful traffic near the last throttled rate, requests per
   * second per second. @defaultValue 0.1
   */
  increasePerSecond?: number;
  /**
   * Above 1.2 times the last throttled rate, the rate grows by this fraction per second of
   * successful traffic instead. @defaultValue 0.2
   */
  probeGrowthPerSecond?: number;
  /** Above this rate the limiter stops limiting, requests per second. @defaultValue 1000 */
  maxRate?: number;
}

/** Handed out by `acquire`, given back with the result. */
export interface Ticket {
  readonly sentAt: number;
}

const WINDOW_MS = 1_000;
/** Tokens the bucket holds: 1, so requests are spaced evenly. */
const BURST = 1;

/** Timestamps within the last second; old ones are dropped as new ones arrive. */
class SlidingCount {
  private stamps: number[] = [];
  private head = 0;
  add(now: number): void {
    this.stamps.push(now);
    this.prune(now);
  }
  count(now: number): number {
    this.prune(now);
    return this.stamps.length - this.head;
  }
  private prune(now: number): void {
    while (this.head < this.stamps.length && this.stamps[this.head] <= now - WINDOW_MS) this.head++;
    if (this.head > 64 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
  }
}

export class AdaptiveRateLimiter {
  private rate = Infinity;
  private tokens = 0;
  private refilledAt = 0;
  private lastDecreaseAt = -Infinity;
  /** The rate in use when ECS last throttled. */
  private throttledAt = 0;
  private readonly waiters: Array<() => void> = [];
  private pumping = false;
  private readonly sent = new SlidingCount();
  private readonly accepted = new SlidingCount();
  private readonly options: Required<Omit<RateLimiterOptions, "clock">>;

  constructor(private readonly config: RateLimiterOptions) {
    this.options = {
      minRate: config.minRate ?? 0.5,
      decreaseFactor: config.decreaseFactor ?? 0.5,
      acceptedFloor: config.acceptedFloor ?? 0.9,
      increasePerSecond: config.increasePerSecond ?? 0.1,
      probeGrowthPerSecond: config.probeGrowthPerSecond ?? 0.2,
      maxRate: config.maxRate ?? 1_000,
    };
  }

  /** Requests per second now; `Infinity` while unlimited. */
  get currentRate(): number {
    return this.rate;
  }

  /** Wait for a turn. Resolves at once while unlimited. */
  async acquire(): Promise<Ticket> {
    if (this.waiters.length === 0 && (this.rate === Infinity || this.takeToken())) {
      return this.stamp();
    }
    await new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      void this.pump();
    });
    return this.stamp();
  }

  /** The request sent with `ticket` succeeded (or failed for a reason other than throttling). */
  onSuccess(_ticket: Ticket): void {
    this.accepted.add(this.config.clock.now());
    if (this.rate === Infinity) return;
    this.refill();
    const probing = this.rate > 1.2 * this.throttledAt;
    const perSecond = probing
      ? this.rate * this.options.probeGrowthPerSecond
      : this.options.increasePerSecond;
    this.rate += perSecond / this.rate;
    if (this.rate >= this.options.maxRate) {
      this.rate = Infinity;
      void this.pump();
    }
  }

  /** The request sent with `ticket` was throttled. One decrease per burst of throttles. */
  onThrottle(ticket: Ticket): void {
    if (ticket.sentAt <= this.lastDecreaseAt) return;
    const now = this.config.clock.now();
    this.refill();
    const base = this.rate === Infinity ? Math.max(1, this.sent.count(now)) : this.rate;
    this.throttledAt = base;
    const floor = this.options.acceptedFloor * this.accepted.count(now);
    const decreased = Math.max(this.options.minRate, base * this.options.decreaseFactor, floor);
    this.rate = Math.min(base, decreased);
    this.tokens = Math.min(this.tokens, 0);
    this.refilledAt = now;
    this.lastDecreaseAt = now;
  }

  private stamp(): Ticket {
    const sentAt = this.config.clock.now();
    this.sent.add(sentAt);
    return { sentAt };
  }

  private refill(): void {
    const now = this.config.clock.now();
    if (this.rate !== Infinity) {
      this.tokens = Math.min(BURST, this.tokens + ((now - this.refilledAt) * this.rate) / 1_000);
    }
    this.refilledAt = now;
  }

  private takeToken(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        if (this.rate === Infinity || this.takeToken()) {
          this.waiters.shift()!();
          continue;
        }
        const waitMs = ((1 - this.tokens) / this.rate) * 1_000;
        await this.config.clock.sleep(Math.max(1, Math.ceil(waitMs)));
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** One limiter per key, e.g. `${endpoint}|${action}`, for the life of the process. */
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, AdaptiveRateLimiter>();
  constructor(private readonly options: RateLimiterOptions) {}
  get(key: string): AdaptiveRateLimiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new AdaptiveRateLimiter(this.options);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
