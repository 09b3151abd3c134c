/** The timers of delayed answers (fault rules' latency), which `cancelAll` ends at once. */
export class Delays {
  private readonly pending = new Set<() => void>();

  /** Resolves true after `ms`, or false as soon as `cancelAll` is called. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        this.pending.delete(cancel);
        resolve(elapsed);
      };
      const cancel = () => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.pending.add(cancel);
    });
  }

  cancelAll() {
    for (const cancel of [...this.pending]) cancel();
  }
}
