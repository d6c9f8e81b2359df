import { GrowableFloat64, GrowableUint32 } from './growable';
import { BufferArena, ColumnWidth, columnBytes, countWidth, readCountColumn, readUintColumn, uintWidth, writeColumn } from './packedColumns';

export { BufferArena } from './packedColumns';
import {
  type BranchDetail,
  type FileCoverageData,
  type FunctionDetail,
  fillLineCoverage,
  type FileCounts,
  KNOWN_COUNTS,
  NEVER_EVALUATED,
  UNKNOWN_HITS,
} from './model';

/**
 * Collects one file's records in report order (duplicates allowed) and builds the compact,
 * sorted model. Merge rules for duplicates (the same SF twice, a Go block repeated, …):
 * hit counts and branch taken counts are summed; a never-evaluated branch plus a count is
 * that count; functions are kept as written (overloads share a name).
 */
export class FileCoverageBuilder {
  private readonly lineNumbers = new GrowableUint32();
  private readonly lineHits = new GrowableFloat64();
  private readonly branchLines = new GrowableUint32(8);
  private readonly branchBlocks = new GrowableUint32(8);
  private readonly branchIds = new GrowableUint32(8);
  private readonly branchTaken = new GrowableFloat64(8);
  /** One per branch once a labelled branch came; until then every label is `''`. */
  private branchLabels: string[] | undefined;
  private readonly functionNames: string[] = [];
  private readonly functionStarts = new GrowableUint32(8);
  private readonly functionEnds = new GrowableUint32(8);
  private readonly functionHits = new GrowableFloat64(8);
  private readonly testLines = new Map<string, GrowableUint32>();
  private built: FileCoverageData | undefined;

  constructor(readonly path: string) {}

  addLine(line: number, hits: number): void {
    this.lineNumbers.push(line);
    this.lineHits.push(hits);
  }

  /** Bulk addLine: parallel arrays of equal length, copied. */
  addLines(lines: Uint32Array, hits: Float64Array): void {
    this.lineNumbers.append(lines);
    this.lineHits.append(hits);
  }

  /** Bulk addBranch: parallel arrays of equal length, copied; no labels means all `''`. */
  addBranches(lines: Uint32Array, blocks: Uint32Array, branches: Uint32Array, taken: Float64Array, labels?: readonly string[]): void {
    this.branchLines.append(lines);
    this.branchBlocks.append(blocks);
    this.branchIds.append(branches);
    this.branchTaken.append(taken);
    const count = lines.length;
    let first = 0;
    if (this.branchLabels === undefined) {
      if (labels === undefined) return;
      while (first < count && (labels[first] ?? '') === '') first++;
      if (first === count) return;
      this.branchLabels = new Array<string>(this.branchLines.length - count + first).fill('');
    }
    for (let i = first; i < count; i++) this.branchLabels.push(labels?.[i] ?? '');
  }

  addBranch(line: number, block: number, branch: number, taken: number, label = ''): void {
    const before = this.branchLines.length;
    this.branchLines.push(line);
    this.branchBlocks.push(block);
    this.branchIds.push(branch);
    this.branchTaken.push(taken);
    if (label !== '' || this.branchLabels !== undefined) (this.branchLabels ??= new Array<string>(before).fill('')).push(label);
  }

  /** Returns the function's index, for a later setFunctionHits. */
  addFunction(name: string, startLine: number, endLine: number, hits = 0): number {
    this.functionNames.push(name);
    this.functionStarts.push(startLine);
    this.functionEnds.push(endLine);
    this.functionHits.push(hits);
    return this.functionNames.length - 1;
  }

  /** Bulk addFunction: parallel arrays of equal length, copied; indices continue from functionCount. */
  addFunctions(names: readonly string[], startLines: Uint32Array, endLines: Uint32Array, hits: Float64Array): void {
    for (const name of names) this.functionNames.push(name);
    this.functionStarts.append(startLines);
    this.functionEnds.append(endLines);
    this.functionHits.append(hits);
  }

