import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
// workerHost.ts imports only vscode *types*, so it runs in plain node.
import { WorkerHost, WorkerRequestError } from '../../src/vscode/workerHost';

/** A stand-in worker: echoes, crashes, or hangs depending on the report path it is asked for. */
const SCRIPT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.reportPath === 'crash') throw new Error('boom');
  if (m.reportPath === 'hang') { for (;;) {} }
  parentPort.postMessage({ id: m.id, ok: true, result: { echo: m.reportPath, thread: require('node:worker_threads').threadId } });
});`;

describe('WorkerHost: lazy start, crash restart, watchdog', () => {
  let dir: string;
  let host: WorkerHost;
  const logged: string[] = [];
  const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  const load = (reportPath: string) => ({ type: 'loadReport' as const, reportPath, workspaceFolders: [], ownerFolder: '', maxBytes: 1, pathMappings: [] });

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-host-'));
    writeFileSync(path.join(dir, 'worker.js'), SCRIPT);
    host = new WorkerHost({ scriptPath: path.join(dir, 'worker.js'), timeoutMs: 300, maxOldGenerationSizeMb: 64, log });
  });

  after(() => {
    host.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the worker on the first request only', async () => {
    assert.equal(logged.filter((m) => m.includes('started')).length, 0);
    const result = (await host.request(load('a'))) as unknown as { echo: string };
    assert.equal(result.echo, 'a');
    assert.equal(logged.filter((m) => m.includes('started')).length, 1);
  });

  it('fails the request of a crashed worker with a typed error and starts a fresh one', async () => {
    const first = (await host.request(load('x'))) as unknown as { thread: number };
    await assert.rejects(host.request(load('crash')), (error: unknown) => error instanceof WorkerRequestError && /crashed/.test(error.message));
    const after = (await host.request(load('y'))) as unknown as { thread: number; echo: string };
    assert.equal(after.echo, 'y');
    assert.notEqual(after.thread, first.thread);
  });

  it('terminates a stuck request after the watchdog time and keeps serving', async () => {
    const started = Date.now();
    await assert.rejects(host.request(load('hang')), (error: unknown) => error instanceof WorkerRequestError && error.error.file === 'hang' && /longer than/.test(error.message));
    assert.ok(Date.now() - started < 5_000);
    const result = (await host.request(load('z'))) as unknown as { echo: string };
    assert.equal(result.echo, 'z');
  });
});
