/* global describe, it */
// The last line of `npm test` (scripts/test-counts.mjs): whatever did not pass counts as failed.
import assert from 'node:assert/strict';
import { mochaCounts, nodeTestCounts, stageTotals, summarize } from '../../scripts/test-counts.mjs';

const MOCHA_GREEN = '  ✔ one\n  ✔ two\n\n\n  44 passing (12s)\n\n';
const MOCHA_RED = '  ✔ one\n  1) two\n\n\n  43 passing (12s)\n  2 pending\n  1 failing\n\n  1) two:\n     AssertionError: 3 passing\n';
const MOCHA_CRASHED_AT_LOAD = "Error: ENOENT: no such file or directory, scandir 'test/fixtures/reports/missing'\n    at Object.readdirSync (node:fs:1507:3)\n";
const NODE_TEST_CANCELLED = 'not ok 1 - marks in the dark theme\n1..2\n# tests 3\n# suites 2\n# pass 0\n# fail 0\n# cancelled 3\n# skipped 0\n# todo 0\n# duration_ms 61234.5\n';

describe('npm test counts (scripts/test-counts.mjs)', () => {
  it('reads mocha and node --test summaries, taking the last one', () => {
    assert.deepEqual(mochaCounts(MOCHA_GREEN), { passed: 44, failed: 0, notRun: 0 });
    assert.deepEqual(mochaCounts(MOCHA_RED), { passed: 43, failed: 1, notRun: 2 });
    assert.deepEqual(mochaCounts(`  3 passing (1s)\n${MOCHA_GREEN}`), { passed: 44, failed: 0, notRun: 0 });
    assert.deepEqual(nodeTestCounts(NODE_TEST_CANCELLED), { passed: 0, failed: 0, notRun: 3 });
    assert.deepEqual(nodeTestCounts('# tests 6\n# pass 4\n# fail 1\n# cancelled 0\n# skipped 1\n# todo 0\n'), { passed: 4, failed: 1, notRun: 1 });
  });

  it('counts cancelled, skipped and pending tests as failed', () => {
    assert.equal(stageTotals({ code: 1, counts: nodeTestCounts(NODE_TEST_CANCELLED) }).failed, 3);
    assert.equal(stageTotals({ code: 1, counts: mochaCounts(MOCHA_RED) }).failed, 3);
  });

  it('counts a stage that exits non-zero without a counted failure as one failed', () => {
    const crashed = stageTotals({ code: 1, counts: mochaCounts(MOCHA_CRASHED_AT_LOAD) });
    assert.deepEqual([crashed.passed, crashed.failed], [0, 1]);
    const passedButExited = stageTotals({ code: 3, counts: mochaCounts(MOCHA_GREEN) });
    assert.deepEqual([passedButExited.passed, passedButExited.failed], [44, 1]);
    assert.match(passedButExited.note ?? '', /exited 3/);
  });

  it('counts a test stage that reports no tests as failed, even when it exits 0', () => {
    assert.equal(stageTotals({ code: 0, counts: mochaCounts('\n  0 passing (1ms)\n') }).failed, 1);
    assert.equal(stageTotals({ code: 0, counts: nodeTestCounts('') }).failed, 1);
  });

  it('counts a failed step without tests (lint, build) and each stage it kept from running', () => {
    assert.deepEqual(stageTotals({ code: 2, counts: undefined }).failed, 1);
    assert.deepEqual(stageTotals({ code: 0, counts: undefined }).failed, 0);
    const { passed, failed, lines } = summarize([{ name: 'lint', code: 0 }, { name: 'build', code: 1 }], ['integration', 'ui']);
    assert.deepEqual([passed, failed], [0, 3]);
    assert.equal(lines.at(-1), '0 passed, 3 failed');
  });

  it('tells the truth about the run that printed "44 passed, 0 failed"', () => {
    // The unit stage crashed at load time, the integration suite passed, three UI tests were cancelled.
    const { lines } = summarize([
      { name: 'lint', code: 0 },
      { name: 'unit', code: 1, counts: mochaCounts(MOCHA_CRASHED_AT_LOAD) },
      { name: 'integration', code: 0, counts: mochaCounts(MOCHA_GREEN) },
      { name: 'ui', code: 1, counts: nodeTestCounts(NODE_TEST_CANCELLED) },
    ]);
    assert.equal(lines.at(-1), '44 passed, 4 failed');
    assert.match(lines.join('\n'), /unit: 0 passed, 1 failed \(exited 1 with no test counted/);
  });
});
