import * as assert from 'node:assert/strict';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { STATS } from './expected';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

/** The same c8 run of example-lib in Cobertura, Clover and Istanbul JSON (npm run fixtures). */
const FORMATS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'example-lib-formats');

describe('every format c8 writes, end to end', () => {
  before(resetWorkspace);

  const lcov = () => fileIn('example-lib', 'coverage/lcov.info');
  let original = '';

  before(async () => {
    original = await readFile(lcov().fsPath, 'utf8');
  });

  after(async () => {
    await writeFile(lcov().fsPath, original);
    const api = await sentinel();
    await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath === lcov().fsPath) ? true : undefined), 'LCOV report back');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const [file, format] of [
    ['cobertura-coverage.xml', 'cobertura'],
    ['clover.xml', 'clover'],
    ['coverage-final.json', 'istanbul'],
  ] as const) {
    it(`${format}: marks the same lines as the LCOV of the same run`, async () => {
      const api = await sentinel();
      const uri = fileIn('example-lib', 'src/stats.js');
      const target = fileIn('example-lib', `coverage/${file}`);
      await rm(lcov().fsPath, { force: true });
      await copyFile(path.join(FORMATS, file), target.fsPath);
      try {
        await openEditor(uri);
        const report = await eventually(api, () => api.reports().find((r) => r.reportUri.fsPath === target.fsPath && !api.reports().some((o) => o.reportUri.fsPath === lcov().fsPath)), `the ${format} report alone`);
        assert.equal(report.format, format);
        assert.deepEqual(report.files.map((f) => f.resolvedPath), [uri.fsPath]);
        const marks = await eventually(api, () => api.decorations(uri), `marks from ${format}`);
        assert.deepEqual(marks.uncovered, STATS.uncovered);
        const published = api.publishedCoverage().find((c) => c.uri.toString() === uri.toString());
        assert.deepEqual(published?.statements, { covered: STATS.linesHit, total: STATS.lines });
      } finally {
        await rm(target.fsPath, { force: true });
        await writeFile(lcov().fsPath, original);
        await eventually(api, () => (api.reports().some((r) => r.reportUri.fsPath === lcov().fsPath) && !api.reports().some((r) => r.reportUri.fsPath === target.fsPath) ? true : undefined), 'back to LCOV');
      }
    });
  }
});
