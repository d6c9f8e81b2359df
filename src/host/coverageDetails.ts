/**
 * A file's detail as VS Code's Test Coverage API wants it, in plain terms (the vscode adapter only
 * builds the API's objects): statements per line with their branches, functions as declarations,
 * and what one test ran.
 */
import { NEVER_EVALUATED, UNKNOWN_HITS } from '../core/model/model';
import type { FileDetail } from '../shared/fileDetail';
import { printable } from './inertText';

/** `executed`: a hit count, or whether it ran when the source has no counts. */
export interface BranchOutcome {
  readonly executed: number | boolean;
  readonly label: string | undefined;
}

export interface Statement {
  /** 1-based. */
  readonly line: number;
  readonly executed: number | boolean;
  readonly branches: readonly BranchOutcome[];
}

export interface Declaration {
  readonly name: string;
  readonly hits: number;
  /** 0-based, as the API's ranges; `endLine` is never before `startLine`. */
  readonly startLine: number;
  readonly endLine: number;
}

/** Statement (line) coverage with the branches of each line. */
export function statementsOf(detail: FileDetail): Statement[] {
  const statements: Statement[] = [];
  let b = 0;
  for (let i = 0; i < detail.lines.length; i++) {
    const line = detail.lines[i] as number;
    const hits = detail.hits[i] as number;
    while (b < detail.branchLines.length && (detail.branchLines[b] as number) < line) b++;
    const branches: BranchOutcome[] = [];
    for (; b < detail.branchLines.length && detail.branchLines[b] === line; b++) {
      const taken = detail.branchTaken[b] as number;
      const label = detail.branchLabels[b] ?? '';
      // VS Code's branch hover drops a label's backticks and newlines, not a bidi override.
      branches.push({ executed: taken === NEVER_EVALUATED ? false : taken, label: label === '' ? undefined : printable(label) });
    }
    const executed = hits === UNKNOWN_HITS ? detail.status[i] !== 0 : hits;
    statements.push({ line, executed, branches });
  }
  return statements;
}

/**
 * Functions as declarations, spanning their lines when the report gives an end. The Test Coverage
 * view shows a name as plain text: its controls and bidi overrides as visible escapes.
 */
export function declarationsOf(detail: FileDetail): Declaration[] {
  return detail.functionNames.map((name, i) => {
    const start = (detail.functionStartLines[i] as number) - 1;
    const end = Math.max(start, (detail.functionEndLines[i] as number) - 1);
    return { name: printable(name), hits: detail.functionHits[i] as number, startLine: Math.max(start, 0), endLine: Math.max(end, 0) };
  });
}

/** What one test ran in a file: every line of the file, executed only where that test ran it. */
export function statementsOfTest(detail: FileDetail, testName: string): { readonly line: number; readonly executed: boolean }[] {
  const index = detail.testNames.indexOf(testName);
  const ran = new Set(index === -1 ? [] : detail.testLines[index]);
  return Array.from(detail.lines, (line) => ({ line, executed: ran.has(line) }));
}
