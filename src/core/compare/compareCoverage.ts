import { REMOVED } from '../lines/lineMap';
import { LineMapping } from '../lines/lineMapping';
import { type FileCoverageData, LineStatus } from '../model/model';

/** How a file of the working tree differs from the baseline commit. */
export interface FileChange {
  /** Path in the working tree (relative to the repository root). */
  readonly path: string;
  /** Path at the baseline commit: differs from `path` when the file was renamed. */
  readonly basePath: string;
  /**
   * Baseline line → current line (for a file that did not exist at the baseline: every line
   * added). Undefined when not computed because nothing needs it: the file has no current coverage.
   */
  readonly mapping: LineMapping | undefined;
  /** True when the file did not exist at the baseline (added, untracked). */
  readonly added: boolean;
}

/** What a comparison reads of a file's coverage (a baseline snapshot keeps only this). */
export type LineCoverage = Pick<FileCoverageData, 'lines' | 'hits' | 'status'>;

export interface CompareInput {
  /** Baseline coverage by path at the baseline commit. */
  readonly baseline: ReadonlyMap<string, LineCoverage>;
  /** Current coverage by path in the working tree. */
  readonly current: ReadonlyMap<string, LineCoverage>;
  /** Every file that differs; a file not listed is unchanged (same path, same lines). */
  readonly changes: readonly FileChange[];
  /** Baseline paths deleted since. */
  readonly deleted: readonly string[];
  /** Files that differ but have no line mapping (binary, too large): left out of the comparison. */
  readonly skipped?: readonly string[];
  /** The lines of report files that matched no repository path (totalsOf): counted in the project figures only. */
  readonly baselineUnmatched?: CoverageRatio;
  readonly currentUnmatched?: CoverageRatio;
}

/**
 * Patch coverage as Codecov defines it: over the added or changed lines that are coverable,
 * covered / (covered + partial + missed). A partial line (run, some branches never taken)
 * counts as not covered. `percent` is null when the change has no coverable line.
 */
export interface PatchCoverage {
  readonly lines: number;
  readonly covered: number;
  readonly partial: number;
  readonly missed: number;
  readonly percent: number | null;
}

/** Coverage of all coverable lines, with the same rule (partial lines are not covered). */
export interface CoverageRatio {
  readonly lines: number;
  readonly covered: number;
  readonly partial: number;
  readonly missed: number;
  readonly percent: number | null;
}

/** A line covered at the baseline that exists unchanged now and is not covered. */
export interface LostLine {
  readonly line: number;
  readonly baselineLine: number;
  /** Hits at the baseline, or -1 when the source has no counts (Codecov). */
  readonly baselineHits: number;
}

export interface FileComparison {
  /** Path in the working tree; for a deleted file, its path at the baseline. */
  readonly path: string;
  /** Path at the baseline when the file was renamed. */
  readonly renamedFrom?: string;
  readonly status: 'unchanged' | 'modified' | 'added' | 'renamed' | 'deleted';
  readonly patch: PatchCoverage;
  /** Added or changed coverable lines, by status (current numbering). */
  readonly uncoveredChanged: readonly number[];
  readonly partialChanged: readonly number[];
  readonly lost: readonly LostLine[];
  /** Lines in both, not covered at the baseline and covered (run) now. */
  readonly gained: readonly number[];
  readonly baseline: CoverageRatio | undefined;
  readonly current: CoverageRatio | undefined;
}

export interface ComparisonResult {
  /** Every file with coverage at the baseline or now, sorted by path. */
  readonly files: readonly FileComparison[];
  readonly patch: PatchCoverage;
  readonly project: {
    readonly baseline: CoverageRatio;
    readonly current: CoverageRatio;
    /** current − baseline percentage points, or null when either has no lines. */
    readonly delta: number | null;
  };
  /** Changed files with no line mapping, left out (binary, too large). */
  readonly skipped: readonly string[];
}

/**
 * Compares baseline coverage with current coverage through the line mapping of each file:
 * - lost: a line in both, covered (run) at the baseline and not run now, changed or not by the
 *   diff ("indirect changes" included: untouched lines that lost their tests);
 * - gained: a line in both, not run at the baseline and run now;
 * - patch: the added or changed lines that are coverable now, by status;
 * - lines that moved are deleted and added (a line diff has no moves): a moved block is new
 *   code for the patch and is never lost or gained;
 * - a deleted file is only deleted: current coverage of its path (a report made before the
 *   deletion) is left out, of the files and of the project figures.
 */
