import { GrowableUint32 } from './growable';
import { type CoverageTotals, emptyTotals, type FileCoverageData, type FileCounts, addFileTotals, fileTotals } from './model';
import { PackedFileCoverage } from './packedFile';
import { type EncodedNames, isStrings, NameList, type NameListParts, NameRange } from './nameList';
import { PathTable, type PathTableParts } from './pathTable';
import { isSharedNoLabels, noLabels } from './sortRecords';

/** One row per file in `rows`: where its packed columns are, their widths, its counts, and where its function names are in `names`. */
const enum Row {
  Buffer,
  Offset,
  Widths,
  Lines,
  Branches,
  Functions,
  LinesHit,
  BranchesHit,
  FunctionsHit,
  FirstName,
}
const ROW = 10;
/** Row.Buffer of a file that has only counts: its detail is built when asked (setLazyDetail). */
const LAZY = 0xffffffff;

/** Builds the detail of a counts-only file (FileTable.fillCounts) when it is asked for; throws when it cannot. */
export type LazyDetail = (at: number, path: string, counts: FileCounts) => FileCoverageData;

/** What few files have: per-test lines, branch labels. */
interface Extras {
  readonly tests: ReadonlyMap<string, Uint32Array>;
  readonly labels: readonly string[];
}

/**
 * A FileTable as plain arrays and maps, for a worker thread to post (its buffers transferred):
 * see FileTable.toParts and appendParts. `extras` holds the few files with per-test lines or
 * branch labels.
 */
export interface FileTableParts {
  readonly paths: PathTableParts;
  readonly rows: Uint32Array;
  readonly buffers: readonly ArrayBuffer[];
  readonly extras: readonly (readonly [number, PortableExtras])[];
  readonly names: NameListParts;
}

interface PortableExtras {
  readonly tests: ReadonlyMap<string, Uint32Array>;
  /** Absent when every label is empty. */
  readonly labels: readonly string[] | undefined;
}

const NO_TESTS: ReadonlyMap<string, Uint32Array> = new Map();
const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_BUFFER = new ArrayBuffer(0);

/**
 * The files of one report, stored by the report rather than by the file: its paths as bytes in
 * one PathTable, a row of numbers per file in one growable array (where its packed columns are,
 * its counts, where its function names are), the function names as bytes in one NameList, and
 * the few things only some files have (per-test lines, branch labels) aside. A report of a
 * million small files so holds a few large arrays, not a million strings, Map entries and
 * objects that every scavenge would copy: a file's object (PackedFileCoverage) and its path
 * string are made when the file is read (get, iteration), and dropped by the reader. Insertion order is report order; a path given again keeps its place.
 * A parser adds a file in two steps: intern its path (a row of an empty file), then fill it.
 */
export class FileTable implements ReadonlyMap<string, FileCoverageData> {
  private readonly paths = new PathTable();
  private readonly rows = new GrowableUint32(ROW * 1024);
  private readonly buffers: ArrayBuffer[] = [];
  private readonly names = new NameList();
  private readonly extras = new Map<number, Extras>();
  /** Files given as objects (setAt): a file built elsewhere, or one that replaced a packed row. */
  private readonly objects = new Map<number, FileCoverageData>();
  /** Test names of counts-only files that have per-test lines. */
  private readonly lazyTestNames = new Map<number, readonly string[]>();
  /** Counts-only files whose detail was asked for by path (get): kept, as the editor asks again for the files it shows. */
  private readonly lazyBuilt = new Map<number, FileCoverageData>();
  private lazyDetail: LazyDetail | undefined;

  get size(): number {
    return this.paths.size;
  }

  /** The index of the path in buf[start, end); a new path gets the row of an empty file (size grows). */
  intern(buf: Uint8Array, start: number, end: number): number {
    return this.row(this.paths.intern(buf, start, end));
  }

  /** intern() for a path given as a string. */
  internString(path: string): number {
    return this.row(this.paths.internString(path));
  }

  pathAt(at: number): string {
    return this.paths.pathAt(at);
  }

