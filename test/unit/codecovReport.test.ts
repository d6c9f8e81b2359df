import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CODECOV_PARTIAL_LABEL, CodecovReportParser, parseCodecovReport } from '../../src/core/formats/codecov/reportParser';
import { LineStatus, UNKNOWN_HITS } from '../../src/core/model/model';
import { assertParseError, assertSurvives, binaryGarbage, branchesOf, encode, linesOf, only, parseChunked, snapshot } from './jsonGoTestUtil';

const H = UNKNOWN_HITS;

function totals(lines: number, hits: number, misses: number, partials: number): Record<string, number> {
  return { files: 0, lines, hits, misses, partials, coverage: lines === 0 ? 0 : Math.round((hits / lines) * 10000) / 100, branches: partials, methods: 0, messages: 0, sessions: 0, complexity: 0, complexity_total: 0, complexity_ratio: 0, diff: 0 };
}


/** The `report` endpoint's response as codecov-api's own tests show it (api/public/v2/tests/test_report_viewset.py). */
const REPORT = {
  totals: { ...totals(10, 6, 3, 1), files: 2, sessions: 1 },
  files: [
    {
      name: 'foo/file1.py',
      totals: totals(8, 5, 3, 0),
      line_coverage: [
        [1, 0],
        [2, 1],
        [3, 0],
        [5, 0],
        [6, 1],
        [8, 0],
        [9, 0],
        [10, 1],
      ],
    },
    { name: 'bar/file2.py', totals: totals(2, 1, 0, 1), line_coverage: [[12, 0], [51, 2]] },
  ],
  commit_file_url: 'https://app.codecov.io/gh/codecov/test-repo/commit/abc/tree',
};

function report(files: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ totals: totals(0, 0, 0, 0), files, ...extra });
}

