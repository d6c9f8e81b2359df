/**
 * Counts work in flight (debounce timers, worker loads, redraws) so that tests and commands
 * can wait until the extension has settled instead of sleeping.
 */
export class Activity {
  private pending = 0;
  private waiters: (() => void)[] = [];

  begin(): () => void {
    this.pending++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending--;
      if (this.pending === 0) for (const resolve of this.waiters.splice(0)) resolve();
    };
  }

  async track<T>(work: Promise<T>): Promise<T> {
    const end = this.begin();
    try {
      return await work;
    } finally {
      end();
    }
  }

  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
