import * as assert from 'node:assert/strict';
import { CloverParser, parseClover } from '../../src/core/formats/clover/clover';
import { LineStatus, ReportParseError } from '../../src/core/model/model';
import { readFixtureReport } from '../fixtureReports';
import { assertWellFormedReport, hostileXmlInputs, truncations, withoutIo } from './xmlHostile';
import { cloverOracle } from './xmlOracle';
import {
  assertMatchesOracle,
  assertParseError,
  branchesOf,
  functionsOf,
  linesOf,
  only,
  parseChunked,
  xmlFixtureReports,
  hostileOutcome,
} from './xmlTestUtil';

function clover(files: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<coverage generated="1" clover="3.2.0">\n<project timestamp="1" name="All files">\n<metrics statements="0"/>\n${files}\n</project>\n</coverage>\n`;
}

describe('Clover parser', () => {
  describe('real reports', () => {
    const reports = xmlFixtureReports('clover-');

    it('lists the real Clover reports', () => {
      assert.ok(reports.length >= 2, `only ${reports.length} Clover reports found`);
    });

    for (const fixture of reports) {
      const name = fixture.name;

      it(`${name}: no warnings; files, lines and totals equal the fast-xml-parser oracle's`, () => {
        const bytes = readFixtureReport(fixture);
        const report = parseClover(bytes);
        assert.deepEqual(report.warnings, []);
        assert.equal(report.format, 'clover');
        assertMatchesOracle(report, cloverOracle(bytes.toString('utf8')));
        assert.ok(report.totals.lines > 0);
      });

      it(`${name}: chunks of 1, 7 and 4096 bytes give the whole-buffer result`, () => {
        const bytes = new Uint8Array(readFixtureReport(fixture));
        const whole = parseClover(bytes);
        for (const size of [1, 7, 4096]) assert.deepEqual(parseChunked(new CloverParser(), bytes, size), whole, `chunks of ${size}`);
      });
    }

    it('clover-phpunit-bitcoin-php.xml: full paths from `name`, one function per method line', () => {
      const report = parseClover(readFixtureReport('real/clover-phpunit-bitcoin-php.xml'));
      assert.ok([...report.files.keys()].every((p) => p.startsWith('/home/thomas/git/bitcoin/src/')));
      assert.deepEqual(functionsOf(only(report, '/home/thomas/git/bitcoin/src/Bitcoin.php')), [
        ['getMath', 7, 0, 0],
        ['getNumberTheory', 12, 0, 0],
        ['int', 17, 0, 0],
      ]);
      assert.deepEqual(report.totals.functions, 52);
    });
  });

  describe('definitions', () => {
    it('stmt and cond are lines with hits = count; cond adds truecount covered and falsecount missed branches', () => {
      const report = parseClover(
        clover(`<file name="a.js" path="/p/a.js">
  <line num="1" count="3" type="stmt"/>
  <line num="2" count="2" type="cond" truecount="2" falsecount="0"/>
  <line num="3" count="0" type="cond" truecount="0" falsecount="2"/>
  <line num="4" count="7" type="cond" truecount="1" falsecount="2"/>
</file>`),
      );
      assert.deepEqual(report.warnings, []);
      const file = only(report, '/p/a.js');
      assert.deepEqual(linesOf(file), [
        [1, 3],
        [2, 2],
        [3, 0],
        [4, 7],
      ]);
      assert.deepEqual(branchesOf(file), [
        [2, 0, 1],
        [2, 1, 1],
        [3, 0, 0],
        [3, 1, 0],
        [4, 0, 1],
        [4, 1, 0],
        [4, 2, 0],
      ]);
      assert.deepEqual(Array.from(file.branchesTotal), [0, 2, 2, 3]);
      assert.deepEqual(Array.from(file.branchesCovered), [0, 2, 0, 1]);
      assert.deepEqual(Array.from(file.status), [LineStatus.Covered, LineStatus.Covered, LineStatus.Uncovered, LineStatus.Partial]);
      assert.deepEqual(report.totals, { files: 1, lines: 4, linesHit: 3, branches: 7, branchesHit: 3, functions: 0, functionsHit: 0 });
    });

    it('a method line is a function named by signature, else name, else method@line; it is not a line', () => {
      const file = only(
        parseClover(
          clover(`<file path="/p/A.php">
  <line num="3" type="method" signature="run() : void" name="run" count="2"/>
  <line num="4" type="stmt" count="2"/>
  <line num="9" type="method" name="stop" crap="1" count="0"/>
  <line num="12" type="method" count="1"/>
</file>`),
        ),
      );
      assert.deepEqual(functionsOf(file), [
        ['run() : void', 3, 0, 2],
        ['stop', 9, 0, 0],
        ['method@12', 12, 0, 1],
      ]);
      assert.deepEqual(linesOf(file), [[4, 2]]);
    });

    it('a cond line without truecount/falsecount has no branch data', () => {
      const report = parseClover(clover('<file path="/a"><line num="1" type="cond" count="1"/><line num="2" type="cond" count="1" truecount="1"/></file>'));
      assert.deepEqual(report.warnings, []);
      assert.equal(report.totals.branches, 0);
      assert.equal(report.totals.lines, 2);
    });
  });

  describe('known traps', () => {
    it('full paths, not basenames: path first, then name', () => {
      const report = parseClover(
        clover(`<package name="lib"><file name="util.js" path="/home/ci/lib/util.js"><line num="1" type="stmt" count="1"/></file></package>
<package name="src"><file name="util.js" path="/home/ci/src/util.js"><line num="1" type="stmt" count="0"/></file></package>
<file name="/home/ci/only-name.php"><line num="1" type="stmt" count="1"/></file>
<file name="x.php" path=""><line num="1" type="stmt" count="1"/></file>`),
      );
      assert.deepEqual([...report.files.keys()], ['/home/ci/lib/util.js', '/home/ci/src/util.js', '/home/ci/only-name.php', 'x.php']);
    });

    it('two classes in one file do not duplicate its lines', () => {
      const report = parseClover(
        clover(`<file name="/p/Two.php">
  <class name="First" namespace="p"><metrics methods="1" statements="2"/></class>
  <class name="Second" namespace="p"><metrics methods="1" statements="1"/></class>
  <line num="5" type="method" name="a" count="1"/>
  <line num="6" type="stmt" count="1"/>
  <line num="7" type="stmt" count="0"/>
  <line num="10" type="method" name="b" count="0"/>
  <line num="11" type="stmt" count="0"/>
  <metrics loc="12" statements="3"/>
</file>`),
      );
      const file = only(report);
      assert.deepEqual(linesOf(file), [
        [6, 1],
        [7, 0],
        [11, 0],
      ]);
      assert.deepEqual(report.totals, { files: 1, lines: 3, linesHit: 1, branches: 0, branchesHit: 0, functions: 2, functionsHit: 1 });
    });

    it('truecount and falsecount count branches, not the times one condition was true and false (Istanbul)', () => {
      // The oracle trial's report: 5 branches, 4 covered, as its <metrics> says; line 1 has 3.
      const report = parseClover(`<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1796312754610" clover="3.2.0">
  <project timestamp="1796312754610" name="All files">
    <metrics statements="3" coveredstatements="3" conditionals="5" coveredconditionals="4" methods="1" coveredmethods="1" elements="8" coveredelements="7" complexity="0" loc="3" ncloc="3" packages="1" files="1" classes="1"/>
    <file name="u.js" path="/tmp/x/u.js">
      <metrics statements="3" coveredstatements="3" conditionals="5" coveredconditionals="4" methods="1" coveredmethods="1"/>
      <line num="1" count="1" type="cond" truecount="3" falsecount="0"/>
      <line num="2" count="2" type="cond" truecount="1" falsecount="1"/>
      <line num="3" count="2" type="stmt"/>
    </file>
  </project>
</coverage>
`);
      const file = only(report, '/tmp/x/u.js');
      assert.deepEqual([Array.from(file.branchesTotal), Array.from(file.branchesCovered)], [
        [3, 2, 0],
        [3, 1, 0],
      ]);
      assert.deepEqual(Array.from(file.status), [LineStatus.Covered, LineStatus.Partial, LineStatus.Covered]);
      assert.deepEqual([report.totals.branches, report.totals.branchesHit], [5, 4]);
    });

    it('branch counts are plain digits, and paid for by the report size like every derived record', () => {
      const report = parseClover(clover('<file path="/a"><line num="1" type="cond" count="1" truecount="1e3" falsecount="0"/><line num="2" type="cond" count="1" truecount="1" falsecount="-1"/></file>'));
      assert.deepEqual(report.warnings, [
        { line: 5, message: '<line> with truecount or falsecount not a whole number: no branches recorded' },
        { line: 5, message: '<line> with truecount or falsecount not a whole number: no branches recorded' },
      ]);
      assert.deepEqual([report.totals.lines, report.totals.branches], [2, 0]);
      assertParseError(
        () => parseClover(clover('<file path="/a"><line num="1" type="cond" count="1" truecount="999999999999" falsecount="1"/></file>')),
        5,
        /more branches than a report of its size can hold/,
      );
    });

    it('the same file in two <file> elements (e.g. project and testproject) adds up', () => {
      const xml = `<coverage><project><file path="/a"><line num="1" type="stmt" count="1"/></file></project><testproject><file path="/a"><line num="1" type="stmt" count="2"/><line num="2" type="stmt" count="0"/></file></testproject></coverage>`;
      assert.deepEqual(linesOf(only(parseClover(xml))), [
        [1, 3],
        [2, 0],
      ]);
    });
  });

  describe('warnings and errors', () => {
    it('skips unreadable records with a warning naming their line', () => {
      const report = parseClover(`<coverage>
<line num="1" type="stmt" count="1"/>
<file><line num="1" type="stmt" count="1"/></file>
<file path="/a">
<line type="stmt" count="1"/>
<line num="2" type="stmt"/>
<line num="3" type="branch" count="1"/>
<line num="4" count="1"/>
<line num="5" type="cond" count="1" truecount="x" falsecount="0"/>
<line num="6" type="stmt" count="2"/>
</file></coverage>`);
      assert.deepEqual(report.warnings, [
        { line: 2, message: '<line> outside a <file>: skipped' },
        { line: 3, message: '<file> without a path or name: its lines are skipped' },
        { line: 3, message: '<line> outside a <file>: skipped' },
        { line: 5, message: '<line> without a valid num attribute: skipped' },
        { line: 6, message: '<line> without a count attribute: skipped' },
        { line: 7, message: '<line> of unknown type "branch": skipped' },
        { line: 8, message: '<line> of unknown type "": skipped' },
        { line: 9, message: '<line> with truecount or falsecount not a whole number: no branches recorded' },
      ]);
      assert.deepEqual(linesOf(only(report, '/a')), [
        [5, 1],
        [6, 2],
      ]);
    });

    it('refuses a document whose root is not <coverage>', () => {
      assertParseError(() => parseClover('<report/>'), 1, /not a Clover report/);
    });
  });

  describe('hostile input (SECURITY.md)', () => {
    for (const [name, make] of hostileXmlInputs('coverage')) {
      it(`${name}: a ReportParseError or a valid report, whole and in 64 KiB chunks`, () => {
        const bytes = make();
        for (const size of [bytes.length, 65536]) {
          const outcome = hostileOutcome(() => withoutIo(() => parseChunked(new CloverParser(), bytes, Math.max(size, 1))));
          if (!(outcome instanceof ReportParseError)) assertWellFormedReport(outcome);
        }
      });
    }

    it('a truncated report fails with the line where it ended', () => {
      for (const cut of truncations(new Uint8Array(readFixtureReport('generated/clover-c8-eslint.xml')), 12)) {
        const lastLine = cut.reduce((n, b) => n + (b === 10 ? 1 : 0), 1);
        const outcome = hostileOutcome(() => parseClover(cut));
        assert.ok(outcome instanceof ReportParseError);
        assert.equal(outcome.line, lastLine, outcome.message);
      }
    });
  });
});
