import { REMOVED } from './lineMap';

/**
 * One changed region of a diff: old lines [oldStart, oldEnd) were replaced by new lines
 * [newStart, newEnd). Indexes are 0-based; either side may be empty (a pure insertion or
 * deletion). Hunks of one diff are sorted and do not touch each other's unchanged lines.
 */
export interface Hunk {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/**
 * Where the lines of an older text are in a newer one, from the hunks of a diff between them:
 * a line outside every hunk moves by the lines added and removed above it; a line inside a hunk
 * no longer exists (REMOVED, as in `LineMap`). The other way round, a new line inside a hunk is
 * added or changed. A block that moved is a deletion plus an addition: its old lines map to
 * nothing and its new lines are added. Lines are 1-based in every method.
 */
export class LineMapping {
  /** oldStart, oldEnd, newStart, newEnd of each hunk in turn. */
  private readonly hunks: Int32Array;

  private constructor(hunks: Int32Array) {
    this.hunks = hunks;
  }

  /** Hunks sorted by position, non-overlapping, each moving both sides forward consistently. */
  static fromHunks(hunks: readonly Hunk[]): LineMapping {
    const flat = new Int32Array(hunks.length * 4);
    let oldEnd = 0;
    let newEnd = 0;
    hunks.forEach((hunk, i) => {
      const { oldStart, newStart } = hunk;
      const valid =
        Number.isSafeInteger(oldStart) &&
        Number.isSafeInteger(newStart) &&
        oldStart >= oldEnd &&
        newStart >= newEnd &&
        oldStart - oldEnd === newStart - newEnd &&
        hunk.oldEnd >= oldStart &&
        hunk.newEnd >= newStart &&
        hunk.oldEnd - oldStart + (hunk.newEnd - newStart) > 0 &&
        hunk.oldEnd < 2 ** 31 &&
        hunk.newEnd < 2 ** 31;
      if (!valid) throw new RangeError(`hunk ${i + 1} is out of order or inconsistent: ${JSON.stringify(hunk)}`);
      flat.set([oldStart, hunk.oldEnd, newStart, hunk.newEnd], i * 4);
      oldEnd = hunk.oldEnd;
      newEnd = hunk.newEnd;
    });
    return new LineMapping(flat);
  }

  /** Nothing changed. */
  static identity(): LineMapping {
    return new LineMapping(new Int32Array(0));
  }

  /** A text that did not exist before (an added or untracked file): every line is new. */
  static added(newLineCount: number): LineMapping {
    return newLineCount === 0 ? LineMapping.identity() : LineMapping.fromHunks([{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: newLineCount }]);
  }

  /** A text that no longer exists: every old line is gone. */
  static removed(oldLineCount: number): LineMapping {
    return oldLineCount === 0 ? LineMapping.identity() : LineMapping.fromHunks([{ oldStart: 0, oldEnd: oldLineCount, newStart: 0, newEnd: 0 }]);
  }

  get hunkCount(): number {
    return this.hunks.length / 4;
  }

  get isIdentity(): boolean {
    return this.hunks.length === 0;
  }

  hunk(index: number): Hunk {
    const h = this.hunks;
    const at = index * 4;
    return { oldStart: h[at] as number, oldEnd: h[at + 1] as number, newStart: h[at + 2] as number, newEnd: h[at + 3] as number };
  }

  /** The new line of an old line, or REMOVED when the diff deleted or changed it. */
  newLine(oldLine: number): number {
    return this.translate(oldLine, 0);
  }

  /** The old line a new line came from, or 0 when it is added or changed. */
  oldLine(newLine: number): number {
    return this.translate(newLine, 2);
  }

  /** True when the new line is added or changed. */
  isChanged(newLine: number): boolean {
    return this.oldLine(newLine) === 0;
  }

  /** Added or changed new lines as [start, end) ranges, 1-based, in order. */
  *changedRanges(): Generator<readonly [number, number]> {
    const h = this.hunks;
    for (let at = 0; at < h.length; at += 4) if ((h[at + 3] as number) > (h[at + 2] as number)) yield [(h[at + 2] as number) + 1, (h[at + 3] as number) + 1];
  }

  /** Number of added or changed new lines. */
  get changedLineCount(): number {
    let count = 0;
    for (let at = 0; at < this.hunks.length; at += 4) count += (this.hunks[at + 3] as number) - (this.hunks[at + 2] as number);
    return count;
  }

  /**
   * The new line of each old line in an ascending list, REMOVED for lines that are gone: the
   * same positions array `LineMap` keeps for live edits. Linear in lines + hunks.
   */
  mapLines(oldLines: Uint32Array): Int32Array {
    const out = new Int32Array(oldLines.length);
    const h = this.hunks;
    let at = 0;
    let shift = 0;
    for (let i = 0; i < oldLines.length; i++) {
      const index = (oldLines[i] as number) - 1;
      let removed = false;
      while (at < h.length && (h[at] as number) <= index) {
        if (index < (h[at + 1] as number)) {
          removed = true;
          break;
        }
        shift = (h[at + 3] as number) - (h[at + 1] as number);
        at += 4;
      }
      out[i] = removed ? REMOVED : index + shift + 1;
    }
    return out;
  }

  /** `side` 0 maps old → new, 2 maps new → old. */
  private translate(line: number, side: 0 | 2): number {
    const index = line - 1;
    const other = 2 - side;
    const h = this.hunks;
    // The last hunk starting at or before `index` on this side.
    let lo = 0;
    let hi = h.length / 4 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((h[mid * 4 + side] as number) <= index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === -1) return line;
    const at = found * 4;
    const end = h[at + side + 1] as number;
    // An empty side at `index` (a pure insertion or deletion before it) only shifts the line.
    if (index < end) return REMOVED;
    return index - end + (h[at + other + 1] as number) + 1;
  }
}
