import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runC8, STOCK_MAIN, STOCK_TEST_BRANCH, STOCK_TEST_MAIN, stockWithRemove } from '../support/compareProject';
import { TestRepo } from '../unit/gitTestRepo';
import { resetWorkspace } from './baseline';
import { eventually, HANG_GUARD_MS, openEditor, plainMarkdown, sentinel } from './helpers';

const FOLDER_A = 'example-compare-a';
const FOLDER_B = 'example-compare-b';

type Api = Awaited<ReturnType<typeof sentinel>>;

/** The comparison of a repository, once it is against `commit`. */
function comparedAt(api: Api, name: string, commit: string) {
  const repository = api.comparison().repositories.find((r) => r.name === name);
  return repository?.commit === commit ? repository : undefined;
}

/**
 * Two git repositories in one multi-root workspace, each with its own real c8 report, are both
 * compared with their main branch: A's branch drops addItem()'s test (lost 2-5 of src/stock.js),
 * B's adds remove() untested (new and uncovered 9-12). Each repository's marks, hovers and
 * lost lines are its own; the status bar shows the active editor's repository; a folder's own
 * base branch setting applies to its repository only (failed before: only the first repository
 * holding covered files was compared, with the window's settings).
 */
describe('compare: several repositories in one workspace (issue 11)', function () {
  this.timeout(6 * HANG_GUARD_MS);
  const repos = new Map<string, TestRepo>();
  const mains = new Map<string, string>();
  const stockOf = (name: string) => vscode.Uri.file(path.join((repos.get(name) as TestRepo).dir, 'src', 'stock.js'));

  before(async () => {
    const api = await resetWorkspace();
    for (const name of [FOLDER_A, FOLDER_B]) {
      const repo = new TestRepo(`coverage-sentinel-${name}-`);
      repos.set(name, repo);
      repo.write('.gitignore', 'coverage/\n');
      repo.write('src/stock.js', STOCK_MAIN);
      repo.write('test/stock.test.js', STOCK_TEST_MAIN);
      mains.set(name, repo.commit('main: stock'));
      await runC8(repo, { tests: ['test/stock.test.js'] });
      const count = vscode.workspace.workspaceFolders?.length ?? 0;
      assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: vscode.Uri.file(repo.dir), name }));
      await eventually(api, () => comparedAt(api, name, mains.get(name) as string), `${name}'s coverage at main remembered and compared with`);
    }
  });

  after(async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Added one after the other, removed in one change (VS Code refuses a second change before the first is done).
    const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === FOLDER_A) ?? -1;
    if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, vscode.workspace.workspaceFolders?.filter((f) => f.name === FOLDER_A || f.name === FOLDER_B).length ?? 0);
    const dirs = [...repos.values()].map((repo) => repo.dir);
    await eventually(api, () => (api.reports().some((r) => dirs.some((dir) => r.reportUri.fsPath.startsWith(dir))) ? undefined : true), 'the folders gone');
    for (const repo of repos.values()) repo.remove();
  });

  it('compares each repository with its own main', async () => {
    const api = await sentinel();
    const repositories = api.comparison().repositories.filter((r) => r.name === FOLDER_A || r.name === FOLDER_B);
    assert.deepEqual(
      repositories.map(({ name, ref, commit, reason }) => ({ name, ref, commit, reason })),
      [FOLDER_A, FOLDER_B].map((name) => ({ name, ref: 'main', commit: mains.get(name), reason: undefined })),
    );
  });

  it("on branches, each repository's marks, hovers, lost lines and rows are its own", async () => {
    const api = await sentinel();
    const a = repos.get(FOLDER_A) as TestRepo;
    const b = repos.get(FOLDER_B) as TestRepo;
    a.git('checkout', '-q', '-b', 'feature');
    a.write('test/stock.test.js', STOCK_TEST_BRANCH);
    a.commit('feature: addItem untested');
    await runC8(a, { tests: ['test/stock.test.js'] });
    b.git('checkout', '-q', '-b', 'feature');
    b.write('src/stock.js', stockWithRemove());
    b.commit('feature: remove, untested');
    await runC8(b, { tests: ['test/stock.test.js'] });
    await eventually(api, () => (api.comparison().repositories.every((r) => (r.name !== FOLDER_A && r.name !== FOLDER_B) || (r.paths ?? []).includes('src/stock.js')) ? true : undefined), 'both branches compared');

    await openEditor(stockOf(FOLDER_A));
    const marksA = await eventually(api, () => api.comparison().marks(stockOf(FOLDER_A)), "A's comparison marks");
    assert.deepEqual(marksA.lost, [2, 3, 4, 5]);
    assert.deepEqual(marksA.newUncovered, []);
    assert.match(plainMarkdown(api.comparison().hover(stockOf(FOLDER_A), 3) ?? ''), new RegExp(`^\\*\\*Lost coverage\\*\\* · covered on main \\(${(mains.get(FOLDER_A) as string).slice(0, 7)}\\)`));
    const tooltipA = await eventually(api, () => (plainMarkdown(api.comparison().statusBar.tooltip ?? '').startsWith(`**${FOLDER_A}** · `) ? api.comparison().statusBar : undefined), "the status bar on A's comparison");

    await openEditor(stockOf(FOLDER_B));
    const marksB = await eventually(api, () => api.comparison().marks(stockOf(FOLDER_B)), "B's comparison marks");
    assert.deepEqual(marksB.lost, []);
    assert.deepEqual(marksB.newUncovered, [9, 10, 11, 12]);
    assert.match(plainMarkdown(api.comparison().hover(stockOf(FOLDER_B), 10) ?? ''), new RegExp(`New code left uncovered.*main \\(${(mains.get(FOLDER_B) as string).slice(0, 7)}\\)`, 's'));
    assert.equal(api.comparison().hover(stockOf(FOLDER_B), 3), undefined, "A's lost line 3 is not B's");
    const tooltipB = await eventually(api, () => (plainMarkdown(api.comparison().statusBar.tooltip ?? '').startsWith(`**${FOLDER_B}** · `) ? api.comparison().statusBar : undefined), "the status bar on B's comparison");
    assert.notEqual(tooltipB.text, tooltipA.text, 'each repository its own figures');

    assert.deepEqual(
      api.comparison().lostCoverage.map((pick) => pick.label).filter((label) => label.startsWith('example-compare-')),
      [2, 3, 4, 5].map((line) => `${FOLDER_A}: src/stock.js:${line}`),
    );
    assert.equal(api.comparison().rows.filter((row) => row.path === 'src/stock.js').length, 2, 'one row for each repository');
  });

  it("a folder's own base branch applies to its repository only", async () => {
    const api = await sentinel();
    const folderB = vscode.workspace.workspaceFolders?.find((f) => f.name === FOLDER_B) as vscode.WorkspaceFolder;
    const config = () => vscode.workspace.getConfiguration('coverageSentinel', folderB.uri);
    await config().update('compare.baseBranch', 'no-such-branch', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const b = await eventually(api, () => api.comparison().repositories.find((r) => r.name === FOLDER_B && r.reason !== undefined), "B's comparison against its folder's branch");
      assert.equal(b.reason, 'no branch or commit no-such-branch');
      const a = api.comparison().repositories.find((r) => r.name === FOLDER_A);
      assert.equal(a?.commit, mains.get(FOLDER_A), 'A is still compared with main');
      await openEditor(stockOf(FOLDER_A));
      assert.deepEqual((await eventually(api, () => api.comparison().marks(stockOf(FOLDER_A)), "A's marks")).lost, [2, 3, 4, 5]);
    } finally {
      await config().update('compare.baseBranch', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await eventually(api, () => comparedAt(api, FOLDER_B, mains.get(FOLDER_B) as string), 'B compared with main again');
  });
});
