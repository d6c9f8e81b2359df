import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runC8, TEST_HEAD, textLines } from '../support/compareProject';
import { TestRepo } from '../unit/gitTestRepo';
import { resetWorkspace } from './baseline';
import { eventually, openEditor, plainMarkdown, sentinel } from './helpers';

const FOLDER = 'example-compare';

/** main: add() and total(), both tested. */
const CART_MAIN = textLines(
  "'use strict';",
  'function add(items, item) {',
  '  items.push(item);',
  '  return items.length;',
  '}',
  'function total(items) {',
  '  let sum = 0;',
  '  for (const item of items) sum += item.price;',
  '  return sum;',
  '}',
  'module.exports = { add, total };',
);
/** The branch: discount() added untested (lines 11-14), the export line changed (15), add()'s test removed. */
const CART_BRANCH = textLines(
  "'use strict';",
  'function add(items, item) {',
  '  items.push(item);',
  '  return items.length;',
  '}',
  'function total(items) {',
  '  let sum = 0;',
  '  for (const item of items) sum += item.price;',
  '  return sum;',
  '}',
  'function discount(sum, rate) {',
  "  if (rate > 1) throw new RangeError('rate above 1');",
  '  return sum * (1 - rate);',
  '}',
  'module.exports = { add, total, discount };',
);
const TEST_MAIN = textLines(...TEST_HEAD, "const { add, total } = require('../src/cart');", "test('add', () => assert.equal(add([], { price: 1 }), 1));", "test('total', () => assert.equal(total([{ price: 2 }, { price: 3 }]), 5));");
const TEST_BRANCH = textLines(...TEST_HEAD, "const { total } = require('../src/cart');", "test('total', () => assert.equal(total([{ price: 2 }, { price: 3 }]), 5));");

/**
 * Issue 11 in a real VS Code: a real git repository with c8 reports at main and on a branch.
 * Coverage loaded on main is remembered by commit with no setup; on the branch the editor marks
 * the lines that lost coverage and the new code no test runs, the status bar gives patch coverage
 * and the project delta, the comparison view lists the file; a branch switch updates it all.
 * Expected lines and figures by hand from the sources above (c8 marks a function's lines 0 when it
 * never runs): lost 2-5 (add() was covered on main), new and uncovered 11-14, patch 1/5 (only the
 * export line 15 runs), project 11/11 → 7/15.
 */
describe('compare with main while you code (issue 11)', function () {
  before(resetWorkspace);

  let repo: TestRepo;
  let mainCommit = '';
  const cart = () => vscode.Uri.file(path.join(repo.dir, 'src', 'cart.js'));

  before(async () => {
    const api = await sentinel();
    repo = new TestRepo('coverage-sentinel-compare-');
    repo.write('.gitignore', 'coverage/\n');
    repo.write('src/cart.js', CART_MAIN);
    repo.write('test/cart.test.js', TEST_MAIN);
    mainCommit = repo.commit('main: cart with tests');
    await runC8(repo, { tests: ['test/cart.test.js'] });
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: vscode.Uri.file(repo.dir), name: FOLDER }));
    await eventually(api, () => (api.reports().some((report) => report.reportUri.fsPath.startsWith(repo.dir)) ? true : undefined), 'the report at main loaded');
  });

  after(async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === FOLDER) ?? -1;
    if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, 1);
    await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath.startsWith(repo.dir)) ? undefined : true), 'the folder gone');
    repo.remove();
  });

  it('remembers the coverage loaded on a clean main and compares with it: nothing changed yet', async () => {
    const api = await sentinel();
    const comparison = await eventually(api, () => (api.comparison().commit === mainCommit ? api.comparison() : undefined), 'a comparison with the coverage remembered at main');
    assert.equal(comparison.statusBar.text, '$(git-compare) patch – · Δ ±0%');
    assert.match(plainMarkdown(comparison.statusBar.tooltip ?? ''), /\*\*Compared with main\*\* at [0-9a-f]{7}: coverage remembered when the reports were loaded/);
    assert.deepEqual(comparison.rows, []);
  });

  it('on a branch, marks lost coverage and new code left uncovered on the right lines, with hovers, status bar and view', async () => {
    const api = await sentinel();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/cart.js', CART_BRANCH);
    repo.write('test/cart.test.js', TEST_BRANCH);
    repo.commit('feature: discount, add untested');
    await runC8(repo, { tests: ['test/cart.test.js'] });
    await openEditor(cart());
    const marks = await eventually(api, () => {
      const shown = api.comparison().marks(cart());
      return shown !== undefined && shown.newUncovered.length > 0 ? shown : undefined;
    }, 'comparison marks on the branch');
    assert.deepEqual(marks.lost, [2, 3, 4, 5]);
    assert.deepEqual(marks.newUncovered, [11, 12, 13, 14]);
    assert.deepEqual(marks.newPartial, []);
    const comparison = api.comparison();
    assert.equal(comparison.commit, mainCommit);
    assert.equal(comparison.statusBar.text, '$(git-compare) patch 20% (1/5) · Δ −53.3%');
    assert.match(plainMarkdown(comparison.statusBar.tooltip ?? ''), /counts as not covered/);
    assert.equal(plainMarkdown(comparison.hover(cart(), 3) ?? '').split('\n')[0], `**Lost coverage** · covered on main (${mainCommit.slice(0, 7)}), 1 hit — not covered now`);
    assert.match(plainMarkdown(comparison.hover(cart(), 12) ?? ''), /New code left uncovered/);
    assert.equal(comparison.hover(cart(), 7), undefined, 'a line covered on both sides says nothing');
    assert.deepEqual(comparison.rows, [{ path: 'src/cart.js', status: 'modified', description: '100% → 46.7% (Δ −53.3%) · patch 20% (1/5) · 4 lost lines' }]);
  });

  it('Next and Previous Uncovered Changed Line step through the new uncovered lines, wrapping', async () => {
    const api = await sentinel();
    const editor = await openEditor(cart());
    await eventually(api, () => (api.comparison().marks(cart())?.newUncovered[0] === 11 ? true : undefined), 'the comparison marks');
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), new vscode.Position(0, 0));
    await vscode.commands.executeCommand('coverageSentinel.nextUncoveredChangedLine');
    assert.equal(editor.selection.active.line + 1, 11);
    await vscode.commands.executeCommand('coverageSentinel.nextUncoveredChangedLine');
    assert.equal(editor.selection.active.line + 1, 12);
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), new vscode.Position(0, 0));
    await vscode.commands.executeCommand('coverageSentinel.previousUncoveredChangedLine');
    assert.equal(editor.selection.active.line + 1, 14, 'wraps round to the last one');
  });

  it('follows a branch switch: back on main there is nothing to compare', async () => {
    const api = await sentinel();
    repo.git('checkout', '-q', 'main');
    await runC8(repo, { tests: ['test/cart.test.js'] });
    await eventually(api, () => (api.comparison().statusBar.text === '$(git-compare) patch – · Δ ±0%' ? true : undefined), 'the comparison on main again');
    assert.deepEqual(api.comparison().rows, []);
  });
});
