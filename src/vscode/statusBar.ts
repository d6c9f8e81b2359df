import * as vscode from 'vscode';
import type { CoverageTotals } from '../core/model/model';
import { coverageShare, formatShare, PERCENT_MODE_MEANINGS, type PercentMode } from '../host/coveragePercent';
import { markdownText } from '../host/inertText';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import { PERCENT_SETTING, type Settings } from './settings';
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
    const workspace = this.index.workspaceTotals();
    const codecov = this.codecov();
    if (workspace.files === 0 && codecov === undefined) {
      this.text = undefined;
      this.tooltip = undefined;
      this.item.hide();
      return;
    }
    const mode = this.settings.percentMode();
    const uri = vscode.window.activeTextEditor?.document.uri;
    const file = uri === undefined ? undefined : this.index.fileFor(uri);
    const workspacePercent = formatShare(coverageShare(workspace, mode));
    const paragraphs = ['**Coverage Sentinel**'];
    if (file !== undefined) {
      this.text = `$(shield) ${formatShare(coverageShare(file.totals, mode))} $(root-folder) ${workspacePercent}`;
      paragraphs.push(`${markdownText(vscode.workspace.asRelativePath(file.uri))}: ${describe(file.totals, mode)}`);
    } else {
      this.text = `$(root-folder) ${workspacePercent}`;
    }
    paragraphs.push(`Workspace, ${workspace.files} file${workspace.files === 1 ? '' : 's'}: ${describe(workspace, mode)}`);
    if (codecov !== undefined) {
      this.text = `${this.text} · ${codecov.text}`;
      paragraphs.push(`${markdownText(codecov.text)}${codecov.detail === '' ? '' : `: ${markdownText(codecov.detail, 400)}`}`);
    }
    paragraphs.push(`Percentages count ${PERCENT_MODE_MEANINGS[mode]}, as VS Code's coverage does (setting \`${PERCENT_SETTING}\`: \`${mode}\`).`);
    paragraphs.push('Click to show or hide the coverage marks.');
    this.tooltip = untrustedMarkdown(paragraphs.join('\n\n'));
    this.item.text = this.text;
    this.item.tooltip = this.tooltip;
    this.item.show();
  }
}

/** `**69.0%** · lines 20/30 · branches 7/9 · functions 2/3` */
function describe(totals: CoverageTotals, mode: PercentMode): string {
  const parts = [`**${formatShare(coverageShare(totals, mode))}**`, `lines ${totals.linesHit}/${totals.lines}`];
  if (totals.branches > 0) parts.push(`branches ${totals.branchesHit}/${totals.branches}`);
  if (totals.functions > 0) parts.push(`functions ${totals.functionsHit}/${totals.functions}`);
  return parts.join(' · ');
}
