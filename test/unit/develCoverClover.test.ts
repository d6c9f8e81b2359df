import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloverParser, parseClover } from '../../src/core/formats/clover/clover';
import { LineStatus } from '../../src/core/model/model';
import { branchLines, functionsOf, linesOf, only, parseChunked } from './parserTestUtil';

/**
 * Perl's Devel::Cover writes Clover XML (`cover -report clover`, Devel::Cover::Report::Clover
 * 1.01) whose `cond` lines have no count, `truecount` = how many of the branch's two outcomes
 * were taken and `falsecount` = how many are marked uncoverable. They were skipped with a
 * warning each (read as OpenClover's), so a standard report warned and showed no branches.
 */
const fixture = readFileSync(path.resolve(__dirname, '../../../test/fixtures/producers/devel-cover/clover.xml'));


describe('Devel::Cover (Perl) Clover XML', () => {
  for (const [how, parse] of [
    ['whole', () => parseClover(fixture)],
    ['in 7-byte chunks', () => parseChunked(new CloverParser(), fixture, 7)],
  ] as const) {
    it(`the figures of cover's own text report, with no warning (${how})`, () => {
      const report = parse();
      assert.deepEqual(report.warnings, []);
      const grade = only(report, 'lib/Grade.pm');
      // cover -report text: lines 8 (die), 15 (return 'fail') and unused() (24-26) never ran.
      const lines = linesOf(grade);
      assert.deepEqual(
        lines.filter(([, hits]) => hits === 0).map(([line]) => line),
        [8, 15, 24, 25, 26],
      );
      assert.deepEqual(
        lines.filter(([, hits]) => hits > 0).map(([line]) => line),
        [2, 3, 6, 7, 10, 11, 13, 19, 20],
      );
      // Its Branches table: line 7 true 0 false 2; line 10 (if) 1 and 1, (elsif) 1 and 0;
      // line 20 (?:) 1 and 0. bran 62.5 %: 5 of 8 outcomes.
      assert.deepEqual(branchLines(grade), [
        [7, 1, 2],
        [10, 3, 4],
        [20, 1, 2],
      ]);
      assert.deepEqual([report.totals.branches, report.totals.branchesHit], [5 + 3, 5]);
      const status = (line: number) => grade.status[grade.lines.indexOf(line)];
      assert.deepEqual([status(7), status(10), status(20), status(11)], [LineStatus.Partial, LineStatus.Partial, LineStatus.Partial, LineStatus.Covered]);
      // sub 80.0 % and 90.0 % in all: Devel::Cover counts the BEGIN blocks of `use` lines too.
      assert.deepEqual(
        functionsOf(grade).map(([, start, , hits]) => [start, hits]),
        [
          [2, 1],
          [3, 1],
          [6, 2],
          [19, 1],
          [24, 0],
        ],
      );
      assert.deepEqual([report.totals.functions, report.totals.functionsHit], [10, 9]);
      assert.deepEqual(branchLines(only(report, 't/grade.t')), []);
    });
  }

  it('is told by its version (clover="1.01") when the project has another name (cover -projectname)', () => {
    const renamed = fixture.toString('utf8').replace('name="Devel::Cover::Report::Clover"', 'name="my-app"');
    const report = parseClover(renamed);
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(branchLines(only(report, 'lib/Grade.pm')), [
      [7, 1, 2],
      [10, 3, 4],
      [20, 1, 2],
    ]);
  });

  it('OpenClover’s count-less cond lines (true and false counts of one condition) are still skipped with a warning', () => {
    const report = parseClover(`<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1" clover="4.4.1">
<project timestamp="1" name="app">
<file name="A.java" path="/src/A.java">
<line num="3" count="4" type="stmt"/>
<line num="3" truecount="3" falsecount="1" type="cond"/>
</file>
</project>
</coverage>
`);
    assert.deepEqual(report.warnings, [{ line: 6, message: '<line> without a count attribute: skipped' }]);
    assert.deepEqual(report.totals.branches, 0);
  });
});
