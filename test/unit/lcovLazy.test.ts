import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LcovParser, parseLcov } from '../../src/core/formats/lcov/lcov';
import { ReportChangedError } from '../../src/core/formats/lcov/lcovLazySections';
import type { FileTable } from '../../src/core/model/fileTable';
import type { CoverageReport } from '../../src/core/model/model';
import { readReport } from '../../src/worker/readReport';
import { RequestHandlers, toWorkerError } from '../../src/worker/handlers';
import type { FileSource, LoadedReport, LoadReportRequest } from '../../src/shared/protocol';
import { fixtureReports, readFixtureReport } from '../fixtureReports';
import { fullSnapshot } from './jsonGoTestUtil';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The report as the worker reads a large one: counts only, each file's detail read again from `bytes` when asked. */
function parseLazily(bytes: Uint8Array, chunk: number): CoverageReport {
  const parser = new LcovParser(false, (offset, length) => bytes.slice(offset, offset + length));
  for (let at = 0; at < bytes.length; at += chunk) parser.push(bytes.subarray(at, Math.min(bytes.length, at + chunk)));
  return parser.finish();
}

/** Every file of the lazy parse has the eager parse's detail, counts, totals, tests, warnings and checksums. */
function assertSameAsEager(bytes: Uint8Array, label: string, chunks = [bytes.length + 1, 4096, 7]): void {
  const eager = parseLcov(bytes);
  for (const chunk of chunks) {
    const lazy = parseLazily(bytes, chunk);
    const table = lazy.files as FileTable;
    const eagerTable = eager.files as FileTable;
    for (let at = 0; at < table.size; at++) {
      assert.deepEqual(table.testNamesAt(at), eagerTable.testNamesAt(at), `${label}: test names of file ${at}`);
      const counts: number[] = [];
      const eagerCounts: number[] = [];
      table.countsInto(at, counts);
      eagerTable.countsInto(at, eagerCounts);
      assert.deepEqual(counts, eagerCounts, `${label}: counts of file ${at}`);
    }
    assert.equal(table.hasTests(), eagerTable.hasTests(), `${label}: hasTests`);
    assert.deepEqual(fullSnapshot(lazy), fullSnapshot(eager), `${label} (chunks of ${chunk})`);
  }
}

function lazyFiles(report: CoverageReport): number {
  const table = report.files as FileTable;
  let lazy = 0;
  for (let at = 0; at < table.size; at++) if (table.isLazy(at)) lazy++;
  return lazy;
}

const SYNTHESISED: Record<string, string> = {
  'repeated paths, TN switching between and inside sections': [
    'TN:first',
    'SF:/a.c',
    'FN:1,main',
    'FNDA:3,main',
    'DA:1,3',
    'DA:2,0',
    'BRDA:2,0,0,1',
    'BRDA:2,0,1,-',
    'end_of_record',
    'SF:/b.c',
    'DA:5,1',
    'TN:second',
    'DA:6,2',
    'end_of_record',
    'TN:third',
    'SF:/a.c',
    'FN:1,main',
    'FN:9,other',
    'FNDA:1,other',
    'FNDA:1,main',
    'DA:2,4',
    'DA:9,1',
    'BRDA:2,0,1,5',
    'end_of_record',
    'SF:/c.c',
    'DA:1,1,abcdefghijklmnopqrstuv',
    'DA:2,0,AAAAAAAAAAAAAAAAAAAAAA',
    'BRDA:1,e0,x > 1,3',
    'BRDA:1,0,a && b,0',
    'end_of_record',
  ].join('\n'),
  'no end_of_record, CRLF, a last line without newline': 'TN:t\r\nSF:/x.c\r\nDA:1,1\r\nDA:3,-2\r\nSF:/y.c\r\nFNL:0,1,4\r\nFNA:0,2,f\r\nDA:2,1\r\nSF:/z.c\r\nDA:7,7',
  'a byte order mark, blank and unknown lines, records outside sections': '\ufeffSF:/bom.c\nDA:1,1\n\nXX:1\nend_of_record\nDA:1,1\n  SF:/spaced.c  \n  DA:4,4  \n  end_of_record  \nSF:\nDA:1,1\nend_of_record\n',
  'FNDA before FN, a section repeated three times': ['SF:/r.c', 'FNDA:2,g', 'FN:3,g', 'DA:3,1', 'end_of_record', 'SF:/s.c', 'DA:1,0', 'end_of_record', 'SF:/r.c', 'DA:3,1', 'DA:4,0', 'end_of_record', 'SF:/r.c', 'FN:8,h', 'DA:8,0', 'end_of_record'].join('\n'),
};

