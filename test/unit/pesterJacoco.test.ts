import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectFormat } from '../../src/core/formats/detect';
import { JacocoParser, parseJacoco } from '../../src/core/formats/jacoco/jacoco';
import { type CoverageReport, ReportParseError } from '../../src/core/model/model';
import { functionsOf, linesOf, only, parseChunked } from './parserTestUtil';

/**
 * Issue 12 §2: Pester writes its JaCoCo report with an empty internal subset,
 * `"report.dtd"[]>`, which was refused. An empty subset declares nothing and is read; any
 * declaration inside a subset is still refused (SECURITY.md).
 */
const fixture = readFileSync(path.resolve(__dirname, '../../../test/fixtures/producers/pester/coverage.xml'));

function parseError(parse: () => unknown): ReportParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ReportParseError) return error;
    throw error;
  }
  assert.fail('expected a ReportParseError');
}

function assertPesterReport(report: CoverageReport): void {
  assert.deepEqual(report.warnings, []);
  assert.deepEqual([...report.files.keys()], ['Greeter/Format-Name.ps1', 'Greeter/Get-Greeting.ps1']);
  const formatName = only(report, 'Greeter/Format-Name.ps1');
  assert.deepEqual(linesOf(formatName), [
    [6, 1],
    [7, 1],
    [8, 0],
    [10, 1],
  ]);
  assert.deepEqual(functionsOf(formatName), [['Format-Name', 6, 0, 1]]);
  const greeting = only(report, 'Greeter/Get-Greeting.ps1');
  assert.deepEqual(linesOf(greeting), [
    [1, 1],
    [9, 1],
    [12, 2],
    [14, 0],
    [15, 0],
    [17, 1],
    [23, 0],
  ]);
  assert.deepEqual(functionsOf(greeting), [
    ['<script>', 1, 0, 1],
    ['Get-Greeting', 9, 0, 1],
    ['Get-Farewell', 23, 0, 0],
  ]);
  assert.deepEqual([report.totals.lines, report.totals.linesHit, report.totals.branches, report.totals.functions, report.totals.functionsHit], [11, 7, 0, 4, 3]);
}

describe("Pester's JaCoCo report, DOCTYPE with an empty internal subset (issue 12 §2)", () => {
  it('is detected as JaCoCo and read: every line, hit count and function', () => {
    assert.equal(detectFormat(fixture), 'jacoco');
    assertPesterReport(parseJacoco(fixture));
  });

  it('reads the same in chunks of any size (the subset split anywhere)', () => {
    for (const size of [1, 2, 3, 5, 8, 13, 64, 71, 72, 73]) assertPesterReport(parseChunked(new JacocoParser(), fixture, size));
  });

  it('reads the same with the byte order mark Windows PowerShell writes', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture]);
    assert.equal(detectFormat(withBom), 'jacoco');
    assertPesterReport(parseJacoco(withBom));
  });

  it('whitespace, newlines included, is an empty subset too; lines are counted through it', () => {
    const text = '<?xml version="1.0"?>\n<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd" [\n \t\r\n ] >\n<report name="r"><sourcefile name="a.ps1">\n<line/>\n</sourcefile></report>';
    const report = parseJacoco(text);
    assert.deepEqual(report.warnings, [{ line: 6, message: '<line> without a valid nr attribute: skipped' }]);
    assert.deepEqual(parseJacoco('<!DOCTYPE report []><report name="r"/>').warnings, []);
  });

  it('any declaration or other text in the subset is still refused', () => {
    const refused = [
      '[<!ENTITY x "y">]',
      '[ <!ENTITY % p SYSTEM "file:///etc/passwd"> %p; ]',
      '[<!ELEMENT report ANY>]',
      '[ <!-- nothing --> ]',
      '[x]',
      '[',
    ];
    for (const subset of refused) {
      const error = parseError(() => parseJacoco(`<?xml version="1.0"?>\n<!DOCTYPE report ${subset}>\n<report name="r"/>`));
      assert.match(error.reason, /internal subset is not allowed|unexpected end of input|malformed/, subset);
      assert.equal(error.line, 2, subset);
    }
    for (const after of ['[] x>', '[]]>', '[][]>']) {
      assert.match(parseError(() => parseJacoco(`<!DOCTYPE report ${after}<report name="r"/>`)).reason, /malformed markup/, after);
    }
  });
});