  get functionCount(): number {
    return this.functionNames.length;
  }

  functionName(index: number): string {
    return this.functionNames[index] as string;
  }

  addFunctionHits(index: number, hits: number): void {
    this.functionHits.set(index, this.functionHits.get(index) + hits);
  }

  addTestLine(test: string, line: number): void {
    let lines = this.testLines.get(test);
    if (lines === undefined) {
      lines = new GrowableUint32(16);
      this.testLines.set(test, lines);
    }
    lines.push(line);
  }

  /** Everything of an already built file, as if its records were added again (functions keep their indices when the builder is still empty). */
  addFile(file: FileCoverageData): void {
    this.addLines(file.lines, file.hits);
    const b = file.branchDetail;
    this.addBranches(b.lines, b.blocks, b.branches, b.taken, b.labels);
    const f = file.functions;
    this.addFunctions(f.names, f.startLines, f.endLines, f.hits);
    for (const [test, lines] of file.tests) for (const line of lines) this.addTestLine(test, line);
  }

  /**
   * Call once, after the last add: the builder is spent afterwards. A repeated call returns
   * the same result.
   */
  build(): FileCoverageData {
    this.built ??= this.buildOnce();
    return this.built;
  }

  private buildOnce(): FileCoverageData {
    let tests: Map<string, Uint32Array> | undefined;
    if (this.testLines.size > 0) {
      tests = new Map();
      for (const [name, lines] of this.testLines) tests.set(name, lines.view());
    }
    return buildFileCoverage(this.path, {
      lines: this.lineNumbers.view(),
      hits: this.lineHits.view(),
      branchLines: this.branchLines.view(),
      branchBlocks: this.branchBlocks.view(),
      branchIds: this.branchIds.view(),
      branchTaken: this.branchTaken.view(),
      branchLabels: this.branchLabels,
      functionNames: this.functionNames,
      functionStarts: this.functionStarts.view(),
      functionEnds: this.functionEnds.view(),
      functionHits: this.functionHits.view(),
      tests,
    });
  }
}

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
  readonly functionNames: readonly string[];
  readonly functionStarts: Uint32Array;
  readonly functionEnds: Uint32Array;
  readonly functionHits: Float64Array;
  /** Test name → lines it hit, in any order, repeats allowed. */
  readonly tests: ReadonlyMap<string, Uint32Array> | undefined;
}

/** Shared by every file without functions: never written to. */
const NO_NAMES: readonly string[] = Object.freeze([]);

/** A built file's columns, in the order their widths are packed (2 bits each, column 0 lowest). */
const enum Column {
  Hits,
  Taken,
  FunctionHits,
  Lines,
  BranchLines,
  Blocks,
  BranchIds,
  FunctionStarts,
  FunctionEnds,
}
const COLUMNS = 9;
const COUNT_COLUMNS = 3;

/**
 * Where each column starts, from the columns' widths and lengths: widest first, so that every
 * column is aligned for its width without padding (the range starts 8-byte aligned). Returns
 * the bytes they take.
 */
function layColumns(widths: number, lengths: readonly number[], offsets: number[]): number {
  let offset = 0;
  for (let width = ColumnWidth.F64; width >= ColumnWidth.U8; width--) {
    for (let column = 0; column < COLUMNS; column++) {
      if (((widths >>> (2 * column)) & 3) !== width) continue;
      offsets[column] = offset;
      offset += columnBytes(lengths[column] as number, width);
    }
  }
  return offset;
}

