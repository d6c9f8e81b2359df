import * as assert from 'node:assert/strict';
import { CoveragePyParser, parseCoveragePy } from '../../src/core/formats/coveragepy/coveragepy';
import { LineStatus, ReportParseError } from '../../src/core/model/model';
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
  testsOf,
} from './jsonGoTestUtil';

const meta = { version: '7.6.1', timestamp: '2024-01-01T00:00:00', branch_coverage: true, show_contexts: true };

function report(files: Record<string, unknown>): string {
  return JSON.stringify({ meta, files, totals: {} }, null, 2);
}

describe('coverage.py JSON parser', () => {
  describe('rules', () => {
    it('lines are executed (1) and missing (0); excluded lines are not lines, even when they ran', () => {
      const parsed = parseCoveragePy(report({ 'pkg/a.py': { executed_lines: [1, 2, 5, 9], missing_lines: [3, 7], excluded_lines: [9, 10] } }));
      assert.equal(parsed.format, 'coveragepy');
      assert.deepEqual(linesOf(only(parsed, 'pkg/a.py')), [
        [1, 1],
        [2, 1],
        [3, 0],
        [5, 1],
        [7, 0],
      ]);
      assert.deepEqual(parsed.totals, { files: 1, lines: 5, linesHit: 3, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 });
    });

    it('branch arcs belong to their from line: jumps by destination, then exits', () => {
      const file = only(
        parseCoveragePy(
          report({
            'a.py': {
              executed_lines: [2, 3, 6],
              missing_lines: [4],
              excluded_lines: [],
              executed_branches: [
                [2, 6],
                [6, -1],
              ],
              missing_branches: [
                [2, 3],
                [6, 8],
              ],
            },
          }),
        ),
      );
      assert.deepEqual(branchesOf(file), [
        [2, 0, 0, 0, 'line 3'],
        [2, 0, 1, 1, 'line 6'],
        [6, 0, 0, 0, 'line 8'],
        [6, 0, 1, 1, 'exit'],
      ]);
      assert.deepEqual(Array.from(file.status), [LineStatus.Partial, LineStatus.Covered, LineStatus.Uncovered, LineStatus.Partial]);
    });

    it('contexts: each non-empty context of a line is a test that ran it', () => {
      const file = only(
        parseCoveragePy(
          report({
            'a.py': {
              executed_lines: [1, 2, 3],
              missing_lines: [],
              excluded_lines: [4],
              contexts: { 1: [''], 2: ['test_a|run', 'test_b|run'], 3: ['test_b|run'], 4: ['test_a|run'] },
            },
          }),
        ),
      );
      assert.deepEqual(testsOf(file), [
        ['test_a|run', [2]],
        ['test_b|run', [2, 3]],
      ]);
    });

    it('functions (coverage.py 7.5+): span of their lines, hit when any ran; the module entry is not one', () => {
      const file = only(
        parseCoveragePy(
          report({
            'a.py': {
              executed_lines: [1, 2, 5],
              missing_lines: [6, 9],
              excluded_lines: [],
              functions: {
                '': { executed_lines: [1], missing_lines: [] },
                'Greeter.hello': { executed_lines: [5], missing_lines: [6] },
                never: { executed_lines: [], missing_lines: [9] },
              },
            },
          }),
        ),
      );
      assert.deepEqual(functionsOf(file), [
        ['Greeter.hello', 5, 6, 1],
        ['never', 9, 9, 0],
      ]);
    });

    it('parses the same in chunks of 1, 7 and 4096 bytes', () => {
      const bytes = encode(report({ 'é/ü.py': { executed_lines: [1, 2], missing_lines: [3], contexts: { 2: ['ünïcode'] } } }));
      const whole = snapshot(parseCoveragePy(bytes));
      for (const size of [1, 7, 4096]) assert.deepEqual(snapshot(parseChunked(new CoveragePyParser(), bytes, size)), whole);
    });

    it('an empty files object is an empty model', () => {
      assert.equal(parseCoveragePy(report({})).files.size, 0);
    });
  });

  describe('warnings and errors', () => {
    it('warns, with the file entry line, about values that are not lines or arcs', () => {
      const parsed = parseCoveragePy(
        report({
          'a.py': { executed_lines: [1, 'x', -2], missing_lines: 'nope', executed_branches: [[1], [1, 0], [1, 2]], contexts: { x: ['t'], 1: 'y' } },
        }),
      );
      assert.equal(parsed.warnings.length, 7);
      assert.ok(parsed.warnings.every((w) => w.line === 9));
      assert.deepEqual(linesOf(only(parsed)), [[1, 1]]);
      assert.equal(branchesOf(only(parsed)).length, 1);
    });

    it('no files object: not a coverage.py report', () => {
      assertParseError(() => parseCoveragePy('{"a.js": {"s": {}}}'), 1);
      assertParseError(() => parseCoveragePy('[]'), 1);
    });

    it('malformed JSON: the line of the error', () => {
      assertParseError(() => parseCoveragePy('{\n  "files": {\n    "a.py": [1,,2]\n  }\n}'), 3);
    });
  });

  describe('hostile input', () => {
    it('`__proto__` file names, context keys and function names pollute nothing', () => {
      const json = '{"files": {"__proto__": {"executed_lines": [1], "missing_lines": [], "contexts": {"__proto__": ["t"], "1": ["__proto__"]}, "functions": {"__proto__": {"executed_lines": [1]}}}}}';
      const parsed = assertSurvives(() => parseCoveragePy(json));
      assert.ok(!(parsed instanceof ReportParseError));
      assertPrototypeClean();
      const file = only(parsed, '__proto__');
      assert.deepEqual(testsOf(file), [['__proto__', [1]]]);
      assert.deepEqual(functionsOf(file), [['__proto__', 1, 1, 1]]);
    });

    it('truncated JSON, binary garbage, a 10 MB line, 100k levels of nesting: an error or a model within the hang guard', () => {
      const good = report({ 'a.py': { executed_lines: [1], missing_lines: [2] } });
      assert.ok(assertSurvives(() => parseCoveragePy(good.slice(0, good.length - 20))) instanceof ReportParseError);
      assert.ok(assertSurvives(() => parseCoveragePy(binaryGarbage(1 << 20))) instanceof ReportParseError);
      const wide = assertSurvives(() => parseCoveragePy(`{"files": {"a.py": {"executed_lines": [${'1,'.repeat(5 << 20)}1]}}}`));
      assert.ok(!(wide instanceof ReportParseError));
      assert.deepEqual(linesOf(only(wide)), [[1, 1]]);
      const deep = `{"files": {"a.py": {"executed_lines": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
      assert.ok(!(assertSurvives(() => parseCoveragePy(deep)) instanceof ReportParseError));
      assert.ok(assertSurvives(() => parseCoveragePy('['.repeat(100_000))) instanceof ReportParseError);
    });
  });
});
