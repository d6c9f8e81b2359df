import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkerHost, WorkerRequestError } from '../../src/vscode/workerHost';

/** An allocation past V8's size limit: a fatal error (abort), not an exception, in about 3 s. */
const FATAL = `'a'.repeat(2 ** 28).split('')`;

/**
 * Why the worker is a process (issue 8 §1): a fatal V8 error in a worker thread ends the whole
 * process — the extension host — and resourceLimits do not catch it; in a forked process it
 * ends that process only.
 */
describe('isolation: a fatal error while parsing cannot end the extension host', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-isolation-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('in a worker thread, with resourceLimits, it ends the whole process (the old design)', async () => {
    const script = `
      const { Worker } = require('node:worker_threads');
      const worker = new Worker(${JSON.stringify(FATAL)}, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } });
      worker.on('error', (error) => console.log('worker error: ' + error.message));
      worker.on('exit', () => setTimeout(() => console.log('parent survived'), 100));
      setTimeout(() => {}, 60000);`;
    const { code, signal, stdout, stderr } = await run(process.execPath, ['-e', script]);
    assert.doesNotMatch(stdout, /parent survived/);
    assert.ok(signal !== null || code !== 0, `the parent ended abnormally (code ${String(code)}, signal ${String(signal)})`);
    assert.match(stderr, /Fatal JavaScript invalid size error/);
  });

  it('in the worker process, it ends only that process: the request fails with a typed error, the next one works', async () => {
    const script = path.join(dir, 'fatal-worker.js');
    writeFileSync(
      script,
      `process.on('message', (m) => {
         if (m.reportPath === 'fatal') ${FATAL};
         process.send({ id: m.id, ok: true, result: { pid: process.pid } });
       });`,
    );
    const logged: string[] = [];
    const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    const host = new WorkerHost({ scriptPath: script, timeoutMs: 60_000, maxOldGenerationSizeMb: 1024, log });
    const load = (reportPath: string) => ({ type: 'loadReport' as const, reportPath, workspaceFolders: [], ownerFolder: '', maxBytes: 1, pathMappings: [] });
    try {
      await assert.rejects(
        host.request(load('fatal')),
        (error: unknown) =>
          error instanceof WorkerRequestError &&
          error.error.kind === 'internal' &&
          error.error.file === 'fatal' &&
          /fatal V8 error: Fatal JavaScript invalid size error \d+ \(signal SIG[A-Z]+\) while reading this report/.test(error.message),
      );
      const after = (await host.request(load('next'))) as unknown as { pid: number };
      assert.ok(after.pid > 0 && after.pid !== process.pid);
      assert.ok(logged.some((line) => /coverage worker stderr: .*Fatal JavaScript invalid size error/.test(line)), 'V8’s own words are in the log');
    } finally {
      host.dispose();
    }
  });
});

function run(command: string, args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
