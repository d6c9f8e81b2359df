import * as vscode from 'vscode';
import type { Activity } from './activity';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import { MARK_KINDS, SETTING_NAMES } from '../shared/settings';
import { type AppliedMarks, lineRuns, marksToShow } from '../host/marks';
import type { LiveCoverage, LiveDetail } from './liveCoverage';
import { createMarkTypes, type MarkTypeKey, type MarkTypes } from './markStyles';
import type { Settings } from './settings';
import { threadCpuMs } from './threadCpu';

export type { AppliedMarks } from '../host/marks';

const REDRAW_DEBOUNCE_MS = 30;

/** A redraw's cost: wall time, and the CPU time of this thread (wall time less any wait for a core). */
export interface DrawCost {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Gutter, line-background and overview-ruler marks for every visible editor with coverage.
 * Decoration types are created once per style and re-created only when the style changes.
 */
export class CoverageDecorations extends Disposable {
  private types: MarkTypes | undefined;
  private visible = true;
  private timer: NodeJS.Timeout | undefined;
  private endPending: (() => void) | undefined;
  /** What each document currently shows, by URI: for the test API and to skip no-op redraws. */
  private readonly applied = new Map<string, AppliedMarks>();
  /** How long the last redraw of each document took once its detail was in hand (for the bench). */
  private readonly drawCost = new Map<string, DrawCost>();
  private redrawGeneration = 0;
  /** The redraw running, if any: redraws run one after another, so an earlier one is never overtaken. */
  private drawing: Promise<void> = Promise.resolve();
  /** Each document's first marks since it last had none, and whether a loading report's early files gave them. */
  private readonly firstDrawn = new Map<string, { readonly marks: AppliedMarks; readonly early: boolean }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly index: CoverageIndex,
    private readonly live: LiveCoverage,
    private readonly activity: Activity,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: Settings,
  ) {
    super();
    this.visible = settings.get().showMarks;
    this.register(index.onDidChange(() => this.scheduleRedraw()));
    // Early marks at once: waiting for quiet could merge them with the whole report's, which follows.
    this.register(index.onDidChangeEarly(() => this.redrawNow()));
    this.register(live.onDidChange(() => this.scheduleRedraw()));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.scheduleRedraw()));
    this.register(
      settings.onDidChange((change) => {
        if (change.affects('showMarks')) this.visible = settings.get().showMarks;
        if (change.affects('lineBackground', 'overviewRuler', 'markStyle')) this.disposeTypes();
        if (change.affects(...SETTING_NAMES)) this.scheduleRedraw();
      }),
    );
    this.register({ dispose: () => this.disposeTypes() });
  }

  /** Marks are drawn: not toggled off, and the display setting includes ours. */
  get marksVisible(): boolean {
    return this.visible && this.settings.get().display !== 'native';
  }

  toggle(): boolean {
    this.visible = !this.visible;
    this.scheduleRedraw();
    return this.visible;
  }

  lastDraw(uri: vscode.Uri): DrawCost | undefined {
    return this.drawCost.get(uri.toString());
  }

  /** Lines (1-based) marked in the document with this URI, as last drawn. */
  appliedLines(uri: vscode.Uri): AppliedMarks | undefined {
    return this.applied.get(uri.toString());
  }

  /** The document's first marks since it last had none, and whether a loading report's early files gave them. */
  firstMarks(uri: vscode.Uri): { readonly marks: AppliedMarks; readonly early: boolean } | undefined {
    return this.firstDrawn.get(uri.toString());
  }

  scheduleRedraw(): void {
    if (this.isDisposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.endPending ??= this.activity.begin();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const end = this.endPending;
      this.endPending = undefined;
      void this.queueRedraw().finally(() => end?.());
    }, REDRAW_DEBOUNCE_MS);
  }

  /** A redraw now (after the one running, if any), not after quiet. */
  private redrawNow(): void {
    if (this.isDisposed) return;
    const end = this.activity.begin();
    void this.queueRedraw().finally(end);
  }

  private queueRedraw(): Promise<void> {
    const run = this.drawing.then(() => this.redraw()).catch((error: unknown) => this.log.error(`redraw failed: ${String(error)}`));
    this.drawing = run;
    return run;
  }

  override dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.endPending?.();
    super.dispose();
  }

  private async redraw(): Promise<void> {
    // A redraw waits for details; one started later supersedes it and must not be overwritten.
    const generation = ++this.redrawGeneration;
    const editors = vscode.window.visibleTextEditors;
    const shown = new Set<string>();
    await Promise.all(
      editors.map(async (editor) => {
        const key = editor.document.uri.toString();
        const live = this.marksVisible ? await this.liveDetail(editor.document) : undefined;
        if (generation !== this.redrawGeneration) return;
        if (live === undefined) {
          this.clear(editor);
          return;
        }
        shown.add(key);
        // From here on the detail is in hand: this is the redraw cost the bench reports.
        const started = performance.now();
        const startedCpu = threadCpuMs();
        const marks = this.marksOf(editor.document, live);
        if (!this.applied.has(key)) this.firstDrawn.set(key, { marks, early: this.index.isEarly(live.entry) });
        this.draw(editor, marks);
        this.drawCost.set(key, { wallMs: performance.now() - started, cpuMs: threadCpuMs() - startedCpu });
      }),
    );
    if (generation !== this.redrawGeneration) return;
    for (const key of [...this.applied.keys()]) {
      if (shown.has(key)) continue;
      this.applied.delete(key);
      this.drawCost.delete(key);
      this.firstDrawn.delete(key);
    }
  }

  private async liveDetail(document: vscode.TextDocument): Promise<LiveDetail | undefined> {
    try {
      return await this.live.detailFor(document);
    } catch (error) {
      this.log.warn(`no coverage detail for ${document.uri.fsPath}: ${String(error)}`);
      return undefined;
    }
  }

  private marksOf(document: vscode.TextDocument, live: LiveDetail): AppliedMarks {
    return marksToShow(live.detail, this.settings.get(document.uri).showKinds, live.staleSince !== undefined);
  }

  private draw(editor: vscode.TextEditor, marks: AppliedMarks): void {
    const types = this.ensureTypes();
    const lastLine = editor.document.lineCount;
    for (const kind of MARK_KINDS) {
      const staleKey: MarkTypeKey = `${kind}Stale`;
      editor.setDecorations(types[marks.stale ? staleKey : kind], lineRanges(marks[kind], lastLine));
      editor.setDecorations(types[marks.stale ? kind : staleKey], []);
    }
    this.applied.set(editor.document.uri.toString(), marks);
  }

  private clear(editor: vscode.TextEditor): void {
    if (this.types === undefined) return;
    for (const type of Object.values(this.types)) editor.setDecorations(type, []);
  }

  private ensureTypes(): MarkTypes {
    if (this.types === undefined) {
      const { markStyle, lineBackground, overviewRuler } = this.settings.get();
      this.types = createMarkTypes(this.extensionUri, { style: markStyle, lineBackground, overviewRuler });
    }
    return this.types;
  }

  private disposeTypes(): void {
    if (this.types === undefined) return;
    for (const type of Object.values(this.types)) type.dispose();
    this.types = undefined;
  }
}

/** Whole-line ranges, 0-based, one per run of consecutive lines. */
function lineRanges(lines: readonly number[], lastLine: number): vscode.Range[] {
  return lineRuns(lines, lastLine).map(({ start, end }) => new vscode.Range(start - 1, 0, end - 1, 0));
}

