import * as vscode from 'vscode';
import { insertedAtLineEnd, LiveLines, staleness, type Staleness, type TextChange } from '../host/liveLines';
import type { FileDetail } from '../shared/fileDetail';
import type { CoverageIndex, FileEntry } from './coverageIndex';
import { Disposable } from './disposable';

/** A document's coverage as it stands now: report lines moved by unsaved edits, edited lines gone. */
export interface LiveDetail {
  readonly entry: FileEntry;
  readonly detail: FileDetail;
  /** When the file on disk is newer than every report covering it. */
  readonly staleSince: Staleness | undefined;
}

/**
 * Keeps marks on the right lines while a file is edited: feeds VS Code's document events to
 * host/liveLines.ts, whose details go on to the decorations, the hover and navigation. A new
 * report for the file starts afresh.
 */
export class LiveCoverage extends Disposable {
  private readonly lines = new LiveLines<FileEntry>();
  /** Per document with recorded edits: the file's modification time when the first edit came. */
  private readonly diskTimes = new Map<string, Promise<number | undefined>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly index: CoverageIndex) {
    super();
    this.register(this.changed);
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.record(event)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.lines.closed(document.uri.toString());
        this.diskTimes.delete(document.uri.toString());
      }),
    );
    // A save can make the file newer than its report.
    this.register(
      vscode.workspace.onDidSaveTextDocument((document) => {
        this.lines.saved(document.uri.toString());
        this.changed.fire(document.uri);
      }),
    );
    // A rebuild makes new entries for every file: edits still count when the file's reports are the same ones.
    this.register(
      index.onDidChange(() =>
        this.lines.retain((entry) => {
          const now = this.index.fileFor(entry.uri);
          return now !== undefined && sameSources(now, entry) ? now : undefined;
        }),
      ),
    );
  }

  async detailFor(document: vscode.TextDocument): Promise<LiveDetail | undefined> {
    const entry = this.index.fileFor(document.uri);
    if (entry === undefined) return undefined;
    const key = document.uri.toString();
    const detail = this.lines.remap(key, entry, await this.index.detail(entry));
    if (detail.checksumLines.length > 0) {
      const text = { version: document.version, lineCount: document.lineCount, lineText: (line: number) => document.lineAt(line - 1).text };
      return { entry, detail: this.lines.withoutChangedLines(key, entry, detail, text), staleSince: undefined };
    }
    return { entry, detail, staleSince: await staleSince(document.uri, entry) };
  }

  private record(event: vscode.TextDocumentChangeEvent): void {
    const { uri } = event.document;
    const key = uri.toString();
    if (event.contentChanges.length === 0) {
      if (!event.document.isDirty) void this.cleaned(uri, key);
      return;
    }
    const entry = this.index.fileFor(uri);
    if (entry === undefined) return;
    if (!this.diskTimes.has(key)) this.diskTimes.set(key, modifiedTime(uri));
    // The document holds the text after this event: with one change, it tells an insertion at a line's end.
    const after = event.contentChanges.length === 1 ? event.document : undefined;
    this.lines.edit(key, entry, event.contentChanges.map((change) => toTextChange(change, after)), event.reason === vscode.TextDocumentChangeReason.Undo);
    this.changed.fire(uri);
  }

  /**
   * The document is clean again: reverted to the file on disk, or saved. VS Code reports the
   * clean state of a save before the save itself, so the file's modification time tells them apart.
   */
  private async cleaned(uri: vscode.Uri, key: string): Promise<void> {
    const before = this.diskTimes.get(key);
    if (before === undefined) return;
    const [then, now] = await Promise.all([before, modifiedTime(uri)]);
    if (this.diskTimes.get(key) !== before) return;
    this.diskTimes.delete(key);
    if (then !== undefined && then === now) {
      if (this.lines.reverted(key)) this.changed.fire(uri);
    } else {
      this.lines.saved(key);
    }
  }
}

/** The file's modification time on disk, from the first edit on (undefined: not on disk). */
function modifiedTime(uri: vscode.Uri): Promise<number | undefined> {
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then(
    (stat) => stat.mtime,
    () => undefined,
  );
}

function toTextChange(change: vscode.TextDocumentContentChangeEvent, after: vscode.TextDocument | undefined): TextChange {
  const { start, end } = change.range;
  const base = { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character, isEmpty: change.range.isEmpty, text: change.text };
  const lastInsertedLine = start.line + change.text.split('\n').length - 1;
  if (after === undefined || !change.range.isEmpty || lastInsertedLine >= after.lineCount) return base;
  return { ...base, insertedAtLineEnd: insertedAtLineEnd(change.text, start.character, after.lineAt(lastInsertedLine).text) };
}

async function staleSince(uri: vscode.Uri, entry: FileEntry): Promise<Staleness | undefined> {
  const fileModified = await vscode.workspace.fs.stat(uri).then(
    (stat) => stat.mtime,
    () => undefined,
  );
  return staleness(
    fileModified,
    entry.reports.map((report) => report.reportModified.getTime()),
  );
}

function sameSources(a: FileEntry, b: FileEntry): boolean {
  return a.sources.length === b.sources.length && a.sources.every((source, i) => source.reportId === b.sources[i]?.reportId && source.reportPath === b.sources[i]?.reportPath);
}
