/**
 * The words of the comparison: status bar text and tooltip, line hovers, the comparison view's
 * rows. Paths and baseline descriptions are report or repository text: escaped (inertText.ts).
 */
import type { ComparisonResult, FileComparison, LostLine, PatchCoverage } from '../../core/compare/compareCoverage';
import { inertLabel, markdownText } from '../inertText';

/** Which baseline and commit the figures are against. */
export interface ComparedWith {
  /** The base branch as the user named it (`origin/main`). */
  readonly ref: string;
  /** The commit the patch is taken against (the merge-base). */
  readonly commit: string;
  /** Baseline.coverageCommit: the commit whose coverage was moved onto `commit`, when another. */
  readonly coverageCommit?: string;
  /** Baseline.description. */
  readonly description: string;
}

export const PARTIAL_RULE = 'A partially covered line (some branches never taken) counts as not covered, as Codecov counts patch coverage.';

/** `72%`, `68.4%`: one decimal, dropped when it is 0. */
export function formatPercent(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** `+1.2%`, `−0.4%`, `±0%`: percentage points with a real minus sign. */
export function formatDelta(delta: number): string {
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return '±0%';
  return `${rounded > 0 ? '+' : '−'}${formatPercent(Math.abs(rounded))}`;
}

export function patchText(patch: PatchCoverage): string {
  return patch.percent === null ? 'no coverable change' : `${formatPercent(patch.percent)} (${patch.covered}/${patch.lines})`;
}

/** `patch 72% (18/25) · Δ −0.4%` */
export function statusText(result: ComparisonResult): string {
  const patch = result.patch.percent === null ? 'patch –' : `patch ${patchText(result.patch)}`;
  const delta = result.project.delta === null ? '' : ` · Δ ${formatDelta(result.project.delta)}`;
  return `${patch}${delta}`;
}

export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/** The status bar tooltip as markdown. */
export function statusTooltip(result: ComparisonResult, withWhat: ComparedWith): string {
  const lost = result.files.reduce((sum, file) => sum + file.lost.length, 0);
  const gained = result.files.reduce((sum, file) => sum + file.gained.length, 0);
  const { patch, project } = result;
  const ratio = (percent: number | null) => (percent === null ? '–' : formatPercent(percent));
  const paragraphs = [
    `**Compared with ${markdownText(withWhat.ref)}** at ${markdownText(shortCommit(withWhat.commit))}: ${markdownText(withWhat.description)}`,
    ...(withWhat.coverageCommit === undefined ? [] : [movedText(withWhat)]),
    `Patch coverage: ${patchText(patch)} · ${plural(patch.missed, 'changed line')} not covered · ${plural(patch.partial, 'partial line')}`,
    PARTIAL_RULE,
    `Project: ${ratio(project.baseline.percent)} → ${ratio(project.current.percent)}${project.delta === null ? '' : ` (Δ ${formatDelta(project.delta)})`}`,
    `Lost coverage: ${plural(lost, 'line')} · gained: ${plural(gained, 'line')}`,
  ];
  if (result.skipped.length > 0) paragraphs.push(`Not compared: ${plural(result.skipped.length, 'file')} (binary, too large, or changed since a baseline saved from uncommitted text)`);
  return paragraphs.join('\n\n');
}

/** Hover of a line that lost its coverage: `covered on main (a1b2c3d), 12 hits — not covered now`. */
export function lostHover(lost: LostLine, withWhat: ComparedWith): string {
  const hits = lost.baselineHits < 0 ? '' : `, ${plural(lost.baselineHits, 'hit')}`;
  const moved = lost.baselineLine === lost.line ? '' : ` (line ${lost.baselineLine} there)`;
  return `**Lost coverage** · covered on ${markdownText(withWhat.ref)} (${markdownText(commitText(withWhat))})${moved}${hits} — not covered now\n\n${baselineLine(withWhat)}`;
}

/** Hover of an added or changed line that no test runs (or runs only partly). */
export function newCodeHover(partial: boolean, withWhat: ComparedWith): string {
  const what = partial ? 'partially covered: counts as not covered in patch coverage' : 'not covered';
  return `**New code ${partial ? 'partly tested' : 'left uncovered'}** · added or changed since ${markdownText(withWhat.ref)} (${markdownText(shortCommit(withWhat.commit))}), ${what}\n\n${PARTIAL_RULE}\n\n${baselineLine(withWhat)}`;
}

export function gainedHover(withWhat: ComparedWith): string {
  return `**Gained coverage** · not covered on ${markdownText(withWhat.ref)} (${markdownText(commitText(withWhat))}), covered now\n\n${baselineLine(withWhat)}`;
}

function baselineLine(withWhat: ComparedWith): string {
  return withWhat.coverageCommit === undefined ? `Baseline: ${markdownText(withWhat.description)}` : `Baseline: ${markdownText(withWhat.description)}. ${movedText(withWhat)}`;
}

/** `a1b2c3d`, or `coverage of 9f8e7d6` when the coverage was measured at another commit. */
export function commitText(withWhat: ComparedWith): string {
  return withWhat.coverageCommit === undefined ? shortCommit(withWhat.commit) : `coverage of ${shortCommit(withWhat.coverageCommit)}`;
}

/**
 * `vs origin/main (a1b2c3d)`, for the comparison view's header and repository rows: the branch
 * name is a remote's to choose (origin/HEAD) and may hold `$(icon)`s or a bidi override.
 */
export function comparedWithLabel(withWhat: ComparedWith): string {
  return `vs ${inertLabel(withWhat.ref)} (${commitText(withWhat)})`;
}

/** Says which commit's coverage is in use when it is not the merge-base's. */
function movedText(withWhat: ComparedWith): string {
  const coverage = shortCommit(withWhat.coverageCommit ?? withWhat.commit);
  return `Coverage measured at ${coverage}, moved onto the lines of the merge-base ${shortCommit(withWhat.commit)}; the patch is the change since the merge-base.`;
}

export type RowOrder = 'path' | 'delta' | 'patch' | 'lost';
export const ROW_ORDERS: readonly RowOrder[] = ['path', 'delta', 'patch', 'lost'];

/** One file of the comparison view. */
export interface ComparisonRow {
  readonly path: string;
  readonly status: FileComparison['status'];
  /** Inert for a tree item label (codicons escaped, controls made visible). */
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly file: FileComparison;
}

/** Files worth a row: changed coverable lines, lost or gained lines, a coverage change, or a deleted file that had covered lines. */
export function comparisonRows(result: ComparisonResult, order: RowOrder): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const file of result.files) {
    if (!worthARow(file)) continue;
    rows.push({ path: file.path, status: file.status, label: inertLabel(file.path), description: rowDescription(file), tooltip: rowTooltip(file), file });
  }
  const byPath = (a: ComparisonRow, b: ComparisonRow) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const value = (row: ComparisonRow): number => {
    switch (order) {
      case 'delta':
        return deltaOf(row.file) ?? Number.POSITIVE_INFINITY;
      case 'patch':
        return row.file.patch.percent ?? Number.POSITIVE_INFINITY;
      case 'lost':
        return -row.file.lost.length;
      case 'path':
        return 0;
    }
  };
  return rows.sort((a, b) => value(a) - value(b) || byPath(a, b));
}

