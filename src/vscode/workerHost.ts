import type * as vscode from 'vscode';
import { type EarlyFiles, type LoadReportRequest, type WorkerEnvelope, type WorkerError, type WorkerRequest, WorkerRequestError, type WorkerResponse, type WorkerResults } from '../shared/protocol';
import { ParseProcess } from './parseProcess';

export { WorkerRequestError } from '../shared/protocol';

export interface WorkerHostOptions {
  /** dist/worker.js: the worker process's entry. */
  readonly scriptPath: string;
  /** A request taking longer than this ends the worker process (a stuck parse) and fails. */
  readonly timeoutMs: number;
  /** The worker process's V8 heap limit (`--max-old-space-size`). */
  readonly maxOldGenerationSizeMb: number;
  readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
}

interface Job {
  readonly request: WorkerRequest;
  readonly envelope: WorkerEnvelope;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly file: string | undefined;
  /** A load that gives a new worker back a report its dead predecessor held. */
  readonly restore: boolean;
  /** Receives a load's priority files ahead of its result. */
  readonly early?: ((files: EarlyFiles) => void) | undefined;
  attempts: number;
  timer?: NodeJS.Timeout;
}

/** Requests other than loads are sent again this many times after the worker dies under them. */
const MAX_ATTEMPTS = 2;

/**
 * Owns the worker process: started on the first request, started afresh after it crashes, exits
 * or runs past the watchdog. Requests get typed results or a WorkerRequestError, never a crash.
 * - One load at a time: a load is the only request that parses, so when the process dies during
 *   one, that load is the cause and fails; the other requests it was serving are sent again to
 *   the next process (once).
 * - The next process first loads again the reports its predecessor held, so file details of
 *   reports that are still shown keep arriving. If that fails, they are forgotten (no loop).
 */
export class WorkerHost implements vscode.Disposable {
  private process: ParseProcess | undefined;
  private nextId = 1;
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<number, Job>();
  /** The last successful load of each report path: what a new process restores. */
  private readonly held = new Map<string, { readonly request: LoadReportRequest; readonly reportId: string }>();
  private lostOne = false;
  private disposed = false;

  constructor(private readonly options: WorkerHostOptions) {}

  /** `early`: for a load, receives the visible editors' files the worker finds before the whole report is parsed. */
  request<T extends WorkerRequest>(request: T, early?: (files: EarlyFiles) => void): Promise<WorkerResults[T['type']]> {
    if (this.disposed) return Promise.reject(new WorkerRequestError(shuttingDown(fileOf(request))));
    if (request.type === 'dropReport') {
      for (const [path, held] of this.held) if (held.reportId === request.reportId) this.held.delete(path);
    }
    return new Promise((resolve, reject) => {
      const envelope = { ...request, id: this.nextId++ } as WorkerEnvelope;
      this.queue.push({ request, envelope, resolve: resolve as (value: unknown) => void, reject, file: fileOf(request), restore: false, attempts: 0, early });
      this.pump();
    });
  }

  /** The worker process's id while one runs (for tests and the bench). */
  get processId(): number | undefined {
    return this.process?.pid;
  }

  dispose(): void {
    this.disposed = true;
    const error = new WorkerRequestError(shuttingDown(undefined));
    for (const job of [...this.queue.splice(0), ...this.inFlight.values()]) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.inFlight.clear();
    this.process?.kill();
    this.process = undefined;
  }

  /** Sends every queued request that may go now: restores first and alone, loads one at a time. */
  private pump(): void {
    if (this.queue.length === 0 || this.disposed) return;
    const child = this.process ?? this.start();
    const inFlight = [...this.inFlight.values()];
    const restoring = inFlight.some((job) => job.restore) || this.queue.some((job) => job.restore);
    let loading = inFlight.some((job) => job.envelope.type === 'loadReport');
    for (let i = 0; i < this.queue.length; ) {
      const job = this.queue[i] as Job;
      if (restoring && !job.restore) break;
      if (job.envelope.type === 'loadReport') {
        if (loading) {
          i++;
          continue;
        }
        loading = true;
      }
      this.queue.splice(i, 1);
      this.send(child, job);
    }
  }

