import * as vscode from 'vscode';
import { statusView } from '../host/statusText';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import type { Settings } from './settings';
import { untrustedMarkdown } from './untrustedMarkdown';

export const TOGGLE_MARKS_COMMAND = 'coverageSentinel.toggleMarks';

/**
 * The active file's coverage and the workspace's, as the percentage VS Code's own coverage
 * display shows (`testing.displayedCoveragePercent`); hidden when there is no coverage.
 */
export class CoverageStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private text: string | undefined;
  private tooltip: vscode.MarkdownString | undefined;

  constructor(
    private readonly index: CoverageIndex,
    private readonly settings: Settings,
    /** Where Codecov coverage comes from (`Codecov · a1b2c3d (3 behind)`), when it is on. */
    private readonly codecov: () => { readonly text: string; readonly detail: string } | undefined = () => undefined,
  ) {
    super();
    this.item = this.register(vscode.window.createStatusBarItem('coverageSentinel.status', vscode.StatusBarAlignment.Right, 100));
    this.item.name = 'Coverage Sentinel';
    this.item.command = TOGGLE_MARKS_COMMAND;
    this.register(index.onDidChange(() => this.update()));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.register(
      settings.onDidChange((change) => {
        if (change.affects('percentMode')) this.update();
      }),
    );
    this.update();
  }

  /** The text shown, or undefined while hidden (for the test API). */
  get shownText(): string | undefined {
    return this.text;
  }

  /** The tooltip's markdown source. */
  get shownTooltip(): string | undefined {
    return this.tooltip?.value;
  }

  update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const file = uri === undefined ? undefined : this.index.fileFor(uri);
    const view = statusView({
      workspace: this.index.workspaceTotals(),
      file: file && { path: vscode.workspace.asRelativePath(file.uri), totals: file.totals },
      codecov: this.codecov(),
      mode: this.settings.percentMode(),
    });
    if (view === undefined) {
      this.text = undefined;
      this.tooltip = undefined;
      this.item.hide();
      return;
    }
    this.text = view.text;
    this.tooltip = untrustedMarkdown(view.tooltip);
    this.item.text = this.text;
    this.item.tooltip = this.tooltip;
    this.item.show();
  }
}