function worthARow(file: FileComparison): boolean {
  if (file.status === 'deleted') return (file.baseline?.covered ?? 0) + (file.baseline?.partial ?? 0) > 0;
  return file.patch.lines > 0 || file.lost.length > 0 || file.gained.length > 0 || (deltaOf(file) ?? 0) !== 0 || file.status === 'added';
}

/** Percentage points the file's coverage moved, or undefined when one side has no lines. */
export function deltaOf(file: FileComparison): number | undefined {
  const before = file.baseline?.percent;
  const now = file.current?.percent;
  return before === undefined || before === null || now === undefined || now === null ? undefined : now - before;
}

function rowDescription(file: FileComparison): string {
  const ratio = (percent: number | null | undefined) => (percent === null || percent === undefined ? '–' : formatPercent(percent));
  if (file.status === 'deleted') return `deleted · was ${ratio(file.baseline?.percent)}`;
  const delta = deltaOf(file);
  const parts = [`${ratio(file.baseline?.percent)} → ${ratio(file.current?.percent)}${delta === undefined ? '' : ` (Δ ${formatDelta(delta)})`}`];
  if (file.patch.percent !== null) parts.push(`patch ${patchText(file.patch)}`);
  if (file.lost.length > 0) parts.push(`${plural(file.lost.length, 'lost line')}`);
  return parts.join(' · ');
}

function rowTooltip(file: FileComparison): string {
  const lines = (label: string, values: readonly number[]) => (values.length === 0 ? [] : [`${label}: ${rangesText(values)}`]);
  const parts = [
    file.renamedFrom === undefined ? inertLabel(file.path) : `${inertLabel(file.path)} (renamed from ${inertLabel(file.renamedFrom)})`,
    ...lines('Lost coverage on lines', file.lost.map((lost) => lost.line)),
    ...lines('New lines not covered', file.uncoveredChanged),
    ...lines('New lines partly covered', file.partialChanged),
    ...lines('Gained on lines', file.gained),
  ];
  return parts.join('\n');
}

/** `[4, 5, 40, 41, 42]` → `4-5, 40-42` (or `4-5,40-42` with `separator` ','). */
export function rangesText(lines: readonly number[], separator = ', '): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === (lines[j] as number) + 1) j++;
    parts.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return parts.join(separator);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
