import * as assert from 'node:assert/strict';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, openEditor, sentinel } from './helpers';

const PRODUCERS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'producers');
const NEGATIVE = 'test_calc.SignTest.test_negative';
const POSITIVE = 'test_calc.SignTest.test_positive';

describe('per-test coverage (coverage.py contexts)', () => {
  before(resetWorkspace);

  // prepareExampleWorkspace copies the coverage.py producer beside the two open folders.
  const python = () => vscode.Uri.file(path.join(path.dirname(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? ''), 'example-python'));
  const calc = () => vscode.Uri.joinPath(python(), 'calc.py');

  before(async () => {
    const api = await sentinel();
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: python(), name: 'example-python' }));
    await eventually(api, () => api.reports().find((r) => r.format === 'coveragepy'), 'the coverage.py report');
  });

  after(async () => {
    const api = await sentinel();
    const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === 'example-python') ?? -1;
    if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, 1);
    await eventually(api, () => (api.reports().length === 2 ? true : undefined), 'back to two reports');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('creates a test item per test and tells VS Code which tests each file includes', async () => {
    const api = await sentinel();
    const published = await eventually(api, () => api.publishedCoverage().find((c) => c.uri.fsPath === calc().fsPath), 'calc.py published');
    assert.ok(api.testItems().includes(NEGATIVE) && api.testItems().includes(POSITIVE), api.testItems().join(', '));
    assert.ok(published.tests.includes(NEGATIVE) && published.tests.includes(POSITIVE));
  });

  it('answers coverage filtered to one test: only the lines that test ran are executed', async () => {
    const api = await sentinel();
    const executedBy = async (test: string) =>
      (await api.loadDetailedCoverageForTest(calc(), test))
        .filter((d): d is vscode.StatementCoverage => d instanceof vscode.StatementCoverage && d.executed === true)
        .map((d) => (d.location as vscode.Range).start.line + 1);
    const negative = await executedBy(NEGATIVE);
    const positive = await executedBy(POSITIVE);
    assert.ok(negative.includes(6) && !negative.includes(7), `negative ran ${negative.join(',')}`);
    assert.ok(positive.includes(7) && !positive.includes(6), `positive ran ${positive.join(',')}`);
  });

  it('names the tests that ran a line in the hover', async () => {
    const api = await sentinel();
    await openEditor(calc());
    await eventually(api, () => api.decorations(calc()), 'marks on calc.py');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', calc(), new vscode.Position(4, 6));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    // Test names are code: `name`.
    assert.ok(text.includes(`Run by \`${NEGATIVE}\`, \`${POSITIVE}\``), text);
  });

  it('drops exactly the marks of lines whose text no longer matches the report’s checksum', async () => {
    const api = await sentinel();
    // The LCOV carries the checksums; written with JSON and Cobertura by the same run it is set
    // aside for the JSON (per-test data), so here it is the only report, as after
    // `pytest --cov --cov-report=lcov`.
    const others = ['coverage.json', 'coverage.xml'].map((name) => path.join(python().fsPath, name));
    for (const other of others) await rm(other);
    const original = await readFile(calc().fsPath, 'utf8');
    try {
      await eventually(api, () => {
        const own = api.reports().filter((r) => r.reportUri.fsPath.startsWith(python().fsPath));
        return own.length === 1 && own[0]?.format === 'lcov' ? true : undefined;
      }, 'the coverage.py LCOV alone');
      // As after a `git pull`: line 9 changed on disk since coverage.py wrote its LCOV.
      await writeFile(calc().fsPath, original.replace('    return "positive"', '    return "POSITIVE"'));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await openEditor(calc());
      const marks = await eventually(api, () => {
        const current = api.decorations(calc());
        return current !== undefined && ![...current.covered, ...current.partial, ...current.uncovered].includes(9) ? current : undefined;
      }, 'line 9 unmarked');
      const marked = [...marks.covered, ...marks.partial, ...marks.uncovered];
      for (const line of [1, 4, 5, 6, 7, 8, 12, 13]) assert.ok(marked.includes(line), `line ${line} keeps its mark`);
      assert.equal(marks.stale, false, 'checksums are exact: the rest is not dimmed');
    } finally {
      await writeFile(calc().fsPath, original);
      for (const other of others) await copyFile(path.join(PRODUCERS, 'python', path.basename(other)), other);
    }
  });
});
