import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CART, FORMAT, STATS, UNTESTED } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, sentinel } from './helpers';

describe('VS Code Test Coverage view', () => {
  before(resetWorkspace);

  it('publishes statement, branch and function counts for every covered file', async () => {
    const api = await sentinel();
    const published = await eventually(api, () => (api.publishedCoverage().length === 4 ? api.publishedCoverage() : undefined), 'four published files');
    const byPath = new Map(published.map((c) => [c.uri.fsPath, c]));
    const expectations: [vscode.Uri, { lines: number; linesHit: number; branches?: number; branchesHit?: number; functions?: number; functionsHit?: number }][] = [
      [fileIn('example', 'src/cart.js'), CART],
      [fileIn('example', 'src/format.js'), FORMAT],
      [fileIn('example', 'src/untested.js'), UNTESTED],
      [fileIn('example-lib', 'src/stats.js'), { ...STATS, branches: 4, branchesHit: 3, functions: 2, functionsHit: 1 }],
    ];
    for (const [uri, expected] of expectations) {
      const coverage = byPath.get(uri.fsPath);
      assert.ok(coverage, `${uri.fsPath} published`);
      assert.deepEqual(coverage.statements, { covered: expected.linesHit, total: expected.lines }, `${uri.fsPath} statements`);
      assert.deepEqual(coverage.branches, { covered: expected.branchesHit, total: expected.branches }, `${uri.fsPath} branches`);
      assert.deepEqual(coverage.declarations, { covered: expected.functionsHit, total: expected.functions }, `${uri.fsPath} functions`);
    }
  });

  it('answers loadDetailedCoverage from the worker with lines, branches and functions', async () => {
    const api = await sentinel();
    const details = await api.loadDetailedCoverage(fileIn('example', 'src/cart.js'));
    const statements = details.filter((d): d is vscode.StatementCoverage => d instanceof vscode.StatementCoverage);
    const declarations = details.filter((d): d is vscode.DeclarationCoverage => d instanceof vscode.DeclarationCoverage);
    assert.equal(statements.length, CART.lines);
    const lineOf = (s: vscode.StatementCoverage) => (s.location as vscode.Range).start.line + 1;
    assert.deepEqual(
      statements.filter((s) => s.executed === 0).map(lineOf),
      CART.uncovered,
    );
    const line4 = statements.find((s) => lineOf(s) === 4);
    assert.ok(line4);
    assert.equal(line4.executed, 3);
    assert.deepEqual(line4.branches.map((b) => b.executed), [0]);
    assert.deepEqual(
      declarations.map((d) => [d.name, d.executed, (d.location as vscode.Range).start.line + 1]),
      [
        ['addItem', 3, 3],
        ['total', 1, 16],
        ['removeItem', 0, 21],
      ],
    );
  });
});
