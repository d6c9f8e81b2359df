/**
 * Where the lines of a report are now, after edits: each edit replaces a range of old lines
 * with new text. Lines before an edit stay, lines inside it are gone (their coverage is
 * unknown until the next report), lines after it shift. Lines are 1-based.
 */
export interface LineEdit {
  /** First and last line the edit touches, in the text before it. */
  readonly startLine: number;
  readonly endLine: number;
  /** How many lines replace them (0: they were deleted). */
  readonly newLineCount: number;
  /** A pure insertion of whole lines before `startLine`: nothing is edited, lines only move. */
  readonly insertsBefore: boolean;
}

export const REMOVED = 0;

/** What one applied edit did: lines from `movedFrom` on moved by `shift`; `removed` the [index, line] it edited away. */
export interface LineRevert {
  readonly movedFrom: number;
  readonly shift: number;
  readonly removed: readonly (readonly [number, number])[];
}

export class LineMap {
  /** Current line of each original line, REMOVED when edited away. Undefined = identity. */
  private current: Int32Array | undefined;

  constructor(private readonly originalLines: Uint32Array) {}

  get isIdentity(): boolean {
    return this.current === undefined;
  }

  /** Applies one edit to the current positions; what it returns takes the edit back (`revert`). */
  apply(edit: LineEdit): LineRevert {
    const current = (this.current ??= Int32Array.from(this.originalLines));
    const { startLine, endLine, newLineCount, insertsBefore } = edit;
    if (insertsBefore) {
      const shift = newLineCount - 1;
      for (let i = 0; i < current.length; i++) if ((current[i] as number) >= startLine) current[i] = (current[i] as number) + shift;
      return { movedFrom: startLine + shift, shift, removed: [] };
    }
    const shift = newLineCount - 1 - (endLine - startLine);
    const removed: [number, number][] = [];
    for (let i = 0; i < current.length; i++) {
      const line = current[i] as number;
      if (line === REMOVED || line < startLine) continue;
      if (line <= endLine) removed.push([i, line]);
      current[i] = line <= endLine ? REMOVED : line + shift;
    }
    return { movedFrom: startLine + newLineCount, shift, removed };
  }

  /** Takes back the last edit applied (the edits after it taken back first). */
  revert(revert: LineRevert): void {
    const current = this.current;
    if (current === undefined) return;
    for (let i = 0; i < current.length; i++) {
      const line = current[i] as number;
      if (line !== REMOVED && line >= revert.movedFrom) current[i] = line - revert.shift;
    }
    for (const [index, line] of revert.removed) current[index] = line;
  }

  /** The current line of the original line at `index`, or REMOVED. */
  lineAt(index: number): number {
    return this.current === undefined ? (this.originalLines[index] as number) : (this.current[index] as number);
  }
}
