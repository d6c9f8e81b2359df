import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LoadReportRequest } from '../../src/shared/protocol';
import { WorkerHost, WorkerRequestError } from '../../src/vscode/workerHost';
import { workerBundle } from './workerBundle';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('hostile reports against the real worker (SECURITY.md: OOM, size cap)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-limits-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (reportPath: string, maxBytes: number): LoadReportRequest => ({
    type: 'loadReport',
    reportPath,
    workspaceFolders: [dir],
    ownerFolder: dir,
    maxBytes,
    pathMappings: [],
  });

  it('refuses a 2 GB sparse report from its size alone', async () => {
    const sparse = path.join(dir, 'huge.info');
    const fd = openSync(sparse, 'w');
    writeSync(fd, 'x', 2 * 1024 ** 3);
    closeSync(fd);
    const host = new WorkerHost({ scriptPath: workerBundle(), timeoutMs: 10_000, maxOldGenerationSizeMb: 256, log: quietLog });
    try {
      // The file's size in the message: refused from the size check, before reading it.
      await assert.rejects(host.request(load(sparse, 512 * 1024 ** 2)), (error: unknown) => error instanceof WorkerRequestError && error.error.kind === 'tooLarge' && /2048\.0 MiB/.test(error.message));
    } finally {
      host.dispose();
    }
  });

  it('a report that exhausts the worker’s memory limit kills only the worker; the next request gets a fresh one', async () => {
    // ~17 MB of 400,000 distinct one-line files: their paths and file objects alone are far beyond a
    // 32 MB heap once parsed (the numbers are packed outside the heap, so they would not be).
    const big = path.join(dir, 'big.info');
    const record = (i: number) => `SF:src/file${i}.js\nDA:1,1\nend_of_record\n`;
    const chunks: string[] = [];
    for (let i = 0; i < 400_000; i++) chunks.push(record(i));
    writeFileSync(big, chunks.join(''));
    const small = path.join(dir, 'small.info');
    writeFileSync(small, 'SF:a.js\nDA:1,1\nend_of_record\n');
    const host = new WorkerHost({ scriptPath: workerBundle(), timeoutMs: 60_000, maxOldGenerationSizeMb: 32, log: quietLog });
    try {
      await assert.rejects(host.request(load(big, 1024 ** 3)), (error: unknown) => error instanceof WorkerRequestError && error.error.kind === 'internal' && error.error.file === big && /memory/.test(error.message));
      const loaded = await host.request(load(small, 1024 ** 2));
      assert.equal(loaded.totals.lines, 1);
    } finally {
      host.dispose();
    }
  });
});