/** layColumns' reused outputs (building is synchronous). */
const columnLengths: number[] = new Array<number>(COLUMNS).fill(0);
const columnOffsets: number[] = new Array<number>(COLUMNS).fill(0);
const columnValues: (Uint32Array | Float64Array)[] = new Array<Uint32Array | Float64Array>(COLUMNS).fill(new Uint32Array(0));

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
  let lines = records.lines;
  let hits = records.hits;
  if (!strictlyAscending(lines)) ({ lines, hits } = mergeLines(lines, hits));
  const branches = sortBranches(records);
  const n = lines.length;
  const b = branches.count;
  const f = records.functionNames.length;
  const values = columnValues;
  values[Column.Hits] = hits;
  const taken = b === branches.taken.length ? branches.taken : branches.taken.subarray(0, b);
  values[Column.Taken] = taken;
  values[Column.FunctionHits] = records.functionHits;
  values[Column.Lines] = lines;
  values[Column.BranchLines] = b === branches.lines.length ? branches.lines : branches.lines.subarray(0, b);
  values[Column.Blocks] = b === branches.blocks.length ? branches.blocks : branches.blocks.subarray(0, b);
  values[Column.BranchIds] = b === branches.branches.length ? branches.branches : branches.branches.subarray(0, b);
  values[Column.FunctionStarts] = records.functionStarts;
  values[Column.FunctionEnds] = records.functionEnds;
  let widths = 0;
  for (let column = 0; column < COLUMNS; column++) {
    const columnValues = values[column] as Uint32Array | Float64Array;
    columnLengths[column] = columnValues.length;
    const width = column < COUNT_COLUMNS ? countWidth(columnValues as Float64Array) : uintWidth(columnValues as Uint32Array);
    widths |= width << (2 * column);
  }
  const bytes = layColumns(widths, columnLengths, columnOffsets);
  const { slab, offset } = arena === undefined ? BufferArena.own(bytes) : arena.allocate(bytes);
  for (let column = 0; column < COLUMNS; column++) {
    writeColumn(slab, offset + (columnOffsets[column] as number), ((widths >>> (2 * column)) & 3) as ColumnWidth, values[column] as Uint32Array | Float64Array);
  }
  let tests: ReadonlyMap<string, Uint32Array> = NO_TESTS;
  if (records.tests !== undefined && records.tests.size > 0) {
    const byTest = new Map<string, Uint32Array>();
    for (const [name, testLines] of records.tests) byTest.set(name, sortedUnique(testLines));
    tests = byTest;
  }
  const linesHit = countNonZero(hits);
  const branchesHit = countPositive(taken);
  const functionsHit = countPositive(records.functionHits);
  const names = f === 0 ? NO_NAMES : records.functionNames.slice(0, f);
  return new PackedFileCoverage(path, tests, slab.u8.buffer, offset, widths, n, b, f, branches.labels, names, linesHit, branchesHit, functionsHit);
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

/** A built file's typed arrays, made when first read. */
interface PackedViews {
  readonly lines: Uint32Array;
  readonly hits: Float64Array;
  readonly branchDetail: BranchDetail;
  readonly functions: FunctionDetail;
}

/**
 * A built file: where its packed columns are in a shared buffer, and its counts (counted
 * while the numbers were fresh in the cache, so totals need not read them again). Its typed
 * arrays are unpacked on first use, into one buffer of its own: a report of a million small
 * files holds a million small objects, not eight million typed arrays. Per-line status and
 * branch counts are not stored: they follow from hits and the branch detail, and are computed
 * (once, into one buffer) when first read.
 */
class PackedFileCoverage implements FileCoverageData {
  #views: PackedViews | undefined;
  #derived: { status: Uint8Array; branchesTotal: Uint32Array; branchesCovered: Uint32Array } | undefined;
  readonly #buffer: ArrayBuffer;
  /** Byte offset of the file's columns in #buffer (8-byte aligned). */
  readonly #offset: number;
  /** Each column's ColumnWidth, 2 bits each (see Column). */
  readonly #widths: number;
  readonly #lineCount: number;
  readonly #branchCount: number;
  readonly #functionCount: number;
  readonly #labels: readonly string[];
  readonly #names: readonly string[];
  readonly #linesHit: number;
  readonly #branchesHit: number;
  readonly #functionsHit: number;

