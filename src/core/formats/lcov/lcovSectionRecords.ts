import { BranchScratch, doubledFloat64, doubledUint32 } from '../../model/branchScratch';
import { emptyRecords, fillFileCoverage, fillFileCounts } from '../../model/buildFile';
import type { FileCoverageBuilder } from '../../model/fileBuilder';
import type { FileTable } from '../../model/fileTable';
import { GrowableUint32, PrefixView } from '../../model/growable';
import type { BufferArena } from '../../model/packedColumns';
import type { FunctionRecords } from './lcovFunctions';
import { COLON, COMMA, CR, NINE, NL, UPPER_A, UPPER_B, UPPER_D, UPPER_R, ZERO } from '../../bytes/byteCodes';
import { MAX_LINE } from './lcovBytes';
import { MAX_EXACT_DIGITS, readPlainBrda } from './lcovPlainRecords';

/**
 * The records of the LCOV section being read, in reused scratch arrays: its DA lines, its
 * branches and the lines each test hit. When the section ends, a path seen for the first time
 * is built straight from them into the report's FileTable (one arena range, no builder); a later
 * section of a path adds them to the path's builder.
 */
export class SectionRecords {
  private lines = new Uint32Array(1024);
  private hits = new Float64Array(1024);
  private count = 0;
  private readonly branches = new BranchScratch();
  /** Test name → lines that test hit in this section. */
  private tests: Map<string, GrowableUint32> | undefined;
  /** The view of the scratch arrays that buildInto hands over, reused. */
  private readonly records = emptyRecords();
  private readonly views = { lines: new PrefixView<Uint32Array>(), hits: new PrefixView<Float64Array>() };
  /** readPlainBrda's numbers. */
  private readonly plain = new Float64Array(4);

  constructor(private readonly functions: FunctionRecords) {}

  /** How many lines the last addPlainDaRun read. */
  runLines = 0;

  /**
   * The plain DA lines (`DA:<digits>,<digits>` then a line end) that follow each other from
   * `pos`, as addDa would take them; returns where the first other line starts (`pos` itself when
   * none is plain) and leaves their number in runLines. `end` is just past a newline. Most of a
   * report is such runs: one small loop of its own is compiled early and stays fast.
   */
  addPlainDaRun(buf: Uint8Array, pos: number, end: number, testName: string): number {
    let read = 0;
    while (pos < end && buf[pos] === UPPER_D && buf[pos + 1] === UPPER_A && buf[pos + 2] === COLON) {
      let p = pos + 3;
      const lineStart = p;
      let line = 0;
      let c = buf[p] as number;
      while (c >= ZERO && c <= NINE) {
        line = line * 10 + (c - ZERO);
        c = buf[++p] as number;
      }
      if (c !== COMMA || p === lineStart || p - lineStart > 10 || line === 0 || line > MAX_LINE) break;
      const hitsStart = ++p;
      let hits = 0;
      c = buf[p] as number;
      while (c >= ZERO && c <= NINE) {
        hits = hits * 10 + (c - ZERO);
        c = buf[++p] as number;
      }
      if (p === hitsStart || p - hitsStart > MAX_EXACT_DIGITS) break;
      if (c === NL) p++;
      else if (c === CR && buf[p + 1] === NL) p += 2;
      else break;
      if (this.count === this.lines.length) this.grow();
      this.lines[this.count] = line;
      this.hits[this.count++] = hits;
      if (hits > 0 && testName !== '') this.addTestLine(testName, line);
      pos = p;
      read++;
    }
    this.runLines = read;
    return pos;
  }

  /** The plain BRDA lines (readPlainBrda) that follow each other from `pos`, as addBranch would take them; returns where the first other line starts and leaves their number in runLines. */
  addPlainBrdaRun(buf: Uint8Array, pos: number, end: number): number {
    let read = 0;
    const plain = this.plain;
    while (pos < end && buf[pos] === UPPER_B && buf[pos + 1] === UPPER_R && buf[pos + 2] === UPPER_D && buf[pos + 3] === UPPER_A && buf[pos + 4] === COLON) {
      const next = readPlainBrda(buf, pos + 5, plain);
      if (next < 0) break;
      this.branches.push(plain[0] as number, plain[1] as number, plain[2] as number, plain[3] as number);
      pos = next;
      read++;
    }
    this.runLines = read;
    return pos;
  }

  /** A DA record; a hit line counts for the current test, if any. */
  addDa(line: number, hits: number, testName: string): void {
    if (this.count === this.lines.length) this.grow();
    this.lines[this.count] = line;
    this.hits[this.count++] = hits;
    if (hits > 0 && testName !== '') this.addTestLine(testName, line);
  }

  addBranch(line: number, block: number, branch: number, taken: number, label: string): void {
    this.branches.push(line, block, branch, taken, label);
  }

  /** A path's first section: its file, built into row `at` of the table. */
  buildInto(files: FileTable, at: number, arena: BufferArena, countsOnly = false): void {
    let tests: Map<string, Uint32Array> | undefined;
    if (this.tests !== undefined) {
      tests = new Map();
      for (const [name, lines] of this.tests) tests.set(name, lines.view());
    }
    const records = this.records;
    records.lines = this.views.lines.of(this.lines, this.count);
    records.hits = this.views.hits.of(this.hits, this.count);
    this.branches.recordsInto(records);
    this.functions.recordsInto(records);
    records.tests = tests;
    if (countsOnly) fillFileCounts(files, at, records, arena);
    else fillFileCoverage(files, at, records, arena);
  }

  /** A later section of a path: its records join the path's builder. */
  addTo(builder: FileCoverageBuilder): void {
    if (this.count > 0) builder.addLines(this.lines.subarray(0, this.count), this.hits.subarray(0, this.count));
    this.branches.addTo(builder);
    this.functions.addTo(builder);
    for (const [name, lines] of this.tests ?? []) {
      for (let i = 0; i < lines.length; i++) builder.addTestLine(name, lines.get(i));
    }
  }

  clear(): void {
    this.count = 0;
    this.branches.clear();
    this.functions.clear();
    this.tests = undefined;
  }

  private grow(): void {
    this.lines = doubledUint32(this.lines);
    this.hits = doubledFloat64(this.hits);
  }

  private addTestLine(testName: string, line: number): void {
    this.tests ??= new Map();
    let lines = this.tests.get(testName);
    if (lines === undefined) {
      lines = new GrowableUint32(16);
      this.tests.set(testName, lines);
    }
    lines.push(line);
  }
}
