import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EarlyFiles, LoadedReport, LoadReportRequest } from '../../src/shared/protocol';
import { RequestHandlers } from '../../src/worker/handlers';
import { baseName, LcovSectionFinder, MAX_PRIORITY_SECTION_BYTES, MAX_PRIORITY_SECTIONS } from '../../src/worker/prioritySections';
import { withinHangGuard } from './hangGuard';

const A = 'TN:t\nSF:src/a.js\nFN:1,f\nFNDA:1,f\nDA:1,1\nDA:2,0\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nend_of_record\n';
const B = 'SF:lib/b.js\nDA:1,3\nend_of_record\n';
const C = 'SF:other/a.js\r\nDA:7,0\r\nend_of_record\r\n';

function sections(text: string, wanted: (p: string) => boolean, chunkBytes: number): { reportPath: string; text: string }[] {
  const finder = new LcovSectionFinder(wanted);
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    // The finder must copy what it keeps: the caller reuses its buffer.
    const chunk = Buffer.from(bytes.subarray(at, at + chunkBytes));
    finder.push(chunk);
    chunk.fill(0x78);
  }
  return finder.finish().map((s) => ({ reportPath: s.reportPath, text: Buffer.from(s.bytes).toString() }));
}

describe('LcovSectionFinder: the sections of wanted files, without parsing the rest', () => {
  const report = B + A + B + C + 'SF:a.js/x.js\nDA:1,1\nend_of_record\n';
  const expected = [
    { reportPath: 'src/a.js', text: 'SF:src/a.js\nFN:1,f\nFNDA:1,f\nDA:1,1\nDA:2,0\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nend_of_record\n' },
    { reportPath: 'other/a.js', text: C },
  ];

  it('finds them whatever the chunk boundaries (every chunk size from 1 byte up)', () => {
    for (let size = 1; size <= report.length + 1; size++) {
      assert.deepEqual(
        sections(report, (p) => baseName(p) === 'a.js', size),
        expected,
        `chunks of ${size} bytes`,
      );
    }
  });

  it('finds a section at the very start, and one the report leaves open at its end', () => {
    assert.deepEqual(sections(A.slice(3) + 'SF:z/a.js\nDA:1,1\n', (p) => baseName(p) === 'a.js', 7), [
      { reportPath: 'src/a.js', text: expected[0]?.text },
      { reportPath: 'z/a.js', text: 'SF:z/a.js\nDA:1,1\n' },
    ]);
  });

  it('ends a section without end_of_record where the next SF line starts', () => {
    assert.deepEqual(sections('SF:a.js\nDA:1,1\nSF:b.js\nDA:2,2\nend_of_record\n', () => true, 5), [
      { reportPath: 'a.js', text: 'SF:a.js\nDA:1,1\n' },
      { reportPath: 'b.js', text: 'SF:b.js\nDA:2,2\nend_of_record\n' },
    ]);
  });

  it('takes SF only at the start of a line, and skips over a very long line', () => {
    const long = `DA:1,1 ${'x'.repeat(200_000)} SF:a.js\n`;
    assert.deepEqual(sections(`SF:b.js\n${long}end_of_record\nxSF:a.js\n${long}`, (p) => p === 'a.js', 4096), []);
  });

  it('keeps at most MAX_PRIORITY_SECTIONS sections', () => {
    const many = 'SF:a.js\nDA:1,1\nend_of_record\n'.repeat(MAX_PRIORITY_SECTIONS * 2);
    assert.equal(sections(many, () => true, 64).length, MAX_PRIORITY_SECTIONS);
  });

  /** Pushes `parts` in chunks of `chunkBytes` (a part's text is repeated `times`), checking after each push what the finder holds. */
  function pushAll(finder: LcovSectionFinder, parts: readonly (string | { text: string; times: number })[], chunkBytes: number): number {
    let pushed = 0;
    let pending = Buffer.alloc(0);
    const flush = (last: boolean) => {
      while (pending.length >= chunkBytes || (last && pending.length > 0)) {
        const chunk = Buffer.from(pending.subarray(0, chunkBytes));
        pending = pending.subarray(chunk.length);
        finder.push(chunk);
        chunk.fill(0x78);
        pushed += chunk.length;
        assert.ok(finder.pendingBytes <= MAX_PRIORITY_SECTION_BYTES, `${finder.pendingBytes} bytes held after ${pushed}`);
      }
    };
    for (const part of parts) {
      const { text, times } = typeof part === 'string' ? { text: part, times: 1 } : part;
      const piece = Buffer.from(text.repeat(Math.max(1, Math.floor(chunkBytes / text.length))));
      for (let left = times * text.length; left > 0; ) {
        const take = Math.min(left, piece.length);
        pending = Buffer.concat([pending, piece.subarray(0, take)]);
        left -= take;
        flush(false);
      }
    }
    flush(true);
    return pushed;
  }

  it('takes a wanted section\'s line that spans thousands of chunks in linear time, and gives the section up past MAX_PRIORITY_SECTION_BYTES', () => {
    // The security trial's report, smaller: SF:a.js, then a DA line of 40 MiB. Joining the carry
    // with each 16 KiB chunk copied 2,560 chunks of 20 MiB on average (50 GB; 200 MiB in 1 MiB
    // chunks took minutes in the worker); now each byte is copied a few times at most and 16 MiB at most held.
    const finder = new LcovSectionFinder((p) => baseName(p) === 'a.js');
    const pushed = withinHangGuard(
      () => pushAll(finder, ['SF:a.js\nDA:1,1\nDA:', { text: '1', times: 40 << 20 }, ',1\nend_of_record\nSF:b/a.js\nDA:2,1\nend_of_record\n'], 16 << 10),
      'the pass over a 40 MiB line',
    );
    assert.ok(finder.copiedBytes < 2 * pushed, `${finder.copiedBytes} bytes copied for ${pushed} pushed`);
    assert.deepEqual(
      finder.finish().map((s) => [s.reportPath, Buffer.from(s.bytes).toString()]),
      [['b/a.js', 'SF:b/a.js\nDA:2,1\nend_of_record\n']],
      'the section too long is left to the full parse; the next one is found',
    );
  });

  it('finds a wanted section with a line of megabytes whole, up to MAX_PRIORITY_SECTION_BYTES, and ends one at an SF line too long to keep', () => {
    const name = 'f'.repeat(MAX_PRIORITY_SECTION_BYTES - (1 << 20));
    const big = `SF:a.js\nFN:1,${name}\nFNDA:1,${name.slice(0, 10)}\nDA:1,1\nend_of_record\n`;
    const finder = new LcovSectionFinder((p) => baseName(p) === 'a.js');
    const longPath = `SF:${'d/'.repeat(MAX_PRIORITY_SECTION_BYTES / 2)}a.js\nDA:3,3\nend_of_record\n`;
    const pushed = pushAll(finder, [big, 'SF:c/a.js\nDA:2,2\n', longPath, 'SF:e/a.js\nDA:4,4\n'], 64 << 10);
    assert.ok(finder.copiedBytes < 6 * pushed, `${finder.copiedBytes} bytes copied for ${pushed} pushed`);
    const found = finder.finish();
    assert.deepEqual(found.map((s) => s.reportPath), ['a.js', 'c/a.js', 'e/a.js']);
    assert.equal(Buffer.from(found[0]?.bytes ?? []).toString(), big);
    assert.equal(Buffer.from(found[1]?.bytes ?? []).toString(), 'SF:c/a.js\nDA:2,2\n');
  });
});