  constructor(
    readonly path: string,
    readonly tests: ReadonlyMap<string, Uint32Array>,
    buffer: ArrayBuffer,
    offset: number,
    widths: number,
    lineCount: number,
    branchCount: number,
    functionCount: number,
    labels: readonly string[],
    names: readonly string[],
    linesHit: number,
    branchesHit: number,
    functionsHit: number,
  ) {
    this.#buffer = buffer;
    this.#offset = offset;
    this.#widths = widths;
    this.#lineCount = lineCount;
    this.#branchCount = branchCount;
    this.#functionCount = functionCount;
    this.#labels = labels;
    this.#names = names;
    this.#linesHit = linesHit;
    this.#branchesHit = branchesHit;
    this.#functionsHit = functionsHit;
  }

  get [KNOWN_COUNTS](): FileCounts {
    return {
      lines: this.#lineCount,
      branches: this.#branchCount,
      functions: this.#functionCount,
      linesHit: this.#linesHit,
      branchesHit: this.#branchesHit,
      functionsHit: this.#functionsHit,
    };
  }

  get lines(): Uint32Array {
    return this.views().lines;
  }

  get hits(): Float64Array {
    return this.views().hits;
  }

  get branchDetail(): BranchDetail {
    return this.views().branchDetail;
  }

  get functions(): FunctionDetail {
    return this.views().functions;
  }

  get status(): Uint8Array {
    return this.derived().status;
  }

  get branchesTotal(): Uint32Array {
    return this.derived().branchesTotal;
  }

  get branchesCovered(): Uint32Array {
    return this.derived().branchesCovered;
  }

