import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkerHost, WorkerRequestError } from '../../src/vscode/workerHost';
import { CART } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, folder, openEditor, sentinel } from './helpers';

const PAD_CHUNK = 1 << 20;

/**
 * Issue 8 §1: an llvm-cov export whose only segment pair spans 160,000,000 lines, padded (80 MiB)
 * so that the parser's line budget before the fix (2^22 + 2 × input bytes) allowed them. Under
 * Node 20 the worker thread grew an array past V8's size limit and the whole process aborted;
 * under this VS Code's Node 24 the same growth throws a RangeError instead.
 */
async function writeIssueExport(file: string): Promise<void> {
  await writePadded(file, '{"type":"llvm.coverage.json.export","version":"2.0.1","data":[{"files":[{"filename":"a.c","segments":[[1,1,1,true,true,false],[160000000,1,0,false,false,false]]}],"functions":[]}],"pad":"', 'x'.repeat(PAD_CHUNK), 80, '"}\n');
}

/**
 * An llvm-cov export with an array of 140,000,000 zeros (280 MB, under the 512 MiB cap): JSON.parse
 * itself grows an array past V8's size limit, a fatal error under Node 24 too. In the earlier
 * design (a worker thread) it ended this extension host (SIGTRAP after about 40 s).
 */
async function writeArrayExport(file: string): Promise<void> {
  const zeros = '0,'.repeat(PAD_CHUNK / 2);
  await writePadded(file, '{"type":"llvm.coverage.json.export","version":"2.0.1","data":[{"files":[],"functions":[]}],"pad":[', zeros, 267, '0]}\n');
}

/** Written in chunks, asynchronously: the extension host's thread stays free while the test writes. */
async function writePadded(file: string, head: string, chunk: string, chunks: number, tail: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  try {
    await handle.write(head);
    const bytes = Buffer.from(chunk);
    for (let i = 0; i < chunks; i++) await handle.write(bytes);
    await handle.write(tail);
  } finally {
    await handle.close();
  }
}

/** The longest gap between ticks of a 10 ms interval in this (the extension host's) main thread. */
function heartbeat(): () => number {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return () => {
    clearInterval(timer);
    return longest;
  };
}

const others = (api: Awaited<ReturnType<typeof sentinel>>, except: string) =>
  api
    .reports()
    .map((report) => vscode.workspace.asRelativePath(report.reportUri))
    .filter((name) => !name.includes(except))
    .sort();

