import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LlvmFileFinder } from '../../src/worker/llvmFileFinder';
import { baseName, MAX_PRIORITY_SECTIONS } from '../../src/worker/prioritySections';
import { PRODUCER_REPORTS_DIR } from '../fixtureReports';
import { assertFindsAsWholeParse, feedInChunks, parseReport, shown } from '../support/shownCoverage';

const PRODUCER = path.join(PRODUCER_REPORTS_DIR, 'c', 'coverage.json');

function find(bytes: Uint8Array, names: string[], chunkBytes: number, wanted = (reportPath: string) => names.includes(baseName(reportPath))): string | undefined {
  const finder = new LlvmFileFinder(names, wanted);
  feedInChunks(finder, bytes, chunkBytes);
  return finder.finish()?.toString();
}

interface Export {
  data: { files: Record<string, unknown>[]; functions: Record<string, unknown>[] }[];
}

/** The clang producer's export, its one file and its functions copied under each of `paths`, with an expansion naming the file first (as llvm-cov writes a macro's). */
function exportOf(paths: readonly string[], oddExpansion = false): Export {
  const producer = JSON.parse(readFileSync(PRODUCER, 'utf8')) as Export & Record<string, unknown>;
  const unit = producer.data[0] as Export['data'][number];
  const file = unit.files[0] as Record<string, unknown>;
  const files = paths.map((p, i) => ({
    ...file,
    expansions: [
      { branches: [], filenames: [p, oddExpansion ? 'inc/{odd}"}q.h' : 'inc/q.h'], source_region: [5, 7, 5, 12, 3, 0, 1, 0], target_regions: [[1, 1, 1, 9, 3, 1, 0, 0]] },
      { branches: [[5, 7, 5, 12, 1, 2, 0, 0, 4]], filenames: [p], source_region: [i + 6, 1, i + 6, 4, 1, 0, 1, 0], target_regions: [] },
    ],
    filename: p,
  }));
  const functions = paths.flatMap((p) => unit.functions.map((fn) => ({ ...fn, filenames: [p, 'inc/q.h'] })));
  return { ...producer, data: [{ ...unit, files, functions }] };
}