  /** Unpacks every column into one new buffer (Float64 arrays first, then Uint32). */
  private views(): PackedViews {
    if (this.#views === undefined) {
      const n = this.#lineCount;
      const b = this.#branchCount;
      const f = this.#functionCount;
      const lengths = [n, b, f, n, b, b, b, f, f];
      const offsets = new Array<number>(COLUMNS).fill(0);
      layColumns(this.#widths, lengths, offsets);
      const out = new ArrayBuffer(8 * (n + b + f) + 4 * (n + 3 * b + 2 * f));
      let outOffset = 0;
      const column = <T extends Uint32Array | Float64Array>(index: Column, view: new (buffer: ArrayBuffer, offset: number, length: number) => T): T => {
        const length = lengths[index] as number;
        const values = new view(out, outOffset, length);
        outOffset += values.byteLength;
        const width = ((this.#widths >>> (2 * index)) & 3) as ColumnWidth;
        const at = this.#offset + (offsets[index] as number);
        if (values instanceof Float64Array) readCountColumn(this.#buffer, at, width, values);
        else readUintColumn(this.#buffer, at, width, values);
        return values;
      };
      const hits = column(Column.Hits, Float64Array);
      const taken = column(Column.Taken, Float64Array);
      const functionHits = column(Column.FunctionHits, Float64Array);
      const lines = column(Column.Lines, Uint32Array);
      const branchDetail: BranchDetail = {
        lines: column(Column.BranchLines, Uint32Array),
        blocks: column(Column.Blocks, Uint32Array),
        branches: column(Column.BranchIds, Uint32Array),
        taken,
        labels: this.#labels,
      };
      const functions: FunctionDetail = { names: this.#names, startLines: column(Column.FunctionStarts, Uint32Array), endLines: column(Column.FunctionEnds, Uint32Array), hits: functionHits };
      this.#views = { lines, hits, branchDetail, functions };
    }
    return this.#views;
  }

  private derived(): { status: Uint8Array; branchesTotal: Uint32Array; branchesCovered: Uint32Array } {
    if (this.#derived === undefined) {
      const n = this.#lineCount;
      const buffer = new ArrayBuffer(9 * n);
      const derived = { branchesTotal: new Uint32Array(buffer, 0, n), branchesCovered: new Uint32Array(buffer, 4 * n, n), status: new Uint8Array(buffer, 8 * n, n) };
      fillLineCoverage(this, derived.status, derived.branchesTotal, derived.branchesCovered);
      this.#derived = derived;
    }
    return this.#derived;
  }
}

/** Sorted, merged branches: the first `count` entries of each array (which may be longer). */
interface SortedBranches {
  readonly count: number;
  readonly lines: Uint32Array;
  readonly blocks: Uint32Array;
  readonly branches: Uint32Array;
  readonly taken: Float64Array;
  readonly labels: readonly string[];
}

/** Labels of branches that have none, by count; frozen, so files can share them. */
const unlabelled: (readonly string[])[] = [];
const SHARED_UNLABELLED_LIMIT = 256;

function noLabels(count: number): readonly string[] {
  if (count > SHARED_UNLABELLED_LIMIT) return new Array<string>(count).fill('');
  return (unlabelled[count] ??= Object.freeze(new Array<string>(count).fill('')));
}

/** Up to this many branches, sorting works in reused module-level arrays (build is synchronous). */
const SCRATCH_BRANCHES = 4096;
const scratch = {
  order: new Uint32Array(SCRATCH_BRANCHES),
  lines: new Uint32Array(SCRATCH_BRANCHES),
  blocks: new Uint32Array(SCRATCH_BRANCHES),
  branches: new Uint32Array(SCRATCH_BRANCHES),
  taken: new Float64Array(SCRATCH_BRANCHES),
};

function sortBranches(records: FileCoverageRecords): SortedBranches {
  const { branchLines, branchBlocks, branchIds, branchTaken, branchLabels } = records;
  const count = branchLines.length;
  if (branchesStrictlySorted(branchLines, branchBlocks, branchIds)) {
    const labels = branchLabels === undefined ? noLabels(count) : branchLabels.slice(0, count);
    return { count, lines: branchLines, blocks: branchBlocks, branches: branchIds, taken: branchTaken, labels };
  }
  // Stable sort by (line, block, branch); then sum duplicates of the same key and label.
  const small = count <= SCRATCH_BRANCHES;
  const order = (small && insertionOrder(branchLines, branchBlocks, branchIds)) || sortedOrder(branchLines, branchBlocks, branchIds);
  const lines = small ? scratch.lines : new Uint32Array(count);
  const blocks = small ? scratch.blocks : new Uint32Array(count);
  const branches = small ? scratch.branches : new Uint32Array(count);
  const taken = small ? scratch.taken : new Float64Array(count);
  const labels: string[] = [];
  let w = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k] as number;
    const line = branchLines[i] as number;
    const block = branchBlocks[i] as number;
    const branch = branchIds[i] as number;
    const t = branchTaken[i] as number;
    const label = branchLabels === undefined ? '' : (branchLabels[i] as string);
    if (w > 0 && lines[w - 1] === line && blocks[w - 1] === block && branches[w - 1] === branch && (branchLabels === undefined || labels[w - 1] === label)) {
      taken[w - 1] = addTaken(taken[w - 1] as number, t);
      continue;
    }
    lines[w] = line;
    blocks[w] = block;
    branches[w] = branch;
    taken[w] = t;
    if (branchLabels !== undefined) labels.push(label);
    w++;
  }
  return { count: w, lines, blocks, branches, taken, labels: branchLabels === undefined ? noLabels(w) : labels };
}

/**
 * The stable (line, block, branch) order by insertion sort in the scratch array: fast for the
 * nearly sorted branches reports usually write. Undefined when it would take too many moves.
 */
function insertionOrder(lines: Uint32Array, blocks: Uint32Array, ids: Uint32Array): Uint32Array | undefined {
  const count = lines.length;
  const order = scratch.order;
  let budget = 8 * count + 64;
  order[0] = 0;
  for (let i = 1; i < count; i++) {
    const line = lines[i] as number;
    const block = blocks[i] as number;
    const id = ids[i] as number;
    let j = i - 1;
    for (; j >= 0; j--) {
      const o = order[j] as number;
      const d = (lines[o] as number) - line || (blocks[o] as number) - block || (ids[o] as number) - id;
      if (d <= 0) break;
      order[j + 1] = o;
    }
    order[j + 1] = i;
    budget -= i - 1 - j;
    if (budget < 0) return undefined;
  }
  return order;
}

/** The stable (line, block, branch) order for any input. */
function sortedOrder(lines: Uint32Array, blocks: Uint32Array, ids: Uint32Array): Uint32Array {
  const count = lines.length;
  const order = stableOrder(lines);
  for (let start = 0; start < count; ) {
    const line = lines[order[start] as number];
    let end = start + 1;
    while (end < count && lines[order[end] as number] === line) end++;
    if (end - start > 1) sortByBlockAndBranch(order, start, end, blocks, ids);
    start = end;
  }
  return order;
}

/** Already in (line, block, branch) order with no repeated key: nothing to sort or merge. */
function branchesStrictlySorted(lines: Uint32Array, blocks: Uint32Array, ids: Uint32Array): boolean {
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as number) - (lines[i - 1] as number);
    if (line > 0) continue;
    if (line < 0) return false;
    const block = (blocks[i] as number) - (blocks[i - 1] as number);
    if (block > 0) continue;
    if (block < 0 || (ids[i] as number) <= (ids[i - 1] as number)) return false;
  }
  return true;
}

function addTaken(a: number, b: number): number {
  if (a === NEVER_EVALUATED) return b;
  if (b === NEVER_EVALUATED) return a;
  return a + b;
}

function addHits(a: number, b: number): number {
  if (a === UNKNOWN_HITS) return b === 0 ? a : b;
  if (b === UNKNOWN_HITS) return a === 0 ? b : a;
  return a + b;
}

function strictlyAscending(values: Uint32Array): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) <= (values[i - 1] as number)) return false;
  return true;
}

