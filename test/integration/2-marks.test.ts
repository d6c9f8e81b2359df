import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CART, STATS } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, plainMarkdown, sentinel } from './helpers';

describe('gutter marks and status bar', () => {
  before(resetWorkspace);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('marks exactly the covered, partial and uncovered lines of an open file', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    await openEditor(uri);
    const marks = await eventually(api, () => api.decorations(uri), 'marks on cart.js');
    assert.deepEqual(marks.uncovered, CART.uncovered);
    assert.deepEqual(marks.partial, CART.partial);
    assert.deepEqual(marks.covered, CART.covered);
  });

  it('marks a file of the second workspace folder from that folder’s own report', async () => {
    const api = await sentinel();
    const uri = fileIn('example-lib', 'src/stats.js');
    await openEditor(uri);
    const marks = await eventually(api, () => api.decorations(uri), 'marks on stats.js');
    assert.deepEqual(marks.uncovered, STATS.uncovered);
    assert.deepEqual(marks.partial, STATS.partial);
  });

  it('shows the active file’s and the workspace’s coverage in the status bar, as VS Code counts it', async () => {
    const api = await sentinel();
    await openEditor(fileIn('example', 'src/cart.js'));
    const status = await eventually(api, () => (api.statusBar().text?.startsWith('$(shield)') === true ? api.statusBar() : undefined), 'status bar for cart.js');
    // testing.displayedCoveragePercent's default, totalCoverage: cart.js 20/30 lines, 7/9
    // branches, 2/3 functions = 29/42; the workspace 51/75, 16/21, 5/8 = 72/104.
    assert.equal(status.text, '$(shield) 69.0% $(root-folder) 69.2%');
    const tooltip = plainMarkdown(status.tooltip ?? '');
    assert.match(tooltip, /src\/cart\.js: \*\*69\.0%\*\* · lines 20\/30 · branches 7\/9 · functions 2\/3/);
    assert.match(tooltip, /Workspace, 4 files: \*\*69\.2%\*\* · lines 51\/75 · branches 16\/21 · functions 5\/8/);
    assert.match(tooltip, /Percentages count lines, branches and functions together/);
  });

  it('shows only the workspace figure for a file without coverage', async () => {
    const api = await sentinel();
    await openEditor(fileIn('example', 'test/cart.test.js'));
    const status = await eventually(api, () => (api.statusBar().text?.startsWith('$(root-folder)') === true ? api.statusBar() : undefined), 'workspace-only status');
    assert.equal(status.text, '$(root-folder) 69.2%');
    assert.equal(api.decorations(fileIn('example', 'test/cart.test.js')), undefined);
  });

  it('hides and shows the marks with Coverage: Toggle Coverage Marks', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    await openEditor(uri);
    await eventually(api, () => api.decorations(uri), 'marks before toggling');
    await vscode.commands.executeCommand('coverageSentinel.toggleMarks');
    await api.whenIdle();
    assert.equal(api.marksVisible(), false);
    assert.equal(api.decorations(uri), undefined);
    await vscode.commands.executeCommand('coverageSentinel.toggleMarks');
    const marks = await eventually(api, () => api.decorations(uri), 'marks after toggling back');
    assert.deepEqual(marks.uncovered, CART.uncovered);
  });
});
