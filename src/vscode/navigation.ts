import * as vscode from 'vscode';
import { nextUncoveredLine } from '../shared/detailQueries';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import type { Informer } from './informer';
import type { LiveCoverage } from './liveCoverage';
import type { Settings } from './settings';

export const EDITOR_HAS_COVERAGE_CONTEXT = 'coverageSentinel.editorHasCoverage';

/** Said by the navigation commands in an empty window, or with an editor that shows no text (Settings, Welcome) active. */
export const NO_FILE_OPEN = 'Coverage Sentinel: no file is open in the editor.';
/** Said for an untitled or virtual document (a diff's other side, an output): coverage is of files on disk. */
export const NO_FILE_SHOWN = 'Coverage Sentinel: this editor shows no file on disk, so it has no coverage.';

/** Next / previous uncovered line in the active editor, and the context key its keybindings use. */
export class UncoveredNavigation extends Disposable {
  constructor(
    private readonly index: CoverageIndex,
    private readonly live: LiveCoverage,
    private readonly settings: Settings,
    private readonly informer: Informer,
  ) {
    super();
    this.register(vscode.window.onDidChangeActiveTextEditor(() => void this.updateContext()));
    this.register(index.onDidChange(() => void this.updateContext()));
    void this.updateContext();
  }

  /** Moves the cursor to the next (1) or previous (-1) uncovered region; returns the 1-based line or undefined. */
  async go(direction: 1 | -1): Promise<number | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) return void this.informer.inform(NO_FILE_OPEN);
    const live = await this.live.detailFor(editor.document);
    if (live === undefined) return void this.informer.inform(editor.document.uri.scheme === 'file' ? 'Coverage Sentinel: this file has no coverage.' : NO_FILE_SHOWN);
    const { detail } = live;
    const includePartial = this.settings.get(editor.document.uri).navigationIncludesPartial;
    const line = nextUncoveredLine(detail, editor.selection.active.line + 1, direction, includePartial);
    if (line === undefined) {
      return void this.informer.inform(`Coverage Sentinel: no ${includePartial ? 'uncovered or partial' : 'uncovered'} lines in this file.`);
    }
    const position = new vscode.Position(line - 1, editor.document.lineAt(Math.min(line - 1, editor.document.lineCount - 1)).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return line;
  }

  private async updateContext(): Promise<void> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const hasCoverage = uri !== undefined && this.index.fileFor(uri) !== undefined;
    await vscode.commands.executeCommand('setContext', EDITOR_HAS_COVERAGE_CONTEXT, hasCoverage);
  }
}