  /** The file at index `at` from its packed columns (see PackedFileCoverage); `names` are copied (a parser's scratch array is fine). */
  fillPacked(
    at: number,
    tests: ReadonlyMap<string, Uint32Array>,
    buffer: ArrayBuffer,
    offset: number,
    widths: number,
    counts: FileCounts,
    labels: readonly string[],
    names: readonly string[] | EncodedNames,
  ): void {
    this.objects.delete(at);
    this.lazyTestNames.delete(at);
    this.lazyBuilt.delete(at);
    const rows = this.rows;
    const base = at * ROW;
    rows.set(base + Row.Buffer, this.bufferIndex(buffer));
    rows.set(base + Row.Offset, offset);
    rows.set(base + Row.Widths, widths);
    this.setCounts(base, counts);
    rows.set(base + Row.FirstName, counts.functions === 0 ? 0 : isStrings(names) ? this.names.add(names) : this.names.addEncoded(names));
    const ownLabels = !isSharedNoLabels(labels);
    if (tests.size > 0 || ownLabels) this.extras.set(at, { tests, labels: ownLabels ? labels : noLabels(counts.branches) });
    else this.extras.delete(at);
  }

  /**
   * The file at index `at` as its counts only, and the names of its tests: its detail is built
   * by the table's LazyDetail when first read.
   */
  fillCounts(at: number, counts: FileCounts, testNames: readonly string[]): void {
    this.objects.delete(at);
    this.extras.delete(at);
    this.lazyBuilt.delete(at);
    const rows = this.rows;
    const base = at * ROW;
    rows.set(base + Row.Buffer, LAZY);
    rows.set(base + Row.Offset, 0);
    rows.set(base + Row.Widths, 0);
    this.setCounts(base, counts);
    rows.set(base + Row.FirstName, 0);
    if (testNames.length > 0) this.lazyTestNames.set(at, testNames);
    else this.lazyTestNames.delete(at);
  }

  private setCounts(base: number, counts: FileCounts): void {
    const rows = this.rows;
    rows.set(base + Row.Lines, counts.lines);
    rows.set(base + Row.Branches, counts.branches);
    rows.set(base + Row.Functions, counts.functions);
    rows.set(base + Row.LinesHit, counts.linesHit);
    rows.set(base + Row.BranchesHit, counts.branchesHit);
    rows.set(base + Row.FunctionsHit, counts.functionsHit);
  }

  /** How the detail of counts-only files (fillCounts) is built. */
  setLazyDetail(detail: LazyDetail): void {
    this.lazyDetail = detail;
  }

  /** The file at index `at` as an object. */
  setAt(at: number, file: FileCoverageData): void {
    this.extras.delete(at);
    this.lazyTestNames.delete(at);
    this.lazyBuilt.delete(at);
    this.objects.set(at, file);
  }

  /** Adds (or replaces) the file at `path` as an object. */
  set(path: string, file: FileCoverageData): this {
    this.setAt(this.internString(path), file);
    return this;
  }

  has(path: string): boolean {
    return this.paths.indexOf(path) >= 0;
  }

  get(path: string): FileCoverageData | undefined {
    const at = this.paths.indexOf(path);
    if (at < 0) return undefined;
    if (!this.isLazy(at)) return this.fileAt(at);
    let built = this.lazyBuilt.get(at);
    if (built === undefined) {
      built = this.fileAt(at);
      this.lazyBuilt.set(at, built);
    }
    return built;
  }

  /** Whether any file names the tests that ran it (no file object is made). */
  hasTests(): boolean {
    for (const extras of this.extras.values()) if (extras.tests.size > 0) return true;
    if (this.lazyTestNames.size > 0) return true;
    for (const file of this.objects.values()) if (file.tests.size > 0) return true;
    return false;
  }

  /** The file's totals (a file of one), read from its row (no file object is made for a packed file). */
  totalsAt(at: number): CoverageTotals {
    const { lines, linesHit, branches, branchesHit, functions, functionsHit } = this.countsAt(at, scratchCounts);
    return { files: 1, lines, linesHit, branches, branchesHit, functions, functionsHit };
  }

  /** Pushes the file's lines, lines hit, branches, branches hit, functions, functions hit (no file object is made for a packed file). */
  countsInto(at: number, into: number[]): void {
    const { lines, linesHit, branches, branchesHit, functions, functionsHit } = this.countsAt(at, scratchCounts);
    into.push(lines, linesHit, branches, branchesHit, functions, functionsHit);
  }

  /** Each file's path and counts, in order; `counts` is reused between calls (no file object is made for a packed file). */
  forEachCounts(visit: (path: string, counts: FileCounts) => void): void {
    const counts = newCounts();
    for (let at = 0; at < this.size; at++) visit(this.objects.get(at)?.path ?? this.pathAt(at), this.countsAt(at, counts));
  }

