import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CoberturaParser, parseCobertura } from '../../src/core/formats/cobertura/cobertura';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { LineStatus } from '../../src/core/model/model';
import { branchLines, linesOf, only, parseChunked } from './parserTestUtil';

/**
 * grcov (Mozilla's, Debian's 0.8.12) over gcc's gcda files, as LCOV and as Cobertura from the same
 * run. Its Cobertura writes a line's branches only as `<conditions><condition number type
 * coverage="0|1"/>` children, with `branch="true"` and no `condition-coverage` attribute: they
 * were not read, so the report showed no branches where its own root says 10, 6 covered.
 */
const folder = path.resolve(__dirname, '../../../test/fixtures/producers/grcov');
const cobertura = readFileSync(path.join(folder, 'cobertura.xml'));
const lcov = readFileSync(path.join(folder, 'coverage.lcov'));


function cobertura1(lines: string): string {
  return `<?xml version="1.0"?>\n<coverage>\n<packages><package name="p"><classes><class name="a" filename="a.c">\n<methods><method name="f" signature=""><lines><line number="1" hits="1" branch="true"><conditions><condition number="0" type="jump" coverage="1"/></conditions></line></lines></method></methods>\n<lines>\n${lines}\n</lines>\n</class></classes></package></packages>\n</coverage>\n`;
}

describe('grcov (gcc gcda) reports', () => {
  for (const [how, parse] of [
    ['whole', () => parseCobertura(cobertura)],
    ['in 5-byte chunks', () => parseChunked(new CoberturaParser(), cobertura, 5)],
  ] as const) {
    it(`Cobertura: the lines and per-line branches of grcov's LCOV of the same run (${how})`, () => {
      const report = parse();
      assert.deepEqual(report.warnings, []);
      const xml = only(report, 'calc.c');
      const info = only(parseLcov(lcov), 'calc.c');
      assert.deepEqual(linesOf(xml), linesOf(info));
      // gcov -b: 10 branches, 6 taken at least once; `if (n == 0)` (7) and `argc > 100 && total > 0` (20) partial.
      assert.deepEqual(branchLines(xml), [
        [5, 2, 2],
        [7, 1, 2],
        [18, 2, 2],
        [20, 1, 4],
      ]);
      assert.deepEqual(branchLines(xml), branchLines(info));
      assert.deepEqual(Array.from(xml.status), Array.from(info.status));
      assert.equal(xml.status[xml.lines.indexOf(20)], LineStatus.Partial);
      // The root's own figures: lines-covered="12" lines-valid="16" branches-covered="6" branches-valid="10".
      assert.deepEqual([report.totals.lines, report.totals.linesHit, report.totals.branches, report.totals.branchesHit], [16, 12, 10, 6]);
    });
  }

  it('a condition counts once: not again under <methods>, not beside a condition-coverage attribute', () => {
    const report = parseCobertura(
      cobertura1(`<line number="1" hits="1" branch="true"><conditions><condition number="0" type="jump" coverage="1"/><condition number="1" type="jump" coverage="0"/></conditions></line>
<line number="2" hits="1" branch="true" condition-coverage="50% (1/2)"><conditions><condition number="0" type="jump" coverage="50%"/></conditions></line>
<line number="3" hits="1" branch="true"><conditions><condition number="0" type="switch" coverage="100%"/><condition number="1" type="jump" coverage="0%"/></conditions></line>
<line number="4" hits="0"/>`),
    );
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(branchLines(only(report, 'a.c')), [
      [1, 1, 2],
      [2, 1, 2],
      [3, 1, 2],
    ]);
  });

  it('a condition whose coverage is not a number: a warning, no branch', () => {
    const report = parseCobertura(cobertura1('<line number="1" hits="1" branch="true"><conditions><condition number="0" coverage="x"/><condition number="1" coverage="1"/></conditions></line>'));
    assert.deepEqual(report.warnings, [{ line: 6, message: '<condition> with a malformed coverage attribute: skipped' }]);
    assert.deepEqual(branchLines(only(report, 'a.c')), [[1, 1, 1]]);
  });
});
