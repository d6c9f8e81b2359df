import * as assert from 'node:assert/strict';
import { LlvmCovParser, parseLlvmCov } from '../../src/core/formats/llvmCov/llvmCov';
import { NEVER_EVALUATED, ReportParseError } from '../../src/core/model/model';
import {
  assertParseError,
  assertPrototypeClean,
  assertSurvives,
  binaryGarbage,
  branchesOf,
  encode,
  functionsOf,
  linesOf,
  only,
  parseChunked,
  snapshot,
} from './jsonGoTestUtil';

type Segment = [number, number, number, boolean, boolean, boolean];

function exportOf(files: unknown[], functions: unknown[] = []): string {
  return JSON.stringify({ type: 'llvm.coverage.json.export', version: '2.0.1', data: [{ files, functions, totals: {} }] });
}

function linesFrom(segments: Segment[]): [number, number][] {
  return linesOf(only(parseLlvmCov(exportOf([{ filename: 'a.c', segments, branches: [] }]))));
}

/** Counted region entry / end of a region without a count / counted gap region / skipped region. */
const entry = (line: number, col: number, count: number): Segment => [line, col, count, true, true, false];
const close = (line: number, col: number): Segment => [line, col, 0, false, false, false];
const resume = (line: number, col: number, count: number): Segment => [line, col, count, true, false, false];
const gap = (line: number, col: number, count: number): Segment => [line, col, count, true, true, true];
const skipped = (line: number, col: number): Segment => [line, col, 0, false, true, false];

