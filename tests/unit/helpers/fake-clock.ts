/**
 * Virtual time for retry, wait and rate-limit tests. `sleep` registers a timer; whenever the
 * process has nothing else to do (a `setImmediate` turn), the earliest timer fires and time
 * jumps to it. Concurrent flows interleave as they would in real time, in milliseconds.
 */

import type { Clock } from "../../../provider/resilience/clock";

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
}

export class FakeClock implements Clock {
  time: number;
  readonly sleeps: number[] = [];
  private timers: Timer[] = [];
  private seq = 0;
  private scheduled = false;
  private randomIndex = 0;

  /** `random`: a fixed value, or a sequence that repeats. */
  constructor(
    private readonly randomValues: number | number[] = 0.5,
    start = 1_000_000,
  ) {
    this.time = start;
  }

  now = (): number => this.time;

  random = (): number => {
    if (typeof this.randomValues === "number") return this.randomValues;
    const value = this.randomValues[this.randomIndex % this.randomValues.length];
    this.randomIndex++;
    return value;
  };

  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
      this.schedule();
    });
  };

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.time = Math.max(this.time, next.at);
      next.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

/** A seeded pseudo-random sequence (mulberry32), for simulations. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
