import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { IstanbulParser, parseIstanbul } from '../../src/core/formats/istanbul/istanbul';
import { jsonErrorOffset } from '../../src/core/json/jsonSyntax';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { fileTotals, LineStatus, ReportParseError } from '../../src/core/model/model';
import { istanbulOracleTotals } from './jsonGoOracle';
import {
  assertParseError,
  assertPrototypeClean,
  assertSurvives,
  binaryGarbage,
  branchesOf,
  functionsOf,
  linesOf,
  only,
  parseChunked,
  sameRun,
  snapshot,
} from './jsonGoTestUtil';
import { fixtureReportsNamed, readFixtureReport } from '../fixtureReports';

const loc = (startLine: number, endLine = startLine, startCol = 0, endCol = 10) => ({
  start: { line: startLine, column: startCol },
  end: { line: endLine, column: endCol },
});

/** A coverage-final.json of one file from compact statement, branch and function lists. */
function report(
  statements: [number, number][],
  branches: [number, number[]][] = [],
  functions: [string, number, number, number][] = [],
  filePath = '/p/a.js',
): string {
  const file = {
    path: filePath,
    statementMap: Object.fromEntries(statements.map(([line], i) => [String(i), loc(line)])),
    s: Object.fromEntries(statements.map(([, hits], i) => [String(i), hits])),
    branchMap: Object.fromEntries(branches.map(([line, counts], i) => [String(i), { type: 'if', line, loc: loc(line), locations: counts.map(() => loc(line)) }])),
    b: Object.fromEntries(branches.map(([, counts], i) => [String(i), counts])),
    fnMap: Object.fromEntries(functions.map(([name, start, end], i) => [String(i), { name, decl: loc(start), loc: loc(start, end), line: start }])),
    f: Object.fromEntries(functions.map(([, , , hits], i) => [String(i), hits])),
  };
  return JSON.stringify({ [filePath]: file });
}

