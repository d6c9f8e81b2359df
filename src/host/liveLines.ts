/**
 * A document's coverage as it stands now, without `vscode`: unsaved edits recorded as line edits
 * against the report's line numbers, checksum comparison, and staleness by modification time.
 * The vscode adapter (vscode/liveCoverage.ts) feeds it editor events and documents.
 */
import { lineChecksum } from '../core/lines/lineChecksum';
import { type LineEdit, LineMap, REMOVED } from '../core/lines/lineMap';
import { type FileDetail, referencedLines, remapDetail } from '../shared/fileDetail';

/** One content change as the editor reports it (0-based positions, in the text before the event). */
export interface TextChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  /** The replaced range is empty (a pure insertion). */
  readonly isEmpty: boolean;
  readonly text: string;
}

/** The text of a document as far as the checksum comparison needs it. */
export interface DocumentText {
  readonly version: number;
  readonly lineCount: number;
  /** The text of a 1-based line. */
  lineText(line: number): string;
}

export interface Staleness {
  readonly fileModified: Date;
  readonly reportModified: Date;
}

export function toLineEdit(change: TextChange): LineEdit {
  let newlines = 0;
  for (let i = change.text.indexOf('\n'); i !== -1; i = change.text.indexOf('\n', i + 1)) newlines++;
  return {
    startLine: change.startLine + 1,
    endLine: change.endLine + 1,
    newLineCount: newlines + 1,
    insertsBefore: change.isEmpty && change.startCharacter === 0 && change.text.endsWith('\n'),
  };
}

interface DocumentState<Entry> {
  entry: Entry;
  readonly pending: LineEdit[];
  map: { readonly lines: Uint32Array; readonly map: LineMap } | undefined;
  /** Saved since the report: the file on disk no longer is what the report describes. */
  saved: boolean;
}

/**
 * Per document (by key): the edits made since its coverage entry was loaded, and the checksum
 * comparison of its lines, cached per document version. `Entry` is the coverage entry the edits
 * count against; a new entry for the document starts afresh.
 */
export class LiveLines<Entry> {
  private readonly states = new Map<string, DocumentState<Entry>>();
  private readonly checksumResults = new Map<string, { version: number; entry: Entry; changed: ReadonlySet<number> }>();

  /** Records one event's content changes against `entry`. */
  edit(key: string, entry: Entry, changes: readonly TextChange[]): void {
    let state = this.states.get(key);
    if (state === undefined || state.entry !== entry) {
      state = { entry, pending: [], map: undefined, saved: false };
      this.states.set(key, state);
    }
    // Each change's range is in the text before the event: apply the lowest-down first.
    const ordered = [...changes].sort((a, b) => b.startLine - a.startLine || b.startCharacter - a.startCharacter);
    for (const change of ordered) {
      const edit = toLineEdit(change);
      if (state.map === undefined) state.pending.push(edit);
      else state.map.map.apply(edit);
    }
  }

  saved(key: string): void {
    const state = this.states.get(key);
    if (state !== undefined) state.saved = true;
  }

  /**
   * Undone or reverted back to the file on disk: unless a save came between, that is the file the
   * report describes and its lines hold again. True when that dropped the recorded edits.
   */
  reverted(key: string): boolean {
    const state = this.states.get(key);
    if (state === undefined || state.saved) return false;
    this.states.delete(key);
    return true;
  }

  closed(key: string): void {
    this.states.delete(key);
    this.checksumResults.delete(key);
  }

  /**
   * After the entries were rebuilt: `current(entry)` is the entry that now stands for the same
   * coverage (the edits still count against it), or undefined (a new report: start afresh).
   */
  retain(current: (entry: Entry) => Entry | undefined): void {
    for (const [key, state] of this.states) {
      const now = current(state.entry);
      if (now === undefined) this.states.delete(key);
      else state.entry = now;
    }
    for (const [key, result] of this.checksumResults) {
      const now = current(result.entry);
      if (now === undefined) this.checksumResults.delete(key);
      else this.checksumResults.set(key, { ...result, entry: now });
    }
  }

  /** The detail with its lines moved by the recorded edits; lines edited away are dropped. */
  remap(key: string, entry: Entry, detail: FileDetail): FileDetail {
    const state = this.states.get(key);
    if (state === undefined || state.entry !== entry) return detail;
    if (state.map === undefined) {
      const lines = referencedLines(detail);
      const map = new LineMap(lines);
      for (const edit of state.pending.splice(0)) map.apply(edit);
      state.map = { lines, map };
    }
    if (state.map.map.isIdentity) return detail;
    const { lines, map } = state.map;
    const now = new Map<number, number>();
    for (let i = 0; i < lines.length; i++) now.set(lines[i] as number, map.lineAt(i));
    return remapDetail(detail, (line) => now.get(line) ?? REMOVED);
  }

  /** Exact: a line whose text no longer matches its checksum loses its mark; no guessing by dates. */
  withoutChangedLines(key: string, entry: Entry, detail: FileDetail, document: DocumentText): FileDetail {
    const changed = this.changedLines(key, entry, detail, document);
    return changed.size === 0 ? detail : remapDetail(detail, (line) => (changed.has(line) ? REMOVED : line));
  }

  /** Lines whose text differs from the report's checksum, cached per document version. */
  private changedLines(key: string, entry: Entry, detail: FileDetail, document: DocumentText): ReadonlySet<number> {
    const cached = this.checksumResults.get(key);
    if (cached !== undefined && cached.version === document.version && cached.entry === entry) return cached.changed;
    const changed = new Set<number>();
    detail.checksumLines.forEach((line, i) => {
      const text = line <= document.lineCount ? document.lineText(line) : undefined;
      if (text === undefined || lineChecksum(text) !== detail.checksums[i]) changed.add(line);
    });
    this.checksumResults.set(key, { version: document.version, entry, changed });
    return changed;
  }
}

/** File systems keep modification times at coarse granularity (FAT: 2 s). */
const MTIME_TOLERANCE_MS = 2000;

/** The file is stale when it was modified after the newest report covering it was written. */
export function staleness(fileModifiedMs: number | undefined, reportsModifiedMs: readonly number[]): Staleness | undefined {
  if (fileModifiedMs === undefined) return undefined;
  const reportModified = Math.max(...reportsModifiedMs);
  return fileModifiedMs > reportModified + MTIME_TOLERANCE_MS ? { fileModified: new Date(fileModifiedMs), reportModified: new Date(reportModified) } : undefined;
}
