import * as assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CART } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

/** Writes `text` to `uri` and resolves once VS Code's file watcher has reported the change. */
async function writtenAndAnnounced(uri: vscode.Uri, text: string): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(uri.fsPath)), path.basename(uri.fsPath)));
  try {
    const changed = new Promise<void>((resolve) => {
      watcher.onDidChange(() => resolve());
      watcher.onDidCreate(() => resolve());
    });
    await writeFile(uri.fsPath, text);
    await changed;
  } finally {
    watcher.dispose();
  }
}

describe('report updates and bad reports', () => {
  before(resetWorkspace);

  const report = () => fileIn('example', 'coverage/lcov.info');
  let original = '';

  before(async () => {
    original = await readFile(report().fsPath, 'utf8');
  });

  after(async () => {
    await writeFile(report().fsPath, original);
    await rm(fileIn('example', 'coverage/broken.lcov').fsPath, { force: true });
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    await openEditor(uri);
    await eventually(api, () => (api.decorations(uri)?.uncovered.length === CART.uncovered.length ? true : undefined), 'original marks restored');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('redraws the marks when the report is rewritten', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    await openEditor(uri);
    await eventually(api, () => api.decorations(uri), 'initial marks');
    // A later test run covered the guard clause: lines 5 and 6 are now hit.
    await writeFile(report().fsPath, original.replace('DA:5,0', 'DA:5,1').replace('DA:6,0', 'DA:6,1'));
    const marks = await eventually(api, () => (api.decorations(uri)?.uncovered.includes(5) === false ? api.decorations(uri) : undefined), 'updated marks');
    assert.deepEqual(marks.uncovered, CART.uncovered.filter((line) => line !== 5 && line !== 6));
    assert.ok(marks.covered.includes(5) && marks.covered.includes(6));
    assert.match(api.statusBar().tooltip ?? '', /lines 22\/30/);
  });

  it('waits for a report that is still being written instead of showing it broken', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    const before = api.notifications().length;
    const full = original.replace('DA:21,0', 'DA:21,7');
    const cut = full.indexOf('DA:21,7') + 4;
    // The writer flushes up to the middle of a record; once VS Code has told the extensions about
    // the half-written file (the same file event its watcher gets), it finishes the file.
    await writtenAndAnnounced(report(), full.slice(0, cut));
    await writeFile(report().fsPath, full);
    const marks = await eventually(api, () => (api.decorations(uri)?.covered.includes(21) === true ? api.decorations(uri) : undefined), 'marks of the finished report');
    assert.ok(!marks.uncovered.includes(21));
    assert.equal(api.notifications().length, before, `no warning: ${api.notifications().slice(before).join(' | ')}`);
  });

  it('warns once about a malformed report, naming file, line and reason, and keeps the good one shown', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    await openEditor(uri);
    await eventually(api, () => api.decorations(uri), 'marks before the bad report');
    await writeFile(fileIn('example', 'coverage/broken.lcov').fsPath, 'SF:src/cart.js\nDA:1,1\nthis is not lcov\n');
    const warning = await eventually(api, () => api.notifications().find((m) => m.includes('broken.lcov')), 'a warning about broken.lcov');
    assert.match(warning, /coverage\/broken\.lcov/);
    assert.match(warning, /line 3/);
    assert.match(warning, /not an LCOV record|not a record/i);
    assert.ok(api.decorations(uri), 'cart.js keeps its marks');
    assert.ok(api.reports().some((r) => r.reportUri.fsPath === report().fsPath), 'the good report stays loaded');
    assert.equal(api.notifications().filter((m) => m.includes('broken.lcov')).length, 1, 'one warning, not one per retry');
  });
});
