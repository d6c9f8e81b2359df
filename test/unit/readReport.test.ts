import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
// The module object itself (not an import namespace), so that a test can replace FileHandle's methods.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fsPromises = require('node:fs/promises');
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { detectFormat } from '../../src/core/formats/detect';
import { type CoverageReport, ReportParseError } from '../../src/core/model/model';
import { createParser } from '../../src/core/formats/parsers';
import { ReportAccessError } from '../../src/worker/openReport';
import { readReport, ReportTooLargeError } from '../../src/worker/readReport';
import { fixtureReportPath, fixtureReports } from '../fixtureReports';

const PRODUCERS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'producers');

function wholeBuffer(file: string): CoverageReport {
  const bytes = readFileSync(file);
  const parser = createParser(detectFormat(bytes) ?? 'lcov');
  parser.push(bytes);
  return parser.finish();
}

function summary(report: CoverageReport) {
  return {
    format: report.format,
    totals: report.totals,
    files: [...report.files.values()].map((f) => [f.path, [...f.lines].join(','), [...f.hits].join(','), [...f.branchDetail.taken].join(',')].join('|')),
    sourceRoots: report.sourceRoots ?? [],
  };
}

describe('reading reports from disk in 1 MiB chunks through two buffers taking turns', function () {
  this.timeout(60_000);
  // The fixture reports are decompressed to out/fixture-reports when their test runs.
  const files: [string, () => string][] = [
    ...fixtureReports().map((fixture): [string, () => string] => [fixture.name, () => fixtureReportPath(fixture)]),
    ...['python', 'c'].map((folder): [string, () => string] => [`producers/${folder}/coverage.json`, () => path.join(PRODUCERS, folder, 'coverage.json')]),
  ];

  for (const [name, pathOf] of files) {
    it(`${name}: the same model as parsing the whole file at once`, async () => {
      const file = pathOf();
      const { report, complete } = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined }, () => undefined);
      assert.equal(complete, true);
      assert.deepEqual(summary(report), summary(wholeBuffer(file)));
    });
  }
});

/** Up to this size a fixture is read 7 bytes at a time; larger ones in chunks of a prime size. */
const SEVEN_BYTE_LIMIT = 100_000;

describe('reading reports in tiny chunks: the same model and hash as one chunk', function () {
  this.timeout(120_000);
  for (const fixture of fixtureReports()) {
    const chunkBytes = fixture.bytes <= SEVEN_BYTE_LIMIT ? 7 : 4093;
    it(`${fixture.name} in ${chunkBytes}-byte chunks`, async () => {
      const file = fixtureReportPath(fixture);
      const whole = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined, chunkBytes: 64 << 20 }, () => undefined);
      const tiny = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined, chunkBytes }, () => undefined);
      assert.deepEqual(summary(tiny.report), summary(whole.report));
      assert.deepEqual(tiny.report.warnings, whole.report.warnings);
      assert.equal(tiny.complete, whole.complete);
      // The content hash is the SHA-256 of every byte, whatever the chunks.
      assert.equal(tiny.contentHash, fixture.sha256);
      assert.equal(whole.contentHash, fixture.sha256);
    });
  }
});

