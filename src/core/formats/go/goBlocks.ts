import { derivedRecordAllowance } from '../derivedRecords';
import { ReportParseError } from '../../model/model';

/**
 * Every line of a block's range is a line of the model, so one short hostile block could ask
 * for billions of lines. The lines a report may produce are what its size paid for
 * (derivedRecordAllowance; real profiles give one line per 16 to 25 bytes). The work of
 * filling them, the sum of the distinct blocks' ranges (nested blocks revisit lines), is
 * capped at twice that.
 */
export function goLineBudget(inputBytes: number): { lines: number; visits: number } {
  const lines = derivedRecordAllowance(inputBytes);
  return { lines, visits: 2 * lines };
}
/** Up to this many blocks in a file, the index fits beside a 32-bit line in a double's 53 bits. */
const PACKED_INDEX_LIMIT = 2 ** 21;

/**
 * All blocks of a Go coverprofile as columns, each row tagged with its file's id. One table
 * for the whole report keeps the hot path free of per-file allocations.
 */
export class GoBlockTable {
  private fileIds = new Uint32Array(1024);
  private startLines = new Uint32Array(1024);
  private startCols = new Uint32Array(1024);
  private endLines = new Uint32Array(1024);
  private endCols = new Uint32Array(1024);
  private counts = new Float64Array(1024);
  length = 0;

  add(fileId: number, startLine: number, startCol: number, endLine: number, endCol: number, count: number): void {
    const i = this.length;
    if (i === this.counts.length) this.grow();
    this.fileIds[i] = fileId;
    this.startLines[i] = startLine;
    this.startCols[i] = startCol;
    this.endLines[i] = endLine;
    this.endCols[i] = endCol;
    this.counts[i] = count;
    this.length = i + 1;
  }

  /**
   * Calls `onFile` once per file id that has blocks, in id order, with its lines (ascending)
   * and their hits. The arrays are scratch space, valid only during the call. Repeats of the
   * same block (same range) are summed, or or-ed when `sum` is false (`set` mode); a line
   * covered by several distinct blocks takes the highest of their counts. The budget (see
   * goLineBudget) is spent; ReportParseError when it runs out.
   */
  forEachFile(
    fileCount: number,
    sum: boolean,
    budget: { lines: number; visits: number },
    onFile: (fileId: number, lines: Uint32Array, hits: Float64Array) => void,
  ): void {
    const n = this.length;
    const offsets = new Uint32Array(fileCount + 1);
    for (let i = 0; i < n; i++) {
      const f = (this.fileIds[i] as number) + 1;
      offsets[f] = (offsets[f] as number) + 1;
    }
    for (let f = 0; f < fileCount; f++) offsets[f + 1] = (offsets[f + 1] as number) + (offsets[f] as number);
    const order = new Uint32Array(n);
    const fill = offsets.slice(0, fileCount);
    for (let i = 0; i < n; i++) {
      const f = this.fileIds[i] as number;
      order[(fill[f] as number)++] = i;
    }
    const scratch = new Float64Array(n);
    const distinct = { startLines: new Uint32Array(n), endLines: new Uint32Array(n), counts: new Float64Array(n), length: 0 };
    const out = new LineScratch();
    for (let f = 0; f < fileCount; f++) {
      const start = offsets[f] as number;
      const end = offsets[f + 1] as number;
      if (start === end) continue;
      this.sortFile(order, start, end, scratch);
      this.mergeRepeats(order, start, end, sum, distinct);
      const total = out.fill(distinct, budget);
      onFile(f, out.lines.subarray(0, total), out.hits.subarray(0, total));
    }
  }

  /**
   * Sorts order[start..end) by (start line, start column, end line, end column, row). Go writes
   * a file's blocks nearly in order (a nested block after its parent), so insertion sort does a
   * few shifts per block; past a budget of shifts (hostile order) the native sort takes over.
   */
  private sortFile(order: Uint32Array, start: number, end: number, scratch: Float64Array): void {
    const rows = order.subarray(start, end);
    let budget = 8 * rows.length + 64;
    for (let i = 1; i < rows.length; i++) {
      const x = rows[i] as number;
      let j = i - 1;
      while (j >= 0 && this.compare(rows[j] as number, x) > 0) {
        rows[j + 1] = rows[j] as number;
        j--;
      }
      rows[j + 1] = x;
      budget -= i - 1 - j;
      if (budget < 0) {
        this.sortLarge(rows, scratch);
        return;
      }
    }
  }

  private sortLarge(rows: Uint32Array, scratch: Float64Array): void {
    const n = rows.length;
    if (n > PACKED_INDEX_LIMIT) {
      rows.sort((a, b) => this.compare(a, b));
      return;
    }
    const packed = scratch.subarray(0, n);
    for (let k = 0; k < n; k++) packed[k] = (this.startLines[rows[k] as number] as number) * PACKED_INDEX_LIMIT + k;
    packed.sort();
    const unsorted = rows.slice();
    for (let k = 0; k < n; k++) rows[k] = unsorted[(packed[k] as number) % PACKED_INDEX_LIMIT] as number;
    // Runs of one start line: a few blocks, times the number of repeats of the profile.
    for (let a = 0; a < n; ) {
      const line = this.startLines[rows[a] as number];
      let b = a + 1;
      while (b < n && this.startLines[rows[b] as number] === line) b++;
      if (b - a > 1) this.sortRun(rows, a, b);
      a = b;
    }
  }

