import * as assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseCoveragePy } from '../../src/core/formats/coveragepy/coveragepy';
import { fileTotals } from '../../src/core/model/model';
import { STATS } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

/** Hit count per 1-based line, as VS Code receives it from the Coverage profile. */
async function executedByLine(uri: vscode.Uri): Promise<Map<number, number>> {
  const api = await sentinel();
  const details = await api.loadDetailedCoverage(uri);
  const hits = new Map<number, number>();
  for (const detail of details) {
    if (detail instanceof vscode.StatementCoverage && typeof detail.executed === 'number') {
      hits.set((detail.location as vscode.Range).start.line + 1, detail.executed);
    }
  }
  return hits;
}

describe('several formats written by one test run count once', () => {
  before(resetWorkspace);

  it('c8 with four reporters: the hit counts and totals of one report, not four summed', async () => {
    const api = await sentinel();
    const formats = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'example-lib-formats');
    const stats = fileIn('example-lib', 'src/stats.js');
    const lcov = fileIn('example-lib', 'coverage/lcov.info');
    const extra = ['cobertura-coverage.xml', 'clover.xml', 'coverage-final.json'].map((name) => fileIn('example-lib', `coverage/${name}`));
    await openEditor(stats);
    await eventually(api, () => api.publishedCoverage().find((c) => c.uri.fsPath === stats.fsPath), 'stats.js from the LCOV alone');
    const alone = await executedByLine(stats);
    try {
      // As one c8 run writes them: the same files, into one folder, the same second.
      const written = new Date();
      for (const target of extra) await copyFile(path.join(formats, path.basename(target.fsPath)), target.fsPath);
      for (const report of [lcov, ...extra]) await utimes(report.fsPath, written, written);
      const reports = await eventually(api, () => {
        const inLib = api.reports().filter((r) => r.reportUri.fsPath.startsWith(path.dirname(lcov.fsPath)));
        return inLib.length === 4 && inLib.filter((r) => r.sameRunAs !== undefined).length === 3 ? inLib : undefined;
      }, 'four reports of one run, three set aside');
      const shown = reports.find((r) => r.sameRunAs === undefined);
      assert.ok(shown);
      assert.ok(reports.every((r) => r === shown || r.sameRunAs?.toString() === shown.reportUri.toString()));
      const published = api.publishedCoverage().find((c) => c.uri.fsPath === stats.fsPath);
      assert.deepEqual(published?.statements, { covered: STATS.linesHit, total: STATS.lines });
      const together = await executedByLine(stats);
      for (const [line, hits] of alone) assert.equal(together.get(line), hits, `hits of line ${line}`);
    } finally {
      for (const target of extra) await rm(target.fsPath, { force: true });
      await eventually(api, () => (api.reports().filter((r) => r.reportUri.fsPath.startsWith(path.dirname(lcov.fsPath))).length === 1 ? true : undefined), 'back to the LCOV alone');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('a report found twice, through a symlinked folder: its hit counts once, in every merge mode', async () => {
    const api = await sentinel();
    const source = fileIn('example', 'src/linked-report.js');
    const real = fileIn('example', 'build-out/cov');
    const link = fileIn('example', 'coverage-link');
    await writeFile(source.fsPath, 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    await mkdir(real.fsPath, { recursive: true });
    await writeFile(path.join(real.fsPath, 'lcov.info'), `SF:${source.fsPath}\nDA:1,3\nDA:2,1\nDA:3,0\nend_of_record\n`);
    await symlink(real.fsPath, link.fsPath, 'dir');
    const config = vscode.workspace.getConfiguration('coverageSentinel', fileIn('example', ''));
    try {
      await openEditor(source);
      await vscode.commands.executeCommand('coverageSentinel.reloadReports');
      const both = (r: { reportUri: vscode.Uri }) => r.reportUri.fsPath.startsWith(real.fsPath) || r.reportUri.fsPath.startsWith(link.fsPath);
      const found = await eventually(api, () => (api.reports().filter(both).length === 2 ? api.reports().filter(both) : undefined), 'the report found at both paths');
      assert.equal(found.filter((r) => r.sameRunAs !== undefined).length, 1, 'one of the two set aside');
      assert.deepEqual([...(await executedByLine(source))], [[1, 3], [2, 1], [3, 0]]);
      // Rewritten: file events come for one of its two paths only; the other must not stay behind, summed.
      await writeFile(path.join(real.fsPath, 'lcov.info'), `SF:${source.fsPath}\nDA:1,5\nDA:2,1\nDA:3,1\nend_of_record\n`);
      await eventually(api, () => (api.decorations(source)?.uncovered.length === 0 ? true : undefined), 'the rewrite shown');
      await eventually(api, () => (api.reports().filter(both).filter((r) => r.sameRunAs !== undefined).length === 1 ? true : undefined), 'both paths hold the rewrite, one set aside');
      assert.deepEqual([...(await executedByLine(source))], [[1, 5], [2, 1], [3, 1]]);
      await config.update('mergeReports', 'all', vscode.ConfigurationTarget.Workspace);
      await api.whenIdle();
      assert.deepEqual([...(await executedByLine(source))], [[1, 5], [2, 1], [3, 1]], 'mergeReports: all');
    } finally {
      await config.update('mergeReports', undefined, vscode.ConfigurationTarget.Workspace);
      await rm(link.fsPath, { force: true });
      await rm(fileIn('example', 'build-out').fsPath, { recursive: true, force: true });
      await rm(source.fsPath, { force: true });
      await vscode.commands.executeCommand('coverageSentinel.reloadReports');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('pytest-cov writing JSON, Cobertura and LCOV: per-test data shown once, branches not tripled', async () => {
    const api = await sentinel();
    const python = vscode.Uri.file(path.join(path.dirname(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? ''), 'example-python'));
    const calc = vscode.Uri.joinPath(python, 'calc.py');
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: python, name: 'example-python' }));
    try {
      const reports = await eventually(api, () => {
        const own = api.reports().filter((r) => r.reportUri.fsPath.startsWith(python.fsPath));
        return own.length === 3 && own.filter((r) => r.sameRunAs !== undefined).length === 2 ? own : undefined;
      }, 'the three coverage.py reports, two set aside');
      assert.deepEqual(reports.filter((r) => r.sameRunAs === undefined).map((r) => r.format), ['coveragepy'], 'the JSON carries per-test contexts');
      const json = parseCoveragePy(await readFile(path.join(python.fsPath, 'coverage.json')));
      const expected = fileTotals(json.files.get('calc.py') as NonNullable<ReturnType<typeof json.files.get>>);
      const published = await eventually(api, () => api.publishedCoverage().find((c) => c.uri.fsPath === calc.fsPath), 'calc.py published');
      assert.deepEqual(published.statements, { covered: expected.linesHit, total: expected.lines });
      assert.deepEqual(published.branches, { covered: expected.branchesHit, total: expected.branches });
      assert.ok([...(await executedByLine(calc)).values()].every((hits) => hits <= 1), 'coverage.py counts 0 or 1 per line');
    } finally {
      const index = vscode.workspace.workspaceFolders?.findIndex((f) => f.name === 'example-python') ?? -1;
      if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, 1);
      await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath.startsWith(python.fsPath)) ? undefined : true), 'the folder gone');
    }
  });
});
