import { BufferArena, type ColumnWidth, type Slab, countWidth, uintWidth, writeCountColumn, writeUintColumn } from './packedColumns';
import type { FileCounts, FileCoverageData } from './model';
import type { FileTable } from './fileTable';
import { type EncodedNames, isStrings, NameList } from './nameList';
import { Column, COLUMNS, COUNT_COLUMNS, layColumns, PackedFileCoverage } from './packedFile';
import { mergeLines, sortBranches, sortedUnique, strictlyAscending } from './sortRecords';

/** One file's records in report order (duplicates allowed), as parallel arrays. */
export interface FileCoverageRecords {
  readonly lines: Uint32Array;
  readonly hits: Float64Array;
  readonly branchLines: Uint32Array;
  readonly branchBlocks: Uint32Array;
  readonly branchIds: Uint32Array;
  readonly branchTaken: Float64Array;
  /** One label per branch; undefined means all `''`. */
  readonly branchLabels: readonly string[] | undefined;
  /** As strings, or as bytes (EncodedNames). */
  readonly functionNames: readonly string[] | EncodedNames;
  readonly functionStarts: Uint32Array;
  readonly functionEnds: Uint32Array;
  readonly functionHits: Float64Array;
  /** Test name → lines it hit, in any order, repeats allowed. */
  readonly tests: ReadonlyMap<string, Uint32Array> | undefined;
}

/** FileCoverageRecords with every field writable: a parser's reused view of its scratch arrays. */
export type MutableRecords = { -readonly [K in keyof FileCoverageRecords]: FileCoverageRecords[K] };

/** Records of nothing, to fill in (a parser reuses one object for every file). */
export function emptyRecords(): MutableRecords {
  return {
    lines: new Uint32Array(0),
    hits: new Float64Array(0),
    branchLines: new Uint32Array(0),
    branchBlocks: new Uint32Array(0),
    branchIds: new Uint32Array(0),
    branchTaken: new Float64Array(0),
    branchLabels: undefined,
    functionNames: [],
    functionStarts: new Uint32Array(0),
    functionEnds: new Uint32Array(0),
    functionHits: new Float64Array(0),
    tests: undefined,
  };
}

/** Shared by every file without functions: never written to. */
const NO_NAMES: readonly string[] = Object.freeze([]);

/** layColumns' reused outputs (building is synchronous). */
const columnLengths: number[] = new Array<number>(COLUMNS).fill(0);
const columnOffsets: number[] = new Array<number>(COLUMNS).fill(0);
/**
 * pack()'s reused lists of a file's columns, count columns (Column.Hits to FunctionHits) apart
 * from unsigned ones (Column.Lines on, at column - COUNT_COLUMNS): a list of one element type
 * keeps every read of it monomorphic, which a million small files notice.
 */
const countColumns: Float64Array[] = new Array<Float64Array>(COUNT_COLUMNS).fill(new Float64Array(0));
const uintColumns: Uint32Array[] = new Array<Uint32Array>(COLUMNS - COUNT_COLUMNS).fill(new Uint32Array(0));

/**
 * The compact model of one file from its records, by FileCoverageBuilder's merge rules. The
 * input is only read (views of reused scratch arrays are fine). The file's numbers go into one
 * range of a buffer, each column as narrow as its values allow (packedColumns.ts): given an
 * arena, a range of one of its slabs (no allocation for most files), else a buffer of its own.
 * The typed arrays of the result are made on first use, so a built file is one small object.
 * Per-test line sets get their own buffers. Per-line status and branch counts are derived from
 * hits and branches on first use.
 */
export function buildFileCoverage(path: string, records: FileCoverageRecords, arena?: BufferArena): FileCoverageData {
  const packed = pack(records, arena);
  const names = packed.functions === 0 ? NO_NAMES : nameStrings(records.functionNames);
  return new PackedFileCoverage(path, packed.tests, packed.buffer, packed.offset, packed.widths, packed.lines, packed.branches, packed.functions, packed.labels, names, packed.linesHit, packed.branchesHit, packed.functionsHit);
}

/** buildFileCoverage into row `at` of a report's FileTable: the file is a row of the table, not an object. */
export function fillFileCoverage(table: FileTable, at: number, records: FileCoverageRecords, arena: BufferArena): void {
  const packed = pack(records, arena);
  table.fillPacked(at, packed.tests, packed.buffer, packed.offset, packed.widths, packed, packed.labels, records.functionNames);
}

/**
 * What fillFileCoverage would store as the file's counts, and its tests' names, by the same
 * packing into `scratch`, which is reset afterwards (the packed bytes are not kept): a file whose
 * detail is built again when asked (FileTable.fillCounts).
 */
export function fillFileCounts(table: FileTable, at: number, records: FileCoverageRecords, scratch: BufferArena): void {
  const packed = pack(records, scratch);
  scratch.reset();
  table.fillCounts(at, packed, packed.tests.size === 0 ? NO_NAMES : [...packed.tests.keys()]);
}