  /** Whether a file at an index in [from, to) has a line hit (no file object is made for a packed file). */
  anyLineHit(from: number, to: number): boolean {
    for (let at = from; at < to; at++) {
      const object = this.objects.get(at);
      if (object !== undefined ? fileTotals(object).linesHit > 0 : this.rows.get(at * ROW + Row.LinesHit) > 0) return true;
    }
    return false;
  }

  /** The tests the file at `at` names (no file object is made for a packed file). */
  testNamesAt(at: number): readonly string[] {
    const lazyNames = this.lazyTestNames.get(at);
    if (lazyNames !== undefined) return lazyNames;
    const tests = this.objects.get(at)?.tests ?? this.extras.get(at)?.tests;
    return tests === undefined || tests.size === 0 ? NO_NAMES : [...tests.keys()];
  }

  /** Totals over every file, from the rows (no file object is made for a packed file). */
  totals(): CoverageTotals {
    const totals = emptyTotals();
    const counts = newCounts();
    for (let at = 0; at < this.size; at++) {
      const { lines, linesHit, branches, branchesHit, functions, functionsHit } = this.countsAt(at, counts);
      totals.files += 1;
      totals.lines += lines;
      totals.branches += branches;
      totals.functions += functions;
      totals.linesHit += linesHit;
      totals.branchesHit += branchesHit;
      totals.functionsHit += functionsHit;
    }
    return totals;
  }

  /** The file's six counts: a packed file's from its row, written into `counts` (reused); a file object's, counted afresh. */
  private countsAt(at: number, counts: MutableCounts): FileCounts {
    const object = this.objects.get(at);
    if (object !== undefined) return countsOf(object);
    const rows = this.rows;
    const base = at * ROW;
    counts.lines = rows.get(base + Row.Lines);
    counts.linesHit = rows.get(base + Row.LinesHit);
    counts.branches = rows.get(base + Row.Branches);
    counts.branchesHit = rows.get(base + Row.BranchesHit);
    counts.functions = rows.get(base + Row.Functions);
    counts.functionsHit = rows.get(base + Row.FunctionsHit);
    return counts;
  }

  *keys(): MapIterator<string> {
    for (let at = 0; at < this.size; at++) yield this.pathAt(at);
  }

  *values(): MapIterator<FileCoverageData> {
    for (let at = 0; at < this.size; at++) yield this.fileAt(at);
  }

  *entries(): MapIterator<[string, FileCoverageData]> {
    for (let at = 0; at < this.size; at++) {
      const file = this.fileAt(at);
      yield [file.path, file];
    }
  }

  [Symbol.iterator](): MapIterator<[string, FileCoverageData]> {
    return this.entries();
  }

  forEach(callback: (value: FileCoverageData, key: string, map: ReadonlyMap<string, FileCoverageData>) => void, thisArg?: unknown): void {
    for (let at = 0; at < this.size; at++) {
      const file = this.fileAt(at);
      callback.call(thisArg, file, file.path, this);
    }
  }

  /** The file at index `at`: a new object for a packed file (its reader keeps it or drops it). */
  fileAt(at: number): FileCoverageData {
    const object = this.objects.get(at);
    if (object !== undefined) return object;
    if (this.isLazy(at)) return this.lazyBuilt.get(at) ?? this.buildLazy(at);
    const rows = this.rows;
    const base = at * ROW;
    const branches = rows.get(base + Row.Branches);
    const functions = rows.get(base + Row.Functions);
    const extras = this.extras.get(at);
    return new PackedFileCoverage(
      this.pathAt(at),
      extras?.tests ?? NO_TESTS,
      this.buffers[rows.get(base + Row.Buffer)] ?? NO_BUFFER,
      rows.get(base + Row.Offset),
      rows.get(base + Row.Widths),
      rows.get(base + Row.Lines),
      branches,
      functions,
      extras?.labels ?? noLabels(branches),
      functions === 0 ? NO_NAMES : new NameRange(this.names, rows.get(base + Row.FirstName), functions),
      rows.get(base + Row.LinesHit),
      rows.get(base + Row.BranchesHit),
      rows.get(base + Row.FunctionsHit),
    );
  }

