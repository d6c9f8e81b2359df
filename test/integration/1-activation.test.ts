import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { EXTENSION_ID, eventually, fileIn, folder, sentinel } from './helpers';

describe('activation and report discovery', () => {
  before(resetWorkspace);

  it('runs inside a real VS Code and activates on a workspace with lcov.info', async () => {
    const api = await sentinel();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    console.log(`      VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
    assert.ok(api.reports().length >= 2);
  });

  it('finds the report of each workspace folder and maps its paths into that folder', async () => {
    const api = await sentinel();
    const reports = await eventually(api, () => (api.reports().length === 2 ? api.reports() : undefined), 'two reports');
    const byFolder = new Map(reports.map((r) => [vscode.workspace.getWorkspaceFolder(r.reportUri)?.name, r]));
    const example = byFolder.get('example');
    const lib = byFolder.get('example-lib');
    assert.ok(example && lib, 'one report per folder');
    assert.equal(example.format, 'lcov');
    assert.deepEqual(
      example.files.map((f) => [f.reportPath, f.resolvedPath]),
      ['src/cart.js', 'src/format.js', 'src/untested.js'].map((p) => [p, fileIn('example', p).fsPath]),
    );
    assert.deepEqual(
      lib.files.map((f) => [f.reportPath, f.resolvedPath]),
      [['src/stats.js', fileIn('example-lib', 'src/stats.js').fsPath]],
    );
    assert.equal(folder('example-lib').index, 1);
  });

  it('contributes its commands under the Coverage category', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['coverageSentinel.toggleMarks', 'coverageSentinel.reloadReports', 'coverageSentinel.showLog']) {
      assert.ok(commands.includes(id), `${id} registered`);
    }
  });
});
