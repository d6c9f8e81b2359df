import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { WorkerRequest } from '../../src/shared/protocol';
// workerHost.ts imports only vscode *types*, so it runs in plain node.
import { WorkerHost, WorkerRequestError } from '../../src/vscode/workerHost';

/**
 * A stand-in worker process: answers at once, after a delay, crashes, aborts, hangs or stalls,
 * depending on the report path it is asked for, and says which process answered, what it was
 * started with, and which loads it has seen.
 */
const SCRIPT = `
const seen = [];
let loading = 0, maxLoading = 0;
process.on('message', (m) => {
  const [what, ms] = String(m.reportPath ?? m.type).split(':');
  const answer = () => process.send({ id: m.id, ok: true, result: { echo: m.reportPath ?? m.type, reportId: 'id-' + m.reportPath, pid: process.pid, seen: [...seen], maxLoading, execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS ?? null, electron: process.env.ELECTRON_RUN_AS_NODE ?? null } });
  if (m.type === 'loadReport') seen.push(m.reportPath);
  if (what === 'crash') throw new Error('boom');
  if (what === 'abort') return setTimeout(() => process.abort(), Number(ms ?? 0));
  if (what === 'hang') for (;;) {}
  if (what === 'stall') return process.send({ id: m.id, ok: false, error: { kind: 'stalled', file: m.reportPath, line: 0, reason: 'no progress' } });
  if (what === 'slow' || m.type === 'fileDetail') {
    if (m.type === 'loadReport') maxLoading = Math.max(maxLoading, ++loading);
    return setTimeout(() => { if (m.type === 'loadReport') loading--; answer(); }, Number(ms ?? 300));
  }
  answer();
});`;

/**
 * The watchdog's time: generous, because a worker that starts slowly on a loaded machine must not
 * be taken for a stuck one; the hang test waits it out once.
 */
const WATCHDOG_MS = 10_000;

interface Echo {
  echo: string;
  pid: number;
  seen: string[];
  maxLoading: number;
  execArgv: string[];
  nodeOptions: string | null;
  electron: string | null;
}

