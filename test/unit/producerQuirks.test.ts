import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { branchesOf, linesOf, only } from './jsonGoTestUtil';

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