/** Sorts by line (stable) and sums the hits of repeated lines. */
function mergeLines(lineNumbers: Uint32Array, lineHits: Float64Array): { lines: Uint32Array; hits: Float64Array } {
  const n = lineNumbers.length;
  const order = stableOrder(lineNumbers);
  const lines = new Uint32Array(n);
  const hits = new Float64Array(n);
  let w = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const line = lineNumbers[i] as number;
    const h = lineHits[i] as number;
    if (w > 0 && lines[w - 1] === line) {
      hits[w - 1] = addHits(hits[w - 1] as number, h);
    } else {
      lines[w] = line;
      hits[w] = h;
      w++;
    }
  }
  return { lines: lines.subarray(0, w), hits: hits.subarray(0, w) };
}

/** Up to this many entries, the index fits beside a 32-bit key in a double's 53 bits. */
const PACKED_INDEX_LIMIT = 2 ** 21;

/** Indices 0..n-1 stably sorted by key; a comparator-free numeric sort when it can. */
function stableOrder(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  if (n <= PACKED_INDEX_LIMIT) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (keys[i] as number) * PACKED_INDEX_LIMIT + i;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = (packed[i] as number) % PACKED_INDEX_LIMIT;
  } else {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  }
  return order;
}

/** Stably sorts order[start..end) by (block, branch): insertion sort for the usual few. */
function sortByBlockAndBranch(order: Uint32Array, start: number, end: number, blocks: Uint32Array, ids: Uint32Array): void {
  const after = (a: number, b: number): number => (blocks[a] as number) - (blocks[b] as number) || (ids[a] as number) - (ids[b] as number) || a - b;
  if (end - start > 16) {
    order.subarray(start, end).sort(after);
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const x = order[i] as number;
    let j = i - 1;
    while (j >= start && after(order[j] as number, x) > 0) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = x;
  }
}

/** The distinct values, ascending, in a new exact-size array (the input is not changed). */
function sortedUnique(values: Uint32Array): Uint32Array {
  const sorted = values.slice().sort();
  let w = 0;
  for (let r = 0; r < sorted.length; r++) {
    if (w === 0 || sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r] as number;
  }
  return w === sorted.length ? sorted : sorted.slice(0, w);
}
