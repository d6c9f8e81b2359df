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

  build(): FileCoverageData {
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
    for (const [name, testLines] of this.testLines) tests.set(name, sortedUnique(testLines.toArray()));
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
      names: this.functionNames.slice(),
      startLines: this.functionStarts.toArray(),
      endLines: this.functionEnds.toArray(),
      hits: this.functionHits.toArray(),
    };
  }

  private buildBranches(): BranchDetail {
    const count = this.branchLines.length;
    if (this.branchesStrictlySorted()) {
      return {
        lines: this.branchLines.toArray(),
        blocks: this.branchBlocks.toArray(),
        branches: this.branchIds.toArray(),
        taken: this.branchTaken.toArray(),
        labels: this.branchLabels.slice(),
      };
    }
    const order = Array.from({ length: count }, (_, i) => i);
    // Stable sort by (line, block, branch); then sum duplicates of the same key.
    order.sort(
      (a, b) =>
        this.branchLines.get(a) - this.branchLines.get(b) ||
        this.branchBlocks.get(a) - this.branchBlocks.get(b) ||
        this.branchIds.get(a) - this.branchIds.get(b) ||
        a - b,
    );
    const lines = new GrowableUint32(Math.max(count, 1));
    const blocks = new GrowableUint32(Math.max(count, 1));
    const branches = new GrowableUint32(Math.max(count, 1));
    const taken = new GrowableFloat64(Math.max(count, 1));
    const labels: string[] = [];
    for (const i of order) {
      const line = this.branchLines.get(i);
      const block = this.branchBlocks.get(i);
      const branch = this.branchIds.get(i);
      const t = this.branchTaken.get(i);
      const label = this.branchLabels[i] as string;
      const last = lines.length - 1;
      if (
        last >= 0 &&
        lines.get(last) === line &&
        blocks.get(last) === block &&
        branches.get(last) === branch &&
        labels[last] === label
      ) {
        taken.set(last, addTaken(taken.get(last), t));
        continue;
      }
      lines.push(line);
      blocks.push(block);
      branches.push(branch);
      taken.push(t);
      labels.push(label);
    }
    return {
      lines: lines.toArray(),
      blocks: blocks.toArray(),
      branches: branches.toArray(),
      taken: taken.toArray(),
      labels,
    };
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
  if (sorted) return { lines: lineNumbers.toArray(), hits: lineHits.toArray() };
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => lineNumbers.get(a) - lineNumbers.get(b) || a - b);
  const lines = new GrowableUint32(Math.max(n, 1));
  const hits = new GrowableFloat64(Math.max(n, 1));
  for (const i of order) {
    const line = lineNumbers.get(i);
    const h = lineHits.get(i);
    if (lines.length > 0 && lines.get(lines.length - 1) === line) {
      hits.set(hits.length - 1, addHits(hits.get(hits.length - 1), h));
    } else {
      lines.push(line);
      hits.push(h);
    }
  }
  return { lines: lines.toArray(), hits: hits.toArray() };
}

function sortedUnique(values: Uint32Array): Uint32Array {
  values.sort();
  let w = 0;
  for (let r = 0; r < values.length; r++) {
    if (w === 0 || values[r] !== values[w - 1]) values[w++] = values[r] as number;
  }
  return values.slice(0, w);
}
