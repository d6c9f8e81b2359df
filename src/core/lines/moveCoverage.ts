import { REMOVED } from './lineMap';
import { type FileCoverageData, fillLineCoverage } from '../model/model';
import type { LineMapping } from './lineMapping';

/**
 * One file's coverage of an older text moved onto a newer one: each line keeps its record at its
 * new position, lines the diff changed or removed lose theirs (with their branches, the
 * functions starting there and the tests' hits). The result owns fresh arrays.
 */
export function moveFileCoverage(file: FileCoverageData, mapping: LineMapping, path = file.path): FileCoverageData {
  if (mapping.isIdentity && path === file.path) return file;
  const moved = mapping.mapLines(file.lines);
  const keep = kept(moved);
  const lines = pick(Uint32Array, moved, keep);
  const hits = pick(Float64Array, file.hits, keep);

  const branchMoved = mapping.mapLines(file.branchDetail.lines);
  const branchKeep = kept(branchMoved);
  const branchDetail = {
    lines: pick(Uint32Array, branchMoved, branchKeep),
    blocks: pick(Uint32Array, file.branchDetail.blocks, branchKeep),
    branches: pick(Uint32Array, file.branchDetail.branches, branchKeep),
    taken: pick(Float64Array, file.branchDetail.taken, branchKeep),
    labels: branchKeep.map((i) => file.branchDetail.labels[i] ?? ''),
  };

  // Functions are in report order, not sorted: map each start (and end) on its own.
  const fnKeep: number[] = [];
  const fnStarts: number[] = [];
  const fnEnds: number[] = [];
  file.functions.startLines.forEach((start, i) => {
    const newStart = mapping.newLine(start);
    if (newStart === REMOVED) return;
    const end = file.functions.endLines[i] as number;
    const newEnd = end === 0 ? 0 : mapping.newLine(end);
    fnKeep.push(i);
    fnStarts.push(newStart);
    fnEnds.push(newEnd === REMOVED ? 0 : newEnd);
  });
  const functions = {
    names: fnKeep.map((i) => file.functions.names[i] as string),
    startLines: Uint32Array.from(fnStarts),
    endLines: Uint32Array.from(fnEnds),
    hits: Float64Array.from(fnKeep, (i) => file.functions.hits[i] as number),
  };

  const tests = new Map<string, Uint32Array>();
  for (const [name, testLines] of file.tests) {
    const movedTest = mapping.mapLines(testLines);
    tests.set(name, pick(Uint32Array, movedTest, kept(movedTest)));
  }

  const status = new Uint8Array(lines.length);
  const branchesTotal = new Uint32Array(lines.length);
  const branchesCovered = new Uint32Array(lines.length);
  fillLineCoverage({ lines, hits, branchDetail }, status, branchesTotal, branchesCovered);
  return { path, lines, hits, status, branchesTotal, branchesCovered, branchDetail, functions, tests };
}

function kept(moved: Int32Array): number[] {
  const keep: number[] = [];
  for (let i = 0; i < moved.length; i++) if ((moved[i] as number) !== REMOVED && (moved[i] as number) > 0) keep.push(i);
  return keep;
}

function pick<A extends Uint32Array | Float64Array>(Kind: { new (length: number): A }, source: ArrayLike<number>, keep: readonly number[]): A {
  const out = new Kind(keep.length);
  keep.forEach((from, to) => (out[to] = source[from] as number));
  return out;
}
