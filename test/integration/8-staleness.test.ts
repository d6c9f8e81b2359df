import * as assert from 'node:assert/strict';
import { readFile, rm, utimes, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { CART } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

describe('staleness: never a mark on the wrong line', () => {
  before(resetWorkspace);

  const uri = () => fileIn('example', 'src/cart.js');

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('moves marks with inserted and deleted lines', async () => {
    const api = await sentinel();
    const editor = await openEditor(uri());
    await eventually(api, () => api.decorations(uri()), 'marks');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one\n// two\n'));
    const moved = await eventually(api, () => (api.decorations(uri())?.uncovered[0] === 7 ? api.decorations(uri()) : undefined), 'marks two lines lower');
    assert.deepEqual(moved.uncovered, CART.uncovered.map((line) => line + 2));
    assert.deepEqual(moved.partial, CART.partial.map((line) => line + 2));
    // Delete the two added lines again: back where the report put them.
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 2, 0)));
    const back = await eventually(api, () => (api.decorations(uri())?.uncovered[0] === 5 ? api.decorations(uri()) : undefined), 'marks back in place');
    assert.deepEqual(back.uncovered, CART.uncovered);
  });

  it('keeps the moved marks once the edits are saved: the saved file is not what the report describes', async () => {
    const api = await sentinel();
    // A file of its own, never opened before, so that VS Code saves it without a conflict.
    const saved = fileIn('example', 'src/saved.js');
    const report = fileIn('example', 'coverage/saved.lcov');
    const lcov = await readFile(fileIn('example', 'coverage/lcov.info').fsPath, 'utf8');
    const section = /SF:src\/cart\.js\n[\s\S]*?end_of_record\n/.exec(lcov)?.[0];
    assert.ok(section, "cart.js's section of the example report");
    try {
      await writeFile(saved.fsPath, await readFile(uri().fsPath));
      await writeFile(report.fsPath, section.replace('SF:src/cart.js', 'SF:src/saved.js'));
      const editor = await openEditor(saved);
      await eventually(api, () => (api.decorations(saved)?.uncovered[0] === CART.uncovered[0] ? true : undefined), 'marks of the copy');
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one\n// two\n'));
      await eventually(api, () => (api.decorations(saved)?.uncovered[0] === (CART.uncovered[0] as number) + 2 ? true : undefined), 'marks two lines lower');
      assert.ok(await editor.document.save(), 'saved');
      assert.equal(editor.document.isDirty, false);
      // One more line after the save: the marks move from where the saved edits put them.
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// three\n'));
      const first = CART.uncovered[0] as number;
      const after = await eventually(api, () => {
        const marks = api.decorations(saved);
        return marks !== undefined && [first + 1, first + 3].includes(marks.uncovered[0] as number) ? marks : undefined;
      }, 'marks after the edit that followed the save');
      assert.deepEqual(after.uncovered, CART.uncovered.map((line) => line + 3));
      assert.deepEqual(after.partial, CART.partial.map((line) => line + 3));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await rm(saved.fsPath, { force: true });
      await rm(report.fsPath, { force: true });
      await resetWorkspace();
    }
  });

  it('keeps the marks of lines an edit only moves: Enter at the end of a line, a line deleted with Delete Line', async () => {
    const api = await sentinel();
    const editor = await openEditor(uri());
    await eventually(api, () => api.decorations(uri()), 'marks');
    // Enter at the end of line 4 (partial: `if (quantity <= 0) {`), as typed: VS Code indents the new line.
    const endOfLine4 = editor.document.lineAt(3).range.end;
    editor.selection = new vscode.Selection(endOfLine4, endOfLine4);
    await vscode.commands.executeCommand('type', { text: '\n' });
    const entered = await eventually(api, () => (api.decorations(uri())?.uncovered[0] === 6 ? api.decorations(uri()) : undefined), 'marks one line lower below line 4');
    assert.deepEqual(entered.partial, [4, 19], 'line 4 was not edited');
    assert.deepEqual(entered.uncovered, CART.uncovered.map((line) => line + 1));
    // Delete Line (Ctrl+Shift+K) on the new line 5, then on line 3: the lines below only move up.
    await vscode.commands.executeCommand('editor.action.deleteLines');
    const back = await eventually(api, () => (api.decorations(uri())?.uncovered[0] === 5 ? api.decorations(uri()) : undefined), 'marks back in place');
    assert.deepEqual(back.uncovered, CART.uncovered);
    assert.deepEqual(back.partial, CART.partial);
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand('editor.action.deleteLines');
    const deleted = await eventually(api, () => (api.decorations(uri())?.uncovered[0] === 4 ? api.decorations(uri()) : undefined), 'marks one line higher below line 3');
    assert.deepEqual(deleted.uncovered, CART.uncovered.map((line) => line - 1));
    assert.deepEqual(deleted.partial, CART.partial.map((line) => line - 1), 'line 4, now 3, was not edited');
    assert.deepEqual(deleted.covered, CART.covered.filter((line) => line !== 3).map((line) => (line > 3 ? line - 1 : line)));
  });

  it('drops the marks of edited lines until the next report', async () => {
    const api = await sentinel();
    const editor = await openEditor(uri());
    await eventually(api, () => api.decorations(uri()), 'marks');
    // Type into line 5 (uncovered) and split line 18 (partial) in two.
    await editor.edit((edit) => {
      edit.insert(new vscode.Position(4, 4), 'void 0; ');
      edit.insert(new vscode.Position(17, 10), '\n   ');
    });
    const marks = await eventually(api, () => (api.decorations(uri())?.uncovered.includes(5) === false ? api.decorations(uri()) : undefined), 'edited line unmarked');
    assert.deepEqual(marks.uncovered, [6, ...CART.uncovered.filter((l) => l > 20).map((l) => l + 1)]);
    assert.deepEqual(marks.partial, [4]);
    assert.ok(!marks.covered.includes(18) && !marks.covered.includes(19), 'the split line is unmarked');
    assert.ok(marks.covered.includes(20), 'line 19 moved to 20');
    // Reverting to the file the report describes brings every mark back.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const restored = await eventually(api, () => (api.decorations(uri())?.uncovered.includes(5) === true ? api.decorations(uri()) : undefined), 'marks after revert');
    assert.deepEqual(restored.uncovered, CART.uncovered);
    assert.deepEqual(restored.partial, CART.partial);
  });

  it('an undone Enter gives the line its mark back while another edit keeps the file unsaved', async () => {
    const api = await sentinel();
    const editor = await openEditor(uri());
    await eventually(api, () => api.decorations(uri()), 'marks');
    // Another edit first, its own undo step: line 5 (uncovered) typed into.
    await editor.edit((edit) => edit.insert(new vscode.Position(4, 4), 'void 0; '), { undoStopBefore: true, undoStopAfter: true });
    // Enter at the end of line 18 (partial), as typed, then Ctrl+Z.
    const endOfLine18 = editor.document.lineAt(17).range.end;
    editor.selection = new vscode.Selection(endOfLine18, endOfLine18);
    await vscode.commands.executeCommand('type', { text: '\n' });
    const entered = await eventually(api, () => (api.decorations(uri())?.uncovered.includes(22) === true && api.decorations(uri())?.uncovered.includes(21) === false ? api.decorations(uri()) : undefined), 'marks one line lower below line 18');
    assert.deepEqual(entered.partial, [4, 18]);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.lineAt(17).text, (await readFile(uri().fsPath, 'utf8')).split('\n')[17], 'the Enter was undone');
    assert.ok(editor.document.isDirty, 'the edit of line 5 keeps the file unsaved');
    const undone = await eventually(api, () => (api.decorations(uri())?.uncovered.includes(21) === true ? api.decorations(uri()) : undefined), 'marks back up below line 18');
    assert.deepEqual(undone.partial, [4, 18], 'line 18 keeps its mark');
    assert.deepEqual(undone.uncovered, CART.uncovered.filter((line) => line !== 5));
  });

  it('dims the marks of a file changed on disk after its report, and says so on hover', async () => {
    const api = await sentinel();
    const later = new Date(Date.now() + 60_000);
    await utimes(uri().fsPath, later, later);
    try {
      await openEditor(uri());
      const marks = await eventually(api, () => (api.decorations(uri())?.stale === true ? api.decorations(uri()) : undefined), 'stale marks');
      assert.deepEqual(marks.uncovered, CART.uncovered);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri(), new vscode.Position(4, 4));
      const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n').replaceAll('&nbsp;', ' ');
      assert.match(text, /Stale: the file was changed/);
    } finally {
      // Forward, as a later write would: VS Code ignores a modification time that went back.
      const now = new Date();
      await utimes(uri().fsPath, now, now);
    }
  });
});