  private sortRun(rows: Uint32Array, start: number, end: number): void {
    rows.subarray(start, end).sort((a, b) => this.compare(a, b));
  }

  /** Block order, ties broken by row so that sorting is stable. */
  private compare(a: number, b: number): number {
    return (
      (this.startLines[a] as number) - (this.startLines[b] as number) ||
      (this.startCols[a] as number) - (this.startCols[b] as number) ||
      (this.endLines[a] as number) - (this.endLines[b] as number) ||
      (this.endCols[a] as number) - (this.endCols[b] as number) ||
      a - b
    );
  }

  private sameRange(a: number, b: number): boolean {
    return (
      this.startLines[a] === this.startLines[b] &&
      this.startCols[a] === this.startCols[b] &&
      this.endLines[a] === this.endLines[b] &&
      this.endCols[a] === this.endCols[b]
    );
  }

  private mergeRepeats(order: Uint32Array, start: number, end: number, sum: boolean, out: DistinctBlocks): void {
    let w = 0;
    let prev = -1;
    for (let k = start; k < end; k++) {
      const i = order[k] as number;
      const count = this.counts[i] as number;
      if (prev >= 0 && this.sameRange(prev, i)) {
        const merged = out.counts[w - 1] as number;
        out.counts[w - 1] = sum ? merged + count : Math.max(merged, count);
        continue;
      }
      out.startLines[w] = this.startLines[i] as number;
      out.endLines[w] = this.endLines[i] as number;
      out.counts[w] = count;
      w++;
      prev = i;
    }
    out.length = w;
  }

  private grow(): void {
    const size = this.counts.length * 2;
    this.fileIds = grownUint32(this.fileIds, size);
    this.startLines = grownUint32(this.startLines, size);
    this.startCols = grownUint32(this.startCols, size);
    this.endLines = grownUint32(this.endLines, size);
    this.endCols = grownUint32(this.endCols, size);
    const counts = new Float64Array(size);
    counts.set(this.counts);
    this.counts = counts;
  }
}

/** A file's distinct blocks sorted by start line, in scratch arrays of which `length` are used. */
interface DistinctBlocks {
  readonly startLines: Uint32Array;
  readonly endLines: Uint32Array;
  readonly counts: Float64Array;
  length: number;
}

/**
 * Reused output arrays: each line of each block, with the highest count of the blocks over it.
 * Sorted by start line, the blocks' ranges fall into runs of touching or overlapping ranges
 * that are filled densely, so the work is the number of lines covered, never the distance
 * between runs.
 */
class LineScratch {
  lines = new Uint32Array(4096);
  hits = new Float64Array(4096);

  /** Fills lines and hits from the start; returns how many, taken from the budget. */
  fill(blocks: DistinctBlocks, budget: { lines: number; visits: number }): number {
    const { startLines, endLines, counts, length: n } = blocks;
    let { lines, hits } = this;
    let size = 0;
    /** The current run: lines lo..hi, lo at index base. */
    let base = 0;
    let lo = 0;
    let hi = -1;
    for (let i = 0; i < n; i++) {
      const from = startLines[i] as number;
      const to = endLines[i] as number;
      const count = counts[i] as number;
      if (from > hi + 1) {
        base = size;
        lo = from;
        hi = from - 1;
      }
      if (to > hi) {
        const grown = base + to - lo + 1;
        if (grown > budget.lines) throw new ReportParseError(0, 'blocks cover more lines than a coverprofile of this size can hold: not a real coverprofile');
        if (grown > lines.length) {
          this.grow(grown, budget.lines);
          ({ lines, hits } = this);
        }
        for (let line = hi + 1; line <= to; line++, size++) {
          lines[size] = line;
          hits[size] = -1;
        }
        hi = to;
      }
      budget.visits -= to - from + 1;
      if (budget.visits < 0) throw new ReportParseError(0, 'blocks overlap far more than in a real coverprofile');
      for (let k = base + from - lo, last = base + to - lo; k <= last; k++) {
        if (count > (hits[k] as number)) hits[k] = count;
      }
    }
    budget.lines -= size;
    return size;
  }

  /** Room for `needed` lines (doubling, but never past `limit`, the most a fill may hold). */
  private grow(needed: number, limit: number): void {
    const size = Math.min(Math.max(needed, this.lines.length * 2), limit);
    const lines = new Uint32Array(size);
    const hits = new Float64Array(size);
    lines.set(this.lines);
    hits.set(this.hits);
    this.lines = lines;
    this.hits = hits;
  }
}

function grownUint32(array: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(size);
  next.set(array);
  return next;
}