describe('hostile report files cannot end the extension host or reach outside (issue 8 §1, §3)', function () {
  this.timeout(15 * 60_000);

  before(resetWorkspace);

  after(async () => {
    for (const name of ['hostile-issue', 'hostile-array']) await rm(fileIn('example-lib', name).fsPath, { recursive: true, force: true });
    await rm(fileIn('example', 'coverage/outside.lcov').fsPath, { force: true });
    await rm(fileIn('example', 'coverage/fifo.lcov').fsPath, { force: true });
    await rm(fileIn('example', 'coverage/after-crash.lcov').fsPath, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const api = await sentinel();
    await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath.includes('hostile')) ? undefined : true), 'the hostile report gone');
  });

  /** Writes a hostile report, waits for the warning about it, checks the host and the other reports, removes it. */
  async function survives(folderName: string, write: (file: string) => Promise<void>): Promise<string> {
    const name = `${folderName}/coverage.json`;
    const api = await sentinel();
    const before = others(api, 'hostile');
    assert.ok(before.length >= 2, `the example reports are loaded: ${before.join(', ')}`);
    const hostile = fileIn('example-lib', name);
    await write(hostile.fsPath);
    const stall = heartbeat();
    // Whichever stops it (a bounded parser's ReportParseError, an exception, or the worker process
    // dying of a fatal allocation), the user is told about that file, and only that file.
    const warning = await eventually(api, () => api.notifications().find((message) => message.includes(name)), `a warning about ${name}`, 12 * 60_000);
    console.log(`      extension host longest stall meanwhile: ${stall().toFixed(0)} ms; the warning: ${warning}`);
    assert.match(warning, new RegExp(`could not read (example-lib/)?${name.replace('.', '\\.')}: `));
    assert.deepEqual(others(api, 'hostile'), before, 'the other reports stay');
    assert.ok(!api.reports().some((r) => r.reportUri.fsPath === hostile.fsPath), 'the hostile report is not shown');
    await rm(hostile.fsPath);
    return warning;
  }

  it('the issue’s llvm-cov export with a segment at line 160,000,000 (84 MB): a clear error for that file; the host and the other reports stay', async () => {
    await survives('hostile-issue', writeIssueExport);
  });

  it('an export whose JSON array outgrows V8’s limit (280 MB; fatal under this Node): the worker process dies, the host lives on, and details keep coming', async () => {
    await survives('hostile-array', writeArrayExport);
    // A new report merged with an old one gets its details: a fresh worker process answers, and it
    // has loaded again the reports the dead one held.
    const api = await sentinel();
    const cart = fileIn('example', 'src/cart.js');
    await openEditor(cart);
    const lines = [21, 22, 23, 24, 25, 26, 27, 28].map((line) => `DA:${line},${line === 24 ? 0 : 1}`).join('\n');
    await writeFile(fileIn('example', 'coverage/after-crash.lcov').fsPath, `TN:after\nSF:../src/cart.js\n${lines}\nend_of_record\n`);
    const marks = await eventually(api, () => (api.decorations(cart)?.uncovered.includes(21) === false ? api.decorations(cart) : undefined), 'merged marks of cart.js');
    assert.deepEqual(marks.uncovered, [5, 6, 24]);
    assert.deepEqual(marks.partial, CART.partial);
  });

  it('a worker process that dies of a fatal V8 error in this extension host fails its request with a typed error, and the host lives on', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-fatal-'));
    const script = path.join(dir, 'fatal-worker.js');
    // A deliberately fatal stand-in: an allocation past V8's size limit aborts the process.
    await writeFile(
      script,
      `process.on('message', (m) => {
         if (m.reportPath === 'fatal') 'a'.repeat(2 ** 28).split('');
         process.send({ id: m.id, ok: true, result: { pid: process.pid, execArgv: process.execArgv, electron: process.env.ELECTRON_RUN_AS_NODE } });
       });`,
    );
    const logged: string[] = [];
    const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    const host = new WorkerHost({ scriptPath: script, timeoutMs: 120_000, maxOldGenerationSizeMb: 1024, log });
    const load = (reportPath: string) => ({ type: 'loadReport' as const, reportPath, workspaceFolders: [], ownerFolder: '', maxBytes: 1, pathMappings: [] });
    try {
      const first = (await host.request(load('a'))) as unknown as { pid: number; execArgv: string[]; electron: string };
      console.log(`      extension host ${process.version} (${process.execPath}), execArgv ${JSON.stringify(process.execArgv)}; worker execArgv ${JSON.stringify(first.execArgv)}`);
      assert.deepEqual(first.execArgv, ['--max-old-space-size=1024'], 'the extension host’s own flags do not reach the worker');
      await assert.rejects(host.request(load('fatal')), (error: unknown) => error instanceof WorkerRequestError && /fatal V8 error/.test(error.message) && error.error.file === 'fatal');
      const after = (await host.request(load('b'))) as unknown as { pid: number };
      assert.notEqual(after.pid, first.pid);
      assert.ok(logged.some((line) => /Fatal JavaScript invalid size error/.test(line)), 'V8’s words are logged');
    } finally {
      host.dispose();
      await rm(dir, { recursive: true, force: true });
    }
    const api = await sentinel();
    assert.ok(api.reports().length >= 2, 'the extension still answers');
  });

  it('a report that is a symlink out of the workspace, or a FIFO: refused with a clear error, nothing read, nothing blocked', async () => {
    const api = await sentinel();
    const before = others(api, '.lcov');
    const outside = path.join(path.dirname(folder('example').uri.fsPath), 'outside-secret');
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'creds.info'), 'SF:SECRET-OUTSIDE.js\nDA:1,1\nend_of_record\n');
    await symlink(path.join(outside, 'creds.info'), fileIn('example', 'coverage/outside.lcov').fsPath);
    execFileSync('mkfifo', [fileIn('example', 'coverage/fifo.lcov').fsPath]);
    await vscode.commands.executeCommand('coverageSentinel.reloadReports');
    const outsideWarning = await eventually(api, () => api.notifications().find((m) => m.includes('outside.lcov')), 'a warning about outside.lcov');
    assert.match(outsideWarning, /outside the workspace/);
    const fifoWarning = await eventually(api, () => api.notifications().find((m) => m.includes('fifo.lcov')), 'a warning about fifo.lcov');
    assert.match(fifoWarning, /not a regular file/);
    assert.ok(!api.reports().some((r) => r.files.some((f) => f.reportPath.includes('SECRET'))), 'the outside file was not shown');
    assert.deepEqual(others(api, '.lcov'), before);
    // The host's own file reads are not starved.
    assert.ok((await vscode.workspace.fs.readFile(fileIn('example', 'src/cart.js'))).byteLength > 0);
  });
});
