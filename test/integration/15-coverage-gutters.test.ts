import * as assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, folder, sentinel } from './helpers';

/** A user coming from Coverage Gutters, whose folder settings name its report and a CI path. */
describe('Coverage Gutters settings', () => {
  before(resetWorkspace);

  const settingsFile = () => fileIn('example-lib', '.vscode/settings.json');
  const report = () => fileIn('example-lib', 'reports/custom-coverage.info');
  const ours = () => vscode.workspace.getConfiguration('coverageSentinel', folder('example-lib').uri);
  const theirs = () => vscode.workspace.getConfiguration('coverage-gutters', folder('example-lib').uri);
  let original: string | undefined;

  const writeSettings = async (extra: Record<string, unknown>) => {
    const base = original === undefined ? {} : (JSON.parse(original) as Record<string, unknown>);
    await mkdir(fileIn('example-lib', '.vscode').fsPath, { recursive: true });
    await writeFile(
      settingsFile().fsPath,
      JSON.stringify({
        ...base,
        'coverage-gutters.coverageFileNames': ['custom-coverage.info'],
        'coverage-gutters.coverageBaseDir': 'reports',
        'coverage-gutters.remotePathResolve': ['/var/www/lib', folder('example-lib').uri.fsPath],
        ...extra,
      }),
    );
  };

  before(async () => {
    original = await readFile(settingsFile().fsPath, 'utf8').catch(() => undefined);
  });

  after(async () => {
    await rm(report().fsPath, { force: true });
    if (original === undefined) await rm(settingsFile().fsPath, { force: true });
    else await writeFile(settingsFile().fsPath, original);
    await eventually(await sentinel(), () => (ours().inspect('reportPaths')?.workspaceFolderValue === undefined ? true : undefined), 'the folder settings restored');
  });

  it('offers once to use them, and using them finds the report and maps its paths', async () => {
    const api = await sentinel();
    const before = api.offers().length;
    await writeSettings({});
    await eventually(api, () => (api.offers().length === before + 1 ? true : undefined), 'the offer');

    await vscode.commands.executeCommand('coverageSentinel.useCoverageGuttersSettings');
    assert.ok(ours().inspect<string[]>('reportPaths')?.workspaceFolderValue?.includes('reports/custom-coverage.info'));
    assert.deepEqual(ours().inspect('pathMappings')?.workspaceFolderValue, { '/var/www/lib': folder('example-lib').uri.fsPath });

    await mkdir(fileIn('example-lib', 'reports').fsPath, { recursive: true });
    await writeFile(report().fsPath, 'SF:/var/www/lib/src/stats.js\nDA:1,1\nDA:2,0\nend_of_record\n');
    const loaded = await eventually(api, () => api.reports().find((r) => r.reportUri.fsPath === report().fsPath), 'the report under its Coverage Gutters name');
    assert.deepEqual(loaded.files.map((f) => f.resolvedPath), [fileIn('example-lib', 'src/stats.js').fsPath]);

    // The same Coverage Gutters settings again (another of its keys changed): no second offer.
    await writeSettings({ 'coverage-gutters.showLineCoverage': true });
    await eventually(api, () => (theirs().get('showLineCoverage') === true ? true : undefined), 'the settings re-read');
    await api.whenIdle();
    assert.equal(api.offers().length, before + 1);
  });
});
