import * as assert from 'node:assert/strict';
import { derivedRecordAllowance, MAX_DERIVED_RECORDS } from '../../src/core/formats/derivedRecords';
import { MAX_JSON_CONTAINER_ELEMENTS } from '../../src/core/json/jsonInput';
import { largestJsonContainer } from '../../src/core/json/jsonSyntax';
import { assertParseError, assertReport, type IsolatedOutcome, parseIsolated } from './isolatedParse';

/**
 * Issue 8 §1 (SECURITY.md: fatal allocation): a number in a report never sizes an allocation
 * the report did not pay for. Records derived from a number (the lines of a range, the
 * branches of a count) come out of DerivedRecordBudget; every other number is a value that
 * sizes nothing. Each parse runs in a child process (isolatedParse) so that a fatal V8 error
 * fails the test instead of ending the run; the child's peak memory must stay small.
 */

/** Peak RSS a small hostile input may cost the child: node itself plus a little. */
const SMALL_INPUT_RSS_MIB = 512;

function assertSmallFootprint(outcome: IsolatedOutcome): void {
  assert.ok(outcome.maxRssMiB < SMALL_INPUT_RSS_MIB, `peak RSS ${outcome.maxRssMiB.toFixed(0)} MiB`);
}

const MAX_UINT32 = 4294967295;

function llvmExport(files: readonly { filename: string; segments: unknown[] }[], extra = ''): string {
  return `{"type":"llvm.coverage.json.export","version":"2.0.1","data":[{"files":${JSON.stringify(files)},"functions":[]}]${extra}}`;
}

function cobertura(lines: string): string {
  return [
    '<?xml version="1.0" ?>',
    '<coverage version="7.0" line-rate="1" branch-rate="1" lines-covered="1" lines-valid="1" branches-covered="1" branches-valid="1" complexity="0" timestamp="1">',
    '<packages><package name="p" line-rate="1" branch-rate="1" complexity="0"><classes>',
    '<class name="a.py" filename="a.py" complexity="0" line-rate="1" branch-rate="1"><methods/><lines>',
    lines,
    '</lines></class></classes></package></packages></coverage>',
  ].join('\n');
}

function jacoco(lines: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">',
    '<report name="r"><sessioninfo id="s" start="1" dump="2"/><package name="p">',
    '<sourcefile name="A.java">',
    lines,
    '</sourcefile></package></report>',
  ].join('\n');
}

