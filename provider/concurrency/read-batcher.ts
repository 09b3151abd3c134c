/**
 * Batches reads that are in flight together into one call per `maxBatchSize` distinct keys.
 * Reads gather in a window that closes when no read arrived for `windowMs` (and at the latest
 * `maxWaitMs` after the first); the close waits for the reads the process already received
 * but has not handled yet (it runs after pending I/O), so a busy moment does not split a
 * window. With `closeAtLastSize`, a window also closes as soon as it holds as many reads as
 * the previous one closed with: when the caller keeps a fixed number of reads in flight (the
 * engine's `--parallel`), every round closes at once instead of waiting out `windowMs`.
 * Duplicate keys in a window share one slot, and the window's distinct keys are then sent in
 * chunks of `maxBatchSize` per group (`groupOf`: keys of different groups, e.g. instances and
 * ENIs, share the window but never a call). Nothing is cached: a key read after its window closed goes into
 * the next one. At most `maxInFlight` calls run at once; chunks queued behind them merge, so a
 * slow or rate-limited API is called less often, with fuller batches.
 */

import { numberOption, type NumberRange } from "../resilience/options";
import { outsideAttempt } from "../ecs/attempt-scope";

export interface ReadBatcherOptions {
  /** Idle time that closes a batch, ms. @defaultValue 10 */
  windowMs?: number;
  /** Longest a batch stays open, ms. @defaultValue 50 */
  maxWaitMs?: number;
  /** Most distinct keys per call. @defaultValue 100 */
  maxBatchSize?: number;
  /** Batches running at once. @defaultValue 2 */
  maxInFlight?: number;
  /** Close a window once it holds as many reads as the previous window. @defaultValue false */
  closeAtLastSize?: boolean;
  /** The group of a key; each call carries keys of one group. @defaultValue one group */
  groupOf?: (key: string) => string;
  /**
   * Timer injection for tests; `defer` runs a close after pending I/O.
   * @defaultValue setTimeout / clearTimeout / setImmediate (a custom `timers` without `defer` closes at once)
   */
  timers?: {
    set(run: () => void, ms: number): unknown;
    clear(handle: unknown): void;
    defer?(run: () => void): void;
  };
  now?: () => number;
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/** `load` answers a batch of keys; a key absent from the map resolves to `undefined`. */
export class ReadBatcher<V> {
  private open = new Map<string, Waiter<V>[]>();
  private openedAt = 0;
  /** Reads (duplicates included) in the open window, and in the window closed before it. */
  private reads = 0;
  private lastSize = 0;
  private timer: unknown;
  /** Bumped whenever the window is re-armed or closed, so a stale deferred close does nothing. */
  private generation = 0;
  /** Closed windows' chunks waiting for a call, each of one group. */
  private readonly ready: { group: string; batch: Map<string, Waiter<V>[]> }[] = [];
  private inFlight = 0;
  private readonly o: Required<Omit<ReadBatcherOptions, "timers" | "now">>;
  private readonly timers: NonNullable<ReadBatcherOptions["timers"]>;
  private readonly now: () => number;

  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    options: ReadBatcherOptions = {},
  ) {
    const option = (name: keyof ReadBatcherOptions, fallback: number, range: NumberRange) =>
      numberOption("ReadBatcher", name, options[name] as number | undefined, fallback, range);
    this.o = {
      windowMs: option("windowMs", 10, { min: 0 }),
      maxWaitMs: option("maxWaitMs", 50, { min: 0 }),
      maxBatchSize: option("maxBatchSize", 100, { min: 1, integer: true }),
      maxInFlight: option("maxInFlight", 2, { min: 1, integer: true }),
      closeAtLastSize: options.closeAtLastSize ?? false,
      groupOf: options.groupOf ?? (() => ""),
    };
    this.timers = options.timers ?? {
      set: (run, ms) => setTimeout(run, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      defer: (run) => setImmediate(run),
    };
    this.now = options.now ?? Date.now;
  }

  /** The value for `key`, read in the next batch. */
  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      if (this.open.size === 0) this.openedAt = this.now();
      const waiting = this.open.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.open.set(key, [{ resolve, reject }]);
      this.reads++;
      if (this.o.closeAtLastSize && this.reads === this.lastSize) this.close();
      else this.arm();
    });
  }

  private arm(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    const generation = ++this.generation;
    const left = this.openedAt + this.o.maxWaitMs - this.now();
    const closeIfStill = () => generation === this.generation && this.close();
    this.timer = this.timers.set(
      () => (this.timers.defer ? this.timers.defer(closeIfStill) : closeIfStill()),
      Math.max(0, Math.min(this.o.windowMs, left)),
    );
  }

  private close(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.generation++;
    this.lastSize = this.reads;
    this.reads = 0;
    const groups = new Map<string, string[]>();
    for (const key of this.open.keys()) {
      const group = this.o.groupOf(key);
      groups.set(group, [...(groups.get(group) ?? []), key]);
    }
    for (const [group, keys] of groups) {
      for (let i = 0; i < keys.length; i += this.o.maxBatchSize) {
        const chunk = keys.slice(i, i + this.o.maxBatchSize);
        this.ready.push({ group, batch: new Map(chunk.map((k) => [k, this.open.get(k)!])) });
      }
    }
    this.open = new Map();
    this.drain();
  }

  private drain(): void {
    while (this.inFlight < this.o.maxInFlight && this.ready.length > 0) {
      const { group, batch: first } = this.ready.shift()!;
      let batch = first;
      // Chunks of the same group that queued behind running calls merge, up to the size limit.
      for (let i = 0; i < this.ready.length;) {
        const next = this.ready[i];
        if (next.group !== group || batch.size + next.batch.size > this.o.maxBatchSize) {
          i++;
          continue;
        }
        this.ready.splice(i, 1);
        for (const [key, waiters] of next.batch) batch = append(batch, key, waiters);
      }
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: Map<string, Waiter<V>[]>): Promise<void> {
    try {
      // One read for several operations: it belongs to none of their attempts.
      const values = await outsideAttempt(() => this.load([...batch.keys()]));
      for (const [key, waiters] of batch) for (const w of waiters) w.resolve(values.get(key));
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    } finally {
      this.inFlight--;
      this.drain();
    }
  }
}

function append<V>(batch: Map<string, Waiter<V>[]>, key: string, waiters: Waiter<V>[]) {
  batch.set(key, [...(batch.get(key) ?? []), ...waiters]);
  return batch;
}
