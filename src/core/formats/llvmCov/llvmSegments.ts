import { GrowableFloat64, GrowableUint32 } from '../../model/growable';
import { ReportParseError } from '../../model/model';

/** One segment `[line, col, count, hasCount, isRegionEntry, isGapRegion?]`, checked. */
interface Segment {
  readonly line: number;
  readonly count: number;
  readonly hasCount: boolean;
  readonly isRegionEntry: boolean;
  readonly isGapRegion: boolean;
}

/** Lines and hits may be views into longer arrays. */
export interface SegmentLines {
  readonly lines: Uint32Array;
  readonly hits: Float64Array;
  /** Segments skipped: malformed, or out of line order. */
  readonly skipped: number;
}

/**
 * Line coverage from a file's segments, as llvm-cov's own line reports derive it
 * (LineCoverageIterator / LineCoverageStats, LLVM 17+), at most `budget` of them (a
 * ReportParseError before anything larger is allocated):
 * - lines run from the first segment's line to the last one's;
 * - the segment active on entry to a line is the last segment of the closest earlier line
 *   that has segments (the "wrapped" segment);
 * - a line is a line unless its first segment starts a skipped region (entry without a
 *   count); it is one when the wrapped segment has a count, when a segment that is a
 *   counted region entry and not a gap starts on it, or when any counted region entry does;
 * - its count is the highest of the wrapped segment's count and the counts of the counted,
 *   non-gap region entries starting on it.
 */
export function segmentLines(segments: readonly unknown[], budget: number): SegmentLines {
  // Typed arrays: a plain array past V8's size limit ends the process instead of throwing.
  const lines = new GrowableUint32(256);
  const hits = new GrowableFloat64(256);
  let next = nextSegment(segments, 0, 0);
  let skipped = next.skipped;
  let wrapped: Segment | undefined;
  let line = next.segment?.line ?? 0;
  const onLine: Segment[] = [];
  while (next.segment !== undefined) {
    const first = next.segment;
    if (first.line > line) {
      if (wrapped?.hasCount === true) {
        if (lines.length + (first.line - line) > budget) throw tooManyLines();
        for (; line < first.line; line++) {
          lines.push(line);
          hits.push(wrapped.count);
        }
      }
      line = first.line;
    }
    onLine.length = 0;
    onLine.push(first);
    for (;;) {
      next = nextSegment(segments, next.index + 1, line);
      skipped += next.skipped;
      if (next.segment === undefined || next.segment.line !== line) break;
      onLine.push(next.segment);
    }
    const count = lineCount(onLine, wrapped);
    if (count >= 0) {
      if (lines.length >= budget) throw tooManyLines();
      lines.push(line);
      hits.push(count);
    }
    wrapped = onLine[onLine.length - 1];
    line++;
  }
  return { lines: lines.view(), hits: hits.view(), skipped };
}

/** The line's count, or -1 when it is not a line. */
function lineCount(onLine: readonly Segment[], wrapped: Segment | undefined): number {
  const first = onLine[0] as Segment;
  let regionStarts = 0;
  let mapped = false;
  for (const segment of onLine) {
    if (segment.isRegionEntry && segment.hasCount) {
      mapped = true;
      if (!segment.isGapRegion) regionStarts++;
    }
  }
  const startOfSkipped = !first.hasCount && first.isRegionEntry;
  if (!startOfSkipped && wrapped?.hasCount === true) mapped = true;
  if (!mapped) return -1;
  let count = wrapped === undefined ? 0 : wrapped.count;
  if (regionStarts === 0) return count;
  for (const segment of onLine) {
    if (segment.isRegionEntry && segment.hasCount && !segment.isGapRegion && segment.count > count) count = segment.count;
  }
  return count;
}

/** The first valid segment at or after `index` on line `atLeast` or later; index n when none. */
function nextSegment(segments: readonly unknown[], index: number, atLeast: number): { index: number; segment: Segment | undefined; skipped: number } {
  let skipped = 0;
  for (; index < segments.length; index++) {
    const segment = segmentOf(segments[index]);
    if (segment !== undefined && segment.line >= atLeast) return { index, segment, skipped };
    skipped++;
  }
  return { index, segment: undefined, skipped };
}

function segmentOf(value: unknown): Segment | undefined {
  if (!Array.isArray(value) || value.length < 5) return undefined;
  const [line, , count, hasCount, isRegionEntry, isGapRegion] = value as unknown[];
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > 0xffffffff) return undefined;
  if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) return undefined;
  return { line, count, hasCount: flag(hasCount), isRegionEntry: flag(isRegionEntry), isGapRegion: flag(isGapRegion) };
}

function flag(value: unknown): boolean {
  return value === true || value === 1;
}

function tooManyLines(): ReportParseError {
  return new ReportParseError(0, 'segments cover more lines than an llvm-cov export of this size can hold: not a real export');
}
