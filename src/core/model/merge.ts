import { FileCoverageBuilder } from './fileBuilder';
import type { FileCoverageData } from './model';

/**
 * Merges coverage of one source file from several reports (or several runs):
 * - lines: the union; hit counts are summed, so a line hit in any report is hit;
 * - branches: the same (line, block, branch, label) is one branch, its taken counts summed
 *   (never evaluated + a count = that count);
 * - functions: the same (name, start line) is one function, its hits summed;
 * - per-test sets: unioned per test name;
 * - line status is then derived from the merged counts, as for a single report.
 * The merged file keeps the first file's path.
 */
export function mergeFileCoverage(files: readonly FileCoverageData[]): FileCoverageData {
  const first = files[0];
  if (first === undefined) throw new Error('mergeFileCoverage needs at least one file');
  if (files.length === 1) return first;
  const builder = new FileCoverageBuilder(first.path);
  const functionIndex = new Map<string, number>();
  for (const file of files) {
    for (let i = 0; i < file.lines.length; i++) builder.addLine(file.lines[i] as number, file.hits[i] as number);
    const branches = file.branchDetail;
    for (let i = 0; i < branches.lines.length; i++) {
      builder.addBranch(branches.lines[i] as number, branches.blocks[i] as number, branches.branches[i] as number, branches.taken[i] as number, branches.labels[i] ?? '');
    }
    const functions = file.functions;
    for (let i = 0; i < functions.names.length; i++) {
      const name = functions.names[i] as string;
      const start = functions.startLines[i] as number;
      const key = `${start}\u0000${name}`;
      const existing = functionIndex.get(key);
      if (existing === undefined) functionIndex.set(key, builder.addFunction(name, start, functions.endLines[i] as number, functions.hits[i]));
      else builder.addFunctionHits(existing, functions.hits[i] as number);
    }
    for (const [test, lines] of file.tests) for (const line of lines) builder.addTestLine(test, line);
  }
  return builder.build();
}
