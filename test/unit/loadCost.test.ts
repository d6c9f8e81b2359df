import * as assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
// The module object itself (not an import namespace), so the spy can replace its functions.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fsPromises = require('node:fs/promises');
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LoadedReport, LoadReportRequest, WorkerResponse } from '../../src/shared/protocol';
import { type ReceivedReport, toWire, WireReader } from '../../src/shared/wire';
import { RequestHandlers } from '../../src/worker/handlers';

/**
 * What a large load costs per file, counted (issue 7 §5, issue 8 §5): the promises the worker
 * makes while resolving its paths, the directory listings it reads, and the bytes the extension
 * host keeps of the files that did not resolve. Counts, not times: they hold on a loaded machine.
 */
describe('a large load costs per directory in the worker and little per file in the host', () => {
  const FILES = 20_000;
  const FOLDERS = 20;
  let root: string;
  let report: string;
  let request: LoadReportRequest;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sentinel-load-cost-'));
    mkdirSync(path.join(root, 'coverage'));
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'here.c'), 'x\n');
    // Report paths in FOLDERS directories that do not exist, plus one file that does.
    let text = 'SF:src/here.c\nDA:1,1\nend_of_record\n';
    for (let i = 0; i < FILES; i++) text += `SF:d${i % FOLDERS}/f${i}.c\nDA:1,${i % 2}\nend_of_record\n`;
    report = path.join(root, 'coverage', 'lcov.info');
    writeFileSync(report, text);
    request = { type: 'loadReport', reportPath: report, workspaceFolders: [root], ownerFolder: root, maxBytes: 64 << 20, pathMappings: [] };
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('resolves the paths of a load with promises and listings per directory, not per file', async () => {
    const calls = { readdir: 0, lstat: 0 };
    const fsp = fsPromises as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = { readdir: fsp['readdir'] as (...args: unknown[]) => unknown, lstat: fsp['lstat'] as (...args: unknown[]) => unknown };
    for (const name of ['readdir', 'lstat'] as const) {
      fsp[name] = (...args: unknown[]) => {
        calls[name]++;
        return originals[name](...args);
      };
    }
    let loaded: LoadedReport;
    let promises: number;
    try {
      ({ result: loaded, promises } = await countingPromises(async () => (await new RequestHandlers().handle(request)) as LoadedReport));
    } finally {
      fsp['readdir'] = originals.readdir;
      fsp['lstat'] = originals.lstat;
    }
    assert.equal(loaded.totals.files, FILES + 1);
    const resolved = loaded.files.filter((file) => file.resolvedPath !== undefined);
    assert.deepEqual(
      resolved.map((file) => file.resolvedPath),
      [path.join(root, 'src', 'here.c')],
    );
    assert.equal(loaded.files[1]?.resolution, 'not found in the workspace');
    // Reading the report takes a few dozen promises; resolving FILES paths one by one took several per file.
    assert.ok(promises < 2_000, `${promises} promises for ${FILES + 1} files`);
    assert.ok(calls.readdir <= 2 * FOLDERS, `${calls.readdir} directory listings`);
    assert.ok(calls.lstat <= 10, `${calls.lstat} lstat calls: only the file that exists is looked at`);
  });

  it('a Perl build copy (blib/lib/…) with no source in lib/ costs per directory too', async () => {
    // Each blib/lib path took resolve's awaited checks, one at a time: 20,000 of them made
    // 580,136 promises (22 s of waiting for 50,000 through the inspect tool, 0.6 s now).
    let text = '';
    for (let i = 0; i < FILES; i++) text += `SF:blib/lib/d${i % FOLDERS}/f${i}.pm\nDA:1,1\nend_of_record\n`;
    const blib = path.join(root, 'coverage', 'blib.info');
    writeFileSync(blib, text);
    const { result: loaded, promises } = await countingPromises(async () => (await new RequestHandlers().handle({ ...request, reportPath: blib })) as LoadedReport);
    assert.equal(loaded.totals.files, FILES);
    assert.equal(loaded.files[0]?.resolution, 'not found in the workspace');
    assert.ok(promises < 2_000, `${promises} promises for ${FILES} files`);
  });

  it('keeps in the extension host the resolved files as objects and the others as a few bytes beyond their paths', async () => {
    const loaded = (await new RequestHandlers().handle(request)) as LoadedReport;
    const messages = toWire('loadReport', { id: 1, ok: true, result: loaded });
    const reader = new WireReader();
    let keptBytes = 0;
    let response: WorkerResponse | undefined;
    for (const message of messages) {
      // What the host keeps of a page: its bytes as they came, and its resolved files' text parsed.
      if ('filesPage' in message) keptBytes += message.filesPage.byteLength + message.resolvedPage.length;
      response = reader.accept(message) ?? response;
    }
    assert.ok(response?.ok === true);
    const back = response.result as ReceivedReport;
    assert.equal(back.resolvedFiles.length, 1);
    assert.equal(back.unresolvedCount, FILES);
    let pathBytes = 0;
    for (let i = 0; i < FILES; i++) pathBytes += Buffer.byteLength(`d${i % FOLDERS}/f${i}.c`);
    // A summary per file as JSON (before: about 190 bytes for these) against the path plus its quotes, note and six counts.
    assert.ok(keptBytes <= pathBytes + 20 * FILES, `${keptBytes} bytes kept for ${FILES} files whose paths take ${pathBytes}`);
    // Nothing is lost: every file's summary is there when asked for.
    const files = back.files;
    assert.equal(files.length, FILES + 1);
    assert.deepEqual(files[2], { reportPath: 'd1/f1.c', resolvedPath: undefined, resolution: 'not found in the workspace', totals: { files: 1, lines: 1, linesHit: 1, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 }, testNames: [] });
    assert.deepEqual(files, loaded.files);
  });
});

/** `work`'s result and the promises made while it ran. */
async function countingPromises<T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly promises: number }> {
  let promises = 0;
  const hook = createHook({
    init: (_id, type) => {
      if (type === 'PROMISE') promises++;
    },
  });
  hook.enable();
  try {
    const result = await work();
    return { result, promises };
  } finally {
    hook.disable();
  }
}
