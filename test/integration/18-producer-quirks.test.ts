import * as assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, sentinel } from './helpers';

/**
 * Issue 7 §4: a standard coverage.py 6.5 LCOV report (its `BRDA:0,…` exit branches) popped up
 * a warning on every load. Known producer quirks are logged only; a record really skipped is
 * still notified.
 */
describe('producer quirks', () => {
  const quirky = () => fileIn('example', 'coverage/python-quirks.lcov');
  const skipped = () => fileIn('example', 'coverage/python-skipped.lcov');

  before(resetWorkspace);

  after(async () => {
    await rm(quirky().fsPath, { force: true });
    await rm(skipped().fsPath, { force: true });
  });

  it("coverage.py 6.5's BRDA:0 records raise no notification; a malformed record still does", async () => {
    const api = await sentinel();
    const before = api.notifications().length;
    const report = await readFile(path.resolve(__dirname, '../../../test/fixtures/producers/coveragepy-6.5/coverage.lcov'), 'utf8');
    assert.match(report, /^BRDA:0,/m);
    await writeFile(quirky().fsPath, report);
    await eventually(api, () => api.reports().find((r) => r.reportUri.fsPath === quirky().fsPath), 'the coverage.py report loaded');
    // Written after it: once its warning is shown, the quirky report's turn has passed too.
    await writeFile(skipped().fsPath, report.replace('BRDA:3,0,0,1', 'BRDA:x,0,0,1'));
    const warning = await eventually(api, () => api.notifications().find((m) => m.includes('python-skipped.lcov')), 'a warning about the malformed record');
    assert.match(warning, /malformed BRDA record/);
    assert.doesNotMatch(warning, /line 0|coverage\.py 6\.5/, 'the quirks of that report are not what it shows');
    assert.deepEqual(api.notifications().slice(before).filter((m) => m.includes('python-quirks.lcov')), []);
  });
});
