import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runC8, STOCK_MAIN, STOCK_TEST_BRANCH, STOCK_TEST_MAIN, stockWithRemove, TEST_HEAD, textLines } from '../support/compareProject';
import { TestRepo } from '../unit/gitTestRepo';
import { resetWorkspace } from './baseline';
import { acceptFirstItemOf, eventually, folder, HANG_GUARD_MS, openEditor, sentinel } from './helpers';

const FOLDER = 'example-compare-actions';

/** main's second commit adds legacy.js, tested; the branch deletes it. */
const LEGACY = textLines("'use strict';", 'function legacy(x) {', '  return x * 2;', '}', 'module.exports = { legacy };');
/** Added on the branch, untested. */
const REPORT = textLines("'use strict';", 'function report(stock) {', '  return JSON.stringify(stock);', '}', 'module.exports = { report };');
const LEGACY_TEST = textLines(...TEST_HEAD, "const { legacy } = require('../src/legacy');", "test('legacy', () => assert.equal(legacy(2), 4));");

/** A real c8 run of the project's node:test files, writing coverage/lcov.info in the repository. */
async function runStockTests(repo: TestRepo): Promise<void> {
  await runC8(repo, { tests: ['test/stock.test.js', 'test/legacy.test.js'].filter((file) => existsSync(path.join(repo.dir, file))) });
}

/** Compared with coverage measured at `commit` itself, not an ancestor's moved onto it. */
function measuredAt(api: Awaited<ReturnType<typeof sentinel>>, commit: string): boolean {
  return api.comparison().commit === commit && api.comparison().coverageCommit === undefined;
}

/**
 * The comparison's actions in a real VS Code, on a real git repository with real c8 reports:
 * main's first commit M0 (stock.js), its second M1 (legacy.js added, tested); the branch deletes
 * legacy.js, adds report.js untested, adds remove() to stock.js untested and drops addItem()'s
 * test. Expected lines by hand: lost 2-5 (addItem), new and uncovered 9-12, patch of stock.js 1/5.
 */