describe('llvm-cov export JSON parser', () => {
  describe('lines from segments (as llvm-cov line reports)', () => {
    it('a function body: every line from its entry to its closing brace, lines without segments take the wrapped count', () => {
      assert.deepEqual(linesFrom([entry(1, 12, 5), close(4, 2)]), [
        [1, 5],
        [2, 5],
        [3, 5],
        [4, 5],
      ]);
    });

    it('lines between functions (wrapped segment without a count) are not lines; nothing after the last segment is', () => {
      assert.deepEqual(linesFrom([entry(1, 12, 1), close(2, 2), entry(6, 12, 0), close(7, 2)]), [
        [1, 1],
        [2, 1],
        [6, 0],
        [7, 0],
      ]);
    });

    it('a line takes the highest of the wrapped count and its counted non-gap region entries', () => {
      assert.deepEqual(linesFrom([entry(1, 12, 3), entry(2, 7, 9), resume(2, 12, 3), entry(3, 5, 1), resume(3, 9, 3), close(4, 2)]), [
        [1, 3],
        [2, 9],
        [3, 3],
        [4, 3],
      ]);
    });

    it('a counted gap region does not raise the count, but keeps the line a line', () => {
      assert.deepEqual(linesFrom([entry(1, 12, 4), gap(2, 6, 0), entry(3, 5, 0), close(4, 2)]), [
        [1, 4],
        [2, 4],
        [3, 0],
        [4, 0],
      ]);
    });

    it('a line starting a skipped region (#if 0) is not a line, nor one that only resumes a count after it', () => {
      assert.deepEqual(linesFrom([entry(1, 12, 2), skipped(2, 1), resume(4, 7, 2), close(5, 2)]), [
        [1, 2],
        [5, 2],
      ]);
    });

    it('malformed and out-of-order segments are skipped with one warning per file', () => {
      const segments = [entry(3, 1, 1), [2, 1, 1, true, true, false], 'x', [4, 1, -1, true, true], close(5, 1)];
      const parsed = parseLlvmCov(exportOf([{ filename: 'a.c', segments }]));
      assert.deepEqual(linesOf(only(parsed)), [
        [3, 1],
        [4, 1],
        [5, 1],
      ]);
      assert.equal(parsed.warnings.length, 1);
      assert.match(parsed.warnings[0]?.message ?? '', /3 malformed or out-of-order segments/);
    });
  });

  describe('branches and functions', () => {
    it('two branches per record, numbered as llvm-cov export -format=lcov does', () => {
      const branches = [
        [18, 19, 18, 27, 3, 1, 0, 0, 4],
        [20, 21, 20, 30, 0, 0, 0, 0, 4],
        [20, 7, 20, 17, 0, 1, 0, 0, 4],
        [5, 7, 5, 12, 1, 2, 0, 0, 4],
      ];
      const file = only(parseLlvmCov(exportOf([{ filename: 'a.c', segments: [], branches }])));
      assert.deepEqual(branchesOf(file), [
        [5, 0, 0, 1, 'true'],
        [5, 0, 1, 2, 'false'],
        [18, 0, 0, 3, 'true'],
        [18, 0, 1, 1, 'false'],
        [20, 0, 0, 0, 'true'],
        [20, 0, 1, 1, 'false'],
        [20, 1, 2, NEVER_EVALUATED, 'true'],
        [20, 1, 3, NEVER_EVALUATED, 'false'],
      ]);
    });

    it('functions: name as written, span of their regions in their first file, count', () => {
      const functions = [
        { name: '_Z4signi', count: 3, filenames: ['a.c', 'b.h'], regions: [[4, 24, 10, 2, 3, 0, 0, 0], [5, 7, 5, 12, 3, 0, 0, 0], [1, 1, 90, 1, 3, 1, 0, 0]] },
        { name: 'inline_in_header', count: 0, filenames: ['b.h'], regions: [[7, 1, 9, 2, 0, 0, 0, 0]] },
      ];
      const parsed = parseLlvmCov(exportOf([{ filename: 'a.c', segments: [entry(4, 24, 3), close(10, 2)] }], functions));
      assert.deepEqual(functionsOf(only(parsed, 'a.c')), [['_Z4signi', 4, 10, 3]]);
      assert.deepEqual(functionsOf(only(parsed, 'b.h')), [['inline_in_header', 7, 9, 0]]);
      assert.equal(parsed.totals.functionsHit, 1);
    });

    it('sums a file exported in several data entries', () => {
      const unit = { files: [{ filename: 'a.c', segments: [entry(1, 1, 2), close(2, 1)] }], functions: [] };
      const parsed = parseLlvmCov(JSON.stringify({ type: 'llvm.coverage.json.export', data: [unit, unit] }));
      assert.deepEqual(linesOf(only(parsed)), [
        [1, 4],
        [2, 4],
      ]);
    });

    it('parses the same in chunks of 1, 7 and 4096 bytes', () => {
      const bytes = encode(exportOf([{ filename: 'ä.c', segments: [entry(1, 1, 2), close(3, 1)], branches: [[1, 1, 1, 5, 1, 1, 0, 0, 4]] }]));
      const whole = snapshot(parseLlvmCov(bytes));
      for (const size of [1, 7, 4096]) assert.deepEqual(snapshot(parseChunked(new LlvmCovParser(), bytes, size)), whole);
    });
  });

  describe('errors and hostile input', () => {
    it('JSON that is no llvm-cov export: a clear error', () => {
      assertParseError(() => parseLlvmCov('{"files": {}}'), 1);
      assertParseError(() => parseLlvmCov('{"type": "llvm.coverage.json.export"}'), 1);
      assertParseError(() => parseLlvmCov('{"type": "llvm.coverage.json.export",\n"data": [\n{"files": [}\n]}'), 3);
    });

    it('`__proto__` file and function names pollute nothing', () => {
      const json = [
        '{"type": "llvm.coverage.json.export", "__proto__": {"polluted": 1}, "data": [{',
        '"files": [{"filename": "__proto__", "segments": [[1, 1, 1, true, true, false], [2, 1, 0, false, false, false]], "__proto__": {"polluted": 1}}],',
        '"functions": [{"name": "__proto__", "count": 1, "filenames": ["__proto__"], "regions": [[1, 1, 2, 1, 1, 0, 0, 0]], "constructor": 1}]}]}',
      ].join('\n');
      const parsed = assertSurvives(() => parseLlvmCov(json));
      assert.ok(!(parsed instanceof ReportParseError));
      assertPrototypeClean();
      assert.deepEqual(functionsOf(only(parsed, '__proto__')), [['__proto__', 1, 2, 1]]);
    });

    it('a counted region wrapping billions of lines: an error, not billions of lines', () => {
      const outcome = assertSurvives(() => parseLlvmCov(exportOf([{ filename: 'a.c', segments: [entry(1, 1, 1), close(4294967295, 1)] }])));
      assert.ok(outcome instanceof ReportParseError);
    });

    it('uncounted stretches cost nothing however long', () => {
      const outcome = assertSurvives(() => parseLlvmCov(exportOf([{ filename: 'a.c', segments: [entry(1, 1, 1), close(1, 5), entry(4294967290, 1, 1), close(4294967291, 1)] }])));
      assert.ok(!(outcome instanceof ReportParseError));
      assert.equal(only(outcome).lines.length, 3);
    });

    it('truncated JSON, binary garbage, a 10 MB line, 100k levels of nesting: an error or a model within the hang guard', () => {
      const good = exportOf([{ filename: 'a.c', segments: [entry(1, 1, 1), close(2, 1)] }]);
      assert.ok(assertSurvives(() => parseLlvmCov(good.slice(0, 60))) instanceof ReportParseError);
      assert.ok(assertSurvives(() => parseLlvmCov(binaryGarbage(1 << 20))) instanceof ReportParseError);
      const long = assertSurvives(() => parseLlvmCov(exportOf([{ filename: 'x'.repeat(10 << 20), segments: [] }])));
      assert.ok(!(long instanceof ReportParseError));
      const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const deepJson = `{"type": "llvm.coverage.json.export", "data": [{"files": [{"filename": "a.c", "segments": ${nested}, "branches": ${nested}}]}]}`;
      const deep = assertSurvives(() => parseLlvmCov(deepJson));
      assert.ok(!(deep instanceof ReportParseError));
      assert.ok(assertSurvives(() => parseLlvmCov(`{"type": "llvm.coverage.json.export", "data": ${'['.repeat(100_000)}`)) instanceof ReportParseError);
    });
  });
});
