import { LineStatus } from '../core/model';
import type { FileDetail } from '../shared/protocol';
import type { MarkKind } from '../shared/settings';

export type LinesByKind = Record<MarkKind, number[]>;

/** Splits a file's lines (1-based) by the mark each gets. */
export function linesByKind(detail: FileDetail): LinesByKind {
  const result: LinesByKind = { covered: [], partial: [], uncovered: [] };
  for (let i = 0; i < detail.lines.length; i++) {
    const line = detail.lines[i] as number;
    switch (detail.status[i]) {
      case LineStatus.Covered:
        result.covered.push(line);
        break;
      case LineStatus.Partial:
        result.partial.push(line);
        break;
      default:
        result.uncovered.push(line);
    }
  }
  return result;
}
