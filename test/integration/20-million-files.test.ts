import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

/** Files of one line each that are not in the workspace, before the open file's own section (issue 8 §5). */
const OTHER_FILES = 1_000_000;
const OPEN_FILE = 'src/million-files.js';

function report(): string {
  const parts: string[] = [];
  for (let i = 0; i < OTHER_FILES; i++) parts.push(`SF:generated/d${Math.floor(i / 1000)}/${i}.c\nDA:1,1\nend_of_record\n`);
  parts.push(`SF:${OPEN_FILE}\nDA:1,1\nDA:2,0\nDA:3,5\nend_of_record\n`);
  return parts.join('');
}

/**
 * Issue 8 §5: a report of a million one-line files (36 MiB of LCOV) loads in a real VS Code; the
 * open file gets its marks, every file is counted, and the extension host keeps answering.
 */
describe('a report of a million one-line files', () => {
  before(resetWorkspace);

  const source = fileIn('example', OPEN_FILE);
  const reportFile = fileIn('example', 'coverage/million-files.lcov');
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(source.fsPath, { force: true });
    rmSync(reportFile.fsPath, { force: true });
    await resetWorkspace();
  });

  it('loads: the open file is marked, every file is counted, the host answers', async () => {
    const api = await sentinel();
    writeFileSync(source.fsPath, 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    await openEditor(source);
    await api.whenIdle();
    writeFileSync(reportFile.fsPath, report());
    const loaded = await eventually(
      api,
      () => {
        const marks = api.decorations(source);
        return marks !== undefined && marks.uncovered.length > 0 ? marks : undefined;
      },
      'the open file marked from the million-file report',
      300_000,
    );
    assert.deepEqual({ covered: loaded.covered, uncovered: loaded.uncovered }, { covered: [1, 3], uncovered: [2] });
    await api.whenIdle();
    const held = api.reports().find((r) => r.reportUri.toString() === reportFile.toString());
    assert.ok(held, 'the report is loaded');
    assert.equal(held.totals.files, OTHER_FILES + 1);
    assert.equal(held.files.length, OTHER_FILES + 1);
    assert.deepEqual(
      held.files.filter((file) => file.resolvedPath !== undefined).map((file) => file.resolvedPath),
      [source.fsPath],
    );
    assert.match(api.statusBar().text ?? '', /\d/, 'the status bar shows the open file’s coverage');
  });
});
