import { buildFileCoverage } from './buildFile';
import { GrowableFloat64, GrowableUint32 } from './growable';
import type { FileCoverageData } from './model';

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