describe('Istanbul JSON parser', () => {
  describe('real reports', () => {
    const reports = fixtureReportsNamed('istanbul-', '.json');

    it('lists the real Istanbul reports', () => {
      assert.ok(reports.length >= 2, `only ${reports.length} Istanbul reports found`);
    });

    for (const fixture of reports) {
      it(`${fixture.name}: no warnings, totals equal the oracle file by file`, () => {
        const bytes = readFixtureReport(fixture);
        const parsed = parseIstanbul(bytes);
        assert.deepEqual(parsed.warnings, []);
        const oracle = istanbulOracleTotals(bytes.toString('utf8'));
        assert.deepEqual([...parsed.files.keys()].sort(), [...oracle.keys()].sort());
        for (const [name, expected] of oracle) assert.deepEqual(fileTotals(parsed.files.get(name) as never), expected, name);
      });
    }

    it('istanbul-c8-eslint.json agrees with lcov-c8-eslint.info (same c8 run) file by file, line by line', () => {
      const json = parseIstanbul(readFixtureReport('generated/istanbul-c8-eslint.json'));
      const lcov = parseLcov(readFixtureReport('generated/lcov-c8-eslint.info'));
      sameRun(json, lcov, '/home/runner/work/eslint/eslint/');
    });

    it('parses the same in 1 MiB chunks, in 4 KiB chunks and in one piece', () => {
      const bytes = readFixtureReport('real/istanbul-solcov-juicier.json');
      const whole = snapshot(parseIstanbul(bytes));
      assert.deepEqual(snapshot(parseChunked(new IstanbulParser(), bytes, 4096)), whole);
      assert.deepEqual(snapshot(parseChunked(new IstanbulParser(), bytes, 7)), whole);
    });
  });

  describe('rules', () => {
    it('a line is where a statement starts; its hits are the highest count of those statements', () => {
      const file = only(
        parseIstanbul(
          report([
            [3, 0],
            [1, 2],
            [3, 5],
            [3, 1],
            [7, 0],
          ]),
        ),
      );
      assert.deepEqual(linesOf(file), [
        [1, 2],
        [3, 5],
        [7, 0],
      ]);
    });

    it('a statement spanning lines counts on its start line only', () => {
      const json = JSON.stringify({ f: { path: 'f', statementMap: { 0: loc(2, 9) }, s: { 0: 1 } } });
      assert.deepEqual(linesOf(only(parseIstanbul(json))), [[2, 1]]);
    });

    it('branches: block = the branch key, branch = location index, on the loc start line', () => {
      const file = only(
        parseIstanbul(
          report(
            [
              [4, 1],
              [9, 1],
            ],
            [
              [4, [3, 0]],
              [9, [1, 1, 0]],
            ],
          ),
        ),
      );
      assert.deepEqual(branchesOf(file), [
        [4, 0, 0, 3, ''],
        [4, 0, 1, 0, ''],
        [9, 1, 0, 1, ''],
        [9, 1, 1, 1, ''],
        [9, 1, 2, 0, ''],
      ]);
      assert.equal(file.status[0], LineStatus.Partial);
      assert.equal(file.status[1], LineStatus.Partial);
    });

    it('branch keys as written (solidity-coverage starts at 1); the line falls back to `line`, then the first location', () => {
      const json = JSON.stringify({
        'c.sol': {
          path: 'c.sol',
          statementMap: { 1: loc(5) },
          s: { 1: 1 },
          branchMap: { 1: { line: 5, type: 'if', locations: [loc(5), loc(5)] }, 2: { type: 'if', locations: [loc(8)] } },
          b: { 1: [2, 0], 2: [1] },
        },
      });
      assert.deepEqual(branchesOf(only(parseIstanbul(json))), [
        [5, 1, 0, 2, ''],
        [5, 1, 1, 0, ''],
        [8, 2, 0, 1, ''],
      ]);
    });

    it('functions: name, decl start (else loc, else line), loc end, hits from f', () => {
      const json = JSON.stringify({
        f: {
          path: 'f',
          statementMap: {},
          s: {},
          fnMap: {
            0: { name: 'decl', decl: loc(3), loc: loc(2, 8) },
            1: { name: 'locOnly', loc: loc(10, 12) },
            2: { name: 'lineOnly', line: 20 },
            3: { decl: loc(30), loc: loc(30, 31) },
          },
          f: { 0: 4, 1: 0, 2: 1, 3: 2 },
        },
      });
      assert.deepEqual(functionsOf(only(parseIstanbul(json))), [
        ['decl', 3, 8, 4],
        ['locOnly', 10, 12, 0],
        ['lineOnly', 20, 0, 1],
        ['(anonymous_3)', 30, 31, 2],
      ]);
    });

    it('names files by `path`, else by key; entries of the same path are summed; `{data}` is unwrapped', () => {
      const a = { path: 'same.js', statementMap: { 0: loc(1) }, s: { 0: 1 } };
      const b = { path: 'same.js', statementMap: { 0: loc(1), 1: loc(2) }, s: { 0: 2, 1: 0 } };
      const parsed = parseIstanbul(JSON.stringify({ 'x/same.js': a, 'y/same.js': { data: b }, 'keyed.js': { statementMap: {}, s: {} } }));
      assert.deepEqual([...parsed.files.keys()], ['same.js', 'keyed.js']);
      assert.deepEqual(linesOf(only(parsed, 'same.js')), [
        [1, 3],
        [2, 0],
      ]);
    });

    it('ignores a count without a statement location, as istanbul does', () => {
      const json = JSON.stringify({ f: { path: 'f', statementMap: { 0: loc(1) }, s: { 0: 1, 1: 5 } } });
      const parsed = parseIstanbul(json);
      assert.deepEqual(parsed.warnings, []);
      assert.deepEqual(linesOf(only(parsed)), [[1, 1]]);
    });

    it('an empty report is an empty model', () => {
      assert.equal(parseIstanbul('{}').files.size, 0);
    });
  });

  describe('warnings and errors', () => {
    it('warns, with the line of the file entry, about malformed statements, branches and functions', () => {
      const text = [
        '{',
        '"ok": {"path": "ok", "statementMap": {"0": {"start": {"line": 1}}}, "s": {"0": 1}},',
        '"bad": {"path": "bad", "statementMap": {"0": {"start": {"line": 0}}, "1": {"start": {"line": 2}}}, "s": {"0": 1, "1": "x"},',
        '  "branchMap": {}, "b": {"0": [1]}, "fnMap": {"0": {"name": "f"}}, "f": {}}',
        '}',
      ].join('\n');
      const parsed = parseIstanbul(text);
      assert.deepEqual(
        parsed.warnings.map((w) => w.line),
        [3, 3, 3, 3],
      );
      assert.equal(parsed.files.size, 2);
    });

    it('malformed JSON: ReportParseError on the line of the error', () => {
      assertParseError(() => parseIstanbul('{\n"a": {\n"s": {}\n},\n}\n'), 5);
      assertParseError(() => parseIstanbul('{\n"a": tru\n}'), 2);
      assertParseError(() => parseIstanbul('{\n"a": {"s": {}}\n'), 3);
    });

    it('finds the JSON syntax error exactly when JSON.parse fails (for messages without a position)', () => {
      const seed = report([[1, 2]], [[1, [1, 0]]], [['f', 1, 3, 1]]);
      const edit = fc.record({ at: fc.nat(), cut: fc.integer({ min: 0, max: 3 }), text: fc.constantFrom('', '"', ',', ':', '{', '}', '[', ']', 'tru', '-', '1e', '0.', '\\u12', '\\x', ' ', '\n', '\u0001') });
      fc.assert(
        fc.property(fc.array(edit, { maxLength: 3 }), (edits) => {
          let text = seed;
          for (const { at, cut, text: insert } of edits) {
            const pos = at % (text.length + 1);
            text = text.slice(0, pos) + insert + text.slice(pos + cut);
          }
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          const offset = jsonErrorOffset(text);
          assert.equal(offset === -1, valid, text);
          assert.ok(offset <= text.length);
        }),
        { numRuns: 2000 },
      );
    });

    it('JSON that is no Istanbul report: a clear error', () => {
      assertParseError(() => parseIstanbul('[1, 2]'), 1);
      assertParseError(() => parseIstanbul('{"meta": {}, "files": {}}'), 1);
    });
  });

  describe('hostile input', () => {
    it('`__proto__` and `constructor` keys pollute nothing and read as plain names', () => {
      const json = [
        '{"__proto__": {"path": "__proto__", "statementMap": {"__proto__": {"start": {"line": 1}}}, "s": {"__proto__": 1},',
        ' "fnMap": {"__proto__": {"name": "polluted", "decl": {"start": {"line": 1}}}, "constructor": {"name": "c", "line": 2}}, "f": {"__proto__": 3},',
        ' "branchMap": {"__proto__": {"line": 1, "polluted": true}}, "b": {"__proto__": [1, 0], "constructor": [1]}},',
        ' "constructor": {"statementMap": {"0": {"start": {"line": 4}}}, "s": {"0": 0}, "polluted": 1}}',
      ].join('\n');
      const parsed = assertSurvives(() => parseIstanbul(json));
      assert.ok(!(parsed instanceof ReportParseError));
      assertPrototypeClean();
      assert.deepEqual([...parsed.files.keys()], ['__proto__', 'constructor']);
      const proto = only(parsed, '__proto__');
      assert.deepEqual(linesOf(proto), [[1, 1]]);
      assert.deepEqual(functionsOf(proto), [
        ['polluted', 1, 0, 3],
        ['c', 2, 0, 0],
      ]);
      assert.equal(branchesOf(proto).length, 2);
      // The `constructor` branch has no branchMap entry of its own: Object.prototype.constructor must not stand in.
      assert.ok(parsed.warnings.some((w) => w.message.includes('branch constructor')));
    });

    it('truncated JSON: an error with the line where it ends, within the hang guard', () => {
      const bytes = readFixtureReport('generated/istanbul-c8-eslint.json');
      const cut = bytes.subarray(0, bytes.length >> 1);
      const outcome = assertSurvives(() => parseIstanbul(cut));
      assert.ok(outcome instanceof ReportParseError);
      assert.equal(outcome.line, cut.toString('utf8').split('\n').length);
    });

    it('binary garbage: an error on line 1 or where it breaks', () => {
      const outcome = assertSurvives(() => parseIstanbul(binaryGarbage(1 << 20)));
      assert.ok(outcome instanceof ReportParseError);
      assert.ok(outcome.line >= 1);
    });

    it('a 10 MB line: a 10 MB path parses; 10 MB of junk fails', () => {
      const long = 'x'.repeat(10 << 20);
      const parsed = assertSurvives(() => parseIstanbul(report([[1, 1]], [], [], long)));
      assert.ok(!(parsed instanceof ReportParseError));
      assert.equal(only(parsed).path.length, long.length);
      assert.ok(assertSurvives(() => parseIstanbul(`{"a": ${long}}`)) instanceof ReportParseError);
    });

    it('100k levels of nesting: an error or a model, never a crash', () => {
      const deep = `{"a": {"path": "a", "statementMap": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "s": {"0": 1}}}`;
      const outcome = assertSurvives(() => parseIstanbul(deep));
      assert.ok(outcome instanceof ReportParseError || outcome.files.size === 1);
      const unclosed = '{"a": '.repeat(100_000);
      const error = assertSurvives(() => parseIstanbul(unclosed));
      assert.ok(error instanceof ReportParseError);
    });

    it('wrong types everywhere: warnings, never a throw', () => {
      const json = JSON.stringify({
        a: { statementMap: 1, s: [1, 2], fnMap: { 0: null, 1: [] }, f: 'x', branchMap: null, b: { 0: 'x', 1: [null] } },
        b: { statementMap: { 0: { start: null } }, s: { 0: 1 }, b: { 0: [1] }, branchMap: { 0: { loc: { start: { line: 1.5 } } } } },
        c: null,
      });
      const outcome = assertSurvives(() => parseIstanbul(json));
      assert.ok(!(outcome instanceof ReportParseError));
      assert.ok(outcome.warnings.length > 0);
    });
  });
});
