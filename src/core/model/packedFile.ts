import { NameRange } from './nameList';
import { ColumnWidth, readCountColumn, readUintColumn } from './packedColumns';
import { type BranchDetail, type FileCoverageData, type FunctionDetail, fillLineCoverage, type FileCounts, KNOWN_COUNTS } from './model';

/** A built file's columns, in the order their widths are packed (2 bits each, column 0 lowest). */
export const enum Column {
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
export const COLUMNS = 9;
export const COUNT_COLUMNS = 3;

/**
 * Where each column starts, from the columns' widths and lengths: widest first, so that every
 * column is aligned for its width without padding (the range starts 8-byte aligned). Returns
 * the bytes they take.
 */
export function layColumns(widths: number, lengths: readonly number[], offsets: number[]): number {
  let offset = 0;
  for (let width = ColumnWidth.F64; width >= ColumnWidth.U8; width--) {
    for (let column = 0; column < COLUMNS; column++) {
      if (((widths >>> (2 * column)) & 3) !== width) continue;
      offsets[column] = offset;
      offset += (lengths[column] as number) * (1 << width); // 2 ** width bytes a value
    }
  }
  return offset;
}

/** A PackedFileCoverage's storage, as FileTable.fillPacked takes it. */
export interface PackedColumnsOf {
  readonly buffer: ArrayBuffer;
  readonly offset: number;
  readonly widths: number;
  readonly counts: FileCounts;
  readonly labels: readonly string[];
  readonly names: readonly string[];
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
export class PackedFileCoverage implements FileCoverageData {
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
  /** Decoded on first use when a range of its table's names. */
  #names: readonly string[] | NameRange;
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
    names: readonly string[] | NameRange,
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

  /** Where the file's columns are and its counts: what FileTable.fillPacked takes, to make it a row again. */
  packedColumns(): PackedColumnsOf {
    return {
      buffer: this.#buffer,
      offset: this.#offset,
      widths: this.#widths,
      counts: this[KNOWN_COUNTS],
      labels: this.#labels,
      names: this.names(),
    };
  }

  private names(): readonly string[] {
    if (this.#names instanceof NameRange) this.#names = this.#names.decode();
    return this.#names;
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
      const functions: FunctionDetail = { names: this.names(), startLines: column(Column.FunctionStarts, Uint32Array), endLines: column(Column.FunctionEnds, Uint32Array), hits: functionHits };
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