describe('sizes derived from report numbers are bounded by the input (issue 8 §1)', function () {
  this.timeout(180_000);

  it('the allowance: 4 Mi derived records, one more per 4 bytes, never above 32 Mi', () => {
    assert.equal(derivedRecordAllowance(0), 2 ** 22);
    assert.equal(derivedRecordAllowance(4_000_000), 2 ** 22 + 1_000_000);
    assert.equal(derivedRecordAllowance(2 ** 40), MAX_DERIVED_RECORDS);
  });

  describe('llvm-cov JSON', () => {
    it("the issue's 84 MB export with a segment at line 160,000,000: a ReportParseError, not a fatal error", () => {
      // 80 MiB of padding once bought the old budget (4 Mi + 2 per byte) enough lines to grow a
      // plain array past V8's limit: `Fatal JavaScript invalid size error`, exit by SIGTRAP.
      const head = llvmExport([{ filename: 'a.c', segments: [[1, 1, 1, true, true, false], [160_000_000, 1, 0, false, false, false]] }], ',"pad":"');
      const text = `${head.slice(0, -1)}${'x'.repeat(80 * 1024 * 1024)}"}`;
      const outcome = parseIsolated('llvm', text, 120_000);
      assert.match(assertParseError(outcome).reason, /more lines than an llvm-cov export of this size can hold/);
      assert.ok(outcome.maxRssMiB < 2048, `peak RSS ${outcome.maxRssMiB.toFixed(0)} MiB`);
    });

    it('a counted region of 100,000 lines in a small export is read whole', () => {
      const outcome = parseIsolated('llvm', llvmExport([{ filename: 'a.c', segments: [[1, 1, 1, true, true, false], [100_000, 2, 0, false, false, false]] }]));
      assert.equal(assertReport(outcome).totals.lines, 100_000);
      assertSmallFootprint(outcome);
    });

    it('files each within the allowance but together over it: a ReportParseError', () => {
      const files = Array.from({ length: 40 }, (_, i) => ({ filename: `f${i}.c`, segments: [[1, 1, 1, true, true, false], [200_000, 2, 0, false, false, false]] }));
      assertParseError(parseIsolated('llvm', llvmExport(files)));
    });
  });

  describe('Go coverprofile', () => {
    it('a block from line 1 to 4,000,000,000: a ReportParseError', () => {
      const outcome = parseIsolated('go', 'mode: count\nexample.com/a.go:1.1,4000000000.2 1 1\n');
      assertParseError(outcome);
      assertSmallFootprint(outcome);
    });

    it('1,000 files with a 100,000-line block each (100 M lines from 40 KB): a ReportParseError', () => {
      const blocks = Array.from({ length: 1000 }, (_, i) => `example.com/f${i}.go:1.1,100000.2 1 1`).join('\n');
      const outcome = parseIsolated('go', `mode: set\n${blocks}\n`);
      assertParseError(outcome);
      assertSmallFootprint(outcome);
    });
  });

  describe('JaCoCo XML', () => {
    it('a line with mb="4000000000": a ReportParseError', () => {
      const outcome = parseIsolated('jacoco', jacoco('<line nr="1" mi="0" ci="1" mb="4000000000" cb="0"/>'));
      assert.match(assertParseError(outcome).reason, /more branches than a report of its size can hold/);
      assertSmallFootprint(outcome);
    });

    it('a line with 1,000 branches (a large switch) is read', () => {
      const outcome = parseIsolated('jacoco', jacoco('<line nr="7" mi="0" ci="3" mb="400" cb="600"/>'));
      const { totals } = assertReport(outcome);
      assert.deepEqual([totals.lines, totals.branches, totals.branchesHit], [1, 1000, 600]);
    });

    it('branch counts that are not whole numbers: the line stays, no branches, a warning', () => {
      const { totals, warnings } = assertReport(parseIsolated('jacoco', jacoco('<line nr="7" mi="0" ci="3" mb="1.5" cb="0"/>')));
      assert.deepEqual([totals.lines, totals.branches], [1, 0]);
      assert.match(warnings[0]?.message ?? '', /not a whole number/);
    });
  });

  describe('Cobertura XML', () => {
    it('5,000 lines claiming 999,999 branches each (5 G branches from 400 KB): a ReportParseError', () => {
      const line = '<line number="1" hits="1" branch="true" condition-coverage="100% (999999/999999)"/>';
      const outcome = parseIsolated('cobertura', cobertura(Array.from({ length: 5000 }, () => line).join('\n')));
      assert.match(assertParseError(outcome).reason, /more branches than a report of its size can hold/);
      assertSmallFootprint(outcome);
    });

    it('condition-coverage (40/50) gives 50 branches', () => {
      const { totals } = assertReport(parseIsolated('cobertura', cobertura('<line number="3" hits="2" branch="true" condition-coverage="80% (40/50)"/>')));
      assert.deepEqual([totals.branches, totals.branchesHit], [50, 40]);
    });
  });

  describe('formats whose numbers size nothing: the largest values parse into one record each', () => {
    it('LCOV', () => {
      const lcov = [
        'TN:',
        'SF:a.c',
        `FN:${MAX_UINT32},${MAX_UINT32},f`,
        'FNDA:1,f',
        `FNL:0,${MAX_UINT32},${MAX_UINT32}`,
        'FNA:0,1,g',
        `DA:${MAX_UINT32},${MAX_UINT32}`,
        'DA:1,1',
        `BRDA:${MAX_UINT32},${MAX_UINT32},${MAX_UINT32},${MAX_UINT32}`,
        `BRDA:${MAX_UINT32},0,0,-`,
        'end_of_record',
        '',
      ].join('\n');
      const outcome = parseIsolated('lcov', lcov);
      const { totals } = assertReport(outcome);
      assert.deepEqual([totals.lines, totals.branches, totals.functions], [2, 2, 2]);
      assertSmallFootprint(outcome);
    });

    it('Clover', () => {
      const xml = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<coverage generated="1"><project timestamp="1"><file name="a.php" path="/a.php">',
        `<line num="${MAX_UINT32}" type="cond" truecount="${MAX_UINT32}" falsecount="1e300" count="1e300"/>`,
        `<line num="${MAX_UINT32}" type="method" name="m" count="${MAX_UINT32}"/>`,
        '</file></project></coverage>',
      ].join('\n');
      const outcome = parseIsolated('clover', xml);
      const { totals } = assertReport(outcome);
      // falsecount 1e300 is not a branch count: the line has no branches (a warning).
      assert.deepEqual([totals.lines, totals.branches, totals.functions], [1, 0, 1]);
      assertSmallFootprint(outcome);
    });

    it('Istanbul JSON', () => {
      const far = { start: { line: MAX_UINT32, column: 0 }, end: { line: MAX_UINT32, column: MAX_UINT32 } };
      const json = JSON.stringify({
        'a.js': {
          path: 'a.js',
          statementMap: { '0': far, '1': { start: { line: 1, column: 0 }, end: { line: MAX_UINT32, column: 0 } } },
          s: { '0': MAX_UINT32, '1': 1 },
          fnMap: { '0': { name: 'f', decl: far, loc: { start: { line: 1, column: 0 }, end: { line: MAX_UINT32, column: 0 } }, line: 1 } },
          f: { '0': 1 },
          branchMap: { [String(MAX_UINT32)]: { loc: far, type: 'if', locations: [far, far, far], line: MAX_UINT32 } },
          b: { [String(MAX_UINT32)]: [MAX_UINT32, 0, 1] },
        },
      });
      const outcome = parseIsolated('istanbul', json);
      const { totals } = assertReport(outcome);
      assert.deepEqual([totals.lines, totals.branches, totals.functions], [2, 3, 1]);
      assertSmallFootprint(outcome);
    });

    it('coverage.py JSON', () => {
      const json = JSON.stringify({
        meta: { version: '7.5.0', branch_coverage: true, show_contexts: true },
        files: {
          'a.py': {
            executed_lines: [1, MAX_UINT32],
            missing_lines: [],
            excluded_lines: [],
            executed_branches: [[MAX_UINT32, -MAX_UINT32]],
            missing_branches: [[1, MAX_UINT32]],
            contexts: { [String(MAX_UINT32)]: ['test_a'] },
            functions: { f: { executed_lines: [1, MAX_UINT32], missing_lines: [], excluded_lines: [] } },
          },
        },
      });
      const outcome = parseIsolated('coveragepy', json);
      const { totals } = assertReport(outcome);
      assert.deepEqual([totals.lines, totals.branches, totals.functions], [2, 2, 1]);
      assertSmallFootprint(outcome);
    });
  });
});

describe('JSON arrays and objects past what V8 can build (issue 8 §1)', function () {
  this.timeout(180_000);

  it('largestJsonContainer counts the elements of the largest array or object, strings skipped', () => {
    assert.equal(largestJsonContainer('{"a": [1, 2, 3], "b": {"c": "x,y,z,[,{", "d": "\\\\", "e": "\\",,"}}'), 3);
    assert.equal(largestJsonContainer('[[], [1], [1, 2, [1, 2, 3, 4]]]'), 4);
    assert.equal(largestJsonContainer('"a,b"'), 0);
  });

  it('an Istanbul file with a 140 M-element array (280 MB): a ReportParseError, not a fatal error', () => {
    // JSON.parse builds an array that long in one V8 array, past its limit: the process aborts.
    const elements = MAX_JSON_CONTAINER_ELEMENTS + 75_000_000;
    const text = Buffer.alloc(2 * elements + 16, '0,');
    text.write('{"pad":[', 0);
    text.write('0]}', text.length - 3);
    const outcome = parseIsolated('istanbul', text, 120_000);
    assert.match(assertParseError(outcome).reason, /more than \d+ elements/);
  });
});
