import * as vscode from 'vscode';
import { lineChecksum } from '../core/lineChecksum';
import { type LineEdit, LineMap, REMOVED } from '../core/lineMap';
import { type FileDetail, referencedLines, remapDetail } from '../shared/fileDetail';
import type { CoverageIndex, FileEntry } from './coverageIndex';
import { Disposable } from './disposable';

/** A document's coverage as it stands now: report lines moved by unsaved edits, edited lines gone. */
export interface LiveDetail {
  readonly entry: FileEntry;
  readonly detail: FileDetail;
  /** When the file on disk is newer than every report covering it. */
  readonly staleSince: { readonly fileModified: Date; readonly reportModified: Date } | undefined;
}

interface DocumentState {
  readonly entry: FileEntry;
  readonly pending: LineEdit[];
  map: { readonly lines: Uint32Array; readonly map: LineMap } | undefined;
  /** Saved since the report: the file on disk no longer is what the report describes. */
  saved: boolean;
}

/**
 * Keeps marks on the right lines while a file is edited: every content change is recorded as a
 * line edit against the report's line numbers; details are remapped on the way to the
 * decorations, the hover and navigation. A new report for the file starts afresh.
 */
export class LiveCoverage extends Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly checksumResults = new Map<string, { version: number; entry: FileEntry; changed: ReadonlySet<number> }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly index: CoverageIndex) {
    super();
    this.register(this.changed);
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.record(event)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.states.delete(document.uri.toString());
        this.checksumResults.delete(document.uri.toString());
      }),
    );
    // A save can make the file newer than its report.
    this.register(
      vscode.workspace.onDidSaveTextDocument((document) => {
        const state = this.states.get(document.uri.toString());
        if (state !== undefined) state.saved = true;
        this.changed.fire(document.uri);
      }),
    );
    this.register(index.onDidChange(() => this.forgetReplaced()));
  }

  async detailFor(document: vscode.TextDocument): Promise<LiveDetail | undefined> {
    const entry = this.index.fileFor(document.uri);
    if (entry === undefined) return undefined;
    const detail = this.remap(document.uri, entry, await this.index.detail(entry));
    if (detail.checksumLines.length > 0) {
      // Exact: a line whose text no longer matches its checksum loses its mark; no guessing by dates.
      const changed = this.changedLines(document, entry, detail);
      return { entry, detail: changed.size === 0 ? detail : remapDetail(detail, (line) => (changed.has(line) ? REMOVED : line)), staleSince: undefined };
    }
    return { entry, detail, staleSince: await staleness(document.uri, entry) };
  }

  /** Lines whose text differs from the report's checksum, cached per document version. */
  private changedLines(document: vscode.TextDocument, entry: FileEntry, detail: FileDetail): ReadonlySet<number> {
    const key = document.uri.toString();
    const cached = this.checksumResults.get(key);
    if (cached !== undefined && cached.version === document.version && cached.entry === entry) return cached.changed;
    const changed = new Set<number>();
    detail.checksumLines.forEach((line, i) => {
      const text = line <= document.lineCount ? document.lineAt(line - 1).text : undefined;
      if (text === undefined || lineChecksum(text) !== detail.checksums[i]) changed.add(line);
    });
    this.checksumResults.set(key, { version: document.version, entry, changed });
    return changed;
  }

  private record(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    if (event.contentChanges.length === 0) {
      // A dirty-state change. Undone or reverted back to the file the report describes: the
      // report's lines hold again.
      const state = this.states.get(key);
      if (state !== undefined && !event.document.isDirty && !state.saved) {
        this.states.delete(key);
        this.changed.fire(event.document.uri);
      }
      return;
    }
    const entry = this.index.fileFor(event.document.uri);
    if (entry === undefined) return;
    let state = this.states.get(key);
    if (state === undefined || state.entry !== entry) {
      state = { entry, pending: [], map: undefined, saved: false };
      this.states.set(key, state);
    }
    // Each change's range is in the text before the event: apply the lowest-down first.
    const changes = [...event.contentChanges].sort((a, b) => b.range.start.compareTo(a.range.start));
    for (const change of changes) {
      const edit = toLineEdit(change);
      if (state.map === undefined) state.pending.push(edit);
      else state.map.map.apply(edit);
    }
    this.changed.fire(event.document.uri);
  }

  private remap(uri: vscode.Uri, entry: FileEntry, detail: FileDetail): FileDetail {
    const state = this.states.get(uri.toString());
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

  private forgetReplaced(): void {
    for (const [key, state] of this.states) if (this.index.fileFor(state.entry.uri) !== state.entry) this.states.delete(key);
  }
}

export function toLineEdit(change: vscode.TextDocumentContentChangeEvent): LineEdit {
  let newlines = 0;
  for (let i = change.text.indexOf('\n'); i !== -1; i = change.text.indexOf('\n', i + 1)) newlines++;
  return {
    startLine: change.range.start.line + 1,
    endLine: change.range.end.line + 1,
    newLineCount: newlines + 1,
    insertsBefore: change.range.isEmpty && change.range.start.character === 0 && change.text.endsWith('\n'),
  };
}

/** File systems keep modification times at coarse granularity (FAT: 2 s). */
const MTIME_TOLERANCE_MS = 2000;

/** The file is stale when it was modified after the newest report covering it was written. */
async function staleness(uri: vscode.Uri, entry: FileEntry): Promise<LiveDetail['staleSince']> {
  const reportModified = Math.max(...entry.reports.map((report) => report.reportModified.getTime()));
  try {
    const { mtime } = await vscode.workspace.fs.stat(uri);
    return mtime > reportModified + MTIME_TOLERANCE_MS ? { fileModified: new Date(mtime), reportModified: new Date(reportModified) } : undefined;
  } catch {
    return undefined;
  }
}
