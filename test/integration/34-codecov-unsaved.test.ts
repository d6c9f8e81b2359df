import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodecovSimulator, SimCommit } from '../support/codecovSimulator';
import { resetWorkspace } from './baseline';
import { commitAll, hoverAt, makeRepository, openRepository, removeRepository, startSimulator, writeFiles } from './codecovWorkspace';
import { eventually, HANG_GUARD_MS, openEditor, sentinel } from './helpers';

const NAME = 'codecov-unsaved';
const B = ['function b() {', '  return 1;', '}', ''].join('\n');

/**
 * Issue 10's "walk-back and the moved lines after an edit" with an edit that is not saved: git
 * reads the disk, where the file is as committed, so only the editor's text tells the walk-back's
 * line mapping where Codecov's lines went. The edit is made before any coverage is shown (no
 * report yet, so nothing in the editor follows it): the marks can only be right when the
 * mapping read the unsaved text.
 */
describe('Codecov’s walk-back through an unsaved edit (simulator over HTTPS, real git)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  let repo: string;
  let first: string;
  let fileB: vscode.Uri;
  let editor: vscode.TextEditor;
  const commits: SimCommit[] = [];

  /** The marks drawn on b.js, once they are `want` (covered, partial, uncovered); fails naming what was drawn. */
  async function marksBecome(want: readonly number[][], what: string): Promise<void> {
    const api = await sentinel();
    let drawn = '';
    await eventually(
      api,
      () => {
        const marks = api.decorations(fileB);
        drawn = JSON.stringify(marks === undefined ? undefined : [marks.covered, marks.partial, marks.uncovered]);
        return drawn === JSON.stringify(want) ? true : undefined;
      },
      what,
      60_000,
    ).catch((error: unknown) => assert.fail(`${String(error)}: want ${JSON.stringify(want)}, last drawn ${drawn}, document dirty: ${String(editor.document.isDirty)}`));
  }

  before(async () => {
    await resetWorkspace();
    repo = makeRepository(NAME, 'git@github.com:acme/unsaved.git', { 'src/a.js': 'a\n', 'src/b.js': B });
    first = commitAll(repo, 'first');
    // A commit Codecov has no coverage for (not uploaded yet): the marks come from its parent.
    writeFiles(repo, { 'src/a.js': 'a\nmore\n' });
    const second = commitAll(repo, 'second');
    fileB = vscode.Uri.file(path.join(repo, 'src', 'b.js'));
    // Codecov at the first commit: b.js hit, missed, hit.
    commits.push({ sha: second, parent: first, branch: 'main' }, { sha: first, branch: 'main', files: [{ name: 'src/b.js', lines: [[1, 0], [2, 1], [3, 0]] }] });
    simulator = await startSimulator([{ service: 'github', owner: 'acme', repo: 'unsaved', private: false, branch: 'main', commits }]);
    await openRepository(repo, NAME, { enable: false });
  });

  after(async () => {
    const shown = editor as vscode.TextEditor | undefined;
    if (shown?.document.isDirty === true) {
      await vscode.window.showTextDocument(shown.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await removeRepository(repo, simulator);
  });

  it('unchanged lines keep their marks at their new lines, the changed line loses its mark', async () => {
    const api = await sentinel();
    editor = await openEditor(fileB);
    // Two lines above, and line 2 (missed at the commit) changed: unsaved.
    assert.ok(
      await editor.edit((edit) => {
        edit.insert(new vscode.Position(0, 0), '// one\n// two\n');
        edit.replace(new vscode.Range(1, 9, 1, 10), '2');
      }),
    );
    assert.equal(editor.document.getText(), ['// one', '// two', 'function b() {', '  return 2;', '}', ''].join('\n'));
    await vscode.workspace.getConfiguration('coverageSentinel.codecov', vscode.Uri.file(repo)).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
    await eventually(api, () => (api.codecov().reports[0]?.sha === first ? true : undefined), 'the walk-back to the first commit', 60_000);
    assert.deepEqual(api.codecov().reports.map((r) => [r.sha, r.behind]), [[first, 1]]);
    // Old 1 → 3 (hit), old 2 changed (no mark), old 3 → 5 (hit).
    await marksBecome([[3, 5], [], []], 'the marks of the edited b.js');
    assert.equal(editor.document.isDirty, true, 'the edit is still unsaved');
    assert.match(await hoverAt(fileB, 3), new RegExp(`from commit ${first.slice(0, 7)}, 1 commit before HEAD`));
  });

  it('another unsaved edit, then a refresh: the marks are moved once, not twice', async () => {
    const api = await sentinel();
    // The marks follow the edit in the editor…
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// three\n')));
    await marksBecome([[4, 6], [], []], 'the marks after a line inserted above');
    // …and Codecov's coverage loaded again through the new text describes it as it is.
    await api.refreshCodecov();
    await api.whenIdle();
    await marksBecome([[4, 6], [], []], 'the marks after Codecov’s coverage is loaded again');
    assert.equal(editor.document.isDirty, true, 'the edits are still unsaved');
  });
});
