import * as assert from 'node:assert/strict';
import { parseClover } from '../../src/core/formats/clover/clover';
import { CoberturaParser, coberturaSourceRoots, conditionCounts, parseCobertura } from '../../src/core/formats/cobertura/cobertura';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { type CoverageReport, type FileCoverageData, LineStatus, ReportParseError } from '../../src/core/model/model';
import { readFixtureReport } from '../fixtureReports';
import { assertWellFormedReport, hostileXmlInputs, truncations, withoutIo } from './xmlHostile';
import { coberturaOracle } from './xmlOracle';
import {
  assertMatchesOracle,
  assertParseError,
  branchesOf,
  encode,
  functionsOf,
  linesOf,
  only,
  parseChunked,
  xmlFixtureReports,
  hostileOutcome,
} from './xmlTestUtil';

function cobertura(classes: string, sources = '<sources><source>/src</source></sources>'): string {
  return `<?xml version="1.0" ?>\n<coverage version="1">\n${sources}\n<packages><package name="p"><classes>\n${classes}\n</classes></package></packages>\n</coverage>\n`;
}

describe('Cobertura parser', () => {
  describe('real reports', () => {
    const reports = xmlFixtureReports('cobertura-');

    it('lists the real Cobertura reports', () => {
      assert.ok(reports.length >= 5, `only ${reports.length} Cobertura reports found`);
    });

    for (const fixture of reports) {
      const name = fixture.name;

      it(`${name}: no warnings; files, lines, totals and source roots equal the fast-xml-parser oracle's`, () => {
        const bytes = readFixtureReport(fixture);
        const report = parseCobertura(bytes);
        assert.deepEqual(report.warnings, []);
        assert.equal(report.format, 'cobertura');
        const oracle = coberturaOracle(bytes.toString('utf8'));
        assertMatchesOracle(report, oracle);
        assert.deepEqual(coberturaSourceRoots(report), oracle.sourceRoots);
        assert.ok(report.totals.lines > 0);
      });

      it(`${name}: chunks of 1, 7 and 4096 bytes give the whole-buffer result`, () => {
        const bytes = new Uint8Array(readFixtureReport(fixture));
        const whole = parseCobertura(bytes);
        for (const size of [1, 7, 4096]) {
          const parser = new CoberturaParser();
          assert.deepEqual(parseChunked(parser, bytes, size), whole, `chunks of ${size}`);
          assert.deepEqual(parser.sourceRoots, coberturaSourceRoots(whole));
        }
      });
    }

    it('cobertura-c8-eslint.xml has the counts of its header (lines-valid, branches-valid)', () => {
      const report = parseCobertura(readFixtureReport('generated/cobertura-c8-eslint.xml'));
      assert.deepEqual(
        [report.totals.files, report.totals.lines, report.totals.linesHit, report.totals.branches, report.totals.branchesHit],
        [409, 99471, 97947, 16591, 16270],
      );
    });
  });

  describe('cross-format agreement: the ESLint run as LCOV, Cobertura and Clover', () => {
    let lcov: CoverageReport;
    let cob: CoverageReport;
    let clover: CoverageReport;
    let root: string;
    // c8 writes LCOV SF and Cobertura filename relative to the project, Clover paths absolute:
    // the Clover path is the Cobertura source root joined with the relative path.
    const cloverPath = (relative: string): string => `${root}/${relative}`;

    before(() => {
      lcov = parseLcov(readFixtureReport('generated/lcov-c8-eslint.info'));
      cob = parseCobertura(readFixtureReport('generated/cobertura-c8-eslint.xml'));
      clover = parseClover(readFixtureReport('generated/clover-c8-eslint.xml'));
      root = coberturaSourceRoots(cob)[0] as string;
    });

    it('all three name the same 409 files', () => {
      assert.equal(root, '/home/runner/work/eslint/eslint');
      assert.equal(lcov.files.size, 409);
      assert.deepEqual([...cob.files.keys()].sort(), [...lcov.files.keys()].sort());
      assert.deepEqual([...clover.files.keys()].sort(), [...lcov.files.keys()].map(cloverPath).sort());
    });

    it('file by file, the same line numbers with the same hits and hit/miss status', () => {
      const hit = (status: Uint8Array) => Array.from(status, (s) => s !== LineStatus.Uncovered);
      for (const [filePath, expected] of lcov.files) {
        const file = only(cob, filePath);
        assert.deepEqual(linesOf(file), linesOf(expected), filePath);
        assert.deepEqual(file.status, expected.status, filePath);
        // Clover's partial/covered split is compared with its branches in the Clover test below.
        const cloverFile = only(clover, cloverPath(filePath));
        assert.deepEqual(linesOf(cloverFile), linesOf(expected), filePath);
        assert.deepEqual(hit(cloverFile.status), hit(expected.status), filePath);
      }
    });

    it('LCOV and Cobertura: the same branches per line and the same functions (name, line, hit)', () => {
      for (const [filePath, expected] of lcov.files) {
        const file = only(cob, filePath);
        assert.deepEqual(file.branchesTotal, expected.branchesTotal, filePath);
        assert.deepEqual(file.branchesCovered, expected.branchesCovered, filePath);
        const key = (f: FileCoverageData) => functionsOf(f).map(([name, start, , hits]) => `${start} ${name} ${hits > 0}`).sort();
        assert.deepEqual(key(file), key(expected), filePath);
      }
    });

    it('Clover: the same branches per line, counted and covered, as LCOV (Istanbul writes truecount/falsecount as covered/missed branch counts)', () => {
      for (const [filePath, expected] of lcov.files) {
        const file = only(clover, cloverPath(filePath));
        assert.deepEqual(file.branchesTotal, expected.branchesTotal, filePath);
        assert.deepEqual(file.branchesCovered, expected.branchesCovered, filePath);
        assert.deepEqual(file.status, expected.status, filePath);
      }
      assert.deepEqual([clover.totals.branches, clover.totals.branchesHit], [lcov.totals.branches, lcov.totals.branchesHit]);
    });
  });

  describe('definitions', () => {
    it('reads lines from the class-level <lines>, not the ones repeated under <methods>', () => {
      const report = parseCobertura(
        cobertura(`<class name="a" filename="src/a.js">
  <methods>
    <method name="f" hits="3" signature="()V"><lines><line number="2" hits="3"/><line number="4" hits="1"/></lines></method>
    <method name="g" signature="()V"><lines><line number="7" hits="0"/></lines></method>
  </methods>
  <lines>
    <line number="2" hits="3" branch="false"/>
    <line number="3" hits="3"/>
    <line number="4" hits="1"/>
    <line number="7" hits="0"/>
  </lines>
</class>`),
      );
      assert.deepEqual(report.warnings, []);
      const file = only(report, 'src/a.js');
      assert.deepEqual(linesOf(file), [
        [2, 3],
        [3, 3],
        [4, 1],
        [7, 0],
      ]);
      assert.deepEqual(functionsOf(file), [
        ['f', 2, 4, 3],
        ['g', 7, 7, 0],
      ]);
      assert.deepEqual(report.totals, { files: 1, lines: 4, linesHit: 3, branches: 0, branchesHit: 0, functions: 2, functionsHit: 1 });
    });

    it('a method is hit when its hits attribute or any of its lines is; one without lines is left out', () => {
      const file = only(
        parseCobertura(
          cobertura(`<class filename="a.py"><methods>
  <method name="byAttribute" hits="2"><lines><line number="1" hits="0"/></lines></method>
  <method name="byLines" line-rate="1"><lines><line number="5" hits="4"/><line number="3" hits="1"/></lines></method>
  <method name="noLines" hits="9"><lines/></method>
  <method name="empty" hits="9"/>
  <method hits="0"><lines><line number="8" hits="0"/></lines></method>
</methods><lines/></class>`),
        ),
      );
      assert.deepEqual(functionsOf(file), [
        ['byAttribute', 1, 1, 2],
        ['byLines', 3, 5, 4],
        ['method@8', 8, 8, 0],
      ]);
      assert.deepEqual(linesOf(file), []);
    });

    it('condition-coverage gives the line its branches: covered ones taken once, the rest 0', () => {
      const file = only(
        parseCobertura(
          cobertura(`<class filename="a.js"><lines>
  <line number="1" hits="2" branch="true" condition-coverage="50% (1/2)"/>
  <line number="2" hits="0" branch="true" condition-coverage="0% (0/3)"/>
  <line number="3" hits="5" branch="true" condition-coverage="100% (2/2)">
    <conditions><condition number="0" type="jump" coverage="100%"/></conditions>
  </line>
</lines></class>`),
        ),
      );
      assert.deepEqual(branchesOf(file), [
        [1, 0, 1],
        [1, 1, 0],
        [2, 0, 0],
        [2, 1, 0],
        [2, 2, 0],
        [3, 0, 1],
        [3, 1, 1],
      ]);
      assert.deepEqual(Array.from(file.status), [LineStatus.Partial, LineStatus.Uncovered, LineStatus.Covered]);
      assert.deepEqual([Array.from(file.branchesTotal), Array.from(file.branchesCovered)], [
        [2, 3, 2],
        [1, 0, 2],
      ]);
    });

    it('reads the counts of a condition-coverage, not its percentage', () => {
      assert.deepEqual(conditionCounts('50% (1/2)'), [1, 2]);
      assert.deepEqual(conditionCounts('92.3076923076923% (12/13)'), [12, 13]);
      assert.deepEqual(conditionCounts('33.33333333333333% ( 1 / 3 )'), [1, 3]);
      for (const bad of ['50%', '(3/2)', '(1/)', '(a/2)', '', '(1/2']) assert.equal(conditionCounts(bad), undefined, bad);
    });
  });

  describe('known traps', () => {
    it('fractional condition-coverage percentages', () => {
      const report = parseCobertura(
        cobertura(`<class filename="a.ts"><lines>
  <line number="9" hits="12" branch="true" condition-coverage="92.3076923076923% (12/13)"/>
  <line number="10" hits="1" branch="true" condition-coverage="33.33333333333333% (1/3)"/>
</lines></class>`),
      );
      assert.deepEqual(report.warnings, []);
      assert.deepEqual([report.totals.branches, report.totals.branchesHit], [16, 13]);
    });

    it('empty <classes/>, <classes></classes>, <lines/> and <methods/>', () => {
      const empty = parseCobertura('<coverage><sources/><packages><package name="a"><classes/></package><package name="b"><classes></classes></package></packages></coverage>');
      assert.deepEqual([empty.files.size, empty.warnings], [0, []]);
      const report = parseCobertura(cobertura('<class filename="a.rs"><methods/><lines/></class><class filename="b.rs"><methods></methods><lines></lines></class>'));
      assert.deepEqual(report.warnings, []);
      assert.deepEqual([...report.files.keys()], ['a.rs', 'b.rs']);
      assert.equal(report.totals.lines, 0);
    });

    it('branch="true" without condition-coverage: no branch data, no warning', () => {
      const report = parseCobertura(cobertura('<class filename="a.rs"><lines><line number="3" hits="1" branch="true"/></lines></class>'));
      assert.deepEqual(report.warnings, []);
      assert.deepEqual(linesOf(only(report)), [[3, 1]]);
      assert.equal(report.totals.branches, 0);
      assert.equal(only(report).status[0], LineStatus.Covered);
    });

    it('several <source> roots, exposed in order; entities decoded, whitespace trimmed', () => {
      const xml = cobertura(
        '<class filename="a.py"><lines/></class>',
        '<sources>\n  <source>/home/ci/project</source>\n  <source>\n    C:\\work\\project &amp; co\n  </source>\n  <source></source>\n  <source/>\n  <source>src</source>\n</sources>',
      );
      const parser = new CoberturaParser();
      parser.push(encode(xml));
      const report = parser.finish();
      const expected = ['/home/ci/project', 'C:\\work\\project & co', 'src'];
      assert.deepEqual(parser.sourceRoots, expected);
      assert.deepEqual(coberturaSourceRoots(report), expected);
      assert.deepEqual(coberturaSourceRoots(parseLcov('SF:a\nend_of_record\n')), []);
    });

    it('no newlines at all: the whole report on one line', () => {
      const xml = cobertura('<class filename="a.rs"><lines><line number="1" hits="1"/><line number="2" hits="x"/></lines></class>').replaceAll('\n', '');
      const report = parseCobertura(xml);
      assert.deepEqual(linesOf(only(report)), [[1, 1]]);
      assert.deepEqual(report.warnings, [{ line: 1, message: '<line> with a malformed hits attribute: skipped' }]);
    });

    it('two classes of the same file add up: hits summed, functions of both kept', () => {
      const file = only(
        parseCobertura(
          cobertura(`<class name="A" filename="src/x.py"><methods><method name="a" hits="1"><lines><line number="1" hits="1"/></lines></method></methods>
  <lines><line number="1" hits="1"/><line number="2" hits="0" condition-coverage="50% (1/2)"/></lines></class>
<class name="B" filename="src/y.py"><lines><line number="1" hits="5"/></lines></class>
<class name="A$Inner" filename="src/x.py"><methods><method name="b" hits="0"><lines><line number="3" hits="0"/></lines></method></methods>
  <lines><line number="2" hits="2" condition-coverage="50% (1/2)"/><line number="3" hits="0"/></lines></class>`),
        ),
        'src/x.py',
      );
      assert.deepEqual(linesOf(file), [
        [1, 1],
        [2, 2],
        [3, 0],
      ]);
      assert.deepEqual(branchesOf(file), [
        [2, 0, 2],
        [2, 1, 0],
      ]);
      assert.deepEqual(
        functionsOf(file).map(([name]) => name),
        ['a', 'b'],
      );
    });

    it('keeps the filename exactly as written', () => {
      const names = ['./src/a.js', 'C:\\proj\\b.cs', '/abs/c.go', 'dir with space/ü.py', 'a&b.js'];
      const xml = cobertura(names.map((n) => `<class filename="${n.replace('&', '&amp;')}"><lines><line number="1" hits="1"/></lines></class>`).join('\n'));
      assert.deepEqual([...parseCobertura(xml).files.keys()], names);
    });

    it('reads the external DOCTYPE Istanbul writes, and never fetches or reads what a DOCTYPE names', () => {
      for (const system of ['http://cobertura.sourceforge.net/xml/coverage-04.dtd', 'file:///etc/passwd', '/dev/zero']) {
        const body = cobertura('<class filename="a.js"><lines><line number="1" hits="1"/></lines></class>').replace('<?xml version="1.0" ?>\n', '');
        const report = withoutIo(() => parseCobertura(`<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "${system}">\n${body}`));
        assert.equal(report.totals.lines, 1);
      }
    });

    it('the ESLint report with every newline removed gives the same model', () => {
      const bytes = readFixtureReport('generated/cobertura-c8-eslint.xml');
      const oneLine = new Uint8Array(bytes.filter((b) => b !== 10 && b !== 13));
      assert.deepEqual(parseCobertura(oneLine), parseCobertura(bytes));
    });
  });

  describe('warnings and errors', () => {
    it('skips unreadable records with a warning naming their line, and keeps going', () => {
      const report = parseCobertura(
        cobertura(`<class name="nofile"><lines><line number="1" hits="1"/></lines></class>
<class filename="a.js"><lines>
<line hits="1"/>
<line number="0" hits="1"/>
<line number="2"/>
<line number="3" hits="-4"/>
<line number="4" hits="1" condition-coverage="lots"/>
<line number="5" hits="1.5e3"/>
</lines></class>`),
      );
      assert.deepEqual(report.warnings, [
        { line: 5, message: '<class> without a filename: its lines are skipped' },
        { line: 7, message: '<line> without a valid number attribute: skipped' },
        { line: 8, message: '<line> without a valid number attribute: skipped' },
        { line: 9, message: '<line> without a hits attribute: skipped' },
        { line: 10, message: 'negative hits clamped to 0' },
        { line: 11, message: 'unreadable condition-coverage "lots": no branches recorded' },
      ]);
      assert.deepEqual(linesOf(only(report, 'a.js')), [
        [3, 0],
        [4, 1],
        [5, 1500],
      ]);
      assert.deepEqual([...report.files.keys()], ['a.js']);
    });

    it('warns about a <line> outside any <class>', () => {
      const report = parseCobertura('<coverage>\n<line number="1" hits="1"/>\n</coverage>');
      assert.deepEqual(report.warnings, [{ line: 2, message: '<line> outside a <class>: skipped' }]);
    });

    it('refuses a document whose root is not <coverage>', () => {
      assertParseError(() => parseCobertura('<?xml version="1.0"?>\n<report name="x"/>'), 2, /not a Cobertura report/);
    });

    it('`__proto__` as a filename or source stays data', () => {
      const report = parseCobertura(cobertura('<class filename="__proto__"><lines><line number="1" hits="1"/></lines></class><class filename="constructor"><lines/></class>', '<sources><source>__proto__</source></sources>'));
      assert.deepEqual([...report.files.keys()], ['__proto__', 'constructor']);
      assert.deepEqual(coberturaSourceRoots(report), ['__proto__']);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal(Object.getPrototypeOf({}), Object.prototype);
    });
  });

  describe('hostile input (SECURITY.md)', () => {
    for (const [name, make] of hostileXmlInputs('coverage')) {
      it(`${name}: a ReportParseError or a valid report, whole and in 64 KiB chunks`, () => {
        const bytes = make();
        for (const size of [bytes.length, 65536]) {
          const outcome = hostileOutcome(() => withoutIo(() => parseChunked(new CoberturaParser(), bytes, Math.max(size, 1))));
          if (!(outcome instanceof ReportParseError)) assertWellFormedReport(outcome);
        }
      });
    }

    it('entity declarations are refused, never expanded', () => {
      for (const [, make] of hostileXmlInputs('coverage').slice(0, 4)) {
        assertParseError(() => parseCobertura(make()), undefined, /internal subset/);
      }
    });

    it('a truncated report fails with the line where it ended', () => {
      const bytes = new Uint8Array(readFixtureReport('generated/cobertura-c8-eslint.xml'));
      for (const cut of truncations(bytes, 12)) {
        const lastLine = cut.reduce((n, b) => n + (b === 10 ? 1 : 0), 1);
        const outcome = hostileOutcome(() => parseCobertura(cut));
        assert.ok(outcome instanceof ReportParseError, `cut at ${cut.length} parsed`);
        assert.equal(outcome.line, lastLine, outcome.message);
      }
    });
  });
});
