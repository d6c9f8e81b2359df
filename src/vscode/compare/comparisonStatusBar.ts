import * as vscode from 'vscode';
import { statusText, statusTooltip } from '../../host/compare/comparisonText';
import { markdownText } from '../../host/inertText';
import { Disposable } from '../disposable';
import { untrustedMarkdown } from '../untrustedMarkdown';
import type { ComparisonController } from './comparisonController';

/**
 * `patch 72% (18/25) · Δ −0.4%` beside the coverage item; the tooltip says against what. With
 * several repositories compared, the active editor's repository's (else the first's), named.
 */
export class ComparisonStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('coverageSentinel.comparison', vscode.StatusBarAlignment.Left, 99));
  shownText: string | undefined;
  shownTooltip: string | undefined;

  constructor(private readonly comparison: ComparisonController) {
    super();
    this.item.name = 'Coverage Sentinel: comparison with the base branch';
    this.item.command = 'coverageSentinel.comparison.focus';
    this.register(comparison.onDidChange(() => this.update()));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.update();
  }

  private update(): void {
    const state = this.comparison.state;
    if (state === undefined) {
      this.item.hide();
      this.shownText = undefined;
      this.shownTooltip = undefined;
      return;
    }
    const several = this.comparison.repositories.length > 1;
    this.shownText = `$(git-compare) ${statusText(state.run.result)}`;
    this.shownTooltip = `${several ? `**${markdownText(state.name)}** · ` : ''}${statusTooltip(state.run.result, state.withWhat)}`;
    this.item.text = this.shownText;
    this.item.tooltip = untrustedMarkdown(this.shownTooltip);
    this.item.show();
  }
}
