import * as path from 'node:path';
import type { LineCoverage } from '../../core/compare/compareCoverage';
import { LineMapping } from '../../core/lines/lineMapping';

// What the comparison takes from the editor's state, decided without `vscode` (comparisonController.ts gathers that state).

/** File systems keep modification times coarsely (FAT: 2 s), as liveCoverage.ts allows. */
const MTIME_TOLERANCE_MS = 2000;

/** A file's path relative to the repository root with `/`, or undefined outside it. */
export function repoRelativePath(root: string, fsPath: string): string | undefined {
  const relative = path.relative(root, fsPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** A file written after one of its reports: that report describes an older text. */
export function writtenAfterReport(reportsModified: readonly Date[], fileModifiedMs: number): boolean {
  return reportsModified.some((modified) => modified.getTime() + MTIME_TOLERANCE_MS < fileModifiedMs);
}

/** A live detail marks lines removed by edits with line 0: they are not coverage any more. */
export function withoutRemoved(detail: LineCoverage): LineCoverage {
  if (detail.lines.length === 0 || (detail.lines[0] as number) > 0) return detail;
  const keep: number[] = [];
  detail.lines.forEach((line, i) => {
    if (line > 0) keep.push(i);
  });
  return { lines: Uint32Array.from(keep, (i) => detail.lines[i] as number), hits: Float64Array.from(keep, (i) => detail.hits[i] as number), status: Uint8Array.from(keep, (i) => detail.status[i] as number) };
}

/** The worker's diff (`diffTexts`: oldStart, oldEnd, newStart, newEnd per hunk) as a mapping. */
export function mappingOfHunks(hunks: ArrayLike<number>): LineMapping {
  return LineMapping.fromHunks(Array.from({ length: hunks.length / 4 }, (_, i) => ({ oldStart: hunks[i * 4] as number, oldEnd: hunks[i * 4 + 1] as number, newStart: hunks[i * 4 + 2] as number, newEnd: hunks[i * 4 + 3] as number })));
}
