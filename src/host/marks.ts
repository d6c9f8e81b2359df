/** Which mark each line of a file gets, and the line runs a whole-line decoration covers. */
import { LineStatus } from '../core/model/model';
import type { FileDetail } from '../shared/fileDetail';
import { MARK_KINDS, type MarkKind } from '../shared/settings';

export type LinesByKind = Record<MarkKind, number[]>;

/** What a document shows: lines by kind, and whether they are dimmed as stale. */
export interface AppliedMarks extends LinesByKind {
  readonly stale: boolean;
}

/** Splits a file's lines (1-based) by the mark each gets. */
export function linesByKind(detail: Pick<FileDetail, 'lines' | 'status'>): LinesByKind {
  const result: LinesByKind = { covered: [], partial: [], uncovered: [] };
  for (let i = 0; i < detail.lines.length; i++) {
    const line = detail.lines[i] as number;
    switch (detail.status[i]) {
      case LineStatus.Covered:
        result.covered.push(line);
        break;
      case LineStatus.Partial:
        result.partial.push(line);
        break;
      default:
        result.uncovered.push(line);
    }
  }
  return result;
}

/** The marks a document shows: only the kinds the user asked for (`coverageSentinel.showKinds`). */
export function marksToShow(detail: Pick<FileDetail, 'lines' | 'status'>, showKinds: readonly MarkKind[], stale: boolean): AppliedMarks {
  const shown = new Set(showKinds);
  const lines = linesByKind(detail);
  for (const kind of MARK_KINDS) if (!shown.has(kind)) lines[kind] = [];
  return { ...lines, stale };
}

/** A run of consecutive lines, 1-based and inclusive. */
export interface LineRun {
  readonly start: number;
  readonly end: number;
}

/**
 * One run per stretch of consecutive sorted 1-based lines, none past `lastLine` (a whole-line
 * decoration marks every line it spans), so a long uncovered function costs one range.
 */
export function lineRuns(lines: readonly number[], lastLine: number): LineRun[] {
  const runs: LineRun[] = [];
  let start = -1;
  let previous = -1;
  for (const line of lines) {
    if (line > lastLine) break;
    if (line !== previous + 1) {
      if (start !== -1) runs.push({ start, end: previous });
      start = line;
    }
    previous = line;
  }
  if (start !== -1) runs.push({ start, end: previous });
  return runs;
}
