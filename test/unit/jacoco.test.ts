import * as assert from 'node:assert/strict';
import { JacocoParser, parseJacoco } from '../../src/core/formats/jacoco/jacoco';
import { LineStatus, ReportParseError } from '../../src/core/model/model';
import { readFixtureReport } from '../fixtureReports';
import { assertWellFormedReport, hostileXmlInputs, truncations, withoutIo } from './xmlHostile';
import { jacocoOracle } from './xmlOracle';
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

const HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">';

function method(name: string, line: number, covered: number): string {
  return `<method name="${name}" desc="()V" line="${line}"><counter type="INSTRUCTION" missed="${1 - covered}" covered="${covered}"/><counter type="METHOD" missed="${1 - covered}" covered="${covered}"/></method>`;
}

function jacoco(body: string): string {
  return `${HEADER}<report name="r"><sessioninfo id="s" start="1" dump="2"/>${body}<counter type="LINE" missed="0" covered="0"/></report>`;
}

describe('JaCoCo parser', () => {
  describe('real reports', () => {
    const reports = xmlFixtureReports('jacoco-');

    it('lists the real JaCoCo reports', () => {
      assert.ok(reports.length >= 1, `only ${reports.length} JaCoCo reports found`);
    });

    for (const fixture of reports) {
      const name = fixture.name;

      it(`${name}: no warnings; files, lines and totals equal the fast-xml-parser oracle's`, () => {
        const bytes = readFixtureReport(fixture);
        const report = parseJacoco(bytes);
        assert.deepEqual(report.warnings, []);
        assert.equal(report.format, 'jacoco');
        assertMatchesOracle(report, jacocoOracle(bytes.toString('utf8')));
        assert.ok(report.totals.functions > 0 && report.totals.branches > 0);
      });

      it(`${name}: chunks of 1, 7 and 4096 bytes give the whole-buffer result`, () => {
        const bytes = new Uint8Array(readFixtureReport(fixture));
        const whole = parseJacoco(bytes);
        for (const size of [1, 7, 4096]) assert.deepEqual(parseChunked(new JacocoParser(), bytes, size), whole, `chunks of ${size}`);
      });
    }

    it('jacoco-closure-stylesheets.xml: every method lands in the file of its class, at a line of that file', () => {
      const report = parseJacoco(readFixtureReport('real/jacoco-closure-stylesheets.xml'));
      for (const [filePath, data] of report.files) {
        const last = data.lines.length > 0 ? (data.lines[data.lines.length - 1] as number) : 0;
        for (const [name, start] of functionsOf(data)) assert.ok(start <= last, `${filePath}: ${name} at ${start} beyond the last line ${last}`);
      }
    });
  });

  describe('definitions', () => {
    it('a line exists when mi+ci > 0, with hits = ci and mb+cb branches of which cb are taken', () => {
      const report = parseJacoco(
        jacoco(`<package name="com/x"><sourcefile name="A.java">
<line nr="3" mi="0" ci="4" mb="0" cb="0"/>
<line nr="4" mi="2" ci="0" mb="2" cb="0"/>
<line nr="5" mi="1" ci="3" mb="1" cb="3"/>
<line nr="6" mi="0" ci="0" mb="0" cb="0"/>
<counter type="LINE" missed="1" covered="2"/></sourcefile></package>`),
      );
      assert.deepEqual(report.warnings, []);
      const file = only(report, 'com/x/A.java');
      assert.deepEqual(linesOf(file), [
        [3, 4],
        [4, 0],
        [5, 3],
      ]);
      assert.deepEqual(branchesOf(file), [
        [4, 0, 0],
        [4, 1, 0],
        [5, 0, 1],
        [5, 1, 1],
        [5, 2, 1],
        [5, 3, 0],
      ]);
      assert.deepEqual(Array.from(file.status), [LineStatus.Covered, LineStatus.Uncovered, LineStatus.Partial]);
      assert.deepEqual(report.totals, { files: 1, lines: 3, linesHit: 2, branches: 6, branchesHit: 3, functions: 0, functionsHit: 0 });
    });

    it('a method sits at its line attribute and is hit when its METHOD counter has a covered one', () => {
      const file = only(
        parseJacoco(
          jacoco(`<package name="p"><class name="p/A" sourcefilename="A.java">${method('&lt;init&gt;', 3, 1)}${method('run', 10, 0)}
<method name="noCounter" desc="()V" line="20"/><method name="synthetic" desc="()V"><counter type="METHOD" missed="0" covered="1"/></method></class>
<sourcefile name="A.java"><line nr="3" mi="0" ci="2" mb="0" cb="0"/></sourcefile></package>`),
        ),
      );
      assert.deepEqual(functionsOf(file), [
        ['<init>', 3, 0, 1],
        ['run', 10, 0, 0],
        ['noCounter', 20, 0, 0],
      ]);
    });
  });

  describe('known traps', () => {
    it('methods belong to the sourcefile their class names, never to the next sourcefile', () => {
      // Classes come first in a package, then all its sourcefiles: attaching a class's methods
      // to whichever sourcefile follows is the bug popular parsers have.
      const report = parseJacoco(
        jacoco(`<package name="p">
<class name="p/B" sourcefilename="B.java">${method('inB', 5, 1)}</class>
<class name="p/A" sourcefilename="A.java">${method('inA', 7, 0)}</class>
<class name="p/A$Inner" sourcefilename="A.java">${method('inInner', 9, 1)}</class>
<sourcefile name="A.java"><line nr="7" mi="1" ci="0" mb="0" cb="0"/><line nr="9" mi="0" ci="1" mb="0" cb="0"/></sourcefile>
<sourcefile name="B.java"><line nr="5" mi="0" ci="1" mb="0" cb="0"/></sourcefile>
<sourcefile name="C.java"><line nr="1" mi="0" ci="1" mb="0" cb="0"/></sourcefile>
</package>`),
      );
      assert.deepEqual(functionsOf(only(report, 'p/A.java')).map(([name]) => name), ['inA', 'inInner']);
      assert.deepEqual(functionsOf(only(report, 'p/B.java')).map(([name]) => name), ['inB']);
      assert.deepEqual(functionsOf(only(report, 'p/C.java')), []);
    });

    it('a class without sourcefilename (no debug information) gives no functions', () => {
      const report = parseJacoco(jacoco(`<package name="p"><class name="p/A">${method('m', 3, 1)}</class><sourcefile name="A.java"/></package>`));
      assert.deepEqual(report.warnings, []);
      assert.equal(report.totals.functions, 0);
    });

    it('<group> nesting in aggregate reports: packages at any depth, same paths merged', () => {
      const module = (name: string, hits: number) =>
        `<group name="${name}"><package name="org/shared"><sourcefile name="U.java"><line nr="1" mi="0" ci="${hits}" mb="0" cb="0"/></sourcefile></package></group>`;
      const report = parseJacoco(
        jacoco(`<group name="all">${module('core', 2)}<group name="nested">${module('web', 3)}<package name="org/web"><sourcefile name="W.java"><line nr="4" mi="1" ci="0" mb="0" cb="0"/></sourcefile></package></group></group>`),
      );
      assert.deepEqual([...report.files.keys()].sort(), ['org/shared/U.java', 'org/web/W.java']);
      assert.deepEqual(linesOf(only(report, 'org/shared/U.java')), [[1, 5]]);
    });

    it('the default package: the path is the file name alone', () => {
      const report = parseJacoco(jacoco('<package name=""><sourcefile name="Main.java"><line nr="1" mi="0" ci="1" mb="0" cb="0"/></sourcefile></package>'));
      assert.deepEqual([...report.files.keys()], ['Main.java']);
    });

    it('reads the JaCoCo DOCTYPE and a report all on one line, without fetching the DTD', () => {
      const report = withoutIo(() => parseJacoco(jacoco('<package name="p"><sourcefile name="A.java"><line nr="1" mi="0" ci="1" mb="0" cb="0"/></sourcefile></package>')));
      assert.equal(report.totals.lines, 1);
    });
  });

  describe('warnings and errors', () => {
    it('skips unreadable records with a warning naming their line', () => {
      const report = parseJacoco(`<report name="r">
<line nr="1" mi="0" ci="1"/>
<package name="p"><sourcefile><line nr="1" mi="0" ci="1"/></sourcefile>
<sourcefile name="A.java">
<line mi="0" ci="1"/>
<line nr="2" mi="x" ci="1"/>
<line nr="3" mi="0" ci="-1"/>
<line nr="4" ci="2"/>
</sourcefile></package></report>`);
      assert.deepEqual(report.warnings, [
        { line: 2, message: '<line> outside a <sourcefile>: skipped' },
        { line: 3, message: '<sourcefile> without a name: skipped' },
        { line: 3, message: '<line> outside a <sourcefile>: skipped' },
        { line: 5, message: '<line> without a valid nr attribute: skipped' },
        { line: 6, message: '<line> with a malformed mi attribute: skipped' },
        { line: 7, message: 'negative ci clamped to 0' },
      ]);
      assert.deepEqual(linesOf(only(report, 'p/A.java')), [[4, 2]]);
    });

    it('refuses a document whose root is not <report>', () => {
      assertParseError(() => parseJacoco('<coverage/>'), 1, /not a JaCoCo report/);
    });
  });

  describe('hostile input (SECURITY.md)', () => {
    for (const [name, make] of hostileXmlInputs('report')) {
      it(`${name}: a ReportParseError or a valid report, whole and in 64 KiB chunks`, () => {
        const bytes = make();
        for (const size of [bytes.length, 65536]) {
          const outcome = hostileOutcome(() => withoutIo(() => parseChunked(new JacocoParser(), bytes, Math.max(size, 1))));
          if (!(outcome instanceof ReportParseError)) assertWellFormedReport(outcome);
        }
      });
    }

    it('a truncated report fails on its single line', () => {
      for (const cut of truncations(new Uint8Array(readFixtureReport('real/jacoco-closure-stylesheets.xml')), 12)) {
        const outcome = hostileOutcome(() => parseJacoco(cut));
        assert.ok(outcome instanceof ReportParseError);
        assert.equal(outcome.line, 1, outcome.message);
      }
    });
  });
});
