import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LcovPart } from '../core/formats/lcov/lcovParts';
import type { SecondPartData, SecondPartMessage } from './lcovSecondPartProtocol';

/** How the second part ended: read (up to `end`, the file's size as the thread saw it), a parse error (its line counts from the split), or a failure of the thread. */
export type SecondPartOutcome =
  | { readonly kind: 'part'; readonly part: LcovPart; readonly end: number }
  | { readonly kind: 'parseError'; readonly line: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly message: string };

/** The thread's file, beside this module's (dist/ in the bundle, out/src/worker in the tests). */
const THREAD_FILE = path.join(__dirname, 'lcovPartThread.js');

/**
 * The second part of a large LCOV report, read and parsed by a worker thread (lcovPartThread.ts)
 * from the report's open file descriptor while this thread parses the first. The descriptor must
 * stay open until stop() has resolved: the thread reads it until then.
 */
export class LcovSecondPart {
  /** Where the thread split the report (parse the bytes before it here), or undefined: no split. */
  readonly split: Promise<number | undefined>;
  private readonly outcome: Promise<SecondPartOutcome>;
  private readonly worker: Worker;
  /** Set when result() gave up waiting: the thread may be stuck in a read. */
  stalled = false;

  constructor(fd: number, from: number, chunkBytes: number) {
    const data: SecondPartData = { fd, from, chunkBytes };
    this.worker = new Worker(THREAD_FILE, { workerData: data, stdout: false, stderr: false });
    let splitKnown: (at: number | undefined) => void = () => undefined;
    this.split = new Promise((resolve) => (splitKnown = resolve));
    this.outcome = new Promise((resolve) => {
      const failed = (message: string) => {
        splitKnown(undefined);
        resolve({ kind: 'failed', message });
      };
      this.worker.on('message', (message: SecondPartMessage) => {
        if (message.kind === 'split') {
          splitKnown(message.at);
          if (message.at === undefined) resolve({ kind: 'failed', message: 'no split' });
        } else {
          splitKnown(undefined);
          resolve(message);
        }
      });
      this.worker.on('error', (error: Error) => failed(error.message));
      this.worker.on('exit', (code) => failed(`the thread exited (${code})`));
    });
  }

  /** Where the thread split the report; undefined (no split) when it has not said within `stallMs`. */
  splitWithin(stallMs: number): Promise<number | undefined> {
    return this.within(this.split, stallMs, undefined);
  }

  /** The part, once the thread has read it; `failed` when it takes over `stallMs`. */
  result(stallMs: number): Promise<SecondPartOutcome> {
    return this.within(this.outcome, stallMs, { kind: 'failed', message: `no result in ${Math.round(stallMs / 1000)} s` });
  }

  /** `promise`, or `otherwise` once `stallMs` passed without it (the thread is then taken as stalled). */
  private within<T>(promise: Promise<T>, stallMs: number, otherwise: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<T>((resolve) => {
      timer = setTimeout(() => {
        this.stalled = true;
        resolve(otherwise);
      }, stallMs);
    });
    return Promise.race([promise, stalled]).finally(() => clearTimeout(timer));
  }

  /** Ends the thread; resolves once it is gone (and so reads the descriptor no more). */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