describe('RequestHandlers: early files of a load', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-early-'));
    mkdirSync(path.join(dir, 'src'));
    mkdirSync(path.join(dir, 'coverage'));
    writeFileSync(path.join(dir, 'src', 'a.js'), 'a\nb\nc\n');
    writeFileSync(path.join(dir, 'src', 'b.js'), 'a\n');
    // A second a.js: other/a.js is then ambiguous by suffix and resolves nowhere.
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib', 'a.js'), 'a\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const request = (report: string, priorityFiles: string[], extra: Partial<LoadReportRequest> = {}): LoadReportRequest => ({
    type: 'loadReport',
    reportPath: report,
    workspaceFolders: [dir],
    ownerFolder: dir,
    maxBytes: 1 << 20,
    pathMappings: [],
    priorityFiles,
    ...extra,
  });

  async function load(handlers: RequestHandlers, req: LoadReportRequest): Promise<{ early: EarlyFiles[]; loaded: LoadedReport }> {
    const early: EarlyFiles[] = [];
    const loaded = (await handlers.handle(req, (files) => early.push(files))) as LoadedReport;
    return { early, loaded };
  }

  it('sends the priority files that resolve, with the same totals and detail as the full load', async () => {
    const report = path.join(dir, 'coverage', 'lcov.info');
    // ../src/a.js resolves from the report's folder; other/a.js shares the name but resolves nowhere.
    writeFileSync(report, `${B}${C}TN:t\nSF:../src/a.js\nDA:1,1\nDA:2,0\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nend_of_record\n`);
    const target = path.join(dir, 'src', 'a.js');
    const handlers = new RequestHandlers(undefined, { earlyMinBytes: 0 });
    const { early, loaded } = await load(handlers, request(report, [target]));
    assert.equal(early.length, 1);
    const files = early[0]?.files ?? [];
    assert.deepEqual(files.map((f) => [f.reportPath, f.resolvedPath]), [['../src/a.js', target]]);
    const full = loaded.files.find((f) => f.resolvedPath === target);
    assert.deepEqual(files[0]?.totals, full?.totals);
    const detail = await handlers.handle({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: '../src/a.js' }] });
    const earlyDetail = early[0]?.details[0];
    assert.ok(earlyDetail !== undefined && 'status' in detail);
    assert.deepEqual([...earlyDetail.lines], [...detail.lines]);
    assert.deepEqual([...earlyDetail.status], [...detail.status]);
    assert.deepEqual([...earlyDetail.branchesCovered], [...detail.branchesCovered]);
  });

  it("does not send a dependency's same-named file, matched by its suffix, as the priority file's: the report names that file directly", async () => {
    const report = path.join(dir, 'coverage', 'deps.info');
    writeFileSync(report, 'SF:/home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/dep-1.0.0/src/b.js\nDA:1,9\nDA:40,9\nend_of_record\nSF:../src/b.js\nDA:1,0\nend_of_record\n');
    const target = path.join(dir, 'src', 'b.js');
    const { early, loaded } = await load(new RequestHandlers(undefined, { earlyMinBytes: 0 }), request(report, [target]));
    assert.deepEqual(early[0]?.files.map((f) => [f.reportPath, f.resolvedPath, f.totals.linesHit]), [['../src/b.js', target, 0]]);
    assert.deepEqual(loaded.files.filter((f) => f.resolvedPath === target).map((f) => f.reportPath), ['../src/b.js']);
  });

  it('sends nothing for a small report, no priority file, or a file outside the workspace; every format has an early pass', async () => {
    const report = path.join(dir, 'coverage', 'small.info');
    writeFileSync(report, 'SF:../src/a.js\nDA:1,1\nend_of_record\n');
    const target = path.join(dir, 'src', 'a.js');
    assert.equal((await load(new RequestHandlers(), request(report, [target]))).early.length, 0, 'under EARLY_MIN_BYTES');
    const eager = new RequestHandlers(undefined, { earlyMinBytes: 0 });
    assert.equal((await load(eager, request(report, []))).early.length, 0, 'no priority file');
    const xml = path.join(dir, 'coverage', 'coverage.xml');
    writeFileSync(xml, '<?xml version="1.0"?><coverage><packages><package name="p"><classes><class name="a" filename="src/a.js"><lines><line number="1" hits="1"/></lines></class></classes></package></packages></coverage>');
    assert.equal((await load(eager, request(xml, [target]))).early.length, 1, 'Cobertura has an early pass');
    const go = path.join(dir, 'coverage', 'cover.out');
    writeFileSync(go, 'mode: set\nsrc/a.js:1.1,2.2 1 1\n');
    assert.equal((await load(eager, request(go, [target]))).early.length, 1, 'a Go profile has an early pass');
    const py = path.join(dir, 'coverage', 'coverage.json');
    writeFileSync(py, JSON.stringify({ meta: { version: '7.4.0', format: 2 }, files: { 'src/a.js': { executed_lines: [1], missing_lines: [], excluded_lines: [] } }, totals: {} }));
    const pyLoad = await load(eager, request(py, [target]));
    assert.equal(pyLoad.early.length, 1, 'coverage.py JSON has an early pass');
    assert.deepEqual(pyLoad.early[0]?.files[0]?.totals, pyLoad.loaded.files.find((f) => f.resolvedPath === target)?.totals);
    const llvm = path.join(dir, 'coverage', 'llvm.json');
    const segments = [[1, 1, 1, true, true, false], [1, 9, 0, false, false, false]];
    const functions = [{ branches: [], count: 1, filenames: ['src/a.js'], name: 'f', regions: [[1, 1, 1, 9, 1, 0, 0, 0]] }];
    writeFileSync(llvm, JSON.stringify({ data: [{ files: [{ branches: [], expansions: [], filename: 'src/a.js', segments }], functions }], type: 'llvm.coverage.json.export', version: '2.0.1' }));
    const llvmLoad = await load(eager, request(llvm, [target]));
    assert.equal(llvmLoad.loaded.format, 'llvm');
    assert.equal(llvmLoad.early.length, 1, 'llvm-cov JSON has an early pass');
    const llvmTotals = llvmLoad.early[0]?.files[0]?.totals;
    assert.equal(llvmTotals?.functions, 1);
    assert.deepEqual(llvmTotals, llvmLoad.loaded.files.find((f) => f.resolvedPath === target)?.totals);
    const outside = mkdtempSync(path.join(tmpdir(), 'sentinel-early-outside-'));
    try {
      writeFileSync(path.join(outside, 'a.js'), 'x\n');
      symlinkSync(outside, path.join(dir, 'outlink'));
      writeFileSync(report, 'SF:../outlink/a.js\nDA:1,1\nend_of_record\n');
      assert.equal((await load(eager, request(report, [path.join(dir, 'outlink', 'a.js')]))).early.length, 0, 'a symlink out');
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(path.join(dir, 'outlink'), { force: true });
    }
  });

  it('sends a Cobertura file resolved through the report\'s <source> root, as the full load has it', async () => {
    const report = path.join(dir, 'coverage', 'cobertura.xml');
    const other = '<class name="b" filename="b.js"><lines><line number="1" hits="4"/></lines></class>';
    writeFileSync(
      report,
      `<?xml version="1.0"?>\n<coverage><sources>\n<source>${path.join(dir, 'src')}</source>\n</sources><packages><package name="p"><classes>${other}` +
        '<class name="a" filename="a.js"><methods><method name="f" hits="1"><lines><line number="1" hits="1"/></lines></method></methods><lines><line number="1" hits="1"/><line number="2" hits="0" branch="true" condition-coverage="50% (1/2)"/></lines></class>' +
        `</classes></package></packages></coverage>\n`,
    );
    const target = path.join(dir, 'src', 'a.js');
    const handlers = new RequestHandlers(undefined, { earlyMinBytes: 0 });
    const { early, loaded } = await load(handlers, request(report, [target]));
    const files = early[0]?.files ?? [];
    assert.deepEqual(files.map((f) => [f.reportPath, f.resolvedPath]), [['a.js', target]]);
    assert.equal(early[0]?.format, 'cobertura');
    assert.deepEqual(files[0]?.totals, loaded.files.find((f) => f.resolvedPath === target)?.totals);
    const detail = await handlers.handle({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: 'a.js' }] });
    const earlyDetail = early[0]?.details[0];
    assert.ok(earlyDetail !== undefined && 'status' in detail);
    assert.deepEqual([...earlyDetail.status], [...detail.status]);
    assert.deepEqual(earlyDetail.functionNames, detail.functionNames);
  });

  it('sends an Istanbul JSON file keyed by its path, with the same totals and detail as the full load', async () => {
    const report = path.join(dir, 'coverage', 'coverage-final.json');
    const target = path.join(dir, 'src', 'a.js');
    const file = (p: string, hits: number) => ({
      path: p,
      statementMap: { '0': { start: { line: 1, column: 0 }, end: { line: 1, column: 5 } }, '1': { start: { line: 2, column: 0 }, end: { line: 2, column: 5 } } },
      s: { '0': hits, '1': 0 },
      fnMap: { '0': { name: 'f', decl: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } }, loc: { start: { line: 1, column: 0 }, end: { line: 2, column: 5 } }, line: 1 } },
      f: { '0': hits },
      branchMap: { '0': { type: 'if', line: 2, loc: { start: { line: 2, column: 0 }, end: { line: 2, column: 5 } }, locations: [{ start: { line: 2, column: 0 }, end: { line: 2, column: 1 } }, { start: { line: 2, column: 2 }, end: { line: 2, column: 3 } }] } },
      b: { '0': [hits, 0] },
    });
    const other = path.join(dir, 'lib', 'b.js');
    writeFileSync(report, JSON.stringify({ [other]: file(other, 4), [target]: file(target, 2) }, null, 2));
    const handlers = new RequestHandlers(undefined, { earlyMinBytes: 0 });
    const { early, loaded } = await load(handlers, request(report, [target]));
    assert.equal(early.length, 1);
    assert.equal(early[0]?.format, 'istanbul');
    const files = early[0]?.files ?? [];
    assert.deepEqual(files.map((f) => [f.reportPath, f.resolvedPath]), [[target, target]]);
    assert.deepEqual(files[0]?.totals, loaded.files.find((f) => f.resolvedPath === target)?.totals);
    const detail = await handlers.handle({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: target }] });
    const earlyDetail = early[0]?.details[0];
    assert.ok(earlyDetail !== undefined && 'status' in detail);
    assert.deepEqual([...earlyDetail.status], [...detail.status]);
    assert.deepEqual([...earlyDetail.branchesCovered], [...detail.branchesCovered]);
    assert.deepEqual(earlyDetail.functionNames, detail.functionNames);
  });

  it('leaves a report it cannot read to the full load’s error', async () => {
    const eager = new RequestHandlers(undefined, { earlyMinBytes: 0 });
    const early: EarlyFiles[] = [];
    await assert.rejects(eager.handle(request(path.join(dir, 'coverage', 'nope.info'), [path.join(dir, 'src', 'a.js')]), (files) => early.push(files)), { code: 'ENOENT' });
    assert.equal(early.length, 0);
  });
});
