import { BranchScratch } from './branchScratch';
import { buildFileCoverage, type FileCoverageRecords } from './buildFile';
import { FileCoverageBuilder } from './fileBuilder';
import { BufferArena } from './packedColumns';
import type { FileCoverageData } from './model';

/** Inputs of buildFileCoverage, which only reads them: safe to share. */
const NO_UINT32 = new Uint32Array(0);
const NO_FLOAT64 = new Float64Array(0);

/**
 * One file's records at a time in scratch arrays reused from file to file, handed to
 * buildFileCoverage as views: for parsers that read a whole file's data in one go (the JSON
 * formats), this skips a builder's per-file growth and copies.
 */
export class FileRecordsScratch {
  private lines = new Uint32Array(1024);
  private hits = new Float64Array(1024);
  private lineCount = 0;
  private readonly branches = new BranchScratch();
  private functionNames: string[] = [];
  private functionStarts = new Uint32Array(64);
  private functionEnds = new Uint32Array(64);
  private functionHits = new Float64Array(64);
  private tests: Map<string, number[]> | undefined;
  /** The built files' storage: one per report, as a scratch is. */
  private readonly arena = new BufferArena();

  /** Bulk lines: parallel arrays of equal length, copied. */
  addLines(lines: Uint32Array, hits: Float64Array): void {
    const needed = this.lineCount + lines.length;
    if (needed > this.lines.length) {
      const size = Math.max(needed, this.lines.length * 2);
      this.lines = grown(this.lines, new Uint32Array(size), this.lineCount);
      this.hits = grown(this.hits, new Float64Array(size), this.lineCount);
    }
    this.lines.set(lines, this.lineCount);
    this.hits.set(hits, this.lineCount);
    this.lineCount = needed;
  }

  addBranch(line: number, block: number, branch: number, taken: number, label = ''): void {
    this.branches.push(line, block, branch, taken, label);
  }


  addFunction(name: string, startLine: number, endLine: number, hits: number): void {
    const i = this.functionNames.length;
    if (i === this.functionStarts.length) {
      const size = 2 * i;
      this.functionStarts = grown(this.functionStarts, new Uint32Array(size), i);
      this.functionEnds = grown(this.functionEnds, new Uint32Array(size), i);
      this.functionHits = grown(this.functionHits, new Float64Array(size), i);
    }
    this.functionNames.push(name);
    this.functionStarts[i] = startLine;
    this.functionEnds[i] = endLine;
    this.functionHits[i] = hits;
  }

  addTestLine(test: string, line: number): void {
    const tests = (this.tests ??= new Map<string, number[]>());
    const lines = tests.get(test);
    if (lines === undefined) tests.set(test, [line]);
    else lines.push(line);
  }

  /**
   * Builds the file from the records so far and empties the scratch. A path already in
   * `files` (a file reported twice) is merged by FileCoverageBuilder's rules.
   */
  buildInto(files: Map<string, FileCoverageData>, path: string): void {
    const records = this.records();
    const existing = files.get(path);
    if (existing === undefined) {
      files.set(path, buildFileCoverage(path, records, this.arena));
    } else {
      const builder = new FileCoverageBuilder(path);
      builder.addFile(existing);
      builder.addFile(buildFileCoverage(path, records));
      files.set(path, builder.build());
    }
    this.lineCount = 0;
    this.branches.clear();
    this.functionNames = [];
    this.tests = undefined;
  }

  private records(): FileCoverageRecords {
    let tests: Map<string, Uint32Array> | undefined;
    if (this.tests !== undefined) {
      tests = new Map();
      for (const [name, lines] of this.tests) tests.set(name, Uint32Array.from(lines));
    }
    const f = this.functionNames.length;
    return {
      lines: this.lines.subarray(0, this.lineCount),
      hits: this.hits.subarray(0, this.lineCount),
      ...this.branches.records(),
      functionNames: this.functionNames,
      functionStarts: f === 0 ? NO_UINT32 : this.functionStarts.subarray(0, f),
      functionEnds: f === 0 ? NO_UINT32 : this.functionEnds.subarray(0, f),
      functionHits: f === 0 ? NO_FLOAT64 : this.functionHits.subarray(0, f),
      tests,
    };
  }
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T, length: number): T {
  to.set(from.subarray(0, length));
  return to;
}
