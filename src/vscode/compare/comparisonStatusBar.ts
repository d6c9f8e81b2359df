import * as vscode from 'vscode';
import { statusText, statusTooltip } from '../../host/compare/comparisonText';
import { Disposable } from '../disposable';
import { untrustedMarkdown } from '../untrustedMarkdown';
import type { ComparisonController } from './comparisonController';

/** `patch 72% (18/25) · Δ −0.4%` beside the coverage item; the tooltip says against what. */
export class ComparisonStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('coverageSentinel.comparison', vscode.StatusBarAlignment.Left, 99));
  shownText: string | undefined;
  shownTooltip: string | undefined;

  constructor(private readonly comparison: ComparisonController) {
    super();
    this.item.name = 'Coverage Sentinel: comparison with the base branch';
    this.item.command = 'coverageSentinel.comparison.focus';
    this.register(comparison.onDidChange(() => this.update()));
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
    this.shownText = `$(git-compare) ${statusText(state.run.result)}`;
    this.shownTooltip = statusTooltip(state.run.result, state.withWhat);
    this.item.text = this.shownText;
    this.item.tooltip = untrustedMarkdown(this.shownTooltip);
    this.item.show();
  }
}
