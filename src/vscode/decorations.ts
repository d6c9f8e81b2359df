import * as vscode from 'vscode';
import type { Activity } from './activity';
import { affectsSettings, readSettings } from './config';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import { type LinesByKind, linesByKind, MARK_KINDS, type MarkKind } from './lineKinds';

const REDRAW_DEBOUNCE_MS = 30;

/**
 * Gutter, line-background and overview-ruler marks for every visible editor with coverage.
 * Decoration types are created once per style and re-created only when the style changes.
 */
export class CoverageDecorations extends Disposable {
  private types: Record<MarkKind, vscode.TextEditorDecorationType> | undefined;
  private visible = true;
  private timer: NodeJS.Timeout | undefined;
  private endPending: (() => void) | undefined;
  /** What each document currently shows, by URI: for the test API and to skip no-op redraws. */
  private readonly applied = new Map<string, LinesByKind>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly index: CoverageIndex,
    private readonly activity: Activity,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.visible = readSettings().showMarks;
    this.register(index.onDidChange(() => this.scheduleRedraw()));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.scheduleRedraw()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event, 'showMarks')) this.visible = readSettings().showMarks;
        if (affectsSettings(event, 'lineBackground') || affectsSettings(event, 'overviewRuler')) this.disposeTypes();
        if (affectsSettings(event)) this.scheduleRedraw();
      }),
    );
    this.register({ dispose: () => this.disposeTypes() });
  }

  get marksVisible(): boolean {
    return this.visible;
  }

  toggle(): boolean {
    this.visible = !this.visible;
    this.scheduleRedraw();
    return this.visible;
  }

  /** Lines (1-based) marked in the document with this URI, as last drawn. */
  appliedLines(uri: vscode.Uri): LinesByKind | undefined {
    return this.applied.get(uri.toString());
  }

  scheduleRedraw(): void {
    if (this.isDisposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.endPending ??= this.activity.begin();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const end = this.endPending;
      this.endPending = undefined;
      void this.redraw()
        .catch((error: unknown) => this.log.error(`redraw failed: ${String(error)}`))
        .finally(() => end?.());
    }, REDRAW_DEBOUNCE_MS);
  }

  override dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.endPending?.();
    super.dispose();
  }

  private async redraw(): Promise<void> {
    const editors = vscode.window.visibleTextEditors;
    const shown = new Set<string>();
    await Promise.all(
      editors.map(async (editor) => {
        const key = editor.document.uri.toString();
        const lines = this.visible ? await this.linesFor(editor.document.uri) : undefined;
        if (lines === undefined) {
          this.clear(editor);
          return;
        }
        shown.add(key);
        this.draw(editor, lines);
      }),
    );
    for (const key of [...this.applied.keys()]) if (!shown.has(key)) this.applied.delete(key);
  }

  private async linesFor(uri: vscode.Uri): Promise<LinesByKind | undefined> {
    const entry = this.index.fileFor(uri);
    if (entry === undefined) return undefined;
    try {
      return linesByKind(await this.index.detail(entry));
    } catch (error) {
      this.log.warn(`no coverage detail for ${uri.fsPath}: ${String(error)}`);
      return undefined;
    }
  }

  private draw(editor: vscode.TextEditor, lines: LinesByKind): void {
    const types = this.ensureTypes();
    const lastLine = editor.document.lineCount;
    for (const kind of MARK_KINDS) {
      const ranges = lines[kind].filter((line) => line <= lastLine).map((line) => new vscode.Range(line - 1, 0, line - 1, 0));
      editor.setDecorations(types[kind], ranges);
    }
    this.applied.set(editor.document.uri.toString(), lines);
  }

  private clear(editor: vscode.TextEditor): void {
    if (this.types === undefined) return;
    for (const kind of MARK_KINDS) editor.setDecorations(this.types[kind], []);
  }

  private ensureTypes(): Record<MarkKind, vscode.TextEditorDecorationType> {
    if (this.types !== undefined) return this.types;
    const settings = readSettings();
    const make = (kind: MarkKind): vscode.TextEditorDecorationType =>
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        ...(settings.lineBackground ? { backgroundColor: new vscode.ThemeColor(`coverageSentinel.${kind}LineBackground`) } : {}),
        ...(settings.overviewRuler
          ? { overviewRulerColor: new vscode.ThemeColor(`coverageSentinel.${kind}OverviewRuler`), overviewRulerLane: vscode.OverviewRulerLane.Left }
          : {}),
        light: { gutterIconPath: vscode.Uri.joinPath(this.extensionUri, 'media', `${kind}-light.svg`), gutterIconSize: 'contain' },
        dark: { gutterIconPath: vscode.Uri.joinPath(this.extensionUri, 'media', `${kind}-dark.svg`), gutterIconSize: 'contain' },
      });
    this.types = { covered: make('covered'), partial: make('partial'), uncovered: make('uncovered') };
    return this.types;
  }

  private disposeTypes(): void {
    if (this.types === undefined) return;
    for (const kind of MARK_KINDS) this.types[kind].dispose();
    this.types = undefined;
  }
}
