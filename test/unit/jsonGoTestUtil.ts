import * as assert from 'node:assert/strict';
import { type CoverageReport, type FileCoverageData, ReportParseError } from '../../src/core/model/model';
import { withinHangGuard } from './hangGuard';
import { functionsOf, linesOf } from './parserTestUtil';

/** Shared helpers of the Go, Istanbul, coverage.py and llvm-cov parser tests. */
export { encode, functionsOf, linesOf, only, parseChunked } from './parserTestUtil';

/** [line, block, branch, taken, label] per branch. */
export function branchesOf(file: FileCoverageData): [number, number, number, number, string][] {
  const b = file.branchDetail;
  return Array.from(b.lines, (line, i) => [line, b.blocks[i] as number, b.branches[i] as number, b.taken[i] as number, b.labels[i] as string]);
}

export function testsOf(file: FileCoverageData): [string, number[]][] {
  return [...file.tests].map(([name, lines]) => [name, [...lines]]);
}

/** Everything a reader of the report can see: snapshot, per-line derived columns, totals, warnings, checksums. */
export function fullSnapshot(report: CoverageReport): unknown {
  const derived = [...report.files.values()].map((file) => [[...file.status], [...file.branchesTotal], [...file.branchesCovered]]);
  const checksums = [...(report.lineChecksums ?? new Map<string, Map<number, string>>())].map(([path, lines]) => [path, [...lines]]);
  return { format: report.format, totals: report.totals, warnings: report.warnings, files: snapshot(report), derived, checksums };
}

/** Lines, hits, branches and functions of every file: two parses of the same data must agree. */
export function snapshot(report: CoverageReport): unknown {
  return [...report.files].map(([path, file]) => [path, linesOf(file), branchesOf(file), functionsOf(file), testsOf(file)]);
}

export function assertParseError(parse: () => unknown, line?: number): ReportParseError {
  let caught: unknown;
  try {
    parse();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ReportParseError, `expected a ReportParseError, got ${String(caught)}`);
  if (line !== undefined) assert.equal(caught.line, line, caught.message);
  return caught;
}

/**
 * Hostile input: the parse must end, within the hang guard, with a ReportParseError or a report,
 * never another exception, and leave Object.prototype as it was.
 */
export function assertSurvives(parse: () => CoverageReport): CoverageReport | ReportParseError {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const outcome = withinHangGuard(() => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ReportParseError)) throw error;
      return error;
    }
  }, 'the parse');
  assertPrototypeClean(before);
  return outcome;
}

export function assertPrototypeClean(before = PROTOTYPE_NAMES): void {
  assert.equal((({}) as Record<string, unknown>)['polluted'], undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Bytes that are no text at all: a fixed pseudo-random sequence. */
export function binaryGarbage(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/**
 * A JSON report and the LCOV its tool wrote from the same run agree file by file on lines, hits,
 * branches and functions. Normalised: istanbul's lcov reporter writes SF relative to the project
 * root where the JSON has absolute paths, so `root` is cut from the JSON's paths; LCOV `FN`
 * records carry no end line, so functions are compared by name, start line and hits; LCOV
 * branches carry no label (llvm-cov JSON branches are labelled true/false here).
 */
/**
 * The JSON and the LCOV of one run give the same files, lines, branches, functions and totals;
 * `functions: false` leaves functions (and their totals) to the caller.
 */
export function sameRun(json: CoverageReport, lcov: CoverageReport, root = '', options: { functions: boolean } = { functions: true }): void {
  const relative = (p: string) => (root !== '' && p.startsWith(root) ? p.slice(root.length) : p);
  assert.deepEqual([...json.files.keys()].map(relative).sort(), [...lcov.files.keys()].sort());
  for (const [name, file] of json.files) {
    const other = lcov.files.get(relative(name));
    assert.ok(other);
    assert.deepEqual(linesOf(file), linesOf(other), name);
    const unlabelled = (branches: [number, number, number, number, string][]) => branches.map(([line, block, branch, taken]) => [line, block, branch, taken]);
    assert.deepEqual(unlabelled(branchesOf(file)), unlabelled(branchesOf(other)), name);
    const byStart = (fns: [string, number, number, number][]) => fns.map(([fnName, start, , hits]) => [fnName, start, hits]).sort();
    if (options.functions) assert.deepEqual(byStart(functionsOf(file)), byStart(functionsOf(other)), name);
  }
  const withoutFunctions = (totals: CoverageReport['totals']) => ({ ...totals, functions: 0, functionsHit: 0 });
  if (options.functions) assert.deepEqual(json.totals, lcov.totals);
  else assert.deepEqual(withoutFunctions(json.totals), withoutFunctions(lcov.totals));
}