describe('WorkerHost: a worker process started lazily, restarted after a crash, with a watchdog', function () {
  this.timeout(60_000);
  let dir: string;
  let host: WorkerHost;
  const logged: string[] = [];
  const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  const load = (reportPath: string) => ({ type: 'loadReport' as const, reportPath, workspaceFolders: [], ownerFolder: '', maxBytes: 1, pathMappings: [] });
  const detail = { type: 'fileDetail' as const, sources: [] };
  const ask = async (request: WorkerRequest) => (await host.request(request)) as unknown as Echo;
  const typedError = (pattern: RegExp, file?: string) => (error: unknown) =>
    error instanceof WorkerRequestError && pattern.test(error.message) && (file === undefined || error.error.file === file);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-host-'));
    writeFileSync(path.join(dir, 'worker.js'), SCRIPT);
  });

  beforeEach(() => {
    logged.length = 0;
    host = new WorkerHost({ scriptPath: path.join(dir, 'worker.js'), timeoutMs: WATCHDOG_MS, maxOldGenerationSizeMb: 64, log });
  });

  afterEach(() => host.dispose());

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the worker process on the first request only, with only its heap limit on the command line', async () => {
    assert.equal(host.processId, undefined);
    const previous = process.env['NODE_OPTIONS'];
    process.env['NODE_OPTIONS'] = '--no-warnings';
    try {
      const result = await ask(load('a'));
      assert.equal(result.echo, 'a');
      assert.notEqual(result.pid, process.pid);
      assert.equal(result.pid, host.processId);
      assert.deepEqual(result.execArgv, ['--max-old-space-size=64'], 'the host’s own execArgv (e.g. --inspect) does not leak');
      assert.equal(result.nodeOptions, null, 'NODE_OPTIONS does not leak either');
      assert.equal(result.electron, '1', 'Electron’s binary runs as Node');
    } finally {
      if (previous === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = previous;
    }
    assert.equal(logged.filter((m) => m.includes('started')).length, 1);
  });

  it('fails the request of a crashed worker with a typed error and starts a fresh one', async () => {
    const first = await ask(load('x'));
    await assert.rejects(host.request(load('crash')), typedError(/stopped \(exit code 1\): Error: boom while reading this report/, 'crash'));
    const after = await ask(load('y'));
    assert.equal(after.echo, 'y');
    assert.notEqual(after.pid, first.pid);
  });

  it('a worker that aborts (process.abort) mid-request: the request fails with a typed error, the next one works', async () => {
    const first = await ask(load('x'));
    await assert.rejects(host.request(load('abort:50')), typedError(/signal SIGABRT/, 'abort:50'));
    const after = await ask(load('z'));
    assert.equal(after.echo, 'z');
    assert.notEqual(after.pid, first.pid);
  });

  it('terminates a stuck request after the watchdog time and keeps serving', async function () {
    this.timeout(WATCHDOG_MS + 60_000);
    await assert.rejects(host.request(load('hang')), typedError(/longer than 10 s/, 'hang'));
    assert.ok(logged.some((m) => m.includes('restarting it')), logged.join('\n'));
    assert.equal((await ask(load('z'))).echo, 'z');
  });

  it('loads one report at a time; other requests do not wait for a load', async () => {
    const loads = [ask(load('slow:300')), ask(load('slow:300')), ask(load('slow:300'))];
    const quick = await ask(detail);
    const results = await Promise.all(loads);
    assert.equal(quick.echo, 'fileDetail');
    assert.ok(results.every((r) => r.maxLoading === 1), `loads overlapped: ${results.map((r) => r.maxLoading).join(',')}`);
  });

  it('a fresh worker first loads again the reports its predecessor held, then serves the rest', async () => {
    await ask(load('kept-1'));
    await ask(load('kept-2'));
    await ask({ type: 'dropReport', reportId: 'id-kept-2' });
    await assert.rejects(host.request(load('abort:0')), typedError(/SIGABRT/));
    const after = await ask(load('next'));
    assert.deepEqual(after.seen, ['kept-1', 'next'], 'kept-1 restored (kept-2 was dropped), before the new load');
  });

  it('a request in flight when a load kills the worker is sent again to the next one', async () => {
    const crashing = host.request(load('abort:100'));
    const pending = ask({ type: 'fileDetail', sources: [{ reportId: 'r', reportPath: 'slow:400' }] });
    await assert.rejects(crashing, typedError(/SIGABRT/));
    const result = await pending;
    assert.equal(result.pid, host.processId, 'answered by the fresh worker');
  });

  it('starts a fresh worker after a read stalled (its thread stays blocked)', async () => {
    const first = await ask(load('a'));
    await assert.rejects(host.request(load('stall')), (error: unknown) => error instanceof WorkerRequestError && error.error.kind === 'stalled');
    const after = await ask(load('b'));
    assert.notEqual(after.pid, first.pid);
  });

  it('ends the worker process on dispose, and fails what is pending', async () => {
    const { pid } = await ask(load('a'));
    const pending = host.request(load('slow:5000'));
    host.dispose();
    await assert.rejects(pending, typedError(/shutting down/));
    await assert.rejects(host.request(load('b')), typedError(/shutting down/));
    await waitFor(() => !isAlive(pid), 'the worker process to end');
  });

  it('never keeps the host process alive', async () => {
    const script = path.join(dir, 'host.js');
    const hostModule = require.resolve('../../src/vscode/workerHost');
    writeFileSync(
      script,
      `const { WorkerHost } = require(${JSON.stringify(hostModule)});
       const log = { info() {}, warn() {}, error() {} };
       const host = new WorkerHost({ scriptPath: ${JSON.stringify(path.join(dir, 'worker.js'))}, timeoutMs: 60000, maxOldGenerationSizeMb: 64, log });
       host.request({ type: 'loadReport', reportPath: 'a' }).then((r) => console.log('answered', r.pid));`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const guard = setTimeout(() => {
        child.kill();
        resolve(-1);
      }, 20_000);
      child.on('exit', (exitCode) => {
        clearTimeout(guard);
        resolve(exitCode);
      });
    });
    assert.equal(code, 0, 'the host process ended by itself');
    const workerPid = Number(/answered (\d+)/.exec(output)?.[1]);
    assert.ok(workerPid > 0, output);
    await waitFor(() => !isAlive(workerPid), 'the orphaned worker process to end');
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
