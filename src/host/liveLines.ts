/**
 * A document's coverage as it stands now, without `vscode`: unsaved edits recorded as line edits
 * against the report's line numbers, checksum comparison, and staleness by modification time.
 * The vscode adapter (vscode/liveCoverage.ts) feeds it editor events and documents.
 */
import { lineChecksum } from '../core/lines/lineChecksum';
import { type LineEdit, LineMap, type LineRevert, REMOVED } from '../core/lines/lineMap';
import { type FileDetail, referencedLines, remapDetail } from '../shared/fileDetail';

/** One content change as the editor reports it (0-based positions, in the text before the event). */
export interface TextChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  /** The replaced range is empty (a pure insertion). */
  readonly isEmpty: boolean;
  readonly text: string;
  /** An insertion made at the end of its line (`insertedAtLineEnd`); absent when the editor could not tell. */
  readonly insertedAtLineEnd?: boolean;
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

/**
 * The lines a change edits. A line the change only moves keeps its mark: the line after a range
 * that ends at a line's start and is replaced by whole lines (a line deleted, lines inserted above
 * it, Ctrl+Shift+K), and the line before an insertion at its end that starts a new line (Enter at
 * the end of a line).
 */
export function toLineEdit(change: TextChange): LineEdit {
  const newlines = newlinesIn(change.text);
  // Old lines first..last (1-based) become `lines` new lines.
  let first = change.startLine + 1;
  let last = change.endLine + 1;
  let lines = newlines + 1;
  if (keepsEndLine(change)) {
    last--;
    lines--;
  }
  if (first <= last && keepsStartLine(change)) {
    first++;
    lines--;
  }
  if (first > last) return { startLine: first, endLine: first, newLineCount: lines + 1, insertsBefore: true };
  return { startLine: first, endLine: last, newLineCount: lines, insertsBefore: false };
}

/** The change's last line is untouched: the text put before it ends with a line break (or nothing replaces whole lines). */
function keepsEndLine(change: TextChange): boolean {
  if (change.endCharacter !== 0) return false;
  return change.text.endsWith('\n') || (change.text === '' && change.startCharacter === 0);
}

/** The change's first line is untouched: an insertion at its end that starts with a line break. */
function keepsStartLine(change: TextChange): boolean {
  return change.insertedAtLineEnd === true && /^\r?\n/.test(change.text);
}

/**
 * Whether an insertion (`text` put at `startCharacter` of a line, nothing replaced) was made at
 * the end of its line, told from the text after it: the line that now holds the inserted text's
 * last line ends with what followed the insertion.
 */
export function insertedAtLineEnd(text: string, startCharacter: number, lastInsertedLineNow: string): boolean {
  const lastBreak = text.lastIndexOf('\n');
  const before = lastBreak === -1 ? startCharacter + text.length : text.length - lastBreak - 1;
  return lastInsertedLineNow.length === before;
}

/**
 * Whether `undo` puts back what `change` replaced: it replaces exactly the range `change`'s text
 * fills now, with text ending where `change`'s range ended (nothing, when `change` inserted).
 */
function undoes(undo: TextChange, change: TextChange): boolean {
  const filled = endAfter(change.startLine, change.startCharacter, change.text);
  if (undo.startLine !== change.startLine || undo.startCharacter !== change.startCharacter) return false;
  if (undo.endLine !== filled.line || undo.endCharacter !== filled.character) return false;
  const putBack = endAfter(undo.startLine, undo.startCharacter, undo.text);
  return putBack.line === change.endLine && putBack.character === change.endCharacter;
}

/** Where `text` inserted at a 0-based position ends. */
function endAfter(line: number, character: number, text: string): { line: number; character: number } {
  const lastBreak = text.lastIndexOf('\n');
  return lastBreak === -1 ? { line, character: character + text.length } : { line: line + newlinesIn(text), character: text.length - lastBreak - 1 };
}

function newlinesIn(text: string): number {
  let newlines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines++;
  return newlines;
}

/** One edit as recorded: applied to the line map (`revert` takes it back) or still pending. */
interface RecordedEdit {
  readonly edit: LineEdit;
  revert?: LineRevert;
}

