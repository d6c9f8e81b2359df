import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CART, STATS } from './expected';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

describe('gutter marks and status bar', () => {
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

  it('shows the active file’s and the workspace’s line coverage in the status bar', async () => {
    const api = await sentinel();
    await openEditor(fileIn('example', 'src/cart.js'));
    const status = await eventually(api, () => (api.statusBar().text?.includes('20/30') === true ? api.statusBar() : undefined), 'status bar for cart.js');
    // cart.js: 20 of 30 lines; workspace: 51 of 75 lines over four files.
    assert.equal(status.text, '$(shield) 66.6% · 20/30 $(root-folder) 68.0%');
    assert.match(status.tooltip ?? '', /src\/cart\.js: 66\.6% · 20\/30 lines/);
    assert.match(status.tooltip ?? '', /Workspace: 68\.0% · 51\/75 lines in 4 file\(s\)/);
  });

  it('shows only the workspace figure for a file without coverage', async () => {
    const api = await sentinel();
    await openEditor(fileIn('example', 'test/cart.test.js'));
    const status = await eventually(api, () => (api.statusBar().text?.startsWith('$(root-folder)') === true ? api.statusBar() : undefined), 'workspace-only status');
    assert.equal(status.text, '$(root-folder) 68.0% · 51/75');
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
