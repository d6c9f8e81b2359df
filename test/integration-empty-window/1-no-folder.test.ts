import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HANG_GUARD_MS, sentinel } from '../integration/helpers';

/** Runs a command that must answer at once: no quick pick left waiting for the user. */
async function runAtOnce(command: string, ...args: unknown[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${command} did not finish within ${HANG_GUARD_MS / 1000} s`)), HANG_GUARD_MS)));
  try {
    await Promise.race([vscode.commands.executeCommand(command, ...args), hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a window with no folder open', () => {
  it('is one', () => {
    assert.equal(vscode.workspace.workspaceFolders, undefined);
  });

  it('navigation says that no file is open, not that the file has no coverage', async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const command of ['coverageSentinel.nextUncoveredLine', 'coverageSentinel.previousUncoveredLine', 'coverageSentinel.nextUncoveredChangedLine']) {
      const before = api.informations().length;
      await runAtOnce(command);
      assert.deepEqual(api.informations().slice(before), ['Coverage Sentinel: no file is open in the editor.'], command);
    }
    // An untitled document is no file on disk.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'one\ntwo\n', language: 'plaintext' }));
    try {
      await runAtOnce('coverageSentinel.nextUncoveredLine');
      assert.equal(api.informations().at(-1), 'Coverage Sentinel: this editor shows no file on disk, so it has no coverage.');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('the changed-line navigation says why there is no comparison', async () => {
    const api = await sentinel();
    const document = await vscode.workspace.openTextDocument({ content: 'one\ntwo\n', language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    try {
      const before = api.informations().length;
      await runAtOnce('coverageSentinel.nextUncoveredChangedLine');
      const [said] = api.informations().slice(before);
      assert.match(said ?? '', /^Coverage Sentinel: no comparison with a base branch: .+\.$/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  const NO_COMPARISON = 'Coverage Sentinel: open a folder first: the comparison is of the git repository of a folder with coverage.';
  const NO_CODECOV = 'Coverage Sentinel: open a folder first: Codecov coverage is shown for the git repository of a folder.';
  const NO_REPORTS = 'Coverage Sentinel: open a folder first: coverage reports are found in the folders of the workspace.';
  /** Each command, run with each list of arguments, says exactly `said` at once (no quick pick left open). */
  const cases: [what: string, command: string, argLists: unknown[][], said: string][] = [
    ['Compare With Branch… asks to open a folder, with a branch given or without', 'coverageSentinel.compareWithBranch', [[], ['main']], NO_COMPARISON],
    ['Show Codecov Coverage of Branch… asks to open a folder', 'coverageSentinel.codecov.showBranch', [[]], NO_CODECOV],
    ['Refresh Codecov Coverage asks to open a folder, not to turn Codecov on', 'coverageSentinel.codecov.refresh', [[]], NO_CODECOV],
    ['Refresh Comparison asks to open a folder instead of saying nothing', 'coverageSentinel.refreshComparison', [[]], NO_COMPARISON],
    ['Sort Comparison… asks to open a folder, with an order given or without, instead of a quick pick that sorts nothing', 'coverageSentinel.sortComparison', [[], ['delta']], NO_COMPARISON],
    ['Reload Coverage Reports asks to open a folder instead of saying nothing', 'coverageSentinel.reloadReports', [[]], NO_REPORTS],
  ];
  for (const [what, command, argLists, said] of cases) {
    it(what, async () => {
      const api = await sentinel();
      for (const args of argLists) {
        const before = api.informations().length;
        await runAtOnce(command, ...args);
        assert.deepEqual(api.informations().slice(before), [said], JSON.stringify(args));
      }
    });
  }

  it('Show Codecov Coverage in the Editor turns Codecov on in user settings and says that a folder shows it', async () => {
    const api = await sentinel();
    const codecov = () => vscode.workspace.getConfiguration('coverageSentinel').inspect<boolean>('codecov.enabled')?.globalValue;
    assert.equal(codecov(), undefined, 'Codecov is not on in user settings before');
    try {
      const before = api.informations().length;
      await runAtOnce('coverageSentinel.codecov.enable');
      assert.equal(codecov(), true);
      assert.deepEqual(api.informations().slice(before), ['Coverage Sentinel: Codecov coverage is on in your user settings: open a folder to see it (it is shown for the git repository of a folder).']);
    } finally {
      await vscode.workspace.getConfiguration('coverageSentinel').update('codecov.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
