import * as assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { CART } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

describe('several reports covering one file', () => {
  before(resetWorkspace);

  const extra = () => fileIn('example', 'coverage/integration.lcov');

  after(async () => {
    await rm(extra().fsPath, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('merges them: a line hit by either report is covered, and the totals follow', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    await openEditor(uri);
    await eventually(api, () => api.decorations(uri), 'marks from the unit-test report');
    // A second test suite (say, integration tests) exercised removeItem: lines 21-28.
    const lines = [21, 22, 23, 24, 25, 26, 27, 28].map((line) => `DA:${line},${line === 24 ? 0 : 1}`).join('\n');
    await writeFile(extra().fsPath, `TN:integration\nSF:../src/cart.js\n${lines}\nend_of_record\n`);
    const marks = await eventually(api, () => (api.decorations(uri)?.uncovered.includes(21) === false ? api.decorations(uri) : undefined), 'merged marks');
    assert.deepEqual(marks.uncovered, [5, 6, 24]);
    assert.deepEqual(marks.partial, CART.partial);
    const published = api.publishedCoverage().find((c) => c.uri.toString() === uri.toString());
    assert.deepEqual(published?.statements, { covered: 27, total: 30 });
    // 27/30 lines, 7/9 branches, 2/3 functions.
    assert.match(api.statusBar().text ?? '', /^\$\(shield\) 85\.7% /);
    assert.match(api.statusBar().tooltip ?? '', /lines 27\/30/);

    await rm(extra().fsPath);
    const restored = await eventually(api, () => (api.decorations(uri)?.uncovered.includes(21) === true ? api.decorations(uri) : undefined), 'marks after the second report is deleted');
    assert.deepEqual(restored.uncovered, CART.uncovered);
  });
});