  /**
   * The table as parts (FileTableParts) for another thread: every file becomes a row (a file given
   * as an object must be a PackedFileCoverage). The table must not be used afterwards.
   */
  toParts(): FileTableParts {
    for (let at = 0; at < this.size; at++) if (this.isLazy(at)) throw new Error(`FileTable.toParts: file ${at} has counts only`);
    for (const [at, file] of this.objects) {
      if (!(file instanceof PackedFileCoverage)) throw new Error(`FileTable.toParts: file ${at} is not packed`);
      const { buffer, offset, widths, counts, labels, names } = file.packedColumns();
      this.fillPacked(at, file.tests, buffer, offset, widths, counts, labels, names);
    }
    const extras: [number, PortableExtras][] = [];
    for (const [at, extra] of this.extras) {
      const labels = isSharedNoLabels(extra.labels) || extra.labels.every((label) => label === '') ? undefined : extra.labels;
      if (extra.tests.size > 0 || labels !== undefined) extras.push([at, { tests: extra.tests, labels }]);
    }
    return { paths: this.paths.parts(), rows: this.rows.view(), buffers: this.buffers, extras, names: this.names.parts() };
  }

  /** Whether a path of `parts` is in this table. */
  sharesPathWith(parts: FileTableParts): boolean {
    const { bytes, starts } = parts.paths;
    for (let i = 0; i + 1 < starts.length; i++) if (this.paths.indexOfBytes(bytes, starts[i] as number, starts[i + 1] as number) >= 0) return true;
    return false;
  }

  /** Appends the files of `parts` after this table's, in their order; none of their paths may be in this table. */
  appendParts(parts: FileTableParts): void {
    const { bytes, starts } = parts.paths;
    const first = this.size;
    const bufferBase = this.buffers.length;
    this.buffers.push(...parts.buffers);
    const paths = this.paths;
    paths.reserve(starts.length - 1, bytes.length);
    for (let i = 0; i + 1 < starts.length; i++) {
      if (paths.intern(bytes, starts[i] as number, starts[i + 1] as number) !== first + i) throw new Error('FileTable.appendParts: a path is already in the table');
    }
    const rows = this.rows;
    rows.reserve(parts.rows.length);
    rows.append(parts.rows);
    const nameBase = this.names.appendParts(parts.names);
    for (let at = first; at < this.size; at++) {
      const base = at * ROW;
      rows.set(base + Row.Buffer, bufferBase + rows.get(base + Row.Buffer));
      rows.set(base + Row.FirstName, nameBase + rows.get(base + Row.FirstName));
    }
    for (const [i, { tests, labels }] of parts.extras) this.extras.set(first + i, { tests, labels: labels ?? noLabels(parts.rows[i * ROW + Row.Branches] as number) });
  }

  /** Whether the file at `at` has its counts only (fillCounts). */
  isLazy(at: number): boolean {
    return !this.objects.has(at) && this.rows.get(at * ROW + Row.Buffer) === LAZY;
  }

  private buildLazy(at: number): FileCoverageData {
    const detail = this.lazyDetail;
    if (detail === undefined) throw new Error(`FileTable: file ${at} has counts only and no way to build its detail`);
    return detail(at, this.pathAt(at), { ...this.countsAt(at, newCounts()) });
  }

  /** A new path's index gets a row of zeros: an empty file until filled. */
  private row(at: number): number {
    if (this.rows.length === at * ROW) for (let i = 0; i < ROW; i++) this.rows.push(0);
    return at;
  }

  /** Arena slabs come in runs (one slab holds many files in a row): only a new one is added. */
  private bufferIndex(buffer: ArrayBuffer): number {
    const last = this.buffers.length - 1;
    if (last >= 0 && this.buffers[last] === buffer) return last;
    this.buffers.push(buffer);
    return last + 1;
  }
}

/** Each file's path and counts, in order (see FileTable.forEachCounts; `counts` may be reused between calls). */
export function forEachFileCounts(files: ReadonlyMap<string, FileCoverageData>, visit: (path: string, counts: FileCounts) => void): void {
  if (files instanceof FileTable) files.forEachCounts(visit);
  else for (const file of files.values()) visit(file.path, countsOf(file));
}

type MutableCounts = { -readonly [K in keyof FileCounts]: number };

function newCounts(): MutableCounts {
  return { lines: 0, linesHit: 0, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 };
}

/** countsInto's row reads: copied out before it returns, so one object serves every call (no allocation per file). */
const scratchCounts = newCounts();

function countsOf(file: FileCoverageData): FileCounts {
  const { lines, linesHit, branches, branchesHit, functions, functionsHit } = fileTotals(file);
  return { lines, linesHit, branches, branchesHit, functions, functionsHit };
}

/** Totals of a report's files: a FileTable sums its rows; any other map, its files. */
export function filesTotals(files: ReadonlyMap<string, FileCoverageData>): CoverageTotals {
  if (files instanceof FileTable) return files.totals();
  const totals = emptyTotals();
  for (const file of files.values()) addFileTotals(totals, file);
  return totals;
}