describe('LCOV files kept as counts, their detail read again when asked (LcovParser with ReportBytes)', () => {
  for (const report of fixtureReports().filter((r) => r.format === 'lcov')) {
    it(`${report.name}: every file the same as parsed at once`, () => {
      const bytes = new Uint8Array(readFixtureReport(report));
      assertSameAsEager(bytes, report.name, [bytes.length + 1, 4099]);
    });
  }

  for (const [name, text] of Object.entries(SYNTHESISED)) {
    it(`${name}: every file the same as parsed at once`, () => assertSameAsEager(encode(text), name));
  }

  it('keeps a path read in one section as counts only; a repeated path is built', () => {
    const report = parseLazily(encode(SYNTHESISED['repeated paths, TN switching between and inside sections'] as string), 1 << 20);
    const table = report.files as FileTable;
    assert.deepEqual([...table.keys()].map((_, at) => table.isLazy(at)), [false, true, true]);
  });

  it('refuses bytes that no longer hold the file with its counts', () => {
    const text = 'SF:/a.c\nDA:1,1\nDA:2,0\nend_of_record\nSF:/b.c\nDA:1,1\nend_of_record\n';
    const bytes = encode(text);
    let current = bytes;
    const parser = new LcovParser(false, (offset, length) => current.slice(offset, offset + length));
    parser.push(bytes);
    const report = parser.finish();
    current = encode(text.replace('DA:2,0', 'DA:2,5'));
    assert.throws(() => report.files.get('/a.c'), ReportChangedError);
    current = encode(text.replace('/b.c', '/q.c'));
    assert.throws(() => report.files.get('/b.c'), ReportChangedError);
    current = bytes.subarray(0, 10);
    assert.throws(() => report.files.get('/b.c'), ReportChangedError);
    current = bytes;
    assert.deepEqual([...(report.files.get('/a.c')?.hits ?? [])], [1, 0]);
  });
});

describe('readReport with lazyMinBytes: the report changed on disk after the load', () => {
  let dir: string;
  const text = readFixtureReport('generated/lcov-c8-eslint.info').toString('utf8');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-lazy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function loadLazily(file: string): Promise<CoverageReport> {
    const { report } = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined, lazyMinBytes: 0 }, () => undefined);
    assert.ok(lazyFiles(report) > 0, 'files kept as counts');
    return report;
  }

  function lastPath(report: CoverageReport): string {
    return [...report.files.keys()].at(-1) as string;
  }

  it('reads a file’s detail from the unchanged report, as an eager read has it', async () => {
    const file = path.join(dir, 'lcov.info');
    fs.writeFileSync(file, text);
    const report = await loadLazily(file);
    const eager = parseLcov(text);
    assert.deepEqual(fullSnapshot(report), fullSnapshot(eager));
  });

  it('rewritten in place: the detail request fails, even with the old size and time', async () => {
    const file = path.join(dir, 'lcov.info');
    fs.writeFileSync(file, text);
    const before = fs.statSync(file);
    const report = await loadLazily(file);
    const target = lastPath(report);
    // Same length, other hit counts: only the counts check can tell.
    fs.writeFileSync(file, text.replace(/DA:(\d+),0\n/g, 'DA:$1,7\n'));
    fs.utimesSync(file, before.atime, before.mtime);
    assert.equal(fs.statSync(file).size, before.size);
    assert.throws(() => report.files.get(target), ReportChangedError);
    fs.writeFileSync(file, text + '\n');
    assert.throws(() => report.files.get(target), /its size is/);
  });

  it('replaced by rename, or deleted: the detail request fails', async () => {
    const file = path.join(dir, 'lcov.info');
    fs.writeFileSync(file, text);
    const report = await loadLazily(file);
    const target = lastPath(report);
    fs.writeFileSync(path.join(dir, 'new.info'), text);
    fs.renameSync(path.join(dir, 'new.info'), file);
    assert.throws(() => report.files.get(target), /replaced by another file/);
    fs.rmSync(file);
    assert.throws(() => report.files.get(target), /ENOENT/);
  });

  it('a detail request for a file of a changed report fails as an io error that says so', async () => {
    const file = path.join(dir, 'lcov.info');
    fs.writeFileSync(file, text);
    const report = await loadLazily(file);
    fs.rmSync(file);
    let caught: unknown;
    try {
      report.files.get(lastPath(report));
    } catch (error) {
      caught = error;
    }
    const wire = toWorkerError(caught, file);
    assert.equal(wire.kind, 'io');
    assert.match(wire.reason, /^the report changed on disk since it was loaded \(ENOENT: it cannot be opened\)/);
  });

  it('a report parsed in two parts keeps every file built (no counts-only file), as before', async () => {
    const file = path.join(dir, 'lcov.info');
    fs.writeFileSync(file, text);
    const { report, parts } = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined, lazyMinBytes: 0, parallelMinBytes: 0, chunkBytes: 64 * 1024 }, () => undefined);
    assert.equal(parts, 2);
    assert.equal(lazyFiles(report), 0);
    assert.deepEqual(fullSnapshot(report), fullSnapshot(parseLcov(text)));
  });

  it('loaded again from identical bytes (the cache): reads from the new file', async () => {
    const file = path.join(dir, 'lcov.info');
    fs.writeFileSync(file, text);
    const first = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined, lazyMinBytes: 0 }, () => undefined);
    fs.writeFileSync(path.join(dir, 'new.info'), text);
    fs.renameSync(path.join(dir, 'new.info'), file);
    const again = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined, lazyMinBytes: 0 }, (hash) => (hash === first.contentHash ? first.report : undefined));
    assert.equal(again.report, first.report);
    const target = lastPath(first.report);
    assert.deepEqual([...(again.report.files.get(target)?.lines ?? [])], [...(parseLcov(text).files.get(target)?.lines ?? [])]);
  });
});

