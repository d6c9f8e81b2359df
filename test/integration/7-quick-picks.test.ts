import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { acceptFirstItemOf, fileIn, sentinel } from './helpers';

describe('workspace quick picks', () => {
  before(resetWorkspace);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists uncovered regions by file, largest first, for Go to Uncovered Code…', async () => {
    const api = await sentinel();
    const regions = (await api.uncoveredRegions()).map((r) => [vscode.workspace.asRelativePath(r.uri), r.start, r.end, r.lines]);
    assert.deepEqual(regions, [
      ['example/src/cart.js', 21, 28, 8],
      ['example/src/cart.js', 5, 6, 2],
      ['example/src/format.js', 11, 11, 1],
      ['example/src/untested.js', 3, 8, 6],
      ['example-lib/src/stats.js', 10, 14, 5],
      ['example-lib/src/stats.js', 5, 6, 2],
    ]);
  });

  it('opens the chosen region’s file at its first line', async () => {
    await sentinel();
    await acceptFirstItemOf('coverageSentinel.goToUncovered');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, fileIn('example', 'src/cart.js').fsPath);
    assert.equal(editor?.selection.active.line, 20);
  });

  it('opens a file from Show Report Summary', async () => {
    await sentinel();
    await acceptFirstItemOf('coverageSentinel.showSummary');
    // The first item is the workspace total, which opens nothing; choosing does not fail.
    assert.equal(vscode.window.activeTextEditor, undefined);
  });

  it('lists the summary’s files least covered first, or by path', async () => {
    const api = await sentinel();
    assert.deepEqual(
      api.summaryFiles('leastCovered').map(([file]) => file),
      ['example/src/untested.js', 'example-lib/src/stats.js', 'example/src/cart.js', 'example/src/format.js'],
    );
    assert.deepEqual(
      api.summaryFiles('path').map(([file]) => file),
      ['example/src/cart.js', 'example/src/format.js', 'example/src/untested.js', 'example-lib/src/stats.js'],
    );
    assert.equal(api.summaryFiles('path')[0]?.[1], '69.0% · lines 66.6% 20/30 · branches 77.7% 7/9 · functions 66.6% 2/3');
  });
});
