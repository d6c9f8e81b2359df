import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LcovPart } from '../core/formats/lcov/lcovParts';
import type { SecondPartJob, SecondPartMessage } from './lcovSecondPartProtocol';

/** How the second part ended: read (up to `end`, the file's size as the thread saw it), a parse error (its line counts from the split), or no part. */
export type SecondPartOutcome =
  | { readonly kind: 'part'; readonly part: LcovPart; readonly end: number }
  | { readonly kind: 'parseError'; readonly line: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly message: string };

/** The thread's file, beside this module's (dist/ in the bundle, out/src/worker in the tests). */
const THREAD_FILE = path.join(__dirname, 'lcovPartThread.js');

type JobListener = (message: SecondPartMessage | undefined) => void;
/** A job's last message (undefined: the thread ended first). */
type JobEnd = Exclude<SecondPartMessage, { kind: 'split' }> | undefined;

/** The one thread that reads second parts, one job at a time; it stays between jobs, unref'd, so that its compiled parser stays warm. */
class PartThread {
  // A small young generation: the part's objects mostly live to its end, and every megabyte the
  // heap grows into is memory touched for the first time, which costs more than the collections.
  readonly worker = new Worker(THREAD_FILE, { stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  /** The job in flight's listener (undefined: the thread ended). */
  listener: JobListener | undefined;

  constructor() {
    this.worker.unref();
    this.worker.on('message', (message: SecondPartMessage) => this.listener?.(message));
    const ended = () => {
      if (shared === this) shared = undefined;
      this.listener?.(undefined);
    };
    this.worker.on('error', ended);
    this.worker.on('exit', ended);
  }
}

let shared: PartThread | undefined;
let jobs = 0;

/**
 * The second part of a large LCOV report, read and parsed by a worker thread (lcovPartThread.ts)
 * from the report's open file descriptor while this thread parses the first. The descriptor must
 * stay open until stop() has resolved: the thread reads it until then.
 */
export class LcovSecondPart {
  /** Where the thread split the report (parse the bytes before it here), or undefined: no split. */
  private readonly split: Promise<number | undefined>;
  /** The job's end: once it is known, the thread reads the descriptor no more. */
  private readonly ended: Promise<JobEnd>;
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  /** Set when a wait gave up: the thread may be stuck in a read. */
  stalled = false;

  /** A second part, or undefined when the thread is busy with another report's. */
  static start(fd: number, from: number, chunkBytes: number): LcovSecondPart | undefined {
    try {
      shared ??= new PartThread();
    } catch {
      return undefined;
    }
    if (shared.listener !== undefined) return undefined;
    return new LcovSecondPart(shared, { fd, from, chunkBytes });
  }

  private constructor(
    private readonly thread: PartThread,
    read: Pick<SecondPartJob, 'fd' | 'from' | 'chunkBytes'>,
  ) {
    const job = ++jobs;
    let splitKnown: (at: number | undefined) => void = () => undefined;
    this.split = new Promise((resolve) => (splitKnown = resolve));
    this.ended = new Promise((resolve) => {
      thread.listener = (message) => {
        if (message !== undefined && message.job !== job) return;
        if (message?.kind === 'split') {
          splitKnown(message.at);
          return;
        }
        splitKnown(undefined);
        thread.listener = undefined;
        thread.worker.unref();
        resolve(message);
      };
    });
    thread.worker.ref();
    const message: SecondPartJob = { ...read, job, stop: this.stopFlag };
    thread.worker.postMessage(message);
  }

  /** Where the thread split the report; undefined (no split) when it has not said within `stallMs`. */
  splitWithin(stallMs: number): Promise<number | undefined> {
    return this.within(this.split, stallMs, undefined);
  }

  /** The part, once the thread has read it; `failed` when it takes over `stallMs`. */
  async result(stallMs: number): Promise<SecondPartOutcome> {
    const end = await this.within(this.ended, stallMs, undefined);
    if (end === undefined) return { kind: 'failed', message: this.stalled ? `no result in ${Math.round(stallMs / 1000)} s` : 'the thread ended' };
    if (end.kind === 'none') return { kind: 'failed', message: 'no split' };
    return end;
  }

  /** Stops the job; resolves once the thread reads the descriptor no more (a stalled thread is ended). */
  async stop(): Promise<void> {
    Atomics.store(this.stopFlag, 0, 1);
    if (this.stalled) {
      if (shared === this.thread) shared = undefined;
      void this.thread.worker.terminate();
    }
    await this.ended;
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
}
