import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, range, sentinel } from './helpers';
import type { SentinelApi } from '../../src/vscode/testApi';

const OPEN_FILE = 'src/written-report.js';
const OPEN_LINES = 12;
/** Records the appending writer adds, one every WRITE_EVERY_MS: about 1.2 s of writing. */
const RECORDS = 120;
const WRITE_EVERY_MS = 10;

function record(sourceFile: string, lines: number): string {
  return `SF:${sourceFile}\n${range(1, lines).map((line) => `DA:${line},${line % 4 === 0 ? 0 : 1}`).join('\n')}\nend_of_record\n`;
}

/** Every prefix of this report that ends a record is a valid report with fewer files. */
function appendedRecords(): string[] {
  return [...Array.from({ length: RECORDS - 1 }, (_, i) => record(`generated/piece-${i}.js`, 40)), record(OPEN_FILE, OPEN_LINES)];
}

/**
 * Issue 13: a watched report is read once no file event has come for a short debounce and its
 * size and modification time are still those seen at the event (src/host/reportLoad.ts). A
 * report renamed into place is read at once and whole; a report a writer is still appending to,
 * record by record, is never shown with records missing, although each of its versions is a
 * valid report.
 */
describe('reports written while VS Code watches: renamed into place, or appended record by record', () => {
  before(resetWorkspace);

  const source = fileIn('example', OPEN_FILE);
  before(() => writeFileSync(source.fsPath, range(1, OPEN_LINES).map((n) => `const line${n} = ${n};`).join('\n') + '\n'));
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    rmSync(source.fsPath, { force: true });
    await resetWorkspace();
  });

  it('a report renamed into place (as a download finishes) is loaded with every record', async () => {
    const api = await sentinel();
    const report = fileIn('example', 'coverage/renamed.lcov');
    const staged = `${report.fsPath}.part`;
    await openEditor(source);
    await api.whenIdle();
    try {
      writeFileSync(staged, appendedRecords().join(''));
      await api.whenIdle();
      assert.equal(filesOf(api, report), undefined, 'the staged file is not a report');
      renameSync(staged, report.fsPath);
      const marks = await eventually(api, () => (filesOf(api, report) !== undefined ? api.decorations(source) : undefined), 'the renamed report loaded');
      assert.equal(filesOf(api, report), RECORDS);
      assert.deepEqual(marks.uncovered, [4, 8, 12]);
    } finally {
      rmSync(staged, { force: true });
      rmSync(report.fsPath, { force: true });
      await eventually(api, () => (filesOf(api, report) === undefined ? true : undefined), 'the report removed');
    }
  });

  it('a report a process appends to, record by record, is never shown with records missing', async () => {
    const api = await sentinel();
    const report = fileIn('example', 'coverage/appended.lcov');
    const notifications = api.notifications().length;
    await openEditor(source);
    await api.whenIdle();
    const seen = new Set<number>();
    const probe = setInterval(() => {
      const files = filesOf(api, report);
      if (files !== undefined) seen.add(files);
    }, 1);
    try {
      await appendInAnotherProcess(report.fsPath, appendedRecords());
      await eventually(api, () => (filesOf(api, report) === RECORDS ? true : undefined), 'the whole report loaded');
      await api.whenIdle();
      assert.deepEqual([...seen], [RECORDS], 'every version of the report shown had every record');
      assert.deepEqual(api.decorations(source)?.uncovered, [4, 8, 12]);
      assert.deepEqual(api.notifications().slice(notifications), [], 'no warning');
    } finally {
      clearInterval(probe);
      rmSync(report.fsPath, { force: true });
      await eventually(api, () => (filesOf(api, report) === undefined ? true : undefined), 'the report removed');
    }
  });

  it('a report whose folder is deleted (rm -rf coverage, git clean) loses its marks', async () => {
    const api = await sentinel();
    const run = fileIn('example', 'deleted-run');
    const report = vscode.Uri.joinPath(run, 'coverage/lcov.info');
    await openEditor(source);
    try {
      mkdirSync(path.dirname(report.fsPath), { recursive: true });
      writeFileSync(report.fsPath, record(source.fsPath, OPEN_LINES));
      // A file written at once into a folder just made may have no file event of its own; the search finds it.
      await vscode.commands.executeCommand('coverageSentinel.reloadReports');
      await eventually(api, () => (filesOf(api, report) === 1 ? true : undefined), 'the report loaded');
      assert.deepEqual(api.decorations(source)?.uncovered, [4, 8, 12]);
      // The folder VS Code watched (the ones made inside it at once are not watched on Linux).
      rmSync(run.fsPath, { recursive: true });
      await eventually(api, () => (filesOf(api, report) === undefined ? true : undefined), 'the report of the deleted folder removed');
      assert.deepEqual(api.decorations(source)?.uncovered ?? [], []);
    } finally {
      rmSync(run.fsPath, { recursive: true, force: true });
    }
  });

  it('a report written into folders made after VS Code started (a project’s first test run, a new package) is loaded without a reload', async () => {
    const api = await sentinel();
    const run = fileIn('example', 'first-run');
    const report = vscode.Uri.joinPath(run, 'packages/new/coverage/lcov.info');
    await openEditor(source);
    try {
      mkdirSync(path.dirname(report.fsPath), { recursive: true });
      await api.whenIdle();
      // Written at once, after the folders settled: on Linux no file event comes for it.
      writeFileSync(report.fsPath, record(source.fsPath, OPEN_LINES));
      await eventually(api, () => (filesOf(api, report) === 1 ? true : undefined), 'the report in the new folders loaded');
      assert.deepEqual(api.decorations(source)?.uncovered, [4, 8, 12]);
      // And moved in whole, as an unpacked CI artifact is.
      const artifact = fileIn('example', 'first-run-artifact');
      const moved = vscode.Uri.joinPath(run, 'artifact/coverage/lcov.info');
      mkdirSync(vscode.Uri.joinPath(artifact, 'coverage').fsPath, { recursive: true });
      writeFileSync(vscode.Uri.joinPath(artifact, 'coverage/lcov.info').fsPath, record(source.fsPath, OPEN_LINES).replace('DA:8,0', 'DA:8,1'));
      renameSync(artifact.fsPath, vscode.Uri.joinPath(run, 'artifact').fsPath);
      await eventually(api, () => (filesOf(api, moved) === 1 ? true : undefined), 'the moved-in report loaded');
    } finally {
      rmSync(run.fsPath, { recursive: true, force: true });
      rmSync(fileIn('example', 'first-run-artifact').fsPath, { recursive: true, force: true });
      await eventually(api, () => (filesOf(api, report) === undefined ? true : undefined), 'the report removed');
    }
  });

  it('a report whose folder a test runner deletes and makes again on every run (jest, vitest) shows each run', async () => {
    const api = await sentinel();
    const run = fileIn('example', 'jest-run');
    const coverage = vscode.Uri.joinPath(run, 'coverage');
    const report = vscode.Uri.joinPath(coverage, 'lcov.info');
    await openEditor(source);
    try {
      // Folders VS Code watches already, as a project's coverage/ is once the first run made it.
      await madeAndAnnounced(run);
      await madeAndAnnounced(coverage);
      writeFileSync(report.fsPath, record(source.fsPath, OPEN_LINES));
      await eventually(api, () => (filesOf(api, report) === 1 ? true : undefined), 'the first run loaded');
      for (let i = 1; i <= 4; i++) {
        const covered = i % 2 === 1;
        rmSync(coverage.fsPath, { recursive: true });
        mkdirSync(coverage.fsPath);
        writeFileSync(report.fsPath, covered ? record(source.fsPath, OPEN_LINES).replace('DA:4,0', 'DA:4,1') : record(source.fsPath, OPEN_LINES));
        const expected = covered ? [8, 12] : [4, 8, 12];
        await eventually(api, () => (filesOf(api, report) === 1 && JSON.stringify(api.decorations(source)?.uncovered) === JSON.stringify(expected) ? true : undefined), `run ${i + 1} shown`);
      }
    } finally {
      rmSync(run.fsPath, { recursive: true, force: true });
      await eventually(api, () => (filesOf(api, report) === undefined ? true : undefined), 'the report removed');
    }
  });
});

