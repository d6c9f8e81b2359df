import * as assert from 'node:assert/strict';
import { buildFileCoverage, type FileCoverageRecords } from '../../src/core/model/buildFile';
import { addFileTotals, countHits, emptyTotals, type FileCoverageData, KNOWN_COUNTS, NEVER_EVALUATED, UNKNOWN_HITS } from '../../src/core/model/model';
import { BufferArena, ColumnWidth, countWidth, readCountColumn, readUintColumn, type Slab, uintWidth, writeCountColumn, writeUintColumn } from '../../src/core/model/packedColumns';

const NONE = { branchLines: new Uint32Array(0), branchBlocks: new Uint32Array(0), branchIds: new Uint32Array(0), branchTaken: new Float64Array(0), branchLabels: undefined };
const NO_FUNCTIONS = { functionNames: [], functionStarts: new Uint32Array(0), functionEnds: new Uint32Array(0), functionHits: new Float64Array(0) };

function records(lines: number[], hits: number[], extra: Partial<FileCoverageRecords> = {}): FileCoverageRecords {
  return { lines: Uint32Array.from(lines), hits: Float64Array.from(hits), ...NONE, ...NO_FUNCTIONS, tests: undefined, ...extra };
}

/** Every number of a file, read through its arrays. */
function numbers(file: FileCoverageData): unknown {
  const b = file.branchDetail;
  const f = file.functions;
  return {
    lines: [...file.lines],
    hits: [...file.hits],
    branches: [[...b.lines], [...b.blocks], [...b.branches], [...b.taken], [...b.labels]],
    functions: [[...f.names], [...f.startLines], [...f.endLines], [...f.hits]],
  };
}

describe('packed columns (the model of a file, stored as narrowly as its values allow)', () => {
  it('chooses the narrowest width: all ones is kept for -1 in count columns', () => {
    assert.equal(uintWidth(Uint32Array.of()), ColumnWidth.U8);
    assert.equal(uintWidth(Uint32Array.of(1, 255)), ColumnWidth.U8);
    assert.equal(uintWidth(Uint32Array.of(256)), ColumnWidth.U16);
    assert.equal(uintWidth(Uint32Array.of(65535)), ColumnWidth.U16);
    assert.equal(uintWidth(Uint32Array.of(65536)), ColumnWidth.U32);
    assert.equal(uintWidth(Uint32Array.of(0xffffffff)), ColumnWidth.U32);
    assert.equal(countWidth(Float64Array.of(0, 254, -1)), ColumnWidth.U8);
    assert.equal(countWidth(Float64Array.of(255)), ColumnWidth.U16);
    assert.equal(countWidth(Float64Array.of(65535)), ColumnWidth.U32);
    assert.equal(countWidth(Float64Array.of(0xfffffffe, -1)), ColumnWidth.U32);
    for (const wide of [0xffffffff, 2 ** 40, 0.5, -2, -0, Number.MAX_VALUE, 1e300]) assert.equal(countWidth(Float64Array.of(1, wide)), ColumnWidth.F64, String(wide));
  });

  it('reads back every value written, at every width, -1 included', () => {
    const arena = new BufferArena();
    const cases: [ColumnWidth, number[]][] = [
      [ColumnWidth.U8, [0, 1, 254, -1]],
      [ColumnWidth.U16, [0, 255, 65534, -1]],
      [ColumnWidth.U32, [0, 65535, 0xfffffffe, -1]],
      [ColumnWidth.F64, [0.5, -1, 2 ** 53, -0]],
    ];
    for (const [width, values] of cases) {
      const offset = arena.allocate(8 * values.length);
      const slab = arena.lastSlab as Slab;
      writeCountColumn(slab, offset, width, Float64Array.from(values));
      const out = new Float64Array(values.length);
      readCountColumn(slab.buffer, offset, width, out);
      assert.deepEqual([...out], values, `width ${width}`);
    }
    const offset = arena.allocate(16);
    const slab = arena.lastSlab as Slab;
    writeUintColumn(slab, offset, ColumnWidth.U16, Uint32Array.of(1, 300, 65535));
    const out = new Uint32Array(3);
    readUintColumn(slab.buffer, offset, ColumnWidth.U16, out);
    assert.deepEqual([...out], [1, 300, 65535]);
  });

  it('a built file gives back exactly its numbers, whatever their widths, and files of one arena do not overlap', () => {
    const arena = new BufferArena(4096);
    const inputs: FileCoverageRecords[] = [
      records([1, 2, 3], [0, 1, 254]),
      records([1, 70000], [UNKNOWN_HITS, 2 ** 40]),
      records([5], [0.5]),
      records([100000, 100001], [0xfffffffe, 3], {
        branchLines: Uint32Array.of(100000, 100000, 100001),
        branchBlocks: Uint32Array.of(0, 0, 300),
        branchIds: Uint32Array.of(0, 1, 70000),
        branchTaken: Float64Array.of(NEVER_EVALUATED, 0, 7),
        branchLabels: ['a', '', 'c'],
        functionNames: ['f', 'g'],
        functionStarts: Uint32Array.of(1, 100000),
        functionEnds: Uint32Array.of(0, 100001),
        functionHits: Float64Array.of(0, 12345678),
      }),
      records(
        Array.from({ length: 3000 }, (_, i) => i + 1),
        Array.from({ length: 3000 }, (_, i) => i * 1000),
      ),
    ];
    const files = inputs.map((input, i) => buildFileCoverage(`f${i}`, input, arena));
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i] as FileCoverageRecords;
      const file = files[i] as FileCoverageData;
      const expected = buildFileCoverage(`f${i}`, input);
      assert.deepEqual(numbers(file), {
        lines: [...input.lines],
        hits: [...input.hits],
        branches: [[...input.branchLines], [...input.branchBlocks], [...input.branchIds], [...input.branchTaken], input.branchLabels ?? []],
        functions: [[...(input.functionNames as readonly string[])], [...input.functionStarts], [...input.functionEnds], [...input.functionHits]],
      });
      assert.deepEqual(numbers(file), numbers(expected));
      // Totals from the counts kept at build time equal those counted from the arrays.
      const known = emptyTotals();
      addFileTotals(known, file);
      assert.ok((file as { [KNOWN_COUNTS]?: unknown })[KNOWN_COUNTS] !== undefined);
      const counted = countHits(file);
      assert.deepEqual(known, {
        files: 1,
        lines: file.lines.length,
        branches: file.branchDetail.taken.length,
        functions: file.functions.names.length,
        linesHit: counted.linesHit,
        branchesHit: counted.branchesHit,
        functionsHit: counted.functionsHit,
      });
    }
  });

  it('unpacked arrays are the file’s own: writing to one changes no other file', () => {
    const arena = new BufferArena();
    const a = buildFileCoverage('a', records([1, 2], [3, 4]), arena);
    const b = buildFileCoverage('b', records([1, 2], [5, 6]), arena);
    a.hits[0] = 99;
    assert.equal(a.hits[0], 99, 'the same arrays on every read');
    assert.deepEqual([...b.hits], [5, 6]);
  });
});