describe('compare: edits, saved baselines, other branches, lost-coverage picks, sorting (issue 11)', function () {
  this.timeout(6 * HANG_GUARD_MS);
  let repo: TestRepo;
  let m0 = '';
  let m1 = '';
  let autoSave: unknown;
  const uri = (file: string) => vscode.Uri.file(path.join(repo.dir, ...file.split('/')));
  const stock = () => uri('src/stock.js');

  before(async () => {
    await resetWorkspace();
    const api = await sentinel();
    // The web workbench saves after a delay by default: these edits must stay unsaved.
    autoSave = vscode.workspace.getConfiguration('files').inspect('autoSave')?.workspaceValue;
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    repo = new TestRepo('coverage-sentinel-compare-actions-');
    repo.write('.gitignore', 'coverage/\n');
    repo.write('src/stock.js', STOCK_MAIN);
    repo.write('test/stock.test.js', STOCK_TEST_MAIN);
    m0 = repo.commit('main: stock');
    repo.git('branch', 'v0');
    await runStockTests(repo);
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: vscode.Uri.file(repo.dir), name: FOLDER }));
    await eventually(api, () => (measuredAt(api, m0) ? true : undefined), 'coverage at M0 remembered and compared with');
    repo.write('src/legacy.js', LEGACY);
    repo.write('test/legacy.test.js', LEGACY_TEST);
    m1 = repo.commit('main: legacy');
    await runStockTests(repo);
    await eventually(api, () => (measuredAt(api, m1) ? true : undefined), 'coverage at M1 remembered and compared with');

    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/stock.js', stockWithRemove());
    repo.write('test/stock.test.js', STOCK_TEST_BRANCH);
    repo.write('src/report.js', REPORT);
    repo.git('rm', '-q', 'src/legacy.js', 'test/legacy.test.js');
    repo.commit('feature: remove(), report(), no legacy');
    await runStockTests(repo);
    await eventually(api, () => (api.comparison().rows.some((row) => row.path === 'src/report.js') ? true : undefined), 'the comparison on the branch');
  });

  after(async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('coverageSentinel').update('compare.baseBranch', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSave, vscode.ConfigurationTarget.Workspace);
    const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === FOLDER) ?? -1;
    if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, 1);
    await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath.startsWith(repo.dir)) ? undefined : true), 'the folder gone');
    repo.remove();
  });

  it('lists a deleted file that had covered lines, and the added and changed files', async () => {
    const api = await sentinel();
    const rows = api.comparison().rows;
    assert.deepEqual(rows.map((row) => [row.path, row.status]), [
      ['src/legacy.js', 'deleted'],
      ['src/report.js', 'added'],
      ['src/stock.js', 'modified'],
    ]);
    assert.equal(rows[0]?.description, 'deleted · was 100%');
    assert.equal(api.comparison().commit, m1);
  });

  it('sorts the comparison view by patch coverage, lost lines, change and path', async () => {
    const api = await sentinel();
    const order = () => api.comparison().rows.map((row) => row.path);
    await vscode.commands.executeCommand('coverageSentinel.sortComparison', 'patch');
    // report.js 0%, stock.js 20%, legacy.js has no patch (last).
    assert.deepEqual(order(), ['src/report.js', 'src/stock.js', 'src/legacy.js']);
    await vscode.commands.executeCommand('coverageSentinel.sortComparison', 'lost');
    // stock.js lost 4 lines; the others none, by path.
    assert.deepEqual(order(), ['src/stock.js', 'src/legacy.js', 'src/report.js']);
    await vscode.commands.executeCommand('coverageSentinel.sortComparison', 'delta');
    // Only stock.js has a coverage on both sides.
    assert.deepEqual(order(), ['src/stock.js', 'src/legacy.js', 'src/report.js']);
    await vscode.commands.executeCommand('coverageSentinel.sortComparison', 'path');
    assert.deepEqual(order(), ['src/legacy.js', 'src/report.js', 'src/stock.js']);
  });

  it('moves lost and new-uncovered marks with an unsaved edit, and back when it is undone', async () => {
    const api = await sentinel();
    const editor = await openEditor(stock());
    const before = await eventually(api, () => {
      const marks = api.comparison().marks(stock());
      return marks !== undefined && marks.lost.length > 0 ? marks : undefined;
    }, 'the comparison marks of stock.js');
    assert.deepEqual(before.lost, [2, 3, 4, 5]);
    assert.deepEqual(before.newUncovered, [9, 10, 11, 12]);
    const statusBefore = api.comparison().statusBar.text;
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// a note\n// another\n')));
    assert.equal(editor.document.isDirty, true);
    const moved = await eventually(api, () => {
      const marks = api.comparison().marks(stock());
      return marks?.lost[0] === 4 ? marks : undefined;
    }, 'the marks moved by the unsaved edit');
    assert.deepEqual(moved.lost, [4, 5, 6, 7]);
    assert.deepEqual(moved.newUncovered, [11, 12, 13, 14]);
    // Comment lines are not coverable: the patch figures stay.
    assert.equal(api.comparison().statusBar.text, statusBefore);
    // Another folder's report changes: every coverage entry is rebuilt, the unsaved edit still counts.
    const libReport = path.join(folder('example-lib').uri.fsPath, 'coverage', 'lcov.info');
    const libText = readFileSync(libReport, 'utf8');
    try {
      writeFileSync(libReport, `${libText}SF:src/elsewhere.js\nDA:1,1\nend_of_record\n`);
      await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath === libReport && r.files.length === 2) ? true : undefined), 'the changed example-lib report loaded');
      assert.deepEqual(api.comparison().marks(stock())?.lost, [4, 5, 6, 7]);
      assert.deepEqual(api.decorations(stock())?.covered, [3, 8, 9, 10, 15]);
    } finally {
      writeFileSync(libReport, libText);
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const back = await eventually(api, () => {
      const marks = api.comparison().marks(stock());
      return marks?.lost[0] === 2 ? marks : undefined;
    }, 'the marks back after the edit is undone');
    assert.deepEqual(back.newUncovered, [9, 10, 11, 12]);
  });

  it('Go to Lost Coverage… lists each lost line and moves the cursor to the chosen one', async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const short = m1.slice(0, 7);
    assert.deepEqual(api.comparison().lostCoverage, [2, 3, 4, 5].map((line) => ({ label: `src/stock.js:${line}`, description: `covered on main (${short}), 1 hit — not covered now` })));
    await acceptFirstItemOf('coverageSentinel.goToLostCoverage');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, stock().fsPath);
    assert.equal((editor?.selection.active.line ?? -1) + 1, 2);
  });

  it('Compare With Branch… compares with the merge-base of HEAD and the chosen branch, and back with the default', async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('coverageSentinel.compareWithBranch', 'v0');
    await eventually(api, () => (api.comparison().commit === m0 ? true : undefined), 'the comparison with v0 (M0)');
    assert.equal(vscode.workspace.getConfiguration('coverageSentinel').get('compare.baseBranch'), 'v0');
    // legacy.js did not exist at M0: not listed as deleted.
    assert.deepEqual(api.comparison().rows.map((row) => row.path), ['src/report.js', 'src/stock.js']);
    assert.match(api.comparison().statusBar.tooltip ?? '', /Compared with v0\*\* at/);
    // The quick pick's first item is the default branch.
    await acceptFirstItemOf('coverageSentinel.compareWithBranch');
    await eventually(api, () => (api.comparison().commit === m1 ? true : undefined), 'the comparison with main (M1) again');
    assert.equal(vscode.workspace.getConfiguration('coverageSentinel').inspect('compare.baseBranch')?.workspaceValue, undefined);
  });

  it('Save Current Coverage as Baseline saves a dirty tree with the content hashes of its changed files', async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    repo.git('checkout', '-q', 'main');
    await runStockTests(repo);
    await eventually(api, () => (api.comparison().commit === m1 && api.comparison().rows.length === 0 ? true : undefined), 'main compared with itself');
    // Uncommitted: remove() added, untested. Not remembered by itself (the tree is dirty).
    repo.write('src/stock.js', stockWithRemove());
    await runStockTests(repo);
    await eventually(api, () => (api.comparison().rows.some((row) => row.path === 'src/stock.js') ? true : undefined), 'the uncommitted change compared with M1');
    assert.equal(api.comparison().baseline?.description.startsWith('coverage remembered when the reports were loaded'), true);

    await vscode.commands.executeCommand('coverageSentinel.saveBaseline');
    await eventually(api, () => (api.comparison().baseline?.description.startsWith('coverage saved as baseline') === true ? true : undefined), 'the saved baseline in use');
    // The same text as saved: compared line for line, nothing changed.
    assert.deepEqual(api.comparison().rows, []);
    assert.equal(api.comparison().statusBar.text, '$(git-compare) patch – · Δ ±0%');
    const folder = api.comparison().snapshotFolder;
    assert.ok(folder !== undefined);
    const stored = JSON.parse(readFileSync(path.join(folder, `${m1}.json`), 'utf8')) as { manual: boolean; blobs: Record<string, string>; files: { p: string }[] };
    assert.equal(stored.manual, true);
    assert.deepEqual(stored.blobs, { 'src/stock.js': createHash('sha256').update(stockWithRemove()).digest('hex') });
    assert.deepEqual(stored.files.map((file) => file.p).sort(), ['src/legacy.js', 'src/stock.js']);

    // Another text than the one saved: that file is left out, and says why.
    const editor = await openEditor(stock());
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited\n')));
    const skipped = await eventually(api, () => (api.comparison().skipped.length > 0 ? api.comparison().skipped : undefined), 'stock.js left out');
    assert.deepEqual(skipped, [{ path: 'src/stock.js', reason: 'the baseline was saved from uncommitted text that has changed since' }]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    repo.git('checkout', '-q', '--', 'src/stock.js');
  });
});
