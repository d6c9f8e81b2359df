import * as vscode from 'vscode';
import { fileLineHoverMarkdown } from '../host/lineHover';
import type { FileDetail } from '../shared/protocol';
import type { FileEntry } from './coverageIndex';
import type { LiveCoverage, LiveDetail } from './liveCoverage';
import { untrustedMarkdown } from './untrustedMarkdown';

/**
 * Hit count, branches, enclosing function, tests and source report of a covered line, as
 * untrusted markdown without HTML or icons; report text is escaped in `lineHoverMarkdown`.
 */
export class CoverageHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly live: LiveCoverage,
    /** Codecov's detail of a file a local report also covers (local marks win; the hover shows both). */
    private readonly codecovDetail: (entry: FileEntry) => Promise<FileDetail | undefined> = () => Promise.resolve(undefined),
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const live = await this.live.detailFor(document);
    if (live === undefined) return undefined;
    const codecov = live.entry.codecov === undefined ? undefined : await this.codecovDetail(live.entry).catch(() => undefined);
    const markdown = describeLine(live.detail, position.line + 1, live.entry, live.staleSince, codecov);
    if (markdown === undefined) return undefined;
    return new vscode.Hover(markdown, document.lineAt(position.line).range);
  }
}

export function describeLine(detail: FileDetail, line: number, entry: FileEntry, staleSince: LiveDetail['staleSince'], codecov?: FileDetail): vscode.MarkdownString | undefined {
  const reports = entry.reports.map((report) => ({ relativePath: vscode.workspace.asRelativePath(report.reportUri), codecov: report.codecov, loadedAt: report.loadedAt.toLocaleTimeString() }));
  const stale = staleSince && { fileModified: staleSince.fileModified.toLocaleString(), reportModified: staleSince.reportModified.toLocaleString() };
  const codecovSha = entry.codecov?.report.codecov?.sha;
  const both = codecov !== undefined && codecovSha !== undefined ? { detail: codecov, sha: codecovSha } : undefined;
  const text = fileLineHoverMarkdown(detail, line, reports, stale, both);
  return text === undefined ? undefined : untrustedMarkdown(text);
}
