import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, openEditor, sentinel } from './helpers';

const SOURCE = Array.from({ length: 6 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n') + '\n';

/**
 * Two folders of one repository layout (a checkout of each branch, say), each with its own report
 * made on CI: absolute runner paths, no path mappings. Each report's paths are its own folder's files.
 */
describe('several workspace folders with the same relative paths', () => {
  before(resetWorkspace);

  const parent = () => path.dirname(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '');
  const names = ['multi-root-a', 'multi-root-b'] as const;
  const file = (name: string, relative: string) => vscode.Uri.file(path.join(parent(), name, relative));

  before(async () => {
    const api = await sentinel();
    for (const [n, name] of names.entries()) {
      const root = path.join(parent(), name);
      await rm(root, { recursive: true, force: true });
      await mkdir(path.join(root, 'src'), { recursive: true });
      await mkdir(path.join(root, 'coverage'), { recursive: true });
      await writeFile(path.join(root, 'src', 'index.ts'), SOURCE);
      // Folder a's run covered lines 1–2, folder b's lines 1–4; the rest were not run.
      const hit = n === 0 ? 2 : 4;
      const lines = Array.from({ length: 6 }, (_, i) => `DA:${i + 1},${i < hit ? 1 : 0}`);
      await writeFile(path.join(root, 'coverage', 'lcov.info'), ['TN:', 'SF:/home/runner/work/repo/repo/src/index.ts', ...lines, 'LF:6', `LH:${hit}`, 'end_of_record', ''].join('\n'));
    }
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, ...names.map((name) => ({ uri: vscode.Uri.file(path.join(parent(), name)), name }))));
    await api.whenIdle();
  });

  after(async () => {
    const api = await sentinel();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === names[0]) ?? -1;
    if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, names.length);
    await eventually(api, () => (api.reports().some((r) => names.some((name) => r.reportUri.fsPath.startsWith(path.join(parent(), name)))) ? undefined : true), 'the folders gone');
    for (const name of names) await rm(path.join(parent(), name), { recursive: true, force: true });
  });

  it('maps each folder’s CI report into that folder, and marks each file with its own folder’s run', async () => {
    const api = await sentinel();
    for (const name of names) {
      const report = await eventually(api, () => api.reports().find((r) => r.reportUri.fsPath === file(name, 'coverage/lcov.info').fsPath), `the report of ${name}`);
      assert.deepEqual(
        report.files.map((f) => f.resolvedPath),
        [file(name, 'src/index.ts').fsPath],
        `${name}'s report resolves into ${name}`,
      );
    }
    for (const [name, covered] of [
      [names[0], [1, 2]],
      [names[1], [1, 2, 3, 4]],
    ] as const) {
      const uri = file(name, 'src/index.ts');
      await openEditor(uri);
      const marks = await eventually(api, () => api.decorations(uri), `marks on ${name}'s index.ts`);
      assert.deepEqual(marks.covered, covered, name);
      assert.deepEqual(marks.uncovered, [1, 2, 3, 4, 5, 6].filter((line) => !(covered as readonly number[]).includes(line)), name);
    }
  });
});