describe('reading a report in turns: limits and failures', function () {
  this.timeout(60_000);
  let dir: string;
  const LCOV = 'TN:\nSF:src/a.js\nDA:1,1\nDA:2,0\nend_of_record\nSF:src/b.js\nDA:3,4\nend_of_record\n';
  type Prototype = { read: (...args: unknown[]) => Promise<{ bytesRead: number }>; stat: (...args: unknown[]) => Promise<{ size: number }> };
  let prototype: Prototype;
  let original: Prototype;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-read-'));
    const handle = await fsPromises.open(__filename);
    prototype = Object.getPrototypeOf(handle) as Prototype;
    await handle.close();
    original = { read: prototype.read, stat: prototype.stat };
  });

  afterEach(() => {
    prototype.read = original.read;
    prototype.stat = original.stat;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('a report shorter than the format detection needs, read 3 bytes at a time, is detected and parsed whole', async () => {
    const { report, complete } = await readReport(write('short.info', LCOV), { maxBytes: 1 << 20, workspaceFolders: undefined, chunkBytes: 3 }, () => undefined);
    assert.equal(report.format, 'lcov');
    assert.deepEqual([...report.files.keys()], ['src/a.js', 'src/b.js']);
    assert.deepEqual(report.totals, { files: 2, lines: 3, linesHit: 2, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 });
    assert.equal(complete, true);
  });

  it('an LCOV or Go report whose lines end with CR alone is refused with what to do; with CRLF it is read', async () => {
    for (const [name, text] of [
      ['cr.info', LCOV],
      ['cover.out', 'mode: set\nsrc/a.go:1.1,2.2 1 1\nsrc/a.go:3.1,4.2 1 0\n'],
    ] as const) {
      await assert.rejects(
        readReport(write(`mac-${name}`, text.replaceAll('\n', '\r')), { maxBytes: 1 << 20, workspaceFolders: undefined }, () => undefined),
        (error: unknown) => error instanceof ReportParseError && error.line === 1 && /lines end with CR alone .*save the report with LF or CRLF/.test(error.message),
      );
      const { report } = await readReport(write(`dos-${name}`, text.replaceAll('\n', '\r\n')), { maxBytes: 1 << 20, workspaceFolders: undefined }, () => undefined);
      assert.equal(report.files.size, name === 'cr.info' ? 2 : 1);
    }
  });

  it('a report that grows past the size cap while it is read is refused (its size said it fit)', async () => {
    const file = write('growing.info', LCOV.repeat(100));
    prototype.stat = async function (this: unknown, ...args: unknown[]) {
      const stats = await original.stat.apply(this, args);
      Object.defineProperty(stats, 'size', { value: 10 });
      return stats;
    };
    await assert.rejects(readReport(file, { maxBytes: 1000, workspaceFolders: undefined, chunkBytes: 7 }, () => undefined), (error: unknown) => error instanceof ReportTooLargeError && error.size > 1000 && error.size <= 1007);
  });

  it('a read that stalls after the first chunks is abandoned', async () => {
    const file = write('stalls.info', LCOV.repeat(100));
    let reads = 0;
    prototype.read = function (this: unknown, ...args: unknown[]) {
      return ++reads <= 3 ? original.read.apply(this, args) : new Promise(() => undefined);
    };
    await assert.rejects(
      readReport(file, { maxBytes: 1 << 20, workspaceFolders: undefined, chunkBytes: 64, stallMs: 300 }, () => undefined),
      (error: unknown) => error instanceof ReportAccessError && error.kind === 'stalled',
    );
  });

  it('a parse error while the next read is in flight is the error; the read in flight is not waited for', async () => {
    const file = write('bad.info', `SF:src/a.js\nDA:1,1\n${'x'.repeat(100)}\nend_of_record\n`.padEnd(8192, '\n'));
    let reads = 0;
    prototype.read = function (this: unknown, ...args: unknown[]) {
      // Every read after the first never ends: the parse error must come anyway.
      return ++reads === 1 ? original.read.apply(this, args) : new Promise(() => undefined);
    };
    await assert.rejects(
      readReport(file, { maxBytes: 1 << 20, workspaceFolders: undefined, chunkBytes: 4096, stallMs: 60_000 }, () => undefined),
      (error: unknown) => error instanceof ReportParseError && /not an LCOV record/.test(error.message),
    );
  });

  it('bytes of a chunk are never read again after the next reads overwrote its buffer (a parser copies what it keeps)', async () => {
    // Every path differs only in its last characters, split across chunk boundaries at every offset.
    const text = Array.from({ length: 60 }, (_, i) => `SF:src/some/long/folder/name/file-${String(i).padStart(3, '0')}.js\nDA:${i + 1},${i}\nend_of_record\n`).join('');
    const file = write('paths.info', text);
    for (const chunkBytes of [1, 2, 5, 7, 13, 64]) {
      const { report } = await readReport(file, { maxBytes: 1 << 20, workspaceFolders: undefined, chunkBytes }, () => undefined);
      assert.deepEqual(summary(report), summary(wholeBuffer(file)), `in ${chunkBytes}-byte chunks`);
    }
  });
});
