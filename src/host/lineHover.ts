/**
 * The coverage hover of one line as markdown: hit count, branches, the enclosing function, the
 * tests that ran it and the reports it comes from. Names from a report are code spans and any
 * other report text is escaped (inertText.ts), so the markdown holds no link, HTML or icon from a
 * report; long lists end with "and N more".
 */
import { LineStatus, NEVER_EVALUATED, UNKNOWN_HITS } from '../core/model/model';
import { functionAt, indexOfLine } from '../shared/detailQueries';
import type { FileDetail } from '../shared/protocol';
import { bothSourcesText, codecovSourceText } from './codecov/codecovHover';
import { markdownCode, markdownText } from './inertText';

/** The most missed branches or tests a hover names. */
export const MAX_LISTED = 5;

export interface HoverSource {
  /** The report, relative to the workspace. */
  readonly path: string;
  /** When it was loaded, as the user's locale writes a time. */
  readonly loadedAt: string;
}

export interface HoverStaleness {
  readonly fileModified: string;
  readonly reportModified: string;
}

const STATUS_WORDS: Record<number, string> = {
  [LineStatus.Covered]: 'covered',
  [LineStatus.Partial]: 'partially covered',
  [LineStatus.Uncovered]: 'not covered',
};

/** A report behind a workspace file's coverage, as the hover names it. */
export interface HoverReport {
  /** The report file, relative to the workspace. */
  readonly relativePath: string;
  /** Set for Codecov coverage: named by where it comes from, not by a file. */
  readonly codecov: Parameters<typeof codecovSourceText>[0] | undefined;
  /** When it was loaded, as the user's locale writes a time. */
  readonly loadedAt: string;
}

/**
 * The hover of a workspace file's line: its reports as sources (Codecov by where its coverage
 * comes from), staleness only when every source is a local report (Codecov's coverage is of
 * another commit by design), and, when Codecov also covers a file a local report covers, what
 * each source says of the line. Undefined when no source says anything about it.
 */
export function fileLineHoverMarkdown(
  detail: FileDetail,
  line: number,
  reports: readonly HoverReport[],
  stale: HoverStaleness | undefined,
  codecov: { readonly detail: FileDetail; readonly sha: string } | undefined,
): string | undefined {
  const sources = reports.map((report) => ({ path: report.codecov === undefined ? report.relativePath : codecovSourceText(report.codecov), loadedAt: report.loadedAt }));
  let text = lineHoverMarkdown(detail, line, sources, reports.some((report) => report.codecov !== undefined) ? undefined : stale);
  const both = codecov === undefined ? undefined : bothSourcesText(detail, codecov.detail, line, codecov.sha);
  if (both !== undefined) text = `${text ?? '**Coverage**'}\n\n${markdownText(both)}`;
  return text;
}

/** Markdown for a line (1-based), or undefined when the report says nothing about it. */
export function lineHoverMarkdown(detail: FileDetail, line: number, sources: readonly HoverSource[], stale: HoverStaleness | undefined): string | undefined {
  const i = indexOfLine(detail, line);
  if (i === -1) return undefined;
  const hits = detail.hits[i] as number;
  const paragraphs = [`**Coverage** · ${STATUS_WORDS[detail.status[i] as number] ?? 'unknown'}${hits === UNKNOWN_HITS ? '' : ` · ${plural(hits, 'hit')}`}`];
  const branches = detail.branchesTotal[i] as number;
  if (branches > 0) {
    const missed = missedBranches(detail, line);
    paragraphs.push(`Branches: ${detail.branchesCovered[i] as number} of ${branches} taken${missed.length > 0 ? ` · not taken: ${listWithMore(missed, describeBranch)}` : ''}`);
  }
  const fn = functionAt(detail, line);
  if (fn !== -1) {
    paragraphs.push(`In ${markdownCode(callable(detail.functionNames[fn] as string))} · called ${plural(detail.functionHits[fn] as number, 'time')}`);
  }
  const tests = testsOnLine(detail, line);
  if (tests.length > 0) paragraphs.push(`Run by ${listWithMore(tests, (name) => markdownCode(name))}`);
  paragraphs.push(`From ${sources.map((source) => `${markdownText(source.path)} (loaded ${markdownText(source.loadedAt)})`).join(' + ')}`);
  if (stale !== undefined) {
    paragraphs.push(
      `Stale: the file was changed (${markdownText(stale.fileModified)}) after the report was written (${markdownText(stale.reportModified)}); marks may be on the wrong lines until the next report.`,
    );
  }
  return paragraphs.join('\n\n');
}

/** `a, b, c` or, past `max`, `a, b, c, d, e and 7 more`; only the items shown are formatted. */
export function listWithMore<T>(items: readonly T[], format: (item: T) => string, max = MAX_LISTED): string {
  const shown = items.slice(0, max).map(format).join(', ');
  return items.length <= max ? shown : `${shown} and ${items.length - max} more`;
}

/** A function name as code reads it: `total()`, unless the name already ends in a parameter list. */
function callable(name: string): string {
  return name.endsWith(')') ? name : `${name}()`;
}

function testsOnLine(detail: FileDetail, line: number): string[] {
  const tests: string[] = [];
  detail.testLines.forEach((lines, i) => {
    if (indexOfLine({ lines }, line) !== -1) tests.push(detail.testNames[i] as string);
  });
  return tests.sort();
}

interface MissedBranch {
  readonly label: string;
  readonly ordinal: number;
  readonly neverEvaluated: boolean;
}

/** The branches on a line that never ran, in report order. */
function missedBranches(detail: FileDetail, line: number): MissedBranch[] {
  const missed: MissedBranch[] = [];
  let ordinal = 0;
  for (let b = 0; b < detail.branchLines.length; b++) {
    if (detail.branchLines[b] !== line) continue;
    ordinal++;
    const taken = detail.branchTaken[b] as number;
    if (taken <= 0) missed.push({ label: detail.branchLabels[b] ?? '', ordinal, neverEvaluated: taken === NEVER_EVALUATED });
  }
  return missed;
}

/** A label as code, else `#ordinal`. */
function describeBranch(branch: MissedBranch): string {
  const name = branch.label === '' ? `#${branch.ordinal}` : markdownCode(branch.label);
  return branch.neverEvaluated ? `${name} (never evaluated)` : name;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
