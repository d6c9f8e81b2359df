import type { ParseWarning, ParseWarningKind } from '../model/model';

/** Warnings kept with their message and line, per kind; the rest are counted. */
export const MAX_KEPT_WARNINGS = 100;
/** Report text quoted in a warning (a path, a key) is cut to this many characters. */
const MAX_QUOTED_CHARS = 200;

/** Finds the report lines of JSON strings (keys, names) in one pass: see JsonInput.linesOfStrings. */
export type StringLocator = (strings: ReadonlySet<string>) => ReadonlyMap<string, number>;

/** A WarningList as plain data (see WarningList.state). */
export interface WarningListState {
  readonly kept: readonly KeptWarning[];
  readonly counts: Readonly<Record<ParseWarningKind, number>>;
}

interface KeptWarning {
  /** The report line, or -1 while it is to be found from `key`. */
  readonly line: number;
  readonly key: string;
  readonly message: string;
  readonly kind: ParseWarningKind;
}

/**
 * A report's warnings: the first MAX_KEPT_WARNINGS of each kind kept, the rest counted (one
 * `N more` entry per kind). A warning may name its place by a JSON string instead of a line:
 * all of them are located together, in one pass over the text, when the list is taken.
 */
export class WarningList {
  private readonly kept: KeptWarning[] = [];
  private readonly keptByKind = { skipped: 0, quirk: 0 };
  private readonly countByKind = { skipped: 0, quirk: 0 };

  add(line: number, message: string, kind: ParseWarningKind = 'skipped'): void {
    if (this.admit(kind)) this.kept.push({ line, key: '', message, kind });
  }

  /** A warning at the first occurrence of the JSON string `key` (located by list()). */
  addAt(key: string, message: string, kind: ParseWarningKind = 'skipped'): void {
    if (this.admit(kind)) this.kept.push({ line: -1, key, message, kind });
  }

  /** `locate` finds the lines of warnings added with addAt (line 0 without it). */
  list(locate?: StringLocator): ParseWarning[] {
    const keys = new Set<string>();
    for (const warning of this.kept) if (warning.line < 0) keys.add(warning.key);
    const lines = keys.size > 0 && locate !== undefined ? locate(keys) : new Map<string, number>();
    const warnings: ParseWarning[] = this.kept.map(({ line, key, message, kind }) => {
      const at = line >= 0 ? line : (lines.get(key) ?? 0);
      return kind === 'skipped' ? { line: at, message } : { line: at, message, kind };
    });
    const moreSkipped = this.countByKind.skipped - this.keptByKind.skipped;
    if (moreSkipped > 0) warnings.push({ line: 0, message: `${moreSkipped} more warnings` });
    const moreQuirks = this.countByKind.quirk - this.keptByKind.quirk;
    if (moreQuirks > 0) warnings.push({ line: 0, message: `${moreQuirks} more of the producer quirks above`, kind: 'quirk' });
    return warnings;
  }

  /** The list as plain data (for another thread to post), to be appended with append(). */
  state(): WarningListState {
    return { kept: this.kept, counts: { ...this.countByKind } };
  }

  /**
   * Appends the warnings of a later part of the same report, whose line numbers start after
   * `lineOffset` lines: the list is then what one list over the whole report would be.
   */
  append(state: WarningListState, lineOffset: number): void {
    const keptByKind = { skipped: 0, quirk: 0 };
    for (const warning of state.kept) {
      keptByKind[warning.kind]++;
      if (this.admit(warning.kind)) this.kept.push(warning.line > 0 ? { ...warning, line: warning.line + lineOffset } : warning);
    }
    this.countByKind.skipped += state.counts.skipped - keptByKind.skipped;
    this.countByKind.quirk += state.counts.quirk - keptByKind.quirk;
  }

  /** Counts a warning; whether it is one of those kept. */
  private admit(kind: ParseWarningKind): boolean {
    this.countByKind[kind]++;
    if (this.keptByKind[kind] >= MAX_KEPT_WARNINGS) return false;
    this.keptByKind[kind]++;
    return true;
  }
}

/** Report text for a warning message, cut to a bounded length. */
export function quoted(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}
