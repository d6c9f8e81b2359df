export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs `work` once things have been quiet for `delayMs` (edits, saves, git changes come in
 * bursts), never two at a time: a request during a run starts one more run after it, with the
 * reasons gathered meanwhile. `whenIdle` resolves when nothing is pending or running.
 */
export class UpdateScheduler {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private reasons = new Set<string>();
  private waiters: (() => void)[] = [];
  private disposed = false;

  constructor(
    private readonly work: (reasons: ReadonlySet<string>) => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Asks for a run after the quiet period; `immediate` skips the wait (a command). */
  request(reason: string, immediate = false): void {
    if (this.disposed) return;
    this.reasons.add(reason);
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, immediate ? 0 : this.delayMs);
  }

  get idle(): boolean {
    return this.timer === undefined && this.running === undefined && this.reasons.size === 0;
  }

  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.reasons.clear();
    this.settle();
  }

  private start(): void {
    if (this.running !== undefined || this.disposed) return;
    const reasons = this.reasons;
    this.reasons = new Set();
    this.running = this.work(reasons)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        // Asked for again while running, and its wait is over: go on at once.
        if (this.reasons.size > 0 && this.timer === undefined) this.start();
        else this.settle();
      });
  }

  private settle(): void {
    if (!this.idle && !this.disposed) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
