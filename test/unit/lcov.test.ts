import * as assert from 'node:assert/strict';
import { LcovParser, parseLcov } from '../../src/core/formats/lcov/lcov';
import {
  type CoverageReport,
  type FileCoverageData,
  fileTotals,
  LineStatus,
  NEVER_EVALUATED,
  ReportParseError,
} from '../../src/core/model/model';
import { oracleTotals } from './lcovOracle';
import { fixtureReportsNamed, readFixtureReport } from '../fixtureReports';
import { withinHangGuard } from './hangGuard';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function parseChunked(bytes: Uint8Array, size: number): CoverageReport {
  const parser = new LcovParser();
  for (let i = 0; i < bytes.length; i += size) parser.push(bytes.subarray(i, i + size));
  return parser.finish();
}

function only(report: CoverageReport, path?: string): FileCoverageData {
  const file = path === undefined ? [...report.files.values()][0] : report.files.get(path);
  assert.ok(file, `no file ${path ?? ''} in ${[...report.files.keys()].join(', ')}`);
  return file;
}

function linesOf(file: FileCoverageData): [number, number][] {
  return Array.from(file.lines, (line, i) => [line, file.hits[i] as number]);
}

function functionsOf(file: FileCoverageData): [string, number, number, number][] {
  const f = file.functions;
  return f.names.map((name, i) => [name, f.startLines[i] as number, f.endLines[i] as number, f.hits[i] as number]);
}

function branchesOf(file: FileCoverageData): [number, number, number, number, string][] {
  const b = file.branchDetail;
  return Array.from(b.lines, (line, i) => [line, b.blocks[i] as number, b.branches[i] as number, b.taken[i] as number, b.labels[i] as string]);
}

function assertParseError(text: string | Uint8Array, line: number): void {
  assert.throws(
    () => parseLcov(text),
    (error: unknown) => error instanceof ReportParseError && error.line === line,
    `expected ReportParseError on line ${line}`,
  );
}

