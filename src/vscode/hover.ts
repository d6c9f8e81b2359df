import * as vscode from 'vscode';
import { lineHoverMarkdown } from '../host/lineHover';
import type { FileDetail } from '../shared/protocol';
import type { FileEntry } from './coverageIndex';
import type { LiveCoverage, LiveDetail } from './liveCoverage';
import { untrustedMarkdown } from './untrustedMarkdown';

/**
 * Hit count, branches, enclosing function, tests and source report of a covered line, as
 * untrusted markdown without HTML or icons; report text is escaped in `lineHoverMarkdown`.
 */
export class CoverageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly live: LiveCoverage) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const live = await this.live.detailFor(document);
    if (live === undefined) return undefined;
    const markdown = describeLine(live.detail, position.line + 1, live.entry, live.staleSince);
    if (markdown === undefined) return undefined;
    return new vscode.Hover(markdown, document.lineAt(position.line).range);
  }
}

export function describeLine(detail: FileDetail, line: number, entry: FileEntry, staleSince: LiveDetail['staleSince']): vscode.MarkdownString | undefined {
  const sources = entry.reports.map((report) => ({ path: vscode.workspace.asRelativePath(report.reportUri), loadedAt: report.loadedAt.toLocaleTimeString() }));
  const stale = staleSince && { fileModified: staleSince.fileModified.toLocaleString(), reportModified: staleSince.reportModified.toLocaleString() };
  const text = lineHoverMarkdown(detail, line, sources, stale);
  return text === undefined ? undefined : untrustedMarkdown(text);
}