/**
 * A one-change event, kept so that an undo of it can be told: the range its text fills now, and
 * what an undo must put there (the replaced text when known: none for an insertion).
 */
interface Undoable {
  readonly recorded: RecordedEdit;
  readonly change: TextChange;
}

/** Events kept per document for undo; an undo further back than this counts as an edit. */
const UNDO_DEPTH = 100;

interface DocumentState<Entry> {
  entry: Entry;
  readonly pending: RecordedEdit[];
  map: { readonly lines: Uint32Array; readonly map: LineMap } | undefined;
  /** Saved since the report: the file on disk no longer is what the report describes. */
  saved: boolean;
  /** The latest events, last one last; undefined for an event an undo cannot be matched with. */
  readonly undoable: (Undoable | undefined)[];
}

/**
 * Per document (by key): the edits made since its coverage entry was loaded, and the checksum
 * comparison of its lines, cached per document version. `Entry` is the coverage entry the edits
 * count against; a new entry for the document starts afresh.
 */
export class LiveLines<Entry> {
  private readonly states = new Map<string, DocumentState<Entry>>();
  private readonly checksumResults = new Map<string, { version: number; entry: Entry; changed: ReadonlySet<number> }>();
  /** Per document: the checksum of each line text of its last compared version, so a new version hashes only new texts. */
  private readonly checksumsByText = new Map<string, ReadonlyMap<string, string>>();

  constructor(private readonly checksumOf: (text: string) => string = lineChecksum) {}

  /**
   * Records one event's content changes against `entry`. An undo (`isUndo`) that puts back exactly
   * what the latest recorded event replaced takes that event back: its lines get their marks again.
   */
  edit(key: string, entry: Entry, changes: readonly TextChange[], isUndo = false): void {
    let state = this.states.get(key);
    if (state === undefined || state.entry !== entry) {
      state = { entry, pending: [], map: undefined, saved: false, undoable: [] };
      this.states.set(key, state);
    }
    if (isUndo && this.undid(state, changes)) return;
    // Each change's range is in the text before the event: apply the lowest-down first.
    const ordered = [...changes].sort((a, b) => b.startLine - a.startLine || b.startCharacter - a.startCharacter);
    let recorded: RecordedEdit | undefined;
    for (const change of ordered) {
      recorded = { edit: toLineEdit(change) };
      if (state.map === undefined) state.pending.push(recorded);
      else recorded.revert = state.map.map.apply(recorded.edit);
    }
    const only = changes.length === 1 ? changes[0] : undefined;
    state.undoable.push(only !== undefined && recorded !== undefined ? { recorded, change: only } : undefined);
    if (state.undoable.length > UNDO_DEPTH) state.undoable.shift();
  }

  /** Takes back the latest event when `changes` undo it; false when they do not (or it cannot be taken back). */
  private undid(state: DocumentState<Entry>, changes: readonly TextChange[]): boolean {
    const last = state.undoable.at(-1);
    const undo = changes.length === 1 ? changes[0] : undefined;
    if (last === undefined || undo === undefined || !undoes(undo, last.change)) return false;
    const { recorded } = last;
    if (recorded.revert !== undefined && state.map !== undefined) state.map.map.revert(recorded.revert);
    else if (state.map === undefined && state.pending.at(-1) === recorded) state.pending.pop();
    else return false;
    state.undoable.pop();
    return true;
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
    this.checksumsByText.delete(key);
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
      for (const recorded of state.pending.splice(0)) recorded.revert = map.apply(recorded.edit);
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
    const known = this.checksumsByText.get(key);
    const now = new Map<string, string>();
    detail.checksumLines.forEach((line, i) => {
      const text = line <= document.lineCount ? document.lineText(line) : undefined;
      if (text === undefined) {
        changed.add(line);
        return;
      }
      const checksum = now.get(text) ?? known?.get(text) ?? this.checksumOf(text);
      now.set(text, checksum);
      if (checksum !== detail.checksums[i]) changed.add(line);
    });
    this.checksumsByText.set(key, now);
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
