import * as assert from 'node:assert/strict';
import { parseClover } from '../../src/core/formats/clover/clover';
import { CoberturaParser, parseCobertura } from '../../src/core/formats/cobertura/cobertura';
import { parseJacoco } from '../../src/core/formats/jacoco/jacoco';
import { type CoverageReport, ReportParseError } from '../../src/core/model/model';
import { encode, linesOf, only, parseChunked } from './parserTestUtil';

/**
 * Issue 8 §5: the XML scanner took a repeated attribute (the first won) and read
 * `number="1e3"` as line 1000. Decided: a repeated attribute name in one tag is an error, as
 * XML's "Unique Att Spec" makes it; a line number is plain decimal digits, anything else is a
 * warning and the record is skipped.
 */

function parseError(parse: () => unknown): ReportParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ReportParseError) return error;
    throw error;
  }
  assert.fail('expected a ReportParseError');
}

function cobertura(lines: string): string {
  return [
    '<?xml version="1.0" ?>',
    '<coverage line-rate="1" branch-rate="1" version="7.0" timestamp="1">',
    '<packages><package name="p"><classes><class name="a.py" filename="a.py"><methods/><lines>',
    lines,
    '</lines></class></classes></package></packages></coverage>',
  ].join('\n');
}

function jacoco(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<report name="r"><package name="p">\n${body}\n</package></report>`;
}

function clover(lines: string): string {
  return `<?xml version="1.0"?>\n<coverage generated="1"><project timestamp="1"><file name="a.php" path="/a.php">\n${lines}\n</file></project></coverage>`;
}

function lineNumbers(report: CoverageReport): number[] {
  return linesOf(only(report)).map(([line]) => line);
}

describe('XML: repeated attributes and line numbers (issue 8 §5)', () => {
  describe('an attribute repeated in one tag is an error', () => {
    const text = cobertura('<line number="1" hits="1"/>\n<line number="2" hits="1" number="3"/>');

    it('at the line of its tag, naming the attribute', () => {
      const error = parseError(() => parseCobertura(text));
      assert.equal(error.line, 5);
      assert.match(error.reason, /attribute "number" appears twice in one tag/);
    });

    it('also when the tag arrives in chunks of any size', () => {
      for (const size of [1, 2, 3, 7, 64]) {
        const error = parseError(() => parseChunked(new CoberturaParser(), encode(text), size));
        assert.equal(error.line, 5, `chunks of ${size}`);
      }
    });

    it('in JaCoCo and Clover alike', () => {
      assert.match(parseError(() => parseJacoco(jacoco('<sourcefile name="A.java"><line nr="1" mi="0" ci="1" ci="2"/></sourcefile>'))).reason, /"ci" appears twice/);
      assert.match(parseError(() => parseClover(clover('<line num="1" type="stmt" count="1" type="cond"/>'))).reason, /"type" appears twice/);
    });

    it('names that share a prefix or a length are different names', () => {
      const report = parseCobertura(cobertura('<line number="1" hits="1" hit="5" numbe="2" x="1" y="2"/>'));
      assert.deepEqual(linesOf(only(report)), [[1, 1]]);
    });

    it('a tag of 5,000 distinct attributes parses; one more repeating any of them fails', () => {
      const many = Array.from({ length: 5000 }, (_, i) => `a${i}="${i}"`).join(' ');
      assert.deepEqual(lineNumbers(parseCobertura(cobertura(`<line number="1" hits="1" ${many}/>`))), [1]);
      for (const repeated of ['a0', 'a2500', 'a4999', 'number']) {
        assert.match(parseError(() => parseCobertura(cobertura(`<line number="1" hits="1" ${many} ${repeated}="x"/>`))).reason, new RegExp(`"${repeated}" appears twice`));
      }
    });
  });

  describe('a line number is plain decimal digits', () => {
    const notLineNumbers = ['1e3', '1000.0', '+5', ' 5', '5 ', '0x10', '-1', '0', '4294967296', '١٢'];

    it('Cobertura: anything else is a warning and the line is skipped', () => {
      for (const value of notLineNumbers) {
        const report = parseCobertura(cobertura(`<line number="7" hits="1"/>\n<line number="${value}" hits="1"/>`));
        assert.deepEqual(lineNumbers(report), [7], value);
        assert.deepEqual(report.warnings, [{ line: 5, message: '<line> without a valid number attribute: skipped' }], value);
      }
    });

    it('character references that spell digits are digits', () => {
      assert.deepEqual(lineNumbers(parseCobertura(cobertura('<line number="&#49;0" hits="1"/>'))), [10]);
    });

    it('JaCoCo line nr and method line, Clover line num', () => {
      const report = parseJacoco(
        jacoco(
          [
            '<class name="p/A" sourcefilename="A.java"><method name="m" desc="()V" line="1e1"/><method name="n" desc="()V" line="12"/></class>',
            '<sourcefile name="A.java"><line nr="1e3" mi="0" ci="1" mb="0" cb="0"/><line nr="12" mi="0" ci="1" mb="0" cb="0"/></sourcefile>',
          ].join('\n'),
        ),
      );
      assert.deepEqual(lineNumbers(report), [12]);
      assert.deepEqual(only(report).functions.names, ['n']);
      assert.deepEqual(report.warnings, [{ line: 4, message: '<line> without a valid nr attribute: skipped' }]);
      const cloverReport = parseClover(clover('<line num="1e3" type="stmt" count="1"/>\n<line num="3" type="stmt" count="1"/>'));
      assert.deepEqual(lineNumbers(cloverReport), [3]);
      assert.equal(cloverReport.warnings.length, 1);
    });

    it('JaCoCo branch counts too: mb="1e3" gives the line no branches, with a warning', () => {
      const report = parseJacoco(jacoco('<sourcefile name="A.java"><line nr="3" mi="0" ci="1" mb="1e3" cb="0"/></sourcefile>'));
      assert.deepEqual(linesOf(only(report)), [[3, 1]]);
      assert.equal(only(report).branchDetail.lines.length, 0);
      assert.deepEqual(report.warnings, [{ line: 3, message: '<line> with mb or cb not a whole number: no branches recorded' }]);
    });
  });
});
