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
/**
 * A file last modified this long ago is finished without a check: every write sets its
 * modification time to now, and 3 s is more than the coarsest timestamps (FAT's 2 s) round off.
 */
export const FINISHED_AGE_MS = 3000;
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

/** A file's size and modification time as one comparable value ('missing' when it is gone). */
export type FileSignature = string;

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

  /**
   * Loads the report at `path` (known as `key`) through `request`, one attempt per call.
   * `seenBefore`: the file's signature taken earlier (when the file watcher told of the write, a
   * debounce ago); when the file still has it, it has not changed for that long and is read at once.
   */
  async load(key: string, path: string, request: () => Promise<LoadedReport | ReceivedReport>, seenBefore?: FileSignature): Promise<LoadOutcome> {
    const loadId = ++this.loadCounter;
    this.latestLoad.set(key, loadId);
    const superseded = () => this.latestLoad.get(key) !== loadId;
    for (let attempt = 1; ; attempt++) {
      await this.waitUntilStable(path, attempt === 1 ? seenBefore : undefined);
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

  /** The file's size and modification time now. */
  async signature(path: string): Promise<FileSignature> {
    return signatureOf(await this.files.stat(path));
  }

  /**
   * Waits until a file's size and modification time stop changing (a writer has finished): at
   * once when it was last modified FINISHED_AGE_MS ago or is unchanged since `seenBefore`, else
   * until two checks STABLE_CHECK_MS apart agree.
   */
  private async waitUntilStable(path: string, seenBefore: FileSignature | undefined): Promise<void> {
    const info = await this.files.stat(path);
    let previous = signatureOf(info);
    if (previous === seenBefore) return;
    if (info !== undefined && info.mtimeMs <= this.clock.now() - FINISHED_AGE_MS) return;
    for (let i = 0; i < STABLE_CHECKS; i++) {
      await this.clock.delay(STABLE_CHECK_MS);
      const current = await this.signature(path);
      if (current === previous) return;
      previous = current;
    }
  }
}

function signatureOf(info: { readonly size: number; readonly mtimeMs: number } | undefined): FileSignature {
  return info === undefined ? 'missing' : `${info.size}:${info.mtimeMs}`;
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
