/**
 * The format-independent coverage model. Every parser produces it; the worker keeps it;
 * only one file's arrays at a time cross to the extension host.
 *
 * Lines are 1-based everywhere in core (as in every report format).
 */

export type CoverageFormat =
  | 'lcov'
  | 'cobertura'
  | 'jacoco'
  | 'clover'
  | 'istanbul'
  | 'go'
  | 'coveragepy'
  | 'llvm'
  | 'codecov';

/** Per-line status. Numbers so they fit a Uint8Array. */
export const LineStatus = {
  Uncovered: 0,
  Partial: 1,
  Covered: 2,
} as const;
export type LineStatus = (typeof LineStatus)[keyof typeof LineStatus];

/** A hit count that the source does not know (Codecov has hit/miss/partial only). */
export const UNKNOWN_HITS = -1;
/** A branch that was never evaluated (LCOV `BRDA:...,-`), distinct from taken 0 times. */
export const NEVER_EVALUATED = -1;

export interface BranchDetail {
  /** Line of each branch, sorted ascending (stable by report order within a line). */
  readonly lines: Uint32Array;
  /** Block id (LCOV block, Go block index, …). */
  readonly blocks: Uint32Array;
  /** Branch id within the block. */
  readonly branches: Uint32Array;
  /** Times taken, or NEVER_EVALUATED. */
  readonly taken: Float64Array;
  /** Optional human label per branch (`''` when none), e.g. an LCOV branch expression. */
  readonly labels: readonly string[];
}

export interface FunctionDetail {
  readonly names: readonly string[];
  readonly startLines: Uint32Array;
  /** End line, or 0 when the report does not say. */
  readonly endLines: Uint32Array;
  readonly hits: Float64Array;
}

/**
 * Coverage of one source file, as compact parallel arrays sorted by line. The typed arrays may
 * be views into a buffer shared with other files of the same report: copy them, never transfer.
 */
export interface FileCoverageData {
  /** The path exactly as the report wrote it. */
  readonly path: string;
  /** Distinct line numbers, strictly ascending. */
  readonly lines: Uint32Array;
  /** Hit count per line, or UNKNOWN_HITS. */
  readonly hits: Float64Array;
  /** LineStatus per line (follows from hits and branchDetail: fillLineCoverage). */
  readonly status: Uint8Array;
  /** Branches per line (0 when the line has none). */
  readonly branchesTotal: Uint32Array;
  /** Branches per line taken at least once. */
  readonly branchesCovered: Uint32Array;
  readonly branchDetail: BranchDetail;
  readonly functions: FunctionDetail;
  /** Test name → lines that test hit (ascending). Empty when the report names no tests. */
  readonly tests: ReadonlyMap<string, Uint32Array>;
}

export interface CoverageTotals {
  files: number;
  lines: number;
  linesHit: number;
  branches: number;
  branchesHit: number;
  functions: number;
  functionsHit: number;
}

/**
 * What a warning costs the user. `skipped`: records were not read, or not as written — the
 * report shows less than it holds. `quirk`: a known habit of a producer that loses nothing
 * the user needs (coverage.py 6.5's `BRDA:0,…`); logged, never notified.
 */
export type ParseWarningKind = 'skipped' | 'quirk';

export interface ParseWarning {
  /** 1-based line in the report where the problem is, 0 when not tied to a line. */
  readonly line: number;
  readonly message: string;
  /** Absent means `skipped`. */
  readonly kind?: ParseWarningKind;
}

export interface CoverageReport {
  readonly format: CoverageFormat;
  /** Keyed by the report's own path string. */
  readonly files: ReadonlyMap<string, FileCoverageData>;
  readonly totals: CoverageTotals;
  readonly warnings: readonly ParseWarning[];
  /** Folders the report's paths are relative to (Cobertura `<source>`), as written. */
  readonly sourceRoots?: readonly string[];
  /**
   * Per-line checksums of the source text, by report path then line (LCOV `DA:line,hits,md5`,
   * written by coverage.py and geninfo): base64 MD5 of the line without its newline or padding.
   */
  readonly lineChecksums?: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

/** A report that cannot be read at all. `line` is 1-based, 0 when not tied to a line. */
export class ReportParseError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.name = 'ReportParseError';
  }
}

