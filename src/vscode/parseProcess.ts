import { type ChildProcess, fork } from 'node:child_process';
import type { Socket } from 'node:net';
import type * as vscode from 'vscode';
import type { EarlyFiles, WorkerEnvelope, WorkerResponse } from '../shared/protocol';
import { type WireMessage, WireReader } from '../shared/wire';

export interface ParseProcessOptions {
  readonly scriptPath: string;
  /** V8's old-space limit of the process (`--max-old-space-size`). */
  readonly heapMb: number;
  readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
}

/** What the process wrote to stderr, kept to explain a crash (V8 prints its fatal errors there). */
const STDERR_TAIL_BYTES = 16 * 1024;
const LOGGED_STDERR_LINES = 20;

/**
 * One worker process (`child_process.fork` of dist/worker.js). A separate process, not a worker
 * thread: a fatal V8 error (an array past its size limit, an out-of-memory abort) ends the
 * whole process it happens in, and here that is this child, never the extension host.
 * The child gets only `--max-old-space-size`: the host's own execArgv (--inspect, …) and
 * NODE_OPTIONS do not leak into it. In VS Code desktop `process.execPath` is Electron, which
 * runs as plain Node with ELECTRON_RUN_AS_NODE (as vscode-languageclient forks its servers).
 * Messages use the V8 serializer (`serialization: 'advanced'`), so typed arrays cross as such.
 */
export class ParseProcess {
  private readonly child: ChildProcess;
  private stderrTail = '';
  private loggedLines = 0;
  private ended = false;

  constructor(
    private readonly options: ParseProcessOptions,
    onMessage: (response: WorkerResponse) => void,
    private readonly onEnd: (reason: string) => void,
    onEarly: (id: number, files: EarlyFiles) => void = () => undefined,
  ) {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    delete env['NODE_OPTIONS'];
    this.child = fork(options.scriptPath, [], {
      execArgv: [`--max-old-space-size=${options.heapMb}`],
      env,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const reader = new WireReader();
    this.child.on('message', (message: WireMessage) => {
      if ('early' in message) {
        onEarly(message.id, message.early);
        return;
      }
      const response = reader.accept(message);
      if (response !== undefined) onMessage(response);
    });
    this.child.on('error', (error) => this.end(`could not run (${error.message})`));
    this.child.on('close', (code, signal) => this.end(describeEnd(code, signal, this.stderrTail)));
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => this.keepStderr(text));
    // Never keeps the extension host (or a test run) alive.
    this.child.unref();
    this.child.channel?.unref();
    (this.child.stderr as Socket | null)?.unref();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False when the process has ended (its end is reported through onEnd). */
  send(envelope: WorkerEnvelope): boolean {
    if (this.ended || !this.child.connected) return false;
    this.child.send(envelope, (error) => {
      if (error) this.options.log.warn(`coverage worker: a request could not be sent (${error.message})`);
    });
    return true;
  }

  /** Ends the process at once (SIGKILL: a stuck parse has no cleanup worth waiting for). */
  kill(): void {
    this.ended = true;
    this.child.kill('SIGKILL');
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.child.kill('SIGKILL');
    this.onEnd(reason);
  }

  private keepStderr(text: string): void {
    this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_BYTES);
    for (const line of text.split('\n')) {
      if (line.trim() === '' || this.loggedLines >= LOGGED_STDERR_LINES) continue;
      this.loggedLines++;
      this.options.log.warn(`coverage worker stderr: ${line.slice(0, 300)}`);
    }
  }
}

/** A short, plain reason: what V8 said it died of (from stderr), and the exit code or signal. */
export function describeEnd(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal !== null ? `signal ${signal}` : `exit code ${String(code)}`;
  if (/heap out of memory|Reached heap limit|allocation failed/i.test(stderr)) return `ran out of memory (${how})`;
  const fatal = [/Fatal JavaScript [^\n]*/, /FATAL ERROR:[^\n]*/, /Fatal error[^\n]*/].map((pattern) => pattern.exec(stderr)?.[0]).find((line) => line !== undefined);
  if (fatal !== undefined) return `hit a fatal V8 error: ${fatal.replace(/\s*\(see crbug[^)]*\)/, '').trim()} (${how})`;
  const uncaught = /^\w*Error: [^\n]*/m.exec(stderr)?.[0];
  return uncaught === undefined ? `stopped (${how})` : `stopped (${how}): ${uncaught.slice(0, 200)}`;
}
