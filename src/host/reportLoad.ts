/**
 * The load policy of a report file, without `vscode`: wait until a writer has finished (size and
 * modification time stable), retry a report that looks cut short or fails to parse while it is
 * still being written, let a newer load of the same report supersede an older one, and say what
 * the outcome means for the index (show, remove, keep the last good version and tell).
 */
import { stat } from 'node:fs/promises';
import type { LoadedReport, WorkerError } from '../shared/protocol';
import { type ReceivedReport, receivedReport } from '../shared/wire';
import { describeWorkerError, WorkerRequestError } from '../shared/protocol';

const STABLE_CHECK_MS = 100;
const STABLE_CHECKS = 20;
/** A report a test run is still writing fails to parse; it is retried this many times. */
export const PARSE_RETRIES = 3;
const RETRY_DELAY_MS = 400;

export interface Clock {
  now(): number;
  delay(ms: number): Promise<void>;
}

/** What the load policy needs of the file system. */
export interface FileView {
  /** Size and modification time, or undefined when the file is missing. */
  stat(path: string): Promise<{ readonly size: number; readonly mtimeMs: number } | undefined>;
}

export type LoadOutcome =
  /** Show it; `reportModifiedMs` is when the report file was last written. */
  | { readonly kind: 'loaded'; readonly loaded: ReceivedReport; readonly reportModifiedMs: number }
  /** The file is gone: its report leaves the index. */
  | { readonly kind: 'missing' }
  /** Only shares a report's name: it leaves the index, with a line in the log and no warning. */
  | { readonly kind: 'notCoverage'; readonly reason: string }
  /** Could not be read: the last good version (if any) stays shown and the user is told. */
  | { readonly kind: 'failed'; readonly error: WorkerError }
  /** A newer load of the same report started meanwhile: this one's result is dropped. */
  | { readonly kind: 'superseded' };

export class ReportLoads {
  /** The newest load of each report; an older load that finishes later is discarded. */
  private readonly latestLoad = new Map<string, number>();
  private loadCounter = 0;

  constructor(
    private readonly files: FileView,
    private readonly clock: Clock,
    private readonly log: { debug(message: string): void; warn(message: string): void },
  ) {}

  /** Loads the report at `path` (known as `key`) through `request`, one attempt per call. */
  async load(key: string, path: string, request: () => Promise<LoadedReport | ReceivedReport>): Promise<LoadOutcome> {
    const loadId = ++this.loadCounter;
    this.latestLoad.set(key, loadId);
    const superseded = () => this.latestLoad.get(key) !== loadId;
    for (let attempt = 1; ; attempt++) {
      await this.waitUntilStable(path);
      if (superseded()) return { kind: 'superseded' };
      try {
        const loaded = receivedReport(await request());
        if (superseded()) return { kind: 'superseded' };
        if (!loaded.complete && attempt < PARSE_RETRIES) {
          this.log.debug(`report ${path} looks cut short (attempt ${attempt}); waiting for the writer`);
          await this.clock.delay(RETRY_DELAY_MS * attempt);
          continue;
        }
        if (!loaded.complete) this.log.warn(`report ${path} does not end with a complete record; showing what it holds`);
        const reportModifiedMs = (await this.files.stat(path))?.mtimeMs ?? this.clock.now();
        return { kind: 'loaded', loaded, reportModifiedMs };
      } catch (error) {
        if (!(error instanceof WorkerRequestError)) throw error;
        if (superseded()) return { kind: 'superseded' };
        if (error.error.kind === 'missing') return { kind: 'missing' };
        if (error.error.kind === 'notCoverage') return { kind: 'notCoverage', reason: error.error.reason };
        this.log.debug(`report ${path} attempt ${attempt}: ${describeWorkerError(error.error)}`);
        if (error.error.kind === 'parse' && attempt < PARSE_RETRIES) {
          await this.clock.delay(RETRY_DELAY_MS * attempt);
          continue;
        }
        return { kind: 'failed', error: error.error };
      }
    }
  }

  /** Waits until a file's size and modification time stop changing (a writer has finished). */
  private async waitUntilStable(path: string): Promise<void> {
    let previous = await this.signature(path);
    for (let i = 0; i < STABLE_CHECKS; i++) {
      await this.clock.delay(STABLE_CHECK_MS);
      const current = await this.signature(path);
      if (current === previous) return;
      previous = current;
    }
  }

  private async signature(path: string): Promise<string> {
    const info = await this.files.stat(path);
    return info === undefined ? 'missing' : `${info.size}:${info.mtimeMs}`;
  }
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The real file system. */
export const diskFileView: FileView = {
  stat: (path) => stat(path).then(
    (info) => ({ size: info.size, mtimeMs: info.mtimeMs }),
    () => undefined,
  ),
};
