import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { WorkerError, WorkerRequest, WorkerResponse, WorkerResults } from '../shared/protocol';

export class WorkerRequestError extends Error {
  constructor(readonly error: WorkerError) {
    super(error.reason);
    this.name = 'WorkerRequestError';
  }
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
  readonly file: string | undefined;
}

export interface WorkerHostOptions {
  readonly scriptPath: string;
  /** A request taking longer than this terminates the worker (a stuck parse) and fails. */
  readonly timeoutMs: number;
  readonly maxOldGenerationSizeMb: number;
  readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
}

/**
 * Owns the worker thread: started on the first request, restarted after a crash or a
 * watchdog timeout. Requests get typed results or a WorkerRequestError, never a crash.
 */
export class WorkerHost implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: WorkerHostOptions) {}

  request<T extends WorkerRequest>(request: T): Promise<WorkerResults[T['type']]> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const file = request.type === 'loadReport' ? request.reportPath : undefined;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.timeOut(id), this.options.timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer, file });
      worker.postMessage({ ...request, id });
    });
  }

  dispose(): void {
    this.failAll({ kind: 'internal', file: undefined, line: 0, reason: 'the extension is shutting down' });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.options.scriptPath, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb },
    });
    worker.on('message', (response: WorkerResponse) => this.settle(response));
    worker.on('error', (error) => {
      this.options.log.error(`coverage worker crashed: ${error.message}`);
      this.discard(worker, `the coverage worker crashed (${error.message})`);
    });
    worker.on('exit', (code) => this.discard(worker, `the coverage worker stopped (exit code ${code})`));
    worker.unref();
    this.worker = worker;
    this.options.log.info('coverage worker started');
    return worker;
  }

  private settle(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (pending === undefined) return;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new WorkerRequestError(response.error));
  }

  private timeOut(id: number): void {
    const pending = this.pending.get(id);
    if (pending === undefined || this.worker === undefined) return;
    const seconds = Math.round(this.options.timeoutMs / 1000);
    this.options.log.warn(`coverage worker took over ${seconds} s; restarting it`);
    const worker = this.worker;
    this.discard(worker, `parsing took longer than ${seconds} s and was stopped`, pending.file);
    void worker.terminate();
  }

  /** Forgets a dead or stuck worker; its pending requests fail and the next request starts a new one. */
  private discard(worker: Worker, reason: string, file?: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll({ kind: 'internal', file, line: 0, reason });
  }

  private failAll(error: WorkerError): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new WorkerRequestError({ ...error, file: error.file ?? pending.file }));
      this.pending.delete(id);
    }
  }
}