export function compareCoverage(input: CompareInput): ComparisonResult {
  const steps = compareCoverageSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * compareCoverage one file at a time: the generator stops after each file, so that a caller
 * on an event loop can give it a turn now and then on a large change (the editor does).
 */
export function* compareCoverageSteps(given: CompareInput): Generator<void, ComparisonResult, void> {
  const deleted = new Set(given.deleted);
  // A file deleted from the working tree has no lines now: a report that still lists it was made before the deletion.
  const input = [...given.current.keys()].some((path) => deleted.has(path)) ? { ...given, current: new Map([...given.current].filter(([path]) => !deleted.has(path))) } : given;
  const changes = new Map(input.changes.map((change) => [change.path, change]));
  const skipped = new Set(input.skipped ?? []);
  const renamedAway = new Set(input.changes.filter((change) => change.basePath !== change.path && !change.added).map((change) => change.basePath));
  const files: FileComparison[] = [];

  const paths = new Set<string>(input.current.keys());
  for (const path of input.baseline.keys()) if (!deleted.has(path) && !renamedAway.has(path)) paths.add(path);
  for (const change of input.changes) if (input.baseline.has(change.basePath) && !change.added) paths.add(change.path);
  for (const path of paths) {
    const change = changes.get(path);
    if (change !== undefined && change.mapping === undefined && input.current.has(path)) skipped.add(path);
    if (skipped.has(path)) continue;
    const basePath = change === undefined ? path : change.added ? undefined : change.basePath;
    const base = basePath === undefined ? undefined : input.baseline.get(basePath);
    const current = input.current.get(path);
    const status = change === undefined ? 'unchanged' : change.added ? 'added' : change.basePath !== path ? 'renamed' : 'modified';
    files.push(compareFile(path, status, basePath, base, current, change === undefined ? LineMapping.identity() : change.mapping));
    yield;
  }
  for (const path of deleted) {
    const base = input.baseline.get(path);
    if (base === undefined || skipped.has(path)) continue;
    files.push({ path, status: 'deleted', patch: patchOf(0, 0, 0), uncoveredChanged: [], partialChanged: [], lost: [], gained: [], baseline: ratioOf(base), current: undefined });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  let covered = 0;
  let partial = 0;
  let missed = 0;
  for (const file of files) {
    covered += file.patch.covered;
    partial += file.patch.partial;
    missed += file.patch.missed;
  }
  const baselineRatio = sumRatios([totalsOf(input.baseline.values()), ...(input.baselineUnmatched === undefined ? [] : [input.baselineUnmatched])]);
  const currentRatio = sumRatios([totalsOf(input.current.values()), ...(input.currentUnmatched === undefined ? [] : [input.currentUnmatched])]);
  const delta = baselineRatio.percent === null || currentRatio.percent === null ? null : currentRatio.percent - baselineRatio.percent;
  return { files, patch: patchOf(covered, partial, missed), project: { baseline: baselineRatio, current: currentRatio, delta }, skipped: [...skipped].sort() };
}

function compareFile(
  path: string,
  status: FileComparison['status'],
  basePath: string | undefined,
  base: LineCoverage | undefined,
  current: LineCoverage | undefined,
  mapping: LineMapping | undefined,
): FileComparison {
  const uncoveredChanged: number[] = [];
  const partialChanged: number[] = [];
  let covered = 0;
  if (current !== undefined && mapping !== undefined) {
    // Current lines inside the mapping's changed ranges, by a merge of two sorted lists.
    const lines = current.lines;
    let i = 0;
    for (const [start, end] of mapping.changedRanges()) {
      while (i < lines.length && (lines[i] as number) < start) i++;
      for (; i < lines.length && (lines[i] as number) < end; i++) {
        const lineStatus = current.status[i];
        if (lineStatus === LineStatus.Covered) covered++;
        else if (lineStatus === LineStatus.Partial) partialChanged.push(lines[i] as number);
        else uncoveredChanged.push(lines[i] as number);
      }
    }
  }

  const lost: LostLine[] = [];
  const gained: number[] = [];
  if (base !== undefined && current !== undefined) {
    const mapped = (mapping ?? LineMapping.identity()).mapLines(base.lines);
    let j = 0;
    for (let i = 0; i < mapped.length; i++) {
      const line = mapped[i] as number;
      if (line === REMOVED) continue;
      while (j < current.lines.length && (current.lines[j] as number) < line) j++;
      if (j === current.lines.length || current.lines[j] !== line) continue;
      const wasRun = base.status[i] !== LineStatus.Uncovered;
      const isRun = current.status[j] !== LineStatus.Uncovered;
      if (wasRun && !isRun) lost.push({ line, baselineLine: base.lines[i] as number, baselineHits: base.hits[i] as number });
      else if (!wasRun && isRun) gained.push(line);
    }
  }

  return {
    path,
    ...(basePath !== undefined && basePath !== path ? { renamedFrom: basePath } : {}),
    status,
    patch: patchOf(covered, partialChanged.length, uncoveredChanged.length),
    uncoveredChanged,
    partialChanged,
    lost,
    gained,
    baseline: base === undefined ? undefined : ratioOf(base),
    current: current === undefined ? undefined : ratioOf(current),
  };
}

function patchOf(covered: number, partial: number, missed: number): PatchCoverage {
  const lines = covered + partial + missed;
  return { lines, covered, partial, missed, percent: lines === 0 ? null : (covered / lines) * 100 };
}

export function ratioOf(file: LineCoverage): CoverageRatio {
  let covered = 0;
  let partial = 0;
  for (let i = 0; i < file.status.length; i++) {
    if (file.status[i] === LineStatus.Covered) covered++;
    else if (file.status[i] === LineStatus.Partial) partial++;
  }
  return patchOf(covered, partial, file.lines.length - covered - partial);
}

/** The lines of several files as one figure (what a comparison keeps of files it cannot match: their sum, not their lines). */
export function totalsOf(files: Iterable<LineCoverage>): CoverageRatio {
  const ratios: CoverageRatio[] = [];
  for (const file of files) ratios.push(ratioOf(file));
  return sumRatios(ratios);
}

function sumRatios(ratios: readonly CoverageRatio[]): CoverageRatio {
  let covered = 0;
  let partial = 0;
  let missed = 0;
  for (const ratio of ratios) {
    covered += ratio.covered;
    partial += ratio.partial;
    missed += ratio.missed;
  }
  return patchOf(covered, partial, missed);
}