export function emptyTotals(): CoverageTotals {
  return { files: 0, lines: 0, linesHit: 0, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 };
}

export function fileTotals(file: FileCoverageData): CoverageTotals {
  const totals = emptyTotals();
  addFileTotals(totals, file);
  return totals;
}

/** Adds one set of totals into another (files, lines, branches, functions alike). */
export function addTotals(into: CoverageTotals, from: CoverageTotals): void {
  for (const key of Object.keys(into) as (keyof CoverageTotals)[]) into[key] += from[key];
}

export function addFileTotals(totals: CoverageTotals, file: FileCoverageData): void {
  totals.files += 1;
  const known = (file as { readonly [KNOWN_COUNTS]?: FileCounts })[KNOWN_COUNTS];
  if (known !== undefined) {
    totals.lines += known.lines;
    totals.branches += known.branches;
    totals.functions += known.functions;
  } else {
    totals.lines += file.lines.length;
    totals.branches += file.branchDetail.taken.length;
    totals.functions += file.functions.names.length;
  }
  const counts = known ?? countHits(file);
  totals.linesHit += counts.linesHit;
  totals.branchesHit += counts.branchesHit;
  totals.functionsHit += counts.functionsHit;
}

/** How many lines, branches and functions of a file were hit. */
export interface HitCounts {
  readonly linesHit: number;
  readonly branchesHit: number;
  readonly functionsHit: number;
}

/** How many lines, branches and functions a file has, and how many of them were hit. */
export interface FileCounts extends HitCounts {
  readonly lines: number;
  readonly branches: number;
  readonly functions: number;
}

/**
 * A FileCoverageData may answer its FileCounts under this key (counted when it was built), so
 * that totals need not read, or unpack, its arrays.
 */
export const KNOWN_COUNTS: unique symbol = Symbol('knownCounts');

export function countHits(file: Pick<FileCoverageData, 'hits' | 'branchDetail' | 'functions'>): HitCounts {
  // A line is uncovered exactly when its hit count is 0 (see fillLineCoverage).
  let linesHit = 0;
  const hits = file.hits;
  for (let i = 0; i < hits.length; i++) if (hits[i] !== 0) linesHit++;
  let branchesHit = 0;
  const taken = file.branchDetail.taken;
  for (let i = 0; i < taken.length; i++) if ((taken[i] as number) > 0) branchesHit++;
  let functionsHit = 0;
  const functionHits = file.functions.hits;
  for (let i = 0; i < functionHits.length; i++) if ((functionHits[i] as number) > 0) functionsHit++;
  return { linesHit, branchesHit, functionsHit };
}

/**
 * Per-line status and branch counts, from hits and the branch detail: a line's branches are
 * those on its line; it is uncovered when its hit count is 0, partial when some of its
 * branches were not taken (taken 0 or never evaluated), else covered. The outputs have one
 * entry per line and are overwritten.
 */
export function fillLineCoverage(
  file: Pick<FileCoverageData, 'lines' | 'hits' | 'branchDetail'>,
  status: Uint8Array,
  branchesTotal: Uint32Array,
  branchesCovered: Uint32Array,
): void {
  const { lines, hits } = file;
  const branchLines = file.branchDetail.lines;
  const taken = file.branchDetail.taken;
  const n = lines.length;
  branchesTotal.fill(0);
  branchesCovered.fill(0);
  let cursor = 0;
  for (let b = 0; b < branchLines.length; b++) {
    const line = branchLines[b] as number;
    while (cursor < n && (lines[cursor] as number) < line) cursor++;
    if (cursor < n && lines[cursor] === line) {
      branchesTotal[cursor] = (branchesTotal[cursor] as number) + 1;
      if ((taken[b] as number) > 0) branchesCovered[cursor] = (branchesCovered[cursor] as number) + 1;
    }
  }
  for (let i = 0; i < n; i++) {
    if (hits[i] === 0) status[i] = LineStatus.Uncovered;
    else if ((branchesCovered[i] as number) < (branchesTotal[i] as number)) status[i] = LineStatus.Partial;
    else status[i] = LineStatus.Covered;
  }
}

export function reportTotals(files: Iterable<FileCoverageData>): CoverageTotals {
  const totals = emptyTotals();
  for (const file of files) addFileTotals(totals, file);
  return totals;
}
