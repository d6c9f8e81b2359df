import * as vscode from 'vscode';
import { gainedHover, lostHover, newCodeHover } from '../../host/compare/comparisonText';
import { untrustedMarkdown } from '../untrustedMarkdown';
import type { ComparisonController } from './comparisonController';

/** What the comparison says of a line: lost, new and not covered, or gained; shown beside the coverage hover. */
export class ComparisonHoverProvider implements vscode.HoverProvider {
  constructor(private readonly comparison: ComparisonController) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const markdown = this.describe(document.uri, position.line + 1);
    return markdown === undefined ? undefined : new vscode.Hover(untrustedMarkdown(markdown), document.lineAt(position.line).range);
  }

  /** The hover's markdown for a line (1-based), also for the test API. */
  describe(uri: vscode.Uri, line: number): string | undefined {
    const state = this.comparison.stateFor(uri);
    const file = this.comparison.fileFor(uri);
    if (state === undefined || file === undefined) return undefined;
    const lost = file.lost.find((entry) => entry.line === line);
    if (lost !== undefined) return lostHover(lost, state.withWhat);
    if (file.uncoveredChanged.includes(line)) return newCodeHover(false, state.withWhat);
    if (file.partialChanged.includes(line)) return newCodeHover(true, state.withWhat);
    if (file.gained.includes(line)) return gainedHover(state.withWhat);
    return undefined;
  }
}
