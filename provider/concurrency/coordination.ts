/**
 * Coordination of writes within one provider process (DESIGN decision 6): writes to one
 * instance or ENI go one at a time (a FIFO lock per target), and a registry of the Joins in
 * flight per target lets delete tell "last group, but a Join for this target is on its way"
 * (wait, then retry) from "last group" (fatal).
 */

export class TargetCoordinator {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly joins = new Map<string, Set<Promise<unknown>>>();

  /** Run `work` when no other write to `key` runs; writes to one key run in call order. */
  async withWriteLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Register a create's Join work for `key` until it settles; returns `work`. */
  trackJoin<T>(key: string, work: Promise<T>): Promise<T> {
    const set = this.joins.get(key) ?? new Set<Promise<unknown>>();
    this.joins.set(key, set);
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    set.add(settled);
    void settled.then(() => {
      set.delete(settled);
      if (set.size === 0 && this.joins.get(key) === set) this.joins.delete(key);
    });
    return work;
  }

  /** Promises that settle when the Joins now in flight for `key` have finished. */
  joinsInFlight(key: string): Promise<unknown>[] {
    return [...(this.joins.get(key) ?? [])];
  }
}