describe('the worker with a report kept as counts: the same load and details as built at load', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-lazy-handlers-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'coverage'));
    for (const name of ['a.js', 'b.js']) fs.writeFileSync(path.join(dir, 'src', name), 'x\n'.repeat(20));
    const first = 'TN:unit\nSF:../src/a.js\nFN:1,f\nFNDA:2,f\nDA:1,2\nDA:2,0\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nend_of_record\nSF:../src/b.js\nDA:3,1,qqqqqqqqqqqqqqqqqqqqqq\nend_of_record\nSF:/elsewhere/c.js\nDA:1,1\nend_of_record\nTN:e2e\nSF:../src/b.js\nDA:4,1\nend_of_record\n';
    fs.writeFileSync(path.join(dir, 'coverage', 'one.info'), first);
    fs.writeFileSync(path.join(dir, 'coverage', 'two.info'), 'SF:../src/a.js\nDA:2,5\nDA:7,0\nBRDA:2,0,1,3\nend_of_record\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const request = (name: string): LoadReportRequest => ({
    type: 'loadReport',
    reportPath: path.join(dir, 'coverage', name),
    workspaceFolders: [dir],
    ownerFolder: dir,
    maxBytes: 1 << 20,
    pathMappings: [],
  });

  async function session(lazyMinBytes: number): Promise<unknown[]> {
    const handlers = new RequestHandlers(undefined, { earlyMinBytes: Number.POSITIVE_INFINITY, lazyMinBytes });
    const one = (await handlers.handle(request('one.info'))) as LoadedReport;
    const two = (await handlers.handle(request('two.info'))) as LoadedReport;
    const detail = async (sources: FileSource[]) => structuredClone(await handlers.handle({ type: 'fileDetail', sources }));
    return [
      one,
      two,
      await detail([{ reportId: one.reportId, reportPath: '../src/a.js' }]),
      await detail([{ reportId: one.reportId, reportPath: '../src/b.js' }]),
      await detail([{ reportId: one.reportId, reportPath: '/elsewhere/c.js' }]),
      await detail([
        { reportId: one.reportId, reportPath: '../src/a.js' },
        { reportId: two.reportId, reportPath: '../src/a.js' },
      ]),
    ];
  }

  it('loads, per-file summaries, details, per-test lines, checksums and merges agree', async () => {
    const eager = await session(Number.POSITIVE_INFINITY);
    const lazy = await session(0);
    assert.deepEqual(lazy, eager);
  });
});
