import { LineStatus } from '../core/model/model';
import type { FileDetail } from './protocol';

/** Index of `line` (1-based) in the detail's sorted lines, or -1. */
export function indexOfLine(detail: Pick<FileDetail, 'lines'>, line: number): number {
  let lo = 0;
  let hi = detail.lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = detail.lines[mid] as number;
    if (value === line) return mid;
    if (value < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function isTarget(status: number, includePartial: boolean): boolean {
  return status === LineStatus.Uncovered || (includePartial && status === LineStatus.Partial);
}

/**
 * The first line after (direction 1) or before (-1) `from` that is uncovered (or partial, when
 * asked), wrapping around the file; the start of a run of such lines, so that consecutive
 * uncovered lines count as one stop. Undefined when the file has none.
 */
export function nextUncoveredLine(detail: FileDetail, from: number, direction: 1 | -1, includePartial: boolean): number | undefined {
  const starts: number[] = [];
  for (const region of uncoveredRegions(detail, includePartial)) starts.push(region.start);
  if (starts.length === 0) return undefined;
  if (direction === 1) return starts.find((line) => line > from) ?? starts[0];
  for (let i = starts.length - 1; i >= 0; i--) if ((starts[i] as number) < from) return starts[i];
  return starts[starts.length - 1];
}

export interface LineRegion {
  readonly start: number;
  readonly end: number;
  /** Lines in the region that have coverage records (lines between records do not count). */
  readonly lines: number;
}

/**
 * Runs of uncovered lines: consecutive report lines that are all uncovered (or partial, when
 * asked), even if the report skips blank or comment lines between them.
 */
export function uncoveredRegions(detail: FileDetail, includePartial = false): LineRegion[] {
  const regions: LineRegion[] = [];
  let start = -1;
  let end = -1;
  let count = 0;
  for (let i = 0; i < detail.lines.length; i++) {
    const line = detail.lines[i] as number;
    if (isTarget(detail.status[i] as number, includePartial)) {
      if (start === -1) start = line;
      end = line;
      count++;
    } else if (start !== -1) {
      regions.push({ start, end, lines: count });
      start = -1;
      count = 0;
    }
  }
  if (start !== -1) regions.push({ start, end, lines: count });
  return regions;
}

/**
 * The innermost function whose span contains the line. A function whose report gives no end
 * line (LCOV's `FN:line,name`) is taken to run until the next function starts.
 */
export function functionAt(detail: FileDetail, line: number): number {
  let best = -1;
  let bestSpan = Number.POSITIVE_INFINITY;
  for (let i = 0; i < detail.functionNames.length; i++) {
    const start = detail.functionStartLines[i] as number;
    const end = (detail.functionEndLines[i] as number) >= start && (detail.functionEndLines[i] as number) > 0 ? (detail.functionEndLines[i] as number) : nextStartAfter(detail, start) - 1;
    if (line < start || line > end) continue;
    if (best === -1 || end - start < bestSpan) {
      best = i;
      bestSpan = end - start;
    }
  }
  return best;
}

function nextStartAfter(detail: FileDetail, start: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const other of detail.functionStartLines) if (other > start && other < next) next = other;
  return next;
}
