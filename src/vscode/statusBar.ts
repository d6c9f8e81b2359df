import * as vscode from 'vscode';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import { formatLineCoverage, formatPercent } from './percent';

export const TOGGLE_MARKS_COMMAND = 'coverageSentinel.toggleMarks';

/** The active file's line coverage and the workspace's; hidden when there is no coverage. */
export class CoverageStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private text: string | undefined;
  private tooltip: string | undefined;

  constructor(private readonly index: CoverageIndex) {
    super();
    this.item = this.register(vscode.window.createStatusBarItem('coverageSentinel.status', vscode.StatusBarAlignment.Right, 100));
    this.item.name = 'Coverage Sentinel';
    this.item.command = TOGGLE_MARKS_COMMAND;
    this.register(index.onDidChange(() => this.update()));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.update();
  }

  /** The text shown, or undefined while hidden (for the test API). */
  get shownText(): string | undefined {
    return this.text;
  }

  get shownTooltip(): string | undefined {
    return this.tooltip;
  }

  update(): void {
    const workspace = this.index.workspaceTotals();
    if (workspace.files === 0) {
      this.text = undefined;
      this.tooltip = undefined;
      this.item.hide();
      return;
    }
    const uri = vscode.window.activeTextEditor?.document.uri;
    const file = uri === undefined ? undefined : this.index.fileFor(uri);
    const workspaceText = formatLineCoverage(workspace.linesHit, workspace.lines);
    const lines = [`Workspace: ${workspaceText} lines in ${workspace.files} file(s)`];
    if (file !== undefined) {
      const fileText = formatLineCoverage(file.totals.linesHit, file.totals.lines);
      this.text = `$(shield) ${fileText} $(root-folder) ${formatPercent(workspace.linesHit, workspace.lines)}`;
      lines.unshift(`${vscode.workspace.asRelativePath(file.uri)}: ${fileText} lines`);
    } else {
      this.text = `$(root-folder) ${workspaceText}`;
    }
    this.tooltip = `Coverage Sentinel\n${lines.join('\n')}\nClick to show or hide the coverage marks.`;
    this.item.text = this.text;
    this.item.tooltip = this.tooltip;
    this.item.show();
  }
}