/** Makes folder `uri` and resolves once VS Code's file watcher has reported it. */
async function madeAndAnnounced(uri: vscode.Uri): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.posix.basename(uri.path)));
  try {
    const made = new Promise<void>((resolve) => watcher.onDidCreate(() => resolve()));
    mkdirSync(uri.fsPath);
    await made;
  } finally {
    watcher.dispose();
  }
}

function filesOf(api: SentinelApi, report: vscode.Uri): number | undefined {
  return api.reports().find((r) => r.reportUri.toString() === report.toString())?.files.length;
}

/**
 * A writer outside the extension host (its event loop does not pause the writes): one record
 * every WRITE_EVERY_MS, with synchronous writes to one open file, as a test runner flushing
 * its reporter does.
 */
function appendInAnotherProcess(file: string, records: readonly string[]): Promise<void> {
  const script = `
    const fs = require('node:fs');
    const records = JSON.parse(process.argv[2]);
    const fd = fs.openSync(process.argv[1], 'w');
    let i = 0;
    const timer = setInterval(() => {
      fs.writeSync(fd, records[i++]);
      if (i === records.length) { clearInterval(timer); fs.closeSync(fd); }
    }, ${WRITE_EVERY_MS});`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, file, JSON.stringify(records)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the writer exited with ${String(code)}`))));
  });
}
