import * as assert from 'node:assert/strict';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, openEditor, sentinel } from './helpers';

const PRODUCERS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'producers');

/**
 * Reports of real tools (test/fixtures/producers, made by scripts/generate-producer-reports.mjs)
 * laid out under the names those ecosystems use by default, in a folder with no settings.
 */
async function layOut(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
  await cp(path.join(PRODUCERS, 'go'), path.join(root, 'go'), { recursive: true });
  await rm(path.join(root, 'go', 'coverage.out'));
  await cp(path.join(PRODUCERS, 'go', 'coverage.out'), path.join(root, 'go', 'coverage.txt'));
  await cp(path.join(PRODUCERS, 'python'), path.join(root, 'python'), { recursive: true });
  await cp(path.join(PRODUCERS, 'c'), path.join(root, 'c'), { recursive: true });
  await cp(path.join(PRODUCERS, 'java', 'src'), path.join(root, 'java', 'src'), { recursive: true });
  await mkdir(path.join(root, 'java', 'target', 'site', 'jacoco'), { recursive: true });
  await cp(path.join(PRODUCERS, 'java', 'jacoco.xml'), path.join(root, 'java', 'target', 'site', 'jacoco', 'jacoco.xml'));
  // Pester writes JaCoCo as coverage.xml with an empty DOCTYPE subset; its sources are laid out
  // as the report names them (Greeter/<file>), long enough for every line it marks.
  await mkdir(path.join(root, 'pester', 'Greeter'), { recursive: true });
  await cp(path.join(PRODUCERS, 'pester', 'coverage.xml'), path.join(root, 'pester', 'coverage.xml'));
  for (const [name, lines] of [['Format-Name.ps1', 12], ['Get-Greeting.ps1', 25]] as const) {
    await writeFile(path.join(root, 'pester', 'Greeter', name), Array.from({ length: lines }, (_, i) => `# line ${i + 1}`).join('\n') + '\n');
  }
  // Shares Go's report name but is prose: skipped with a line in the log, never a warning.
  await mkdir(path.join(root, 'notes'), { recursive: true });
  await writeFile(path.join(root, 'notes', 'coverage.txt'), 'Coverage goals for Q3: raise the parser tests to 90 %.\n');
}

describe('reports people already have, under their default names', () => {
  before(resetWorkspace);

  const root = () => path.join(path.dirname(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? ''), 'example-ecosystems');
  const file = (relative: string) => vscode.Uri.file(path.join(root(), relative));

  before(async () => {
    const api = await sentinel();
    await layOut(root());
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: vscode.Uri.file(root()), name: 'example-ecosystems' }));
    await api.whenIdle();
  });

  after(async () => {
    const api = await sentinel();
    const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === 'example-ecosystems') ?? -1;
    if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, 1);
    await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath.startsWith(root())) ? undefined : true), 'the folder gone');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await rm(root(), { recursive: true, force: true });
  });

  it('finds every report with the default settings, recognising each format by content', async () => {
    const api = await sentinel();
    const expected = [
      ['go/coverage.txt', 'go'],
      ['python/coverage.json', 'coveragepy'],
      ['python/coverage.xml', 'cobertura'],
      ['python/coverage.lcov', 'lcov'],
      ['c/coverage.json', 'llvm'],
      ['c/coverage.lcov', 'lcov'],
      ['java/target/site/jacoco/jacoco.xml', 'jacoco'],
      ['pester/coverage.xml', 'jacoco'],
    ];
    const found = await eventually(
      api,
      () => {
        const own = api.reports().filter((r) => r.reportUri.fsPath.startsWith(root()));
        return own.length === expected.length ? own : undefined;
      },
      'every report of the folder',
    );
    assert.deepEqual(
      found.map((r) => [path.relative(root(), r.reportUri.fsPath), r.format]).sort(),
      expected.sort(),
    );
    assert.ok(found.every((r) => r.files.every((f) => f.resolvedPath !== undefined)), 'every file resolves');
  });

  it('skips a file that only shares a report name without a warning', async () => {
    const api = await sentinel();
    assert.equal(api.reports().some((r) => r.reportUri.fsPath === file('notes/coverage.txt').fsPath), false);
    assert.deepEqual(api.notifications().filter((message) => message.includes('coverage.txt')), []);
  });

  for (const [source, uncovered, partial] of [
    ['go/calc/calc.go', [25, 26, 27], []],
    ['python/calc.py', [8, 24], [7]],
    ['c/calc.c', [8, 12, 13, 14, 21], [7, 20]],
    ['java/src/calc/Calc.java', [4, 7, 15, 20], [6]],
    ['pester/Greeter/Get-Greeting.ps1', [14, 15, 23], []],
  ] as const) {
    it(`marks ${source} on the right lines`, async () => {
      const api = await sentinel();
      const uri = file(source);
      await openEditor(uri);
      const marks = await eventually(api, () => api.decorations(uri), `marks in ${source}`);
      assert.deepEqual(marks.uncovered, uncovered);
      assert.deepEqual(marks.partial, partial);
      assert.ok(marks.covered.length > 0);
    });
  }
});
