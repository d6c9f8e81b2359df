import * as assert from 'node:assert/strict';
import { GoCoverParser, parseGoCover } from '../../src/core/formats/go/goCover';
import { fileTotals, ReportParseError } from '../../src/core/model/model';
import { fixtureReportsNamed, readFixtureReport } from '../fixtureReports';
import { goOracleTotals } from './jsonGoOracle';
import { assertParseError, assertSurvives, binaryGarbage, encode, linesOf, only, parseChunked, snapshot } from './jsonGoTestUtil';

describe('Go coverprofile parser', () => {
  describe('real reports', () => {
    const reports = fixtureReportsNamed('go-', '.out');

    it('lists the real Go reports', () => {
      assert.ok(reports.length >= 3, `only ${reports.length} Go reports found`);
    });

    for (const fixture of reports) {
      it(`${fixture.name}: no warnings, totals equal the oracle file by file`, () => {
        const bytes = readFixtureReport(fixture);
        const parsed = parseGoCover(bytes);
        assert.deepEqual(parsed.warnings, []);
        const oracle = goOracleTotals(bytes.toString('utf8'));
        assert.deepEqual([...parsed.files.keys()].sort(), [...oracle.keys()].sort());
        for (const [file, expected] of oracle) assert.deepEqual(fileTotals(parsed.files.get(file) as never), expected, file);
      });
    }

    it('go-polygon-cdk.out: its repeated blocks are merged, not counted twice', () => {
      const bytes = readFixtureReport('real/go-polygon-cdk.out');
      const rows = bytes.toString('utf8').split('\n').slice(1).filter(Boolean);
      const distinct = new Set(rows.map((row) => row.split(' ')[0]));
      assert.ok(distinct.size < rows.length, 'expected repeated blocks in this report');
    });

    for (const size of [1, 7, 4096]) {
      it(`go-blocky.out pushed in chunks of ${size} bytes parses as in one piece`, () => {
        const bytes = readFixtureReport('real/go-blocky.out');
        const crlf = encode(bytes.toString('utf8').replaceAll('\n', '\r\n'));
        const whole = snapshot(parseGoCover(bytes));
        assert.deepEqual(snapshot(parseChunked(new GoCoverParser(), bytes, size)), whole);
        assert.deepEqual(snapshot(parseChunked(new GoCoverParser(), crlf, size)), whole);
      });
    }
  });

  describe('rules', () => {
    it('every line of a block range is a line, both ends included', () => {
      const report = parseGoCover('mode: count\na/b.go:3.14,6.2 3 5\n');
      assert.deepEqual(linesOf(only(report, 'a/b.go')), [
        [3, 5],
        [4, 5],
        [5, 5],
        [6, 5],
      ]);
      assert.equal(report.format, 'go');
      assert.deepEqual(report.totals, { files: 1, lines: 4, linesHit: 4, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 });
    });

    it('sums a repeated block (one per test binary with -coverpkg)', () => {
      const report = parseGoCover('mode: count\nx.go:1.1,2.2 1 3\ny.go:1.1,1.9 1 0\nx.go:1.1,2.2 1 4\nx.go:1.1,2.2 1 0\n');
      assert.deepEqual(linesOf(only(report, 'x.go')), [
        [1, 7],
        [2, 7],
      ]);
    });

    it('atomic mode sums like count mode', () => {
      const report = parseGoCover('mode: atomic\nx.go:1.1,1.9 1 2\nx.go:1.1,1.9 1 5\n');
      assert.deepEqual(linesOf(only(report)), [[1, 7]]);
    });

    it('set mode ors repeats: hit stays 1', () => {
      const report = parseGoCover('mode: set\nx.go:1.1,1.9 1 1\nx.go:1.1,1.9 1 1\nx.go:1.1,1.9 1 0\n');
      assert.deepEqual(linesOf(only(report)), [[1, 1]]);
    });

    it('overlapping and touching blocks: a line takes the highest count over it', () => {
      // if cond { (line 5..7) } with the outer block ending on the line where the inner starts.
      const report = parseGoCover(['mode: count', 'x.go:3.20,5.10 2 4', 'x.go:5.10,7.3 1 0', 'x.go:9.2,9.12 1 4', 'x.go:4.1,8.1 1 1', ''].join('\n'));
      assert.deepEqual(linesOf(only(report)), [
        [3, 4],
        [4, 4],
        [5, 4],
        [6, 1],
        [7, 1],
        [8, 1],
        [9, 4],
      ]);
    });

    it('blocks of different ranges that only share a start are distinct', () => {
      const report = parseGoCover('mode: count\nx.go:1.1,1.5 1 2\nx.go:1.1,2.5 1 3\n');
      assert.deepEqual(linesOf(only(report)), [
        [1, 3],
        [2, 3],
      ]);
    });

    it('keeps paths as written: import paths, absolute paths with a drive colon or spaces', () => {
      const report = parseGoCover('mode: set\ngithub.com/x/y/z.go:1.1,1.2 1 1\nC:/work/my project/a.go:2.1,2.2 1 0\n');
      assert.deepEqual([...report.files.keys()], ['github.com/x/y/z.go', 'C:/work/my project/a.go']);
      assert.deepEqual(linesOf(only(report, 'C:/work/my project/a.go')), [[2, 0]]);
    });

    it('reads blocks in any order: out of order, interleaved files', () => {
      const rows = ['b.go:9.1,9.2 1 1', 'a.go:5.1,6.2 1 0', 'b.go:1.1,2.2 1 2', 'a.go:1.1,1.2 1 1'];
      const report = parseGoCover(`mode: count\n${rows.join('\n')}`);
      assert.deepEqual(linesOf(only(report, 'a.go')), [
        [1, 1],
        [5, 0],
        [6, 0],
      ]);
      assert.deepEqual(linesOf(only(report, 'b.go')), [
        [1, 2],
        [2, 2],
        [9, 1],
      ]);
    });

    it('sorts a large file given in reverse order (the fallback past the insertion-sort budget)', () => {
      const rows: string[] = [];
      for (let line = 3000; line >= 1; line--) rows.push(`x.go:${line}.1,${line}.9 1 ${line % 3}`, `x.go:${line}.1,${line}.9 1 1`);
      const file = only(parseGoCover(`mode: count\n${rows.join('\n')}\n`));
      assert.equal(file.lines.length, 3000);
      assert.deepEqual(linesOf(file).slice(0, 3), [
        [1, 2],
        [2, 3],
        [3, 1],
      ]);
    });

    it('tolerates CRLF, a BOM, blank lines, a missing final newline and a repeated mode line', () => {
      const text = '\uFEFFmode: count\r\n\r\nx.go:1.1,1.2 1 1\r\nmode: count\r\nx.go:2.1,2.2 1 0';
      const report = parseGoCover(text);
      assert.deepEqual(report.warnings, []);
      assert.deepEqual(linesOf(only(report)), [
        [1, 1],
        [2, 0],
      ]);
    });

    it('an empty input is an empty report', () => {
      assert.equal(parseGoCover('').files.size, 0);
      assert.equal(parseGoCover('mode: set\n').files.size, 0);
    });

    it('reads counts beyond 2^53 approximately rather than failing', () => {
      const file = only(parseGoCover('mode: count\nx.go:1.1,1.2 1 18446744073709551615\n'));
      assert.equal(file.hits[0], 2 ** 64);
    });
  });

  describe('warnings and errors', () => {
    it('is not a coverprofile without a mode line first: error on that line', () => {
      assertParseError(() => parseGoCover('\n\nx.go:1.1,1.2 1 1\n'), 3);
      assertParseError(() => parseGoCover('SF:x.go\nDA:1,1\n'), 1);
    });

    it('warns with the line number about malformed blocks and skips them', () => {
      const report = parseGoCover('mode: set\nx.go:1.1,1.2 1 1\nx.go 1 1\nx.go:5.1,3.1 1 1\nx.go:0.1,1.1 1 1\nmode: atomic\n');
      assert.deepEqual(
        report.warnings.map((w) => w.line),
        [3, 4, 5, 6],
      );
      assert.deepEqual(linesOf(only(report)), [[1, 1]]);
    });

    it('an unknown mode is read as count with a warning', () => {
      const report = parseGoCover('mode: sometimes\nx.go:1.1,1.2 1 2\nx.go:1.1,1.2 1 2\n');
      assert.equal(report.warnings.length, 1);
      assert.deepEqual(linesOf(only(report)), [[1, 4]]);
    });
  });

  describe('hostile input', () => {
    it('binary garbage: a clear error', () => {
      const outcome = assertSurvives(() => parseGoCover(binaryGarbage(1 << 20)));
      assert.ok(outcome instanceof ReportParseError);
    });

    it('a 10 MB line: a warning, within the hang guard, in any chunking', () => {
      const line = `x.go:1.1,1.2 1 ${'9'.repeat(10 << 20)}`;
      const bytes = encode(`mode: set\n${line}\nx.go:2.1,2.2 1 1\n`);
      for (const size of [bytes.length, 65536]) {
        const outcome = assertSurvives(() => parseChunked(new GoCoverParser(), bytes, size));
        assert.ok(!(outcome instanceof ReportParseError));
        assert.deepEqual(linesOf(only(outcome)), [[2, 1]]);
        assert.deepEqual(outcome.warnings, [{ line: 2, message: 'count out of range: skipped' }]);
      }
      const path = `mode: set\n${'p'.repeat(10 << 20)}:1.1,1.2 1 1\n`;
      assertSurvives(() => parseGoCover(path));
    });

    it('a long block in a short profile is read: the line budget allows 1 Mi lines at least', () => {
      const report = assertSurvives(() => parseGoCover('mode: set\nx.go:1.1,500000.2 1 1\n'));
      assert.ok(!(report instanceof ReportParseError));
      assert.equal(report.totals.linesHit, 500000);
    });

    it('a block spanning billions of lines: an error, not billions of lines', () => {
      const outcome = assertSurvives(() => parseGoCover('mode: set\nx.go:1.1,4294967295.1 1 1\n'));
      assert.ok(outcome instanceof ReportParseError);
    });

    it('blocks far apart cost their lines, not the distance between them', () => {
      const report = assertSurvives(() => parseGoCover('mode: set\nx.go:1.1,1.2 1 1\nx.go:4294967290.1,4294967295.1 1 1\n'));
      assert.ok(!(report instanceof ReportParseError));
      assert.equal(only(report).lines.length, 7);
    });

    it('many distinct blocks stacked over a long range: an error, not quadratic work', () => {
      const rows: string[] = [];
      for (let i = 0; i < 20000; i++) rows.push(`x.go:1.${i},40000.1 1 ${i}`);
      const outcome = assertSurvives(() => parseGoCover(`mode: count\n${rows.join('\n')}\n`));
      assert.ok(outcome instanceof ReportParseError);
    });

    it('a file named __proto__ pollutes nothing', () => {
      const report = assertSurvives(() => parseGoCover('mode: set\n__proto__:1.1,1.2 1 1\nconstructor:1.1,1.2 1 1\n'));
      assert.ok(!(report instanceof ReportParseError));
      assert.deepEqual([...report.files.keys()], ['__proto__', 'constructor']);
    });
  });
});
