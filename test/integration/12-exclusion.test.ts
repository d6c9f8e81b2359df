import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, folder, sentinel } from './helpers';

/** One rule for excluded report locations: the first search and the file watchers agree. */
describe('coverageSentinel.excludePaths', () => {
  before(resetWorkspace);

  const excludedDir = () => fileIn('example', 'generated-elsewhere');
  const excludedReport = () => fileIn('example', 'generated-elsewhere/lcov.info');
  const watchedReport = () => fileIn('example', 'coverage/exclusion-probe.lcov');
  const config = () => vscode.workspace.getConfiguration('coverageSentinel', folder('example').uri);

  after(async () => {
    await rm(excludedDir().fsPath, { recursive: true, force: true });
    await rm(watchedReport().fsPath, { force: true });
    await config().update('excludePaths', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await (await sentinel()).whenIdle();
  });

  it('ignores a report written into an excluded folder after the search, as the search does', async () => {
    const api = await sentinel();
    await config().update('excludePaths', ['**/node_modules/**', '**/generated-elsewhere/**'], vscode.ConfigurationTarget.WorkspaceFolder);
    await api.whenIdle();
    await mkdir(excludedDir().fsPath, { recursive: true });
    await writeFile(excludedReport().fsPath, 'SF:../src/cart.js\nDA:1,1\nend_of_record\n');
    // Written after the excluded one: once it is loaded, the watcher has seen both.
    await writeFile(watchedReport().fsPath, 'SF:../src/cart.js\nDA:1,1\nend_of_record\n');
    await eventually(api, () => api.reports().find((r) => r.reportUri.fsPath === watchedReport().fsPath), 'the report outside the excluded folder');
    assert.deepEqual(
      api.reports().filter((r) => r.reportUri.fsPath.includes('generated-elsewhere')).map((r) => r.reportUri.fsPath),
      [],
    );

    await vscode.commands.executeCommand('coverageSentinel.reloadReports');
    await api.whenIdle();
    assert.equal(api.reports().some((r) => r.reportUri.fsPath === excludedReport().fsPath), false, 'a rescan excludes it too');
  });
});