describe('Codecov report parser', () => {
  describe('responses shaped as the API writes them', () => {
    it('the report endpoint: hit and partial lines have unknown hits, misses 0, a partial line one untaken branch', () => {
      const parsed = parseCodecovReport(JSON.stringify(REPORT));
      assert.equal(parsed.format, 'codecov');
      assert.deepEqual([...parsed.files.keys()], ['foo/file1.py', 'bar/file2.py']);
      const first = only(parsed, 'foo/file1.py');
      assert.deepEqual(linesOf(first), [
        [1, H],
        [2, 0],
        [3, H],
        [5, H],
        [6, 0],
        [8, H],
        [9, H],
        [10, 0],
      ]);
      assert.deepEqual([...first.status], [2, 0, 2, 2, 0, 2, 2, 0]);
      const second = only(parsed, 'bar/file2.py');
      assert.deepEqual(linesOf(second), [
        [12, H],
        [51, H],
      ]);
      assert.deepEqual([...second.status], [LineStatus.Covered, LineStatus.Partial]);
      assert.deepEqual(branchesOf(second), [[51, 0, 0, 0, CODECOV_PARTIAL_LABEL]]);
      // As the API's own totals: 10 lines, 6 hit + 1 partial (a partial line ran), 3 missed.
      assert.deepEqual(parsed.totals, { files: 2, lines: 10, linesHit: 7, branches: 1, branchesHit: 0, functions: 0, functionsHit: 0 });
      assert.deepEqual(parsed.warnings, []);
    });

    it('the file_report endpoint: one file at the root', () => {
      const parsed = parseCodecovReport(
        JSON.stringify({ name: 'src/a.ts', totals: totals(3, 1, 1, 1), line_coverage: [[1, 0], [2, 1], [4, 2]], commit_sha: 'a1b2c3d', commit_file_url: 'https://x' }),
      );
      assert.deepEqual(linesOf(only(parsed, 'src/a.ts')), [
        [1, H],
        [2, 0],
        [4, H],
      ]);
    });

    it('the totals endpoint (files without line_coverage) and a flag filter that empties a file give no files', () => {
      const totalsOnly = JSON.parse(JSON.stringify(REPORT)) as { files: Record<string, unknown>[] };
      for (const file of totalsOnly.files) delete file['line_coverage'];
      assert.equal(parseCodecovReport(JSON.stringify(totalsOnly)).files.size, 0);
      assert.equal(parseCodecovReport(report([{ name: 'a.py', totals: totals(0, 0, 0, 0), line_coverage: [] }])).files.get('a.py')?.lines.length, 0);
      assert.equal(parseCodecovReport(report([])).files.size, 0);
    });

    it('-1 and null are skipped silently; an unknown status is skipped with a warning', () => {
      const parsed = parseCodecovReport(report([{ name: 'a.py', line_coverage: [[1, -1], [2, null], [3, 0], [4, 3], [5, '0'], [6, true]] }]));
      assert.deepEqual(linesOf(only(parsed)), [[3, H]]);
      assert.equal(parsed.warnings.length, 3, JSON.stringify(parsed.warnings));
      assert.match(parsed.warnings[0]?.message ?? '', /^a\.py: line 4: 3 is not a Codecov line status/);
    });

    it('a file listed twice is merged; a line hit anywhere is hit', () => {
      const parsed = parseCodecovReport(report([{ name: 'a.py', line_coverage: [[1, 1], [2, 0]] }, { name: 'a.py', line_coverage: [[1, 0], [3, 1], [2, 1]] }]));
      assert.deepEqual(linesOf(only(parsed)), [
        [1, H],
        [2, H],
        [3, 0],
      ]);
    });

    it('escaped keys and names, any key order, unknown keys and nested values ignored', () => {
      const text = '{"fil\\u0065s":[{"line_coverage":[[2,1]],"extra":{"a":[1,{"b":null}]},"n\\u0061me":"src/\\u00e9t\\u00e9 \\"q\\".py"}],"totals":{"x":[true,false,null,-1.5e3]}}';
      const parsed = parseCodecovReport(text);
      assert.deepEqual([...parsed.files.keys()], ['src/été "q".py']);
    });

    it('gives the same model in any chunking, byte by byte included', () => {
      const text = JSON.stringify(REPORT, null, 2).replace('foo/file1.py', 'f\\u00f6\\u00f6/\\"file1\\".py') + '\n';
      const bytes = encode(text);
      const whole = snapshot(parseCodecovReport(bytes));
      for (const size of [1, 2, 3, 5, 7, 16, 64, 1000]) assert.deepEqual(snapshot(parseChunked(new CodecovReportParser(), bytes, size)), whole, `chunks of ${size}`);
    });

    it('reads the pushed bytes without keeping them: the caller may reuse its buffer at once', () => {
      const bytes = encode(report([{ name: 'abcdef.py', line_coverage: [[1, 0], [2, 1]] }]));
      const parser = new CodecovReportParser();
      const buffer = new Uint8Array(7);
      for (let i = 0; i < bytes.length; i += buffer.length) {
        const n = Math.min(buffer.length, bytes.length - i);
        buffer.set(bytes.subarray(i, i + n));
        parser.push(buffer.subarray(0, n));
        buffer.fill(0x78);
      }
      assert.deepEqual(linesOf(only(parser.finish(), 'abcdef.py')), [
        [1, H],
        [2, 0],
      ]);
    });
  });

  describe('hostile responses', () => {
    it('line numbers beyond the model, zero, negative or fractional are skipped; none sizes an allocation', () => {
      const parsed = assertSurvives(() =>
        parseCodecovReport(report([{ name: 'a.py', line_coverage: [[4294967295, 0], [160000000, 1], [4294967296, 0], [1e300, 0], [0, 0], [-5, 0], [1.5, 0], ['7', 0], [null, 0]] }])));
      assert.ok(!(parsed instanceof Error));
      assert.deepEqual(linesOf(only(parsed)), [
        [160000000, 0],
        [4294967295, H],
      ]);
      assert.equal(parsed.warnings.length, 7);
    });

    it('__proto__ and constructor keys and names are plain data', () => {
      const text =
        '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"files":[{"name":"__proto__","__proto__":{"polluted":1},"line_coverage":[[1,0]]},{"name":"constructor","line_coverage":[[2,1]]}]}';
      const parsed = assertSurvives(() => parseCodecovReport(text));
      assert.ok(!(parsed instanceof Error));
      assert.deepEqual([...parsed.files.keys()], ['__proto__', 'constructor']);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    });

    it('deep nesting is a clear error, not a stack overflow', () => {
      for (const text of ['['.repeat(1_000_000), `{"totals":${'['.repeat(100_000)}`, `{"files":[{"name":"a","x":${'{"a":'.repeat(100_000)}`]) {
        const outcome = assertSurvives(() => parseCodecovReport(text));
        assert.ok(outcome instanceof Error, 'expected an error');
        assert.match(outcome.message, /list, not an object|nested deeper than 64 levels/);
      }
    });

    it('wrong types are skipped with warnings naming the file', () => {
      const parsed = parseCodecovReport(
        report([
          'not a file',
          { name: 5, line_coverage: [[1, 0]] },
          { line_coverage: [[1, 0]] },
          { name: 'a.py', line_coverage: { 1: 0 } },
          { name: 'b.py', line_coverage: [7, 'x', [1], [2, 0, 0], { line: 1 }, [[3], 0], [4, 0]] },
        ]),
      );
      assert.deepEqual([...parsed.files.keys()], ['b.py']);
      assert.deepEqual(linesOf(only(parsed, 'b.py')), [[4, H]]);
      const messages = parsed.warnings.map((w) => w.message);
      assert.ok(messages.some((m) => m.includes('"files" holds')));
      assert.ok(messages.some((m) => m.includes('its name is 5, not a string')));
      assert.ok(messages.some((m) => m.includes('it has no name')));
      assert.ok(messages.some((m) => m.startsWith('a.py: line_coverage is an object')));
      assert.equal(messages.filter((m) => m.startsWith('b.py:')).length, 6, messages.join('\n'));
    });

    it('a 10 MB string where none is read is scanned, not kept; a name over 16 KiB skips its file', () => {
      const huge = 'x'.repeat(10 * 1024 * 1024);
      const parsed = assertSurvives(() => parseCodecovReport(report([{ name: 'a.py', totals: { note: huge }, line_coverage: [[1, 0]] }])));
      assert.ok(!(parsed instanceof Error));
      assert.equal(parsed.files.size, 1);
      const long = parseCodecovReport(report([{ name: 'y'.repeat(17 * 1024), line_coverage: [[1, 0]] }]));
      assert.equal(long.files.size, 0);
      assert.match(long.warnings[0]?.message ?? '', /longer than 16 KiB/);
    });

    it('a million warnings cost a counter, not memory', () => {
      const entries = new Array(300_000).fill('[1,9]').join(',');
      const parsed = assertSurvives(() => parseCodecovReport(`{"files":[{"name":"a","line_coverage":[${entries}]}]}`));
      assert.ok(!(parsed instanceof Error));
      assert.equal(parsed.warnings.length, 101);
      assert.equal(parsed.warnings[100]?.message, '299900 more warnings');
    });

    const invalid: [string, string, RegExp][] = [
      ['an empty response', '', /empty/],
      ['whitespace only', '  \n', /ends too soon/],
      ['a list', '[]', /list, not an object/],
      ['a number', '5', /a number, not an object/],
      ['a string', '"files"', /a string, not an object/],
      ['null', 'null', /null, not an object/],
      ['an API error body', '{"detail":"Not found."}', /no "files" list/],
      ['a cut response', '{"files":[{"name":"a","line_coverage":[[1,0],[2', /ends too soon/],
      ['trailing data', '{"files":[]} {}', /after the end/],
      ['a bad escape', '{"files":[{"name":"a\\x"}]}', /invalid escape/],
      ['a bad \\u escape', '{"files":[{"name":"a\\u12G4"}]}', /invalid \\u escape/],
      ['a raw control character', '{"files":[{"name":"a\tb"}]}', /control character/],
      ['a leading zero', '{"files":[{"name":"a","line_coverage":[[01,0]]}]}', /comma or a closing bracket/],
      ['a bare minus', '{"files":[{"name":"a","line_coverage":[[-,0]]}]}', /digit was expected/],
      ['a double minus', '{"files":[{"name":"a","line_coverage":[[--1,0]]}]}', /digit was expected/],
      ['a dangling exponent', '{"files":[{"name":"a","line_coverage":[[1e,0]]}]}', /digit was expected/],
      ['a dangling fraction', '{"files":[{"name":"a","line_coverage":[[1.]]}]}', /digit was expected/],
      ['a misspelt literal', '{"files":[{"name":"a","line_coverage":[[1,nul]]}]}', /unknown word/],
      ['a mismatched bracket', '{"files":[}', /value was expected/],
      ['a missing colon', '{"files" []}', /colon/],
      ['an unquoted key', '{files:[]}', /key in double quotes/],
      ['a trailing comma', '{"files":[],}', /key in double quotes/],
      ['single quotes', "{'files':[]}", /key in double quotes/],
    ];
    for (const [what, text, reason] of invalid) {
      it(`${what} is a ReportParseError`, () => {
        const error = assertParseError(() => parseCodecovReport(text));
        assert.match(error.message, reason);
      });
    }

    it('errors name the line of a pretty-printed response', () => {
      const text = `{\n  "files": [\n    {\n      "name": "a",\n      "line_coverage": [[1, 0] [2, 1]]\n    }\n  ]\n}`;
      assertParseError(() => parseCodecovReport(text), 5);
    });

    it('mutated responses give a well-formed model or a ReportParseError, in any chunking (fast-check, fixed seed)', () => {
      const base = encode(JSON.stringify(REPORT));
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 64 }), (edits, chunk) => {
          const bytes = base.slice();
          for (const [at, value] of edits) bytes[at] = value;
          const outcome = assertSurvives(() => parseChunked(new CodecovReportParser(), bytes, chunk));
          if (outcome instanceof Error) return;
          for (const file of outcome.files.values()) {
            for (let i = 1; i < file.lines.length; i++) assert.ok((file.lines[i] as number) > (file.lines[i - 1] as number));
            for (const hits of file.hits) assert.ok(hits === 0 || hits === H);
          }
        }),
        { numRuns: 500, seed: 424242 },
      );
    });

    it('binary garbage is an error, not a crash', () => {
      for (let seed = 0; seed < 20; seed++) {
        const outcome = assertSurvives(() => parseCodecovReport(binaryGarbage(4096 + seed)));
        assert.ok(outcome instanceof Error);
      }
    });
  });
});
