import type { CoverageTotals } from '../../src/core/model/model';

/**
 * Independent, deliberately plain readings of Go coverprofiles and Istanbul JSON, written from
 * the formats' definitions with string splitting and JSON.parse, sharing no code with the
 * parsers. Per-file totals, keyed by path.
 */

function totals(lines: Map<number, number>): CoverageTotals {
  let linesHit = 0;
  for (const hits of lines.values()) if (hits > 0) linesHit++;
  return { files: 1, lines: lines.size, linesHit, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 };
}

/**
 * Go: the same block (path and range) repeated is summed (`set` mode: or-ed); every line of a
 * block's range is a line with the highest count among the distinct blocks over it.
 */
export function goOracleTotals(text: string): Map<string, CoverageTotals> {
  const rows = text.split(/\r?\n/).filter((row) => row.trim() !== '');
  const mode = (rows.shift() ?? '').replace('mode:', '').trim();
  const blocks = new Map<string, number>();
  for (const row of rows) {
    if (row.startsWith('mode:')) continue;
    const [location, , count] = row.trim().split(' ');
    const key = location as string;
    const previous = blocks.get(key);
    const value = Number(count);
    blocks.set(key, previous === undefined ? value : mode === 'set' ? Math.max(previous, value) : previous + value);
  }
  const files = new Map<string, Map<number, number>>();
  for (const [location, count] of blocks) {
    const colon = location.lastIndexOf(':');
    const file = location.slice(0, colon);
    const [from, to] = location.slice(colon + 1).split(',');
    const first = Number((from as string).split('.')[0]);
    const last = Number((to as string).split('.')[0]);
    let lines = files.get(file);
    if (lines === undefined) {
      lines = new Map();
      files.set(file, lines);
    }
    for (let line = first; line <= last; line++) lines.set(line, Math.max(lines.get(line) ?? 0, count));
  }
  return new Map([...files].map(([file, lines]) => [file, totals(lines)]));
}

interface IstanbulLocation {
  readonly start: { readonly line: number };
  readonly end: { readonly line: number };
}

interface IstanbulFile {
  readonly path?: string;
  readonly statementMap: Record<string, IstanbulLocation>;
  readonly s: Record<string, number>;
  readonly branchMap: Record<string, unknown>;
  readonly b: Record<string, number[]>;
  readonly fnMap: Record<string, unknown>;
  readonly f: Record<string, number>;
}

/**
 * Istanbul, as istanbul-lib-coverage's getLineCoverage and its lcov reporter read it: a line
 * per distinct statement start line with the highest statement count; one branch per count
 * in `b`; one function per `fnMap` entry, hit when its `f` count is above 0.
 */
export function istanbulOracleTotals(text: string): Map<string, CoverageTotals> {
  const report = JSON.parse(text) as Record<string, IstanbulFile>;
  const result = new Map<string, CoverageTotals>();
  for (const [key, file] of Object.entries(report)) {
    const lines = new Map<number, number>();
    for (const [id, count] of Object.entries(file.s)) {
      const location = file.statementMap[id];
      if (location === undefined) continue;
      lines.set(location.start.line, Math.max(lines.get(location.start.line) ?? 0, count));
    }
    const fileTotals = totals(lines);
    for (const counts of Object.values(file.b)) {
      fileTotals.branches += counts.length;
      fileTotals.branchesHit += counts.filter((count) => count > 0).length;
    }
    for (const id of Object.keys(file.fnMap)) {
      fileTotals.functions += 1;
      if ((file.f[id] ?? 0) > 0) fileTotals.functionsHit += 1;
    }
    result.set(file.path ?? key, fileTotals);
  }
  return result;
}
