import * as assert from 'node:assert/strict';
import type { CoverageReport, FileCoverageData } from '../../src/core/model/model';
import type { StreamingParser } from '../../src/core/formats/streamingParser';

/** Helpers every parser test uses. */

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export function parseChunked(parser: StreamingParser, bytes: Uint8Array, size: number): CoverageReport {
  for (let i = 0; i < bytes.length; i += size) parser.push(bytes.subarray(i, i + size));
  return parser.finish();
}

export function only(report: CoverageReport, path?: string): FileCoverageData {
  const file = path === undefined ? [...report.files.values()][0] : report.files.get(path);
  assert.ok(file, `no file ${path ?? ''} in ${[...report.files.keys()].join(', ')}`);
  return file;
}

export function linesOf(file: FileCoverageData): [number, number][] {
  return Array.from(file.lines, (line, i) => [line, file.hits[i] as number]);
}

/** [name, start, end, hits] per function. */
export function functionsOf(file: FileCoverageData): [string, number, number, number][] {
  const f = file.functions;
  return f.names.map((name, i) => [name, f.startLines[i] as number, f.endLines[i] as number, f.hits[i] as number]);
}

/** [line, covered, total] of each line with branches. */
export function branchLines(file: FileCoverageData): [number, number, number][] {
  const rows: [number, number, number][] = [];
  file.lines.forEach((line, i) => {
    if ((file.branchesTotal[i] as number) > 0) rows.push([line, file.branchesCovered[i] as number, file.branchesTotal[i] as number]);
  });
  return rows;
}
