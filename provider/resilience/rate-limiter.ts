/**
 * A client-side rate limiter per (endpoint, action) that adapts to the throttling it sees: a
 * token bucket whose rate starts unlimited. When `Throttling*` answers show an overload, the
 * rate drops to just under the most requests ECS accepted in one second lately (the limit's
 * best estimate; with nothing accepted, half of what was sent), and nothing is sent until the
 * requests ECS accepted in the last second are a second old. The rate then holds for a while
 * and grows with each success: additively (slowly) near the rate that was throttled,
 * geometrically (probing) well above it, so a passing throttle does not slow a long run for
 * good. Under a steady limit it runs just under the limit and probes it about once per hold.
 * While unlimited or holding, only an overload (most answers throttled) lowers the rate, so
 * throttles that come at random, at any rate (other callers spending the account's quota), do
 * not slide it towards the minimum. While unlimited it never waits, so the unthrottled path is
 * not slowed. Waiters are served first come, first served. Time is injected.
 */

import { numberOption, type NumberRange } from "./options";
import type { Clock } from "./clock";

export interface RateLimiterOptions {
  clock: Pick<Clock, "now" | "sleep">;
  /** Lowest rate, requests per second. @defaultValue 0.5 */
  minRate?: number;
  /**
   * An overload is fewer than this fraction of the last second's answers accepted; with nothing
   * accepted lately, a decrease multiplies the rate by it. @defaultValue 0.5
   */
  decreaseFactor?: number;
  /**
   * A decrease sets the rate to this fraction of the most requests ECS accepted in one second
   * lately (over the last one to two `holdMs`), and the rate never stays below it: that many got
   * through, so the limit is at least about that. Just under 1, so requests paced at this rate
   * stay under a limit counted over a sliding second. @defaultValue 0.98
   */
  acceptedFloor?: number;
  /**
   * After a decrease the rate does not grow for this long, ms, and only an overload lowers it
   * again: probing the limit costs a throttled request, so a steady limit is probed about once
   * per hold. @defaultValue 10000
   */
  holdMs?: number;
  /**
   * Rate gained per second of successful traffic up to 1.2 times the rate that was throttled,
   * requests per second per second. @defaultValue 0.1
   */
  increasePerSecond?: number;
  /**
   * Above 1.2 times the rate that was throttled, the rate grows by this fraction per second of
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
/** Answers in the last second needed to call it an overload. */
const MIN_ANSWERS = 4;
/** Tokens the bucket holds: 1, so requests are spaced evenly. */
const BURST = 1;

/** Timestamps within the last `windowMs` (a second); old ones are dropped as new ones arrive. */
class SlidingCount {
  private stamps: number[] = [];
  private head = 0;
  constructor(private readonly windowMs = WINDOW_MS) {}
  add(now: number): void {
    this.stamps.push(now);
    this.prune(now);
  }
  count(now: number): number {
    this.prune(now);
    return this.stamps.length - this.head;
  }
  /** The oldest timestamp within the last second, if any. */
  oldest(now: number): number | undefined {
    this.prune(now);
    return this.head < this.stamps.length ? this.stamps[this.head] : undefined;
  }
  private prune(now: number): void {
    while (this.head < this.stamps.length && this.stamps[this.head] <= now - this.windowMs)
      this.head++;
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
  /** No request goes out before this time (ms), set when ECS throttles. */
  private pausedUntil = -Infinity;
  private readonly waiters: Array<() => void> = [];
  private pumping = false;
  private readonly sent = new SlidingCount();
  private readonly accepted = new SlidingCount();
  /** Answers of the last second, accepted or throttled. */
  private readonly answered = new SlidingCount();
  /** The most requests accepted within one second, in this `holdMs` epoch and the one before. */
  private peak = 0;
  private previousPeak = 0;
  private epochStart = -Infinity;
  private readonly options: Required<Omit<RateLimiterOptions, "clock">>;

  constructor(private readonly config: RateLimiterOptions) {
    const option = (name: keyof RateLimiterOptions, fallback: number, range: NumberRange) =>
      numberOption("RateLimiter", name, config[name] as number | undefined, fallback, range);
    const minRate = option("minRate", 0.5, { min: 0, above: true });
    this.options = {
      minRate,
      decreaseFactor: option("decreaseFactor", 0.5, { min: 0, above: true, max: 0.99 }),
      acceptedFloor: option("acceptedFloor", 0.98, { min: 0, above: true, max: 1 }),
      holdMs: option("holdMs", 10_000, { min: 0 }),
      increasePerSecond: option("increasePerSecond", 0.1, { min: 0, above: true }),
      probeGrowthPerSecond: option("probeGrowthPerSecond", 0.2, { min: 0, above: true }),
      maxRate: option("maxRate", 1_000, { min: minRate }),
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
    const now = this.config.clock.now();
    this.accepted.add(now);
    this.answered.add(now);
    if (now - this.epochStart >= this.options.holdMs) {
      this.previousPeak = this.peak;
      this.peak = 0;
      this.epochStart = now;
    }
    this.peak = Math.max(this.peak, this.accepted.count(now));
    if (this.rate === Infinity) return;
    this.refill();
    // Answers to a burst can arrive after the throttle that ended it: what ECS accepted since
    // is still at least the limit.
    this.rate = Math.max(this.rate, this.options.acceptedFloor * this.recentPeak());
    if (now - this.lastDecreaseAt < this.options.holdMs) return;
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

  /**
   * The request sent with `ticket` was throttled. One decrease per burst of throttles; while
   * unlimited or holding, only on an overload.
   */
  onThrottle(ticket: Ticket): void {
    const now = this.config.clock.now();
    this.answered.add(now);
    if (ticket.sentAt <= this.lastDecreaseAt) return;
    this.refill();
    const base = this.rate === Infinity ? Math.max(1, this.sent.count(now)) : this.rate;
    // Unlimited, or holding after a decrease: only an overload (ECS accepting less than half of
    // at least a few answers in the last second) lowers the rate; a few throttles among many
    // successes do not, nor a throttle that came back before the successes sent with it.
    const holding = this.rate === Infinity || now - this.lastDecreaseAt < this.options.holdMs;
    const answered = this.answered.count(now);
    const overloaded =
      answered >= MIN_ANSWERS && this.accepted.count(now) < this.options.decreaseFactor * answered;
    if (holding && !overloaded) return;
    // Just under the most ECS accepted in one second lately; with nothing accepted, halve.
    const peak = this.recentPeak();
    const target = Math.max(
      this.options.minRate,
      peak > 0 ? this.options.acceptedFloor * peak : base * this.options.decreaseFactor,
    );
    // ECS accepted about as many as the rate: this throttle is not about the rate.
    if (target >= base) return;
    this.throttledAt = base;
    this.rate = target;
    this.tokens = Math.min(this.tokens, 0);
    this.refilledAt = now;
    this.lastDecreaseAt = now;
    // ECS counts requests over a sliding second: those it accepted in the last second still
    // count, so sending before the oldest of them is a second old would only be throttled again
    // (after a burst, that is most of a second).
    const oldest = this.accepted.oldest(now);
    if (oldest !== undefined) this.pausedUntil = Math.max(this.pausedUntil, oldest + WINDOW_MS);
  }

  private recentPeak(): number {
    return Math.max(this.peak, this.previousPeak);
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
    if (this.tokens < 1 || this.config.clock.now() < this.pausedUntil) return false;
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
        const waitMs = Math.max(
          ((1 - this.tokens) / this.rate) * 1_000,
          this.pausedUntil - this.config.clock.now(),
        );
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