describe('LCOV parser', () => {
  describe('real reports', () => {
    const reports = fixtureReportsNamed('lcov-', '.info');

    it('lists the real LCOV reports', () => {
      assert.ok(reports.length >= 4, `only ${reports.length} LCOV reports found`);
    });

    for (const fixture of reports) {
      const name = fixture.name;

      it(`${name}: no warnings, per-file totals equal lcov-parse's`, () => {
        const bytes = readFixtureReport(fixture);
        const report = parseLcov(bytes);
        assert.deepEqual(report.warnings, []);
        const oracle = oracleTotals(bytes.toString('utf8'));
        assert.deepEqual([...report.files.keys()].sort(), [...oracle.keys()].sort());
        for (const [filePath, totals] of oracle) assert.deepEqual(fileTotals(only(report, filePath)), totals, filePath);
        const sum = (key: keyof typeof report.totals) => [...oracle.values()].reduce((n, t) => n + t[key], 0);
        assert.deepEqual(report.totals, {
          files: oracle.size,
          lines: sum('lines'),
          linesHit: sum('linesHit'),
          branches: sum('branches'),
          branchesHit: sum('branchesHit'),
          functions: sum('functions'),
          functionsHit: sum('functionsHit'),
        });
      });

      it(`${name}: chunks of 1, 7 and 4096 bytes give the whole-buffer result`, () => {
        const bytes = readFixtureReport(fixture);
        const whole = parseLcov(bytes);
        for (const size of [1, 7, 4096]) assert.deepEqual(parseChunked(bytes, size), whole, `chunk size ${size}`);
      });
    }

    it('lcov-c8-eslint.info has the counts its README states', () => {
      const report = parseLcov(readFixtureReport('generated/lcov-c8-eslint.info'));
      assert.equal(report.totals.files, 409);
      assert.equal(report.totals.lines, 99471);
      assert.equal(report.totals.branches, 16591);
    });
  });

  describe('records', () => {
    it('reads DA, FN, FNDA, BRDA into the model', () => {
      const report = parseLcov(
        [
          'TN:',
          'SF:src/a.ts',
          'FN:1,main',
          'FN:5,helper',
          'FNDA:3,main',
          'FNDA:0,helper',
          'DA:1,3',
          'DA:2,3',
          'DA:5,0',
          'BRDA:2,0,0,2',
          'BRDA:2,0,1,0',
          'FNF:2',
          'FNH:1',
          'LF:3',
          'LH:2',
          'BRF:2',
          'BRH:1',
          'end_of_record',
          '',
        ].join('\n'),
      );
      assert.equal(report.format, 'lcov');
      assert.deepEqual(report.warnings, []);
      const file = only(report, 'src/a.ts');
      assert.deepEqual(linesOf(file), [[1, 3], [2, 3], [5, 0]]);
      assert.deepEqual(Array.from(file.status), [LineStatus.Covered, LineStatus.Partial, LineStatus.Uncovered]);
      assert.deepEqual(functionsOf(file), [['main', 1, 0, 3], ['helper', 5, 0, 0]]);
      assert.deepEqual(branchesOf(file), [[2, 0, 0, 2, ''], [2, 0, 1, 0, '']]);
      assert.deepEqual(report.totals, { files: 1, lines: 3, linesHit: 2, branches: 2, branchesHit: 1, functions: 2, functionsHit: 1 });
      assert.equal(file.tests.size, 0);
    });

    it('ignores FNF/FNH/LF/LH/BRF/BRH values: totals are recomputed', () => {
      const report = parseLcov('SF:a\nDA:1,1\nLF:99\nLH:42\nFNF:7\nFNH:x\nBRF:\nBRH:-3\nend_of_record\n');
      assert.deepEqual(report.warnings, []);
      assert.equal(report.totals.lines, 1);
      assert.equal(report.totals.linesHit, 1);
    });

    it('accepts a DA checksum', () => {
      const file = only(parseLcov('SF:a\nDA:3,1,Yp3wBRq1OTrZ1qtV4Cs/VQ\nDA:4,0,x\nend_of_record\n'));
      assert.deepEqual(linesOf(file), [[3, 1], [4, 0]]);
    });

    it('reads FN:start,end,name (lcov 2.0)', () => {
      const file = only(parseLcov('SF:a\nFN:3,9,main\nFNDA:2,main\nend_of_record\n'));
      assert.deepEqual(functionsOf(file), [['main', 3, 9, 2]]);
    });

    it('keeps commas in function names, in both FN forms and in FNDA', () => {
      const report = parseLcov(
        [
          'SF:a.cpp',
          'FN:10,std::map<int, int>::at',
          'FN:20,30,pair<int, long> make(int, long)',
          'FN:40,CallExpression, NewExpression',
          'FNDA:1,std::map<int, int>::at',
          'FNDA:0,pair<int, long> make(int, long)',
          'FNDA:5,CallExpression, NewExpression',
          'end_of_record',
        ].join('\n'),
      );
      assert.deepEqual(report.warnings, []);
      assert.deepEqual(functionsOf(only(report)), [
        ['std::map<int, int>::at', 10, 0, 1],
        ['pair<int, long> make(int, long)', 20, 30, 0],
        ['CallExpression, NewExpression', 40, 0, 5],
      ]);
    });

    it('treats FN:line,<number> as a name when no third field follows', () => {
      assert.deepEqual(functionsOf(only(parseLcov('SF:a\nFN:3,42\nFNDA:1,42\nend_of_record\n'))), [['42', 3, 0, 1]]);
    });

    it('keeps each file\'s functions apart, hundreds per file, FNDA in order or not, and sums a repeated path\'s', () => {
      const n = 300;
      const section = (path: string, hitBase: number, inOrder: boolean): string[] => {
        const records = [`SF:${path}`];
        for (let i = 0; i < n; i++) records.push(`FN:${i + 1},f${i}`);
        records.push(`FN:${n + 1},f7`);
        const order = Array.from({ length: n }, (_, i) => (inOrder ? i : n - 1 - i));
        for (const i of order) records.push(`FNDA:${hitBase + i},f${i}`);
        records.push('FNDA:1000,f7', 'end_of_record');
        return records;
      };
      const later = ['SF:a', 'FN:4,f3', 'FN:999,g', 'FNDA:2,f3', 'FNDA:1,g', 'end_of_record'];
      const report = parseLcov([...section('a', 0, false), ...section('b', 5000, true), ...section('c', 9000, false), ...later].join('\n'));
      for (const [path, hitBase] of [['a', 0], ['b', 5000], ['c', 9000]] as const) {
        const expected: [string, number, number, number][] = [];
        for (let i = 0; i < n; i++) expected.push([`f${i}`, i + 1, 0, hitBase + i + (path === 'a' && i === 3 ? 2 : 0)]);
        expected.push(['f7', n + 1, 0, 1000]);
        if (path === 'a') expected.push(['g', 999, 0, 1]);
        assert.deepEqual(functionsOf(only(report, path)), expected, path);
      }
    });

    it('keeps overloads: the k-th FNDA of a name goes to the k-th FN of that name, surplus to the last', () => {
      const file = only(
        parseLcov(
          [
            'SF:a.sol',
            'FN:10,Vault.deposit',
            'FN:20,Vault.deposit',
            'FN:30,Vault.other',
            'FNDA:3,Vault.deposit',
            'FNDA:0,Vault.other',
            'FNDA:4,Vault.deposit',
            'FNDA:5,Vault.deposit',
            'end_of_record',
          ].join('\n'),
        ),
      );
      assert.deepEqual(functionsOf(file), [
        ['Vault.deposit', 10, 0, 3],
        ['Vault.deposit', 20, 0, 9],
        ['Vault.other', 30, 0, 0],
      ]);
    });

    it('pairs FNDA records interleaved with their FN records (forge) and those written before their FN', () => {
      const file = only(
        parseLcov(['SF:a', 'FNDA:7,late', 'FN:1,f', 'FNDA:1,f', 'FN:2,f', 'FNDA:2,f', 'FN:3,late', 'end_of_record'].join('\n')),
      );
      assert.deepEqual(functionsOf(file), [['f', 1, 0, 1], ['f', 2, 0, 2], ['late', 3, 0, 7]]);
    });

    it('warns about an FNDA whose function has no FN record', () => {
      const report = parseLcov('SF:a\nFN:1,f\nFNDA:1,g\nend_of_record\n');
      assert.deepEqual(report.warnings, [{ line: 3, message: 'FNDA for a function without an FN record: skipped' }]);
      assert.deepEqual(functionsOf(only(report)), [['f', 1, 0, 0]]);
    });

    it('reads lcov 2.2 FNL/FNA function aliases', () => {
      const file = only(parseLcov('SF:a\nFNL:0,5,9\nFNA:0,2,foo\nFNA:0,0,foo_alias\nFNL:1,12\nFNA:1,1,bar\nend_of_record\n'));
      assert.deepEqual(functionsOf(file), [['foo', 5, 9, 2], ['foo_alias', 5, 9, 0], ['bar', 12, 0, 1]]);
    });

    it('reads BRDA taken `-` as never evaluated, not 0', () => {
      const report = parseLcov('SF:a\nDA:4,1\nBRDA:4,0,0,-\nBRDA:4,0,1,1\nend_of_record\n');
      const file = only(report);
      assert.deepEqual(branchesOf(file), [[4, 0, 0, NEVER_EVALUATED, ''], [4, 0, 1, 1, '']]);
      assert.equal(report.totals.branches, 2);
      assert.equal(report.totals.branchesHit, 1);
      assert.deepEqual(Array.from(file.status), [LineStatus.Partial]);
    });

    it('keeps the raw text of non-numeric blocks (lcov 2.x `e0`) and expression branches as labels', () => {
      const report = parseLcov(
        ['SF:a.py', 'BRDA:7,e0,1,0', 'BRDA:7,0,(x > 0) == True,3', 'BRDA:7,0,f(a, b),-', 'BRDA:7,1,0,2', 'end_of_record'].join('\n'),
      );
      assert.deepEqual(report.warnings, []);
      assert.deepEqual(branchesOf(only(report)), [
        [7, 0, 0, 3, '(x > 0) == True'],
        [7, 0, 1, 0, 'e0,1'],
        [7, 0, 1, NEVER_EVALUATED, 'f(a, b)'],
        [7, 1, 0, 2, ''],
      ]);
    });

    it('accepts and skips VER and lcov 2.x `#` comment lines', () => {
      const report = parseLcov('# generated by geninfo\nVER:2.0\nTN:\nSF:a\nDA:1,1\nend_of_record\n');
      assert.deepEqual(report.warnings, []);
      assert.equal(report.totals.lines, 1);
    });
  });

  describe('known traps', () => {
    const sample = 'TN:\nSF:src/a.ts\nFN:1,f\nFNDA:2,f\nDA:1,2\nDA:2,0\nBRDA:1,0,0,1\nBRDA:1,0,1,-\nend_of_record\n';

    it('CRLF line endings give the same result as LF', () => {
      assert.deepEqual(parseLcov(sample.replace(/\n/g, '\r\n')), parseLcov(sample));
    });

    it('leading and trailing whitespace is ignored', () => {
      const indented = sample
        .split('\n')
        .map((line) => (line === '' ? line : `  \t${line} \t`))
        .join('\n');
      assert.deepEqual(parseLcov(indented), parseLcov(sample));
    });

    it('blank lines are ignored', () => {
      assert.deepEqual(parseLcov(`\n\n${sample.replace(/\n/g, '\n\n  \n')}\n`), parseLcov(sample));
    });

    it('a UTF-8 byte order mark is ignored', () => {
      assert.deepEqual(parseLcov(`\uFEFF${sample}`), parseLcov(sample));
    });

    it('keeps Windows paths and paths containing `:` whole', () => {
      const report = parseLcov('SF:C:\\work\\src\\a.c\nDA:1,1\nend_of_record\nSF:/srv/app:v2/b.js\nDA:1,0\nend_of_record\n');
      assert.deepEqual([...report.files.keys()], ['C:\\work\\src\\a.c', '/srv/app:v2/b.js']);
    });

    it('decodes UTF-8 paths and function names', () => {
      const file = only(parseLcov('SF:src/ünï/文件.ts\nFN:1,größe\nFNDA:1,größe\nend_of_record\n'));
      assert.equal(file.path, 'src/ünï/文件.ts');
      assert.deepEqual(functionsOf(file), [['größe', 1, 0, 1]]);
    });

    it('pairs function names with malformed UTF-8 as their decoded text (U+FFFD) does', () => {
      const bytes = Buffer.from('SF:a\nFN:1,f\xff\nFN:1,f\xfe\nFNDA:2,f\xfe\nend_of_record\nSF:a\nFN:1,f\xfd\nFNDA:3,f\xff\nFN:2,\xc3\xa9\nFNDA:1,\xc3\xa9\nend_of_record\n', 'latin1');
      assert.deepEqual(functionsOf(only(parseLcov(bytes))), [['f\uFFFD', 1, 0, 5], ['é', 2, 0, 1]]);
    });

    it('a missing final end_of_record (and final newline) still yields the last file', () => {
      const report = parseLcov('SF:a\nDA:1,1\nend_of_record\nSF:b\nDA:2,3');
      assert.deepEqual([...report.files.keys()], ['a', 'b']);
      assert.deepEqual(linesOf(only(report, 'b')), [[2, 3]]);
      assert.deepEqual(report.warnings, []);
    });

    it('reads hit counts above 2^32 and in exponent or fraction form', () => {
      const file = only(
        parseLcov('SF:a\nDA:1,4294967296\nDA:2,9007199254740993000\nDA:3,1e3\nDA:4,2.5E+6\nDA:5,0.0\nFNDA:1e2,f\nFN:1,f\nBRDA:1,0,0,7e1\nend_of_record\n'),
      );
      assert.deepEqual(linesOf(file), [[1, 4294967296], [2, 9007199254740993000], [3, 1000], [4, 2.5e6], [5, 0]]);
      assert.deepEqual(functionsOf(file), [['f', 1, 0, 100]]);
      assert.deepEqual(branchesOf(file), [[1, 0, 0, 70, '']]);
    });

    it('clamps negative counts to 0 with a warning', () => {
      const report = parseLcov('SF:a\nDA:1,-5\nBRDA:1,0,0,-2\nFN:1,f\nFNDA:-1,f\nDA:2,-0\nend_of_record\n');
      const file = only(report);
      assert.deepEqual(linesOf(file), [[1, 0], [2, 0]]);
      assert.deepEqual(branchesOf(file), [[1, 0, 0, 0, '']]);
      assert.deepEqual(functionsOf(file), [['f', 1, 0, 0]]);
      assert.deepEqual(
        report.warnings.map((w) => w.line),
        [2, 3, 5],
      );
      assert.ok(report.warnings.every((w) => w.message === 'negative count clamped to 0'));
    });

    it('sums a file that appears in several SF sections', () => {
      const report = parseLcov(
        [
          'SF:a',
          'FN:1,f',
          'FN:9,g',
          'FNDA:1,f',
          'FNDA:0,g',
          'DA:1,1',
          'DA:2,0',
          'BRDA:2,0,0,-',
          'BRDA:2,0,1,0',
          'end_of_record',
          'SF:b',
          'DA:1,1',
          'end_of_record',
          'SF:a',
          'FN:1,f',
          'FN:9,g',
          'FNDA:2,f',
          'FNDA:1,g',
          'DA:2,4',
          'DA:3,0',
          'BRDA:2,0,0,5',
          'BRDA:2,0,1,-',
          'end_of_record',
        ].join('\n'),
      );
      const file = only(report, 'a');
      assert.deepEqual(linesOf(file), [[1, 1], [2, 4], [3, 0]]);
      assert.deepEqual(functionsOf(file), [['f', 1, 0, 3], ['g', 9, 0, 1]]);
      assert.deepEqual(branchesOf(file), [[2, 0, 0, 5, ''], [2, 0, 1, 0, '']]);
      assert.equal(report.totals.files, 2);
    });

    it('folds a listing repeated inside one section (forge) into one set of functions', () => {
      const listing = ['FN:5,C.f', 'FNDA:1,C.f', 'FN:9,C.f', 'FNDA:0,C.f', 'DA:5,1', 'DA:9,0'];
      const file = only(parseLcov(['SF:c.sol', ...listing, ...listing, 'end_of_record'].join('\n')));
      assert.deepEqual(functionsOf(file), [['C.f', 5, 0, 2], ['C.f', 9, 0, 0]]);
      assert.deepEqual(linesOf(file), [[5, 2], [9, 0]]);
    });
  });

  describe('tests (TN)', () => {
    it('records the lines each named test hit', () => {
      const report = parseLcov(
        [
          'TN:unit',
          'SF:a',
          'DA:1,1',
          'DA:2,0',
          'DA:3,2',
          'end_of_record',
          'TN:e2e',
          'SF:a',
          'DA:2,1',
          'DA:3,0',
          'end_of_record',
          'SF:b',
          'DA:1,1',
          'end_of_record',
        ].join('\n'),
      );
      const a = only(report, 'a');
      assert.deepEqual(linesOf(a), [[1, 1], [2, 1], [3, 2]]);
      assert.deepEqual([...a.tests.keys()], ['unit', 'e2e']);
      assert.deepEqual(Array.from(a.tests.get('unit') ?? []), [1, 3]);
      assert.deepEqual(Array.from(a.tests.get('e2e') ?? []), [2]);
      assert.deepEqual(Array.from(only(report, 'b').tests.get('e2e') ?? []), [1]);
    });

    it('records no tests for an empty TN', () => {
      assert.equal(only(parseLcov('TN:\nSF:a\nDA:1,1\nend_of_record\n')).tests.size, 0);
    });
  });

  describe('files in several sections', () => {
    it('sums a path over all its sections: lines, branches, functions (also hit from a later section) and tests', () => {
      const report = parseLcov(
        [
          'TN:unit',
          'SF:a',
          'FN:1,f',
          'FN:5,g',
          'FNDA:1,f',
          'DA:1,1',
          'DA:2,0',
          'BRDA:2,0,1,0',
          'BRDA:1,0,0,1',
          'end_of_record',
          'SF:b',
          'DA:1,1',
          'end_of_record',
          'TN:e2e',
          'SF:a',
          'FN:1,f',
          'FN:9,h',
          'FNDA:2,f',
          'FNDA:3,h',
          'DA:2,4',
          'DA:7,0',
          'BRDA:2,0,1,-',
          'BRDA:2,0,0,1',
          'end_of_record',
          'SF:a',
          'FNDA:5,g',
          'FN:5,g',
          'DA:1,1',
          'end_of_record',
        ].join('\n'),
      );
      assert.deepEqual(report.warnings, []);
      assert.deepEqual([...report.files.keys()], ['a', 'b']);
      const a = only(report, 'a');
      assert.deepEqual(linesOf(a), [[1, 2], [2, 4], [7, 0]]);
      assert.deepEqual(branchesOf(a), [[1, 0, 0, 1, ''], [2, 0, 0, 1, ''], [2, 0, 1, 0, '']]);
      assert.deepEqual(functionsOf(a), [['f', 1, 0, 3], ['g', 5, 0, 5], ['h', 9, 0, 3]]);
      assert.deepEqual(Array.from(a.status), [LineStatus.Covered, LineStatus.Partial, LineStatus.Uncovered]);
      assert.deepEqual(Array.from(a.tests.get('unit') ?? []), [1]);
      assert.deepEqual(Array.from(a.tests.get('e2e') ?? []), [1, 2], 'TN holds into later sections');
      assert.deepEqual(report.totals, { files: 2, lines: 4, linesHit: 3, branches: 3, branchesHit: 2, functions: 3, functionsHit: 3 });
    });

    it('gives the files of one report arrays that never share bytes', () => {
      const lines = ['SF:x', 'FN:1,f', 'FNDA:1,f', 'DA:1,1', 'BRDA:1,0,0,1', 'end_of_record'];
      const report = parseLcov(Array.from({ length: 300 }, (_, i) => lines.join('\n').replace('SF:x', `SF:f${i}`)).join('\n'));
      const ranges = new Map<ArrayBufferLike, [number, number][]>();
      for (const file of report.files.values()) {
        const b = file.branchDetail;
        const f = file.functions;
        for (const array of [file.lines, file.hits, b.lines, b.blocks, b.branches, b.taken, f.startLines, f.endLines, f.hits]) {
          let list = ranges.get(array.buffer);
          if (list === undefined) ranges.set(array.buffer, (list = []));
          if (array.byteLength > 0) list.push([array.byteOffset, array.byteOffset + array.byteLength]);
        }
      }
      for (const list of ranges.values()) {
        list.sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < list.length; i++) assert.ok((list[i] as [number, number])[0] >= (list[i - 1] as [number, number])[1], 'overlapping arrays');
      }
      assert.equal([...ranges.values()].reduce((n, list) => n + list.length, 0), 300 * 9);
    });
  });

  describe('errors and warnings', () => {
    it('an empty report has no files', () => {
      for (const empty of ['', '\n\n', '  \r\n\t\n']) {
        const report = parseLcov(empty);
        assert.equal(report.files.size, 0);
        assert.deepEqual(report.warnings, []);
      }
    });

    it('binary garbage fails on line 1', () => {
      const garbage = new Uint8Array(4096);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
      assertParseError(garbage, 1);
      assertParseError(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 1);
    });

    it('a line that is not KEY:value fails with its line number', () => {
      assertParseError('SF:a\nDA:1,1\nthis is not lcov\nend_of_record\n', 3);
      assertParseError('SF:a\n:1,1\n', 2);
      assertParseError('SF:a\nend_of_record trailing\n', 2);
      assertParseError('{"total": {}}', 1);
    });

    it('content without any SF record fails', () => {
      assert.throws(() => parseLcov('TN:x\nDA:1,1\n'), (error: unknown) => error instanceof ReportParseError && /no SF record/.test(error.message));
    });

    it('skips malformed values of known records with a warning naming the line', () => {
      const report = parseLcov(
        [
          'SF:a',
          'DA:x,1',
          'DA:0,1',
          'DA:1',
          'DA:2,',
          'DA:3,abc',
          'FN:x,f',
          'FN:1,',
          'FNDA:1',
          'BRDA:1,0,0',
          'BRDA:1,0,0,x',
          'DA:5,1',
          'end_of_record',
        ].join('\n'),
      );
      assert.deepEqual(
        report.warnings.map((w) => w.line),
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      );
      assert.match(report.warnings[0]?.message ?? '', /malformed DA/);
      assert.deepEqual(linesOf(only(report)), [[5, 1]]);
    });

    it('names the right line after runs of plain DA, BRDA, FN and FNDA lines, in LF and CRLF', () => {
      const lines = ['SF:a', 'DA:1,1', 'DA:2,0', 'DA:3,1', 'DA:x', 'BRDA:1,0,0,1', 'BRDA:1,0,1,-', 'BRDA:2,0,0,0', 'BRDA:x', 'FN:1,f', 'FN:2,g', 'FNDA:1,f', 'FNDA:0,g', 'FN:x', 'DA:4,1', 'BRDA:3,0,0,1', 'XX:1', 'end_of_record'];
      for (const newline of ['\n', '\r\n']) {
        const report = parseLcov(lines.join(newline) + newline);
        assert.deepEqual(
          report.warnings.map((w) => [w.line, w.message]),
          [
            [5, 'malformed DA record: skipped'],
            [9, 'malformed BRDA record: skipped'],
            [14, 'malformed FN record: skipped'],
            [17, 'unknown record XX: skipped'],
          ],
        );
      }
    });

    it('warns about records before any SF and unknown records, and keeps going', () => {
      const report = parseLcov('DA:1,1\nSF:a\nXYZ:1\nMCDC:1,2,t,0,1,x\nDA:2,1\nend_of_record\nDA:3,1\n');
      assert.deepEqual(report.warnings, [
        { line: 1, message: 'DA record outside an SF section: skipped' },
        { line: 3, message: 'unknown record XYZ: skipped' },
        { line: 4, message: 'unknown record MCDC: skipped' },
        { line: 7, message: 'DA record outside an SF section: skipped' },
      ]);
      assert.deepEqual(linesOf(only(report)), [[2, 1]]);
    });

    it('keeps 100 warnings and sums up the rest', () => {
      const report = parseLcov(`SF:a\n${'DA:x,1\n'.repeat(250)}end_of_record\n`);
      assert.equal(report.warnings.length, 101);
      assert.equal(report.warnings[99]?.line, 101);
      assert.deepEqual(report.warnings[100], { line: 0, message: '150 more warnings' });
    });
  });

  describe('chunk boundaries', () => {
    const tricky = [
      '\uFEFFTN:ünit',
      'SF:C:\\src\\ünï\\文件.ts',
      'FN:1,5,std::map<int, int>::at',
      'FNDA:12345678901,std::map<int, int>::at',
      'DA:1,12345678901',
      'DA:2,0',
      '  DA:3,1e3',
      'BRDA:2,e0,(a, b) > 0,-',
      'BRDA:2,0,1,7',
      '',
      'end_of_record',
      'SF:src/b.ts',
      'DA:4,1,checksum',
      'end_of_record',
    ].join('\r\n');

    it('every chunk size from 1 to 16 and 4096 gives the whole-buffer result', () => {
      const bytes = encode(tricky);
      const whole = parseLcov(bytes);
      assert.deepEqual(whole.warnings, []);
      assert.equal(whole.files.size, 2);
      for (const size of [...Array.from({ length: 16 }, (_, i) => i + 1), 4096]) {
        assert.deepEqual(parseChunked(bytes, size), whole, `chunk size ${size}`);
      }
    });

    it('does not keep references to pushed chunks', () => {
      const bytes = encode('SF:a\nFN:1,f\nDA:1,1\nBRDA:1,0,0,1\n');
      const parser = new LcovParser();
      const chunk = new Uint8Array(7);
      for (let i = 0; i < bytes.length; i += chunk.length) {
        const piece = bytes.subarray(i, i + chunk.length);
        chunk.set(piece);
        parser.push(chunk.subarray(0, piece.length));
        chunk.fill(0x41);
      }
      assert.deepEqual(parser.finish(), parseLcov(bytes));
    });
  });

  describe('hardening', () => {
    const TEN_MB = 10 * 1024 * 1024;
    const pathological: [string, () => string][] = [
      ['a 10 MB DA count', () => `SF:a\nDA:1,${'9'.repeat(TEN_MB)}\nend_of_record\n`],
      ['a 10 MB DA line number', () => `SF:a\nDA:${'1'.repeat(TEN_MB)},1\nend_of_record\n`],
      ['a 10 MB function name', () => `SF:a\nFN:1,${'x,'.repeat(TEN_MB / 2)}\nFNDA:1,${'x,'.repeat(TEN_MB / 2)}\nend_of_record\n`],
      ['a 10 MB BRDA of commas', () => `SF:a\nBRDA:1,${','.repeat(TEN_MB)}1\nend_of_record\n`],
      ['a 10 MB path', () => `SF:${'a:'.repeat(TEN_MB / 2)}\nDA:1,1\nend_of_record\n`],
      ['a 10 MB line of whitespace', () => `SF:a\n${' '.repeat(TEN_MB)}\nend_of_record\n`],
    ];

    for (const [name, make] of pathological) {
      it(`${name} parses within the hang guard, whole and in 64 KiB chunks`, () => {
        const bytes = encode(make());
        for (const size of [bytes.length, 65536]) withinHangGuard(() => parseChunked(bytes, size), `the parse in chunks of ${size}`);
      });
    }

    it('a 10 MB key without a colon fails with a line number, within the hang guard', () => {
      const bytes = encode(`SF:a\n${'A'.repeat(TEN_MB)}\n`);
      withinHangGuard(() => assert.throws(() => parseChunked(bytes, 65536), (error: unknown) => error instanceof ReportParseError && error.line === 2));
    });

    it('65,536 function names crafted to share a hash parse within the hang guard, each paired with its own FNDA', () => {
      // "Aa" and "BB" hash alike under a multiply-by-31 hash, so every string of 16 such pairs does.
      const names = Array.from({ length: 1 << 16 }, (_, m) => Array.from({ length: 16 }, (_, bit) => ((m >> bit) & 1 ? 'Aa' : 'BB')).join(''));
      const records = ['SF:a', ...names.map((name, i) => `FN:${i + 1},${name}`), ...names.map((name, i) => `FNDA:${i},${name}`).reverse(), 'end_of_record'];
      const file = only(withinHangGuard(() => parseLcov(records.join('\n')), 'the parse'));
      assert.deepEqual(file.functions.names, names);
      assert.deepEqual([...file.functions.hits], names.map((_, i) => i));
    });

    it('`__proto__` and friends as paths, test names and function names stay data', () => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const report = parseLcov(
        [
          'TN:__proto__',
          'SF:__proto__',
          'FN:1,__proto__',
          'FN:2,constructor',
          'FN:3,hasOwnProperty',
          'FNDA:1,__proto__',
          'FNDA:1,constructor',
          'FNDA:0,hasOwnProperty',
          'DA:1,1',
          'end_of_record',
          'SF:constructor',
          'DA:1,1',
          'end_of_record',
        ].join('\n'),
      );
      assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
      assert.equal((Object.prototype as Record<string, unknown>)['polluted'], undefined);
      assert.deepEqual([...report.files.keys()], ['__proto__', 'constructor']);
      const file = only(report, '__proto__');
      assert.deepEqual(functionsOf(file), [['__proto__', 1, 0, 1], ['constructor', 2, 0, 1], ['hasOwnProperty', 3, 0, 0]]);
      assert.deepEqual([...file.tests.keys()], ['__proto__']);
      assert.equal(Object.getPrototypeOf(report.totals), Object.prototype);
    });
  });
});