describe('LlvmFileFinder: the files of wanted paths in an llvm-cov JSON export, without parsing the rest', () => {
  it("the clang producer's export: the document it builds gives its file exactly what the whole parse does, functions included", () => {
    const bytes = readFileSync(PRODUCER);
    assertFindsAsWholeParse('llvm', bytes, MAX_PRIORITY_SECTIONS, find);
    const early = parseReport('llvm', find(bytes, ['calc.c'], 997) ?? '');
    assert.ok((early.files.get('calc.c')?.functions.names.length ?? 0) > 0, 'functions found');
  });

  it('files with expansions, compact and pretty-printed: each wanted file and its functions as the whole parse has them', () => {
    const paths = ['/src/a/calc.c', '/src/b/main.c', '/src/c/calc.c', '/lib/x/util.c', '/src/d/calc.c'];
    for (const text of [JSON.stringify(exportOf(paths)), JSON.stringify(exportOf(paths), null, 2)]) {
      assertFindsAsWholeParse('llvm', Buffer.from(text), MAX_PRIORITY_SECTIONS, find);
    }
  });

  it('takes the object a wanted path names, whatever the chunk boundaries (every chunk size from 1 byte up)', () => {
    const text = JSON.stringify(exportOf(['/w/{b}/calc.c', '/w/xcalc.c', 'C:\\w\\calc.c'], true));
    const full = parseReport('llvm', text);
    for (let size = 1; size <= text.length + 1; size += size < 64 ? 1 : 7) {
      const document = find(Buffer.from(text), ['calc.c'], size);
      assert.ok(document !== undefined, `chunks of ${size}`);
      const early = parseReport('llvm', document);
      assert.deepEqual([...early.files.keys()], ['/w/{b}/calc.c', 'C:\\w\\calc.c'], `chunks of ${size}`);
      for (const p of early.files.keys()) assert.deepEqual(shown(early.files.get(p)), shown(full.files.get(p)), `${p}, chunks of ${size}`);
    }
  });

  it('finds nothing when no name is wanted, a name needs escapes, or the path is no filename', () => {
    const text = Buffer.from(JSON.stringify(exportOf(['/w/calc.c'])));
    assert.equal(find(text, [], 7), undefined);
    assert.equal(find(text, ['main.c'], 7), undefined);
    assert.equal(find(text, ['q"calc.c'], 7, () => true), undefined);
    // Only a "filename" value or a first "filenames" element counts: inc/q.h is a second one.
    assert.equal(find(text, ['q.h'], 7), undefined);
    const other = Buffer.from('{"data":[{"files":[{"note":"/w/calc.c","segments":[]}],"functions":[{"name":"f","filenames":["x.c","/w/calc.c"],"regions":[[1,1,2,1,1,0,0,0]]}]}],"type":"llvm.coverage.json.export"}');
    assert.equal(find(other, ['calc.c'], 5), undefined);
  });

  it('keeps at most MAX_PRIORITY_SECTIONS files', () => {
    const paths = Array.from({ length: MAX_PRIORITY_SECTIONS + 4 }, (_, i) => `/d${i}/calc.c`);
    const document = find(Buffer.from(JSON.stringify(exportOf(paths))), ['calc.c'], 1000);
    assert.equal(parseReport('llvm', document ?? '').files.size, MAX_PRIORITY_SECTIONS);
  });

  it('costs linear time on an export crafted to be all near-misses', () => {
    // Every hit fails a check; many `{` before each would make a search that tried each as the object's start from scratch quadratic.
    const misses = ['"a.c"', '"filename":"x/a.c_"', '{"filenames":"a.c"', '{{{{"x":"a.c"', '"filename" "a.c"'].join(',').repeat(1000);
    let text = '{"data":[{"files":[';
    while (text.length < 16 * 1024 * 1024) text += misses + ',{"filename":"' + 'x'.repeat(5000) + '/a.c"';
    const started = process.hrtime.bigint();
    assert.equal(find(Buffer.from(text), ['a.c', 'absent.c'], 1 << 20, () => false), undefined);
    assert.equal(find(Buffer.from(text), ['a.c'], 1 << 20, () => true), undefined);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 30_000, 'hang guard');
  });

  it('costs a bounded pass on wanted keys with no `{` near them: one object of repeated members, or none at all', () => {
    // Each hit used to search back to the far `{` (or the data's start) before its budget was
    // charged: past the 16 MiB an object may take, 16 MiB more of repeated members cost 45 s here. The search for `{` is charged now.
    const members = '"filename":"a.js",'.repeat(32 * 1024 * 1024 / 18);
    for (const text of [`{"type":"llvm.coverage.json.export","data":[{"files":[],"functions":[]}],"x":{${members}"y":1}}`, `{"data":[${members}"x":1]}`]) {
      const started = process.hrtime.bigint();
      find(Buffer.from(text), ['a.js'], 1 << 20);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 15_000, 'hang guard');
    }
  });

  it('costs a bounded pass on an export crafted so that each wanted path has many far or cheap `{` to try before it', () => {
    // Far: 256 `{` 4 KiB apart, then a lone quote (so every count ends inside a string: no `{`
    // holds a key) and a thousand wanted keys: counting from each `{` to each key would go over
    // 128 GiB. Cheap: `{}` pairs, each a try that ends at once, then the same.
    const far = `${'{'.padEnd(4096, 'y').repeat(256)}",${'"filename":"/x/a.c",'.repeat(1000)}`;
    const cheap = `${'{},'.repeat(300_000)}",${'"filename":"/x/a.c",'.repeat(1000)}`;
    for (const unit of [far, cheap]) {
      let text = '{"data":[{"files":[{';
      while (text.length < 16 * 1024 * 1024) text += unit;
      const started = process.hrtime.bigint();
      find(Buffer.from(text), ['a.c'], 1 << 20);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 30_000, 'hang guard');
    }
  });
});
