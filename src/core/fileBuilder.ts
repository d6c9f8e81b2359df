import { GrowableFloat64, GrowableUint32 } from './growable';
import {
  type BranchDetail,
  type FileCoverageData,
  type FunctionDetail,
  LineStatus,
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
  private readonly branchLabels: string[] = [];
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
    for (let i = 0; i < lines.length; i++) this.branchLabels.push(labels?.[i] ?? '');
  }

  addBranch(line: number, block: number, branch: number, taken: number, label = ''): void {
    this.branchLines.push(line);
    this.branchBlocks.push(block);
    this.branchIds.push(branch);
    this.branchTaken.push(taken);
    this.branchLabels.push(label);
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

  /**
   * Call once, after the last add: the result takes over the collected arrays where they are
   * already exact (no copy), so the builder is spent. A repeated call returns the same result.
   */
  build(): FileCoverageData {
    this.built ??= this.buildOnce();
    return this.built;
  }

  private buildOnce(): FileCoverageData {
    const { lines, hits } = mergeLines(this.lineNumbers, this.lineHits);
    const branchDetail = this.buildBranches();
    const branchesTotal = new Uint32Array(lines.length);
    const branchesCovered = new Uint32Array(lines.length);
    let cursor = 0;
    for (let b = 0; b < branchDetail.lines.length; b++) {
      const line = branchDetail.lines[b] as number;
      while (cursor < lines.length && (lines[cursor] as number) < line) cursor++;
      if (cursor < lines.length && lines[cursor] === line) {
        branchesTotal[cursor] = (branchesTotal[cursor] as number) + 1;
        if ((branchDetail.taken[b] as number) > 0) branchesCovered[cursor] = (branchesCovered[cursor] as number) + 1;
      }
    }
    const status = new Uint8Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const h = hits[i] as number;
      if (h === 0) status[i] = LineStatus.Uncovered;
      else if ((branchesCovered[i] as number) < (branchesTotal[i] as number)) status[i] = LineStatus.Partial;
      else status[i] = LineStatus.Covered;
    }
    const tests = new Map<string, Uint32Array>();
    for (const [name, testLines] of this.testLines) tests.set(name, sortedUnique(testLines.take()));
    return {
      path: this.path,
      lines,
      hits,
      status,
      branchesTotal,
      branchesCovered,
      branchDetail,
      functions: this.buildFunctions(),
      tests,
    };
  }

  private buildFunctions(): FunctionDetail {
    return {
      names: this.functionNames,
      startLines: this.functionStarts.take(),
      endLines: this.functionEnds.take(),
      hits: this.functionHits.take(),
    };
  }

  private buildBranches(): BranchDetail {
    const count = this.branchLines.length;
    if (this.branchesStrictlySorted()) {
      return {
        lines: this.branchLines.take(),
        blocks: this.branchBlocks.take(),
        branches: this.branchIds.take(),
        taken: this.branchTaken.take(),
        labels: this.branchLabels,
      };
    }
    // Stable sort by (line, block, branch); then sum duplicates of the same key and label.
    const order = stableOrder(this.branchLines);
    for (let start = 0; start < count; ) {
      const line = this.branchLines.get(order[start] as number);
      let end = start + 1;
      while (end < count && this.branchLines.get(order[end] as number) === line) end++;
      if (end - start > 1) sortByBlockAndBranch(order, start, end, this.branchBlocks, this.branchIds);
      start = end;
    }
    const lines = new Uint32Array(count);
    const blocks = new Uint32Array(count);
    const branches = new Uint32Array(count);
    const taken = new Float64Array(count);
    const labels: string[] = [];
    let w = 0;
    for (let k = 0; k < count; k++) {
      const i = order[k] as number;
      const line = this.branchLines.get(i);
      const block = this.branchBlocks.get(i);
      const branch = this.branchIds.get(i);
      const t = this.branchTaken.get(i);
      const label = this.branchLabels[i] as string;
      if (w > 0 && lines[w - 1] === line && blocks[w - 1] === block && branches[w - 1] === branch && labels[w - 1] === label) {
        taken[w - 1] = addTaken(taken[w - 1] as number, t);
        continue;
      }
      lines[w] = line;
      blocks[w] = block;
      branches[w] = branch;
      taken[w] = t;
      labels.push(label);
      w++;
    }
    if (w === count) return { lines, blocks, branches, taken, labels };
    return { lines: lines.slice(0, w), blocks: blocks.slice(0, w), branches: branches.slice(0, w), taken: taken.slice(0, w), labels };
  }

  /** Already in (line, block, branch) order with no repeated key: nothing to sort or merge. */
  private branchesStrictlySorted(): boolean {
    for (let i = 1; i < this.branchLines.length; i++) {
      const line = this.branchLines.get(i) - this.branchLines.get(i - 1);
      if (line > 0) continue;
      if (line < 0) return false;
      const block = this.branchBlocks.get(i) - this.branchBlocks.get(i - 1);
      if (block > 0) continue;
      if (block < 0 || this.branchIds.get(i) <= this.branchIds.get(i - 1)) return false;
    }
    return true;
  }
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

/** Sorts by line (stable) and sums the hits of repeated lines. */
function mergeLines(lineNumbers: GrowableUint32, lineHits: GrowableFloat64): { lines: Uint32Array; hits: Float64Array } {
  const n = lineNumbers.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (lineNumbers.get(i) <= lineNumbers.get(i - 1)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return { lines: lineNumbers.take(), hits: lineHits.take() };
  const order = stableOrder(lineNumbers);
  const lines = new Uint32Array(n);
  const hits = new Float64Array(n);
  let w = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const line = lineNumbers.get(i);
    const h = lineHits.get(i);
    if (w > 0 && lines[w - 1] === line) {
      hits[w - 1] = addHits(hits[w - 1] as number, h);
    } else {
      lines[w] = line;
      hits[w] = h;
      w++;
    }
  }
  return w === n ? { lines, hits } : { lines: lines.slice(0, w), hits: hits.slice(0, w) };
}

/** Up to this many entries, the index fits beside a 32-bit key in a double's 53 bits. */
const PACKED_INDEX_LIMIT = 2 ** 21;

/** Indices 0..n-1 stably sorted by key; a comparator-free numeric sort when it can. */
function stableOrder(keys: GrowableUint32): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  if (n <= PACKED_INDEX_LIMIT) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys.get(i) * PACKED_INDEX_LIMIT + i;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = (packed[i] as number) % PACKED_INDEX_LIMIT;
  } else {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => keys.get(a) - keys.get(b) || a - b);
  }
  return order;
}

/** Stably sorts order[start..end) by (block, branch): insertion sort for the usual few. */
function sortByBlockAndBranch(order: Uint32Array, start: number, end: number, blocks: GrowableUint32, ids: GrowableUint32): void {
  const after = (a: number, b: number): number => blocks.get(a) - blocks.get(b) || ids.get(a) - ids.get(b) || a - b;
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

function sortedUnique(values: Uint32Array): Uint32Array {
  values.sort();
  let w = 0;
  for (let r = 0; r < values.length; r++) {
    if (w === 0 || values[r] !== values[w - 1]) values[w++] = values[r] as number;
  }
  return values.slice(0, w);
}