function nameStrings(names: readonly string[] | EncodedNames): string[] {
  if (isStrings(names)) return names.slice();
  const list = new NameList();
  return list.decode(list.addEncoded(names), names.ends.length);
}

/** pack()'s result, reused (building is synchronous): read it before the next pack. */
interface Packed extends FileCounts {
  tests: ReadonlyMap<string, Uint32Array>;
  buffer: ArrayBuffer;
  offset: number;
  widths: number;
  labels: readonly string[];
  lines: number;
  branches: number;
  functions: number;
  linesHit: number;
  branchesHit: number;
  functionsHit: number;
}
const packed: Packed = { tests: new Map(), buffer: new ArrayBuffer(0), offset: 0, widths: 0, labels: [], lines: 0, branches: 0, functions: 0, linesHit: 0, branchesHit: 0, functionsHit: 0 };

function pack(records: FileCoverageRecords, arena: BufferArena | undefined): Packed {
  let lines = records.lines;
  let hits = records.hits;
  if (!strictlyAscending(lines)) ({ lines, hits } = mergeLines(lines, hits));
  const branches = sortBranches(records);
  const n = lines.length;
  const b = branches.count;
  const f = records.functionHits.length;
  const taken = b === branches.taken.length ? branches.taken : branches.taken.subarray(0, b);
  countColumns[Column.Hits] = hits;
  countColumns[Column.Taken] = taken;
  countColumns[Column.FunctionHits] = records.functionHits;
  uintColumns[Column.Lines - COUNT_COLUMNS] = lines;
  uintColumns[Column.BranchLines - COUNT_COLUMNS] = b === branches.lines.length ? branches.lines : branches.lines.subarray(0, b);
  uintColumns[Column.Blocks - COUNT_COLUMNS] = b === branches.blocks.length ? branches.blocks : branches.blocks.subarray(0, b);
  uintColumns[Column.BranchIds - COUNT_COLUMNS] = b === branches.branches.length ? branches.branches : branches.branches.subarray(0, b);
  uintColumns[Column.FunctionStarts - COUNT_COLUMNS] = records.functionStarts;
  uintColumns[Column.FunctionEnds - COUNT_COLUMNS] = records.functionEnds;
  let widths = 0;
  for (let column = 0; column < COUNT_COLUMNS; column++) {
    const values = countColumns[column] as Float64Array;
    columnLengths[column] = values.length;
    widths |= countWidth(values) << (2 * column);
  }
  for (let column = COUNT_COLUMNS; column < COLUMNS; column++) {
    const values = uintColumns[column - COUNT_COLUMNS] as Uint32Array;
    columnLengths[column] = values.length;
    widths |= uintWidth(values) << (2 * column);
  }
  const bytes = layColumns(widths, columnLengths, columnOffsets);
  let slab: Slab;
  let offset = 0;
  if (arena === undefined) slab = BufferArena.own(bytes).slab;
  else {
    offset = arena.allocate(bytes);
    slab = arena.lastSlab as Slab;
  }
  for (let column = 0; column < COUNT_COLUMNS; column++) {
    writeCountColumn(slab, offset + (columnOffsets[column] as number), ((widths >>> (2 * column)) & 3) as ColumnWidth, countColumns[column] as Float64Array);
  }
  for (let column = COUNT_COLUMNS; column < COLUMNS; column++) {
    writeUintColumn(slab, offset + (columnOffsets[column] as number), ((widths >>> (2 * column)) & 3) as ColumnWidth, uintColumns[column - COUNT_COLUMNS] as Uint32Array);
  }
  let tests: ReadonlyMap<string, Uint32Array> = NO_TESTS;
  if (records.tests !== undefined && records.tests.size > 0) {
    const byTest = new Map<string, Uint32Array>();
    for (const [name, testLines] of records.tests) byTest.set(name, sortedUnique(testLines));
    tests = byTest;
  }
  packed.tests = tests;
  packed.buffer = slab.buffer;
  packed.offset = offset;
  packed.widths = widths;
  packed.labels = branches.labels;
  packed.lines = n;
  packed.branches = b;
  packed.functions = f;
  packed.linesHit = countNonZero(hits);
  packed.branchesHit = countPositive(taken);
  packed.functionsHit = countPositive(records.functionHits);
  return packed;
}

/** Shared by every file without per-test data: never written to. */
const NO_TESTS: ReadonlyMap<string, Uint32Array> = new Map();

/** Hit lines (hit count not 0, as in countHits). */
function countNonZero(values: Float64Array): number {
  let hit = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) hit++;
  return hit;
}

/** Branches or functions taken at least once (as in countHits). */
function countPositive(values: Float64Array): number {
  let hit = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > 0) hit++;
  return hit;
}
