/** Main-thread time one slice may take before the work yields to the event loop. */
export const SLICE_BUDGET_MS = 8;

export interface SliceOptions {
  readonly budgetMs?: number;
  /** Checked before each slice: true stops the work there. */
  readonly cancelled?: () => boolean;
  readonly now?: () => number;
  /** Gives the event loop its turn between slices (a macrotask, so timers and messages run). */
  readonly yieldToEventLoop?: () => Promise<void>;
}

/**
 * Calls `work` on every item in order, in slices of at most `budgetMs` of main-thread time with a
 * yield to the event loop between two slices, so that tens of thousands of items never hold the
 * extension host. At least one item runs per slice. Resolves true when every item was done,
 * false when `cancelled` stopped it first.
 */
export async function inSlices<T>(items: readonly T[], work: (item: T, index: number) => void, options: SliceOptions = {}): Promise<boolean> {
  const { budgetMs = SLICE_BUDGET_MS, cancelled = () => false, now = () => performance.now(), yieldToEventLoop = nextTask } = options;
  let i = 0;
  while (i < items.length) {
    if (cancelled()) return false;
    const started = now();
    do {
      work(items[i] as T, i);
      i++;
    } while (i < items.length && now() - started < budgetMs);
    if (i < items.length) await yieldToEventLoop();
  }
  return !cancelled();
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
