import * as vscode from 'vscode';
import { LineStatus, NEVER_EVALUATED, UNKNOWN_HITS } from '../core/model';
import { functionAt, indexOfLine } from '../shared/detailQueries';
import type { FileDetail } from '../shared/protocol';
import type { FileEntry } from './coverageIndex';
import type { LiveCoverage, LiveDetail } from './liveCoverage';

const MAX_TESTS_SHOWN = 5;

const STATUS_WORDS: Record<number, string> = {
  [LineStatus.Covered]: 'covered',
  [LineStatus.Partial]: 'partially covered',
  [LineStatus.Uncovered]: 'not covered',
};

/**
 * Hit count, branches, enclosing function and source report of a covered line. Everything that
 * comes from a report is added as plain text: the hover is untrusted markdown without HTML.
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
  const i = indexOfLine(detail, line);
  if (i === -1) return undefined;
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  const hits = detail.hits[i] as number;
  const status = detail.status[i] as number;
  md.appendMarkdown('**Coverage** · ');
  md.appendText(`${STATUS_WORDS[status] ?? 'unknown'}${hits === UNKNOWN_HITS ? '' : ` · ${plural(hits, 'hit')}`}`);
  const total = detail.branchesTotal[i] as number;
  if (total > 0) {
    md.appendMarkdown('\n\n');
    md.appendText(`Branches: ${detail.branchesCovered[i] as number} of ${total} taken`);
    const missed = missedBranches(detail, line);
    if (missed.length > 0) md.appendText(` · not taken: ${missed.join(', ')}`);
  }
  const fn = functionAt(detail, line);
  if (fn !== -1) {
    md.appendMarkdown('\n\n');
    md.appendText(`In ${detail.functionNames[fn] as string} · called ${plural(detail.functionHits[fn] as number, 'time')}`);
  }
  const tests = testsOnLine(detail, line);
  if (tests.length > 0) {
    md.appendMarkdown('\n\n');
    const shown = tests.slice(0, MAX_TESTS_SHOWN);
    const more = tests.length - shown.length;
    md.appendText(`Run by ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  md.appendMarkdown('\n\n');
  const sources = entry.reports.map((report) => `${vscode.workspace.asRelativePath(report.reportUri)} (loaded ${report.loadedAt.toLocaleTimeString()})`);
  md.appendText(`From ${sources.join(' + ')}`);
  if (staleSince !== undefined) {
    md.appendMarkdown('\n\n');
    md.appendText(
      `Stale: the file was changed (${staleSince.fileModified.toLocaleString()}) after the report was written (${staleSince.reportModified.toLocaleString()}); marks may be on the wrong lines until the next report.`,
    );
  }
  return md;
}

function testsOnLine(detail: FileDetail, line: number): string[] {
  const tests: string[] = [];
  detail.testLines.forEach((lines, i) => {
    if (indexOfLine({ lines }, line) !== -1) tests.push(detail.testNames[i] as string);
  });
  return tests.sort();
}

/** Labels (or ordinals) of the branches on a line that never ran. */
function missedBranches(detail: FileDetail, line: number): string[] {
  const missed: string[] = [];
  let ordinal = 0;
  for (let b = 0; b < detail.branchLines.length; b++) {
    if (detail.branchLines[b] !== line) continue;
    ordinal++;
    const taken = detail.branchTaken[b] as number;
    if (taken > 0) continue;
    const label = detail.branchLabels[b] || `#${ordinal}`;
    missed.push(taken === NEVER_EVALUATED ? `${label} (never evaluated)` : label);
  }
  return missed;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
