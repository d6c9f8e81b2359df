import * as vscode from 'vscode';
import { nextUncoveredLine } from '../shared/detailQueries';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import type { LiveCoverage } from './liveCoverage';
import type { Settings } from './settings';

export const EDITOR_HAS_COVERAGE_CONTEXT = 'coverageSentinel.editorHasCoverage';

/** Next / previous uncovered line in the active editor, and the context key its keybindings use. */
export class UncoveredNavigation extends Disposable {
  constructor(
    private readonly index: CoverageIndex,
    private readonly live: LiveCoverage,
    private readonly settings: Settings,
  ) {
    super();
    this.register(vscode.window.onDidChangeActiveTextEditor(() => void this.updateContext()));
    this.register(index.onDidChange(() => void this.updateContext()));
    void this.updateContext();
  }

  /** Moves the cursor to the next (1) or previous (-1) uncovered region; returns the 1-based line or undefined. */
  async go(direction: 1 | -1): Promise<number | undefined> {
    const editor = vscode.window.activeTextEditor;
    const live = editor === undefined ? undefined : await this.live.detailFor(editor.document);
    if (editor === undefined || live === undefined) {
      void vscode.window.showInformationMessage('Coverage Sentinel: this file has no coverage.');
      return undefined;
    }
    const { detail } = live;
    const includePartial = this.settings.get(editor.document.uri).navigationIncludesPartial;
    const line = nextUncoveredLine(detail, editor.selection.active.line + 1, direction, includePartial);
    if (line === undefined) {
      void vscode.window.showInformationMessage(`Coverage Sentinel: no ${includePartial ? 'uncovered or partial' : 'uncovered'} lines in this file.`);
      return undefined;
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
