import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { type CoverageReport, ReportParseError } from '../../src/core/model/model';
import { LcovSecondPart } from '../../src/worker/lcovSecondPart';
import { readReport, type ReadLimits } from '../../src/worker/readReport';
import { fixtureReportPath, fixtureReportsNamed, readFixtureReport } from '../fixtureReports';
import { fullSnapshot } from './jsonGoTestUtil';

/** Every report is large enough to be read in two parts (the threshold is lowered to 1 byte). */
const IN_PARTS: ReadLimits = { maxBytes: 1 << 30, workspaceFolders: undefined, parallelMinBytes: 1 };

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe('readReport: a large LCOV report parsed in two parts, the second by a worker thread', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'sentinel-parts-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  for (const fixture of fixtureReportsNamed('', '.info')) {
    for (const chunkBytes of [4093, 1 << 20]) {
      it(`${fixture.name} in ${chunkBytes}-byte chunks: joined from two parts, the model and hash of one parse`, async () => {
        const bytes = readFixtureReport(fixture);
        const { report, parts, contentHash, complete } = await readReport(fixtureReportPath(fixture), { ...IN_PARTS, chunkBytes }, () => undefined);
        assert.equal(parts, 2);
        assert.equal(complete, true);
        assert.equal(contentHash, createHash('sha256').update(bytes).digest('hex'));
        assert.deepEqual(fullSnapshot(report), fullSnapshot(parseLcov(bytes)));
      });
    }
  }

  /** The bytes this thread's FileHandle reads return while `run` runs (the part's thread reads with readSync, unseen). */
  const bytesReadHere = async <T>(file: string, run: () => Promise<T>): Promise<{ bytes: number; result: T }> => {
    const probe = await open(file);
    const proto = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<{ bytesRead: number }> };
    await probe.close();
    const original = proto.read;
    let bytes = 0;
    proto.read = async function (this: unknown, ...args: unknown[]) {
      const result = await original.apply(this, args);
      bytes += result.bytesRead;
      return result;
    };
    try {
      const result = await run();
      return { bytes, result };
    } finally {
      proto.read = original;
    }
  };

  for (const fixture of fixtureReportsNamed('', '.info')) {
    it(`${fixture.name}, not hashed (hashContent: false): joined from two parts, and this thread reads only up to about the split`, async () => {
      const bytes = readFixtureReport(fixture);
      const file = fixtureReportPath(fixture);
      const chunkBytes = 4093;
      const hashed = await bytesReadHere(file, () => readReport(file, { ...IN_PARTS, chunkBytes }, () => undefined));
      const { bytes: readHere, result } = await bytesReadHere(file, () => readReport(file, { ...IN_PARTS, chunkBytes, hashContent: false }, () => assert.fail('no hash, no cache to ask')));
      assert.equal(result.parts, 2);
      assert.equal(result.contentHash, '');
      assert.equal(result.complete, true);
      assert.deepEqual(fullSnapshot(result.report), fullSnapshot(parseLcov(bytes)));
      assert.ok(hashed.bytes >= bytes.length, `hashed: every byte read here (${hashed.bytes} of ${bytes.length})`);
      // The split follows the first end_of_record line after the middle; this thread reads up to the
      // chunk that holds it, one more chunk already asked for, and the last 64 bytes.
      const split = Buffer.from(bytes).indexOf('\nend_of_record\n', Math.floor(bytes.length / 2)) + '\nend_of_record\n'.length;
      assert.ok(readHere <= split + 2 * chunkBytes + 64, `not hashed: ${readHere} of ${bytes.length} bytes read here, split at ${split}`);
    });
  }

  it('not hashed, cut short: says so from the last bytes, which this thread did not otherwise read', async () => {
    const text = sections(['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts']);
    const cut = text.slice(0, text.length - 'end_of_record\n'.length);
    const { report, parts, complete } = await readReport(write('cut.info', cut), { ...IN_PARTS, chunkBytes: 16, hashContent: false }, () => undefined);
    assert.equal(complete, false);
    assert.equal(parts, 2);
    assert.deepEqual(fullSnapshot(report), fullSnapshot(parseLcov(cut)));
  });

  it('not hashed, a path in both parts: the rest is read here after all, and the model is that of one parse', async () => {
    const text = sections(['a.ts', 'b.ts', 'c.ts', 'd.ts', 'a.ts', 'e.ts', 'f.ts']);
    const { report, parts } = await readReport(write('repeated-unhashed.info', text), { ...IN_PARTS, chunkBytes: 7, hashContent: false }, () => undefined);
    assert.equal(parts, 1);
    assert.deepEqual(fullSnapshot(report), fullSnapshot(parseLcov(text)));
  });

  const sections = (names: string[], test = '') => names.map((name, i) => `TN:${test}\nSF:${name}\nDA:1,${i}\nDA:2,1\nBRDA:1,0,0,${i}\nend_of_record\n`).join('');

  it('a path in both parts: the second part is read again here, and the model is that of one parse', async () => {
    const text = sections(['a.ts', 'b.ts', 'c.ts', 'd.ts', 'a.ts', 'e.ts', 'f.ts']);
    const { report, parts } = await readReport(write('repeated.info', text), { ...IN_PARTS, chunkBytes: 7 }, () => undefined);
    assert.equal(parts, 1);
    assert.deepEqual(fullSnapshot(report), fullSnapshot(parseLcov(text)));
  });

  it('a test name in force across the split, used by the second part: read again here, per-test lines as in one parse', async () => {
    const text = `TN:suite\n${sections(['a.ts', 'b.ts', 'c.ts', 'd.ts']).replaceAll('TN:\n', '')}`;
    const { report, parts } = await readReport(write('carried.info', text), IN_PARTS, () => undefined);
    assert.equal(parts, 1);
    assert.deepEqual(fullSnapshot(report), fullSnapshot(parseLcov(text)));
    assert.deepEqual([...(report.files.get('d.ts')?.tests.keys() ?? [])], ['suite']);
  });

  it('a malformed line in the second part: the error names its line in the whole report', async () => {
    const lines = sections(['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts']).split('\n');
    lines.splice(lines.length - 4, 0, 'not an lcov line');
    const text = lines.join('\n');
    const expected = (() => {
      try {
        parseLcov(text);
      } catch (error) {
        return error as ReportParseError;
      }
      assert.fail('the report parses');
    })();
    await assert.rejects(readReport(write('bad.info', text), IN_PARTS, () => undefined), (error: unknown) => {
      assert.ok(error instanceof ReportParseError);
      assert.equal(error.line, expected.line);
      assert.ok(error.line > lines.length / 2, 'the line is in the second part');
      return true;
    });
  });

  it('a report with no end_of_record after its middle is read in one part', async () => {
    const text = `${sections(['a.ts'])}SF:b.ts\n${'DA:1,1\n'.repeat(500)}`;
    const { report, parts } = await readReport(write('one-part.info', text), IN_PARTS, () => undefined);
    assert.equal(parts, 1);
    assert.deepEqual(fullSnapshot(report), fullSnapshot(parseLcov(text)));
  });

  it('the thread is gone and the descriptor closed when readReport returns: joined, cached, or failed', async () => {
    const good = write('good.info', sections(['a.ts', 'b.ts', 'c.ts', 'd.ts']));
    const bad = write('bad2.info', `${sections(['a.ts', 'b.ts'])}junk\n${sections(['c.ts', 'd.ts'])}`);
    const before = openDescriptors();
    for (let i = 0; i < 5; i++) {
      assert.equal((await readReport(good, IN_PARTS, () => undefined)).parts, 2);
      const cached: CoverageReport = parseLcov('SF:x\nend_of_record\n');
      assert.equal((await readReport(good, IN_PARTS, () => cached)).report, cached);
      await assert.rejects(readReport(bad, IN_PARTS, () => undefined), ReportParseError);
    }
    assert.equal(openDescriptors(), before);
  });

  it('while the thread reads one report, another gets no second part (it is read in one part); once done, the thread takes the next', async () => {
    const file = write('busy.info', sections(['a.ts', 'b.ts', 'c.ts', 'd.ts']));
    const handle = await open(file);
    try {
      const first = LcovSecondPart.start(handle.fd, 10, 64);
      assert.ok(first !== undefined);
      assert.equal(LcovSecondPart.start(handle.fd, 10, 64), undefined);
      assert.equal((await first.result(60_000)).kind, 'part');
      await first.stop();
      const next = LcovSecondPart.start(handle.fd, 10, 64);
      assert.ok(next !== undefined);
      await next.stop();
    } finally {
      await handle.close();
    }
  });

  it('without parallelMinBytes (as the worker process reads), one part', async () => {
    const text = sections(['a.ts', 'b.ts', 'c.ts', 'd.ts']);
    const { parts } = await readReport(write('default.info', text), { maxBytes: 1 << 30, workspaceFolders: undefined }, () => undefined);
    assert.equal(parts, 1);
  });

  it('below the threshold, one part (no thread)', async () => {
    const text = sections(['a.ts', 'b.ts', 'c.ts', 'd.ts']);
    const { parts } = await readReport(write('small.info', text), { ...IN_PARTS, parallelMinBytes: text.length + 1 }, () => undefined);
    assert.equal(parts, 1);
  });
});
