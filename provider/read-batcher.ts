/**
 * Batches reads that are in flight together into one call per `maxBatchSize` distinct keys.
 * Reads gather in a window that closes when no new key arrived for `windowMs` (and at the
 * latest `maxWaitMs` after the first); duplicate keys in a window share one slot, and the
 * window's distinct keys are then sent in chunks of `maxBatchSize`. Nothing is cached: a key
 * read after its window closed goes into the next one. At most `maxInFlight` calls run at
 * once; chunks queued behind them merge, so a slow or rate-limited API is called less often,
 * with fuller batches.
 */

export interface ReadBatcherOptions {
  /** Idle time that closes a batch, ms. @defaultValue 10 */
  windowMs?: number;
  /** Longest a batch stays open, ms. @defaultValue 50 */
  maxWaitMs?: number;
  /** Most distinct keys per call. @defaultValue 100 */
  maxBatchSize?: number;
  /** Batches running at once. @defaultValue 2 */
  maxInFlight?: number;
  /** Timer injection for tests. @defaultValue setTimeout / clearTimeout */
  timers?: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
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
  private timer: unknown;
  private readonly ready: Map<string, Waiter<V>[]>[] = [];
  private inFlight = 0;
  private readonly o: Required<Omit<ReadBatcherOptions, "timers" | "now">>;
  private readonly timers: NonNullable<ReadBatcherOptions["timers"]>;
  private readonly now: () => number;

  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    options: ReadBatcherOptions = {},
  ) {
    this.o = {
      windowMs: options.windowMs ?? 10,
      maxWaitMs: options.maxWaitMs ?? 50,
      maxBatchSize: options.maxBatchSize ?? 100,
      maxInFlight: options.maxInFlight ?? 2,
    };
    this.timers = options.timers ?? {
      set: (run, ms) => setTimeout(run, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    this.now = options.now ?? Date.now;
  }

  /** The value for `key`, read in the next batch. */
  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.open.get(key);
      if (waiting) {
        waiting.push({ resolve, reject });
        return;
      }
      if (this.open.size === 0) this.openedAt = this.now();
      this.open.set(key, [{ resolve, reject }]);
      this.arm();
    });
  }

  private arm(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    const left = this.openedAt + this.o.maxWaitMs - this.now();
    this.timer = this.timers.set(() => this.close(), Math.max(0, Math.min(this.o.windowMs, left)));
  }

  private close(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    const keys = [...this.open.keys()];
    for (let i = 0; i < keys.length; i += this.o.maxBatchSize) {
      this.ready.push(
        new Map(keys.slice(i, i + this.o.maxBatchSize).map((k) => [k, this.open.get(k)!])),
      );
    }
    this.open = new Map();
    this.drain();
  }

  private drain(): void {
    while (this.inFlight < this.o.maxInFlight && this.ready.length > 0) {
      let batch = this.ready.shift()!;
      // Batches that queued behind running ones merge, up to the size limit.
      while (this.ready.length > 0 && batch.size + this.ready[0].size <= this.o.maxBatchSize) {
        const next = this.ready.shift()!;
        for (const [key, waiters] of next) batch = append(batch, key, waiters);
      }
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: Map<string, Waiter<V>[]>): Promise<void> {
    try {
      const values = await this.load([...batch.keys()]);
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