  private start(): ParseProcess {
    const child: ParseProcess = new ParseProcess(
      { scriptPath: this.options.scriptPath, heapMb: this.options.maxOldGenerationSizeMb, log: this.options.log },
      (response) => this.settle(child, response),
      (reason) => this.lost(child, `the coverage worker ${reason}`),
      (id, files) => {
        if (child === this.process) this.inFlight.get(id)?.early?.(files);
      },
    );
    this.process = child;
    this.options.log.info(`coverage worker started (process ${String(child.pid)})`);
    if (this.lostOne && this.held.size > 0) {
      this.options.log.info(`coverage worker: loading ${this.held.size} report(s) again`);
      const restores = [...this.held.values()].map(({ request }): Job => {
        const noop = () => undefined;
        return { request, envelope: { ...request, id: this.nextId++ }, resolve: noop, reject: noop, file: request.reportPath, restore: true, attempts: MAX_ATTEMPTS };
      });
      this.queue.unshift(...restores);
    }
    return child;
  }

  private send(child: ParseProcess, job: Job): void {
    job.attempts++;
    this.inFlight.set(job.envelope.id, job);
    job.timer = setTimeout(() => this.timeOut(child, job), this.options.timeoutMs);
    // A process that has ended already reports it through `lost`, which deals with this job.
    child.send(job.envelope);
  }

  private settle(child: ParseProcess, response: WorkerResponse): void {
    const job = this.inFlight.get(response.id);
    if (job === undefined || child !== this.process) return;
    this.inFlight.delete(response.id);
    clearTimeout(job.timer);
    const load = job.request.type === 'loadReport' ? job.request : undefined;
    if (load !== undefined) {
      const reportId = response.ok ? (response.result as WorkerResults['loadReport']).reportId : undefined;
      const kept = this.held.get(load.reportPath);
      if (reportId !== undefined && (!job.restore || kept?.reportId === reportId)) this.held.set(load.reportPath, { request: load, reportId });
      else if (job.restore) this.held.delete(load.reportPath);
    }
    if (response.ok) job.resolve(response.result);
    else job.reject(new WorkerRequestError(response.error));
    if (!response.ok && response.error.kind === 'stalled') {
      // A read hangs in one of that process's threads: start a fresh one.
      this.options.log.warn('coverage worker: a read stalled; starting a fresh worker');
      child.kill();
      this.lost(child, 'was replaced after a read stalled');
    }
    this.pump();
  }

  private timeOut(child: ParseProcess, job: Job): void {
    if (child !== this.process || !this.inFlight.has(job.envelope.id)) return;
    const seconds = Math.round(this.options.timeoutMs / 1000);
    this.options.log.warn(`coverage worker took over ${seconds} s; restarting it`);
    this.inFlight.delete(job.envelope.id);
    if (job.restore) this.abandonRestores();
    job.reject(new WorkerRequestError({ kind: 'internal', file: job.file, line: 0, reason: `parsing took longer than ${seconds} s and was stopped` }));
    child.kill();
    this.lost(child, `was stopped after ${seconds} s`);
  }

  /**
   * The process is gone. Its load (the likely cause) fails with the reason; other requests go
   * to the next process; a restore that was running is abandoned with every other restore.
   */
  private lost(child: ParseProcess, reason: string): void {
    if (child !== this.process) return;
    this.process = undefined;
    this.lostOne = true;
    this.options.log.error(reason);
    const jobs = [...this.inFlight.values()];
    this.inFlight.clear();
    const retry: Job[] = [];
    for (const job of jobs) {
      clearTimeout(job.timer);
      if (job.restore) {
        this.abandonRestores();
      } else if (job.envelope.type === 'loadReport' || job.attempts >= MAX_ATTEMPTS) {
        const cause = job.envelope.type === 'loadReport' ? `${reason} while reading this report; other reports are not affected` : reason;
        job.reject(new WorkerRequestError({ kind: 'internal', file: job.file, line: 0, reason: cause }));
      } else {
        retry.push(job);
      }
    }
    this.queue.unshift(...retry);
    this.pump();
  }

  /** A restore that kills or stalls the worker is not tried again: those reports are forgotten. */
  private abandonRestores(): void {
    this.options.log.warn('coverage worker: earlier reports could not be loaded again; their marks stay until they change');
    this.held.clear();
    const others = this.queue.filter((job) => !job.restore);
    this.queue.splice(0, this.queue.length, ...others);
  }
}

function fileOf(request: WorkerRequest): string | undefined {
  return request.type === 'loadReport' || request.type === 'baselineReport' ? request.reportPath : undefined;
}

function shuttingDown(file: string | undefined): WorkerError {
  return { kind: 'internal', file, line: 0, reason: 'the extension is shutting down' };
}
