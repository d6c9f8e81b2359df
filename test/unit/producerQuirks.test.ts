import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCoveragePy } from '../../src/core/formats/coveragepy/coveragepy';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { branchesOf, linesOf, only } from './jsonGoTestUtil';
import { PRODUCER_REPORTS_DIR } from '../fixtureReports';

/** Reports written by real tools, kept unchanged (see each folder's README). */
const producers = path.resolve(__dirname, '../../../test/fixtures/producers');

/**
 * Issue 7 §4: a known habit of a producer that loses nothing the user needs is a `quirk`
 * warning, which is logged and never notified; records really skipped stay `skipped`.
 */
describe('known producer quirks are warnings of kind quirk', () => {
  it('coverage.py 6.5 LCOV: its BRDA:0 exit branches are quirks, everything else is read', () => {
    const report = parseLcov(readFileSync(path.join(producers, 'coveragepy-6.5', 'coverage.lcov')));
    assert.deepEqual(report.warnings, [
      { line: 24, message: 'BRDA on line 0, a branch out of the function as coverage.py 6.5 writes it: skipped', kind: 'quirk' },
      { line: 26, message: 'BRDA on line 0, a branch out of the function as coverage.py 6.5 writes it: skipped', kind: 'quirk' },
    ]);
    const file = only(report, 'shapes.py');
    assert.deepEqual(
      linesOf(file).map(([line]) => line),
      [1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 15, 16, 17],
    );
    assert.ok(linesOf(file).every(([, hits]) => hits === 1));
    // As written: coverage.py 6.5 puts each branch on the line it jumps to.
    assert.deepEqual(branchesOf(file), [
      [3, 0, 0, 1, ''],
      [4, 0, 1, 1, ''],
      [4, 2, 0, 1, ''],
      [5, 1, 0, 1, ''],
      [6, 2, 1, 1, ''],
      [7, 1, 1, 1, ''],
      [12, 3, 1, 1, ''],
      [17, 4, 1, 1, ''],
    ]);
  });

  const coveragePyPackage = (file: string) => readFileSync(path.join(PRODUCER_REPORTS_DIR, 'coveragepy-6.5-package', file));

  it("coverage.py 6.5's line 0 of an empty module (LCOV and JSON) is a quirk, the module a file without lines", () => {
    const lcov = parseLcov(coveragePyPackage('lines.lcov'));
    assert.deepEqual(lcov.warnings, [{ line: 3, message: 'DA on line 0, as coverage.py writes it for an empty module: skipped', kind: 'quirk' }]);
    const json = parseCoveragePy(coveragePyPackage('lines.json'));
    assert.deepEqual(
      json.warnings.map((w) => [w.message, w.kind]),
      [['pkg/__init__.py: executed_lines: line 0, as coverage.py writes it for an empty module: skipped', 'quirk']],
    );
    for (const report of [lcov, json]) {
      assert.deepEqual(linesOf(only(report, 'pkg/__init__.py')), []);
      assert.deepEqual(linesOf(only(report, 'pkg/odds.py')), [[1, 1], [2, 1], [5, 1], [6, 1], [7, 0], [8, 1]]);
    }
  });

  it("coverage.py 6.5 JSON: a comprehension's loop to its own line is not a branch, as its summary counts (4, 3 covered)", () => {
    const report = parseCoveragePy(coveragePyPackage('branch.json'));
    const file = only(report, 'pkg/odds.py');
    assert.deepEqual(branchesOf(file), [
      [2, 0, 0, 1, 'exit'],
      [2, 0, 1, 1, 'exit'],
      [6, 0, 0, 0, 'line 7'],
      [6, 0, 1, 1, 'line 8'],
    ]);
    assert.deepEqual(
      report.warnings.map((w) => w.kind),
      ['quirk'],
    );
  });

  it('coverage.py JSON: an arc listed twice is one branch; an arc to its own line that the summary counts stays', () => {
    const entry = (summary: string) =>
      `{"files": {"a.py": {"executed_lines": [1, 2], "missing_lines": [], "executed_branches": [[1, 1], [1, 1], [1, 2], [1, 2]], "missing_branches": [[1, -1]]${summary}}}}`;
    const counted = parseCoveragePy(entry(', "summary": {"num_branches": 3}'));
    assert.deepEqual(branchesOf(only(counted, 'a.py')), [
      [1, 0, 0, 1, 'line 1'],
      [1, 0, 1, 1, 'line 2'],
      [1, 0, 2, 0, 'exit'],
    ]);
    assert.deepEqual(counted.warnings, []);
    assert.deepEqual(branchesOf(only(parseCoveragePy(entry('')), 'a.py')), branchesOf(only(counted, 'a.py')), 'without a summary, every distinct arc');
    const fewer = parseCoveragePy(entry(', "summary": {"num_branches": 2}'));
    assert.deepEqual(branchesOf(only(fewer, 'a.py')), [
      [1, 0, 0, 1, 'line 2'],
      [1, 0, 1, 0, 'exit'],
    ]);
    assert.deepEqual(fewer.warnings.map((w) => w.kind), ['quirk']);
  });

  it('a BRDA record that is malformed otherwise is still a skipped record', () => {
    const report = parseLcov('SF:a.py\nDA:1,1\nBRDA:x,0,0,1\nBRDA:0,0,0,1\nend_of_record\n');
    assert.deepEqual(
      report.warnings.map((w) => [w.line, w.kind ?? 'skipped']),
      [
        [3, 'skipped'],
        [4, 'quirk'],
      ],
    );
  });
});
