import * as assert from 'node:assert/strict';
import { type CoverageReport, type FileCoverageData, fileTotals, ReportParseError } from '../../src/core/model/model';
import { type OracleReport, oracleFileTotals, oracleTotals } from './xmlOracle';
import { linesOf, only } from './parserTestUtil';
import { type FixtureReport, fixtureReportsNamed } from '../fixtureReports';
import { withinHangGuard } from './hangGuard';

export { encode, functionsOf, linesOf, only, parseChunked } from './parserTestUtil';

/** The fixture reports (test/fixtures/reports) whose names start with `prefix` and end with .xml; at least one. */
export function xmlFixtureReports(prefix: string): FixtureReport[] {
  return fixtureReportsNamed(prefix, '.xml');
}

export function branchesOf(file: FileCoverageData): [number, number, number][] {
  const b = file.branchDetail;
  return Array.from(b.lines, (line, i) => [line, b.branches[i] as number, b.taken[i] as number]);
}

/** Same files, same lines with the same hits per file, same per-file and overall totals. */
export function assertMatchesOracle(report: CoverageReport, oracle: OracleReport): void {
  assert.deepEqual([...report.files.keys()].sort(), [...oracle.files.keys()].sort());
  for (const [filePath, expected] of oracle.files) {
    const file = only(report, filePath);
    const lines = [...expected.lines].sort((a, b) => a[0] - b[0]);
    assert.deepEqual(linesOf(file), lines, filePath);
    assert.deepEqual(fileTotals(file), oracleFileTotals(expected), filePath);
  }
  assert.deepEqual(report.totals, oracleTotals(oracle));
}

export function assertParseError(parse: () => unknown, line?: number, pattern?: RegExp): ReportParseError {
  let caught: unknown;
  try {
    parse();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ReportParseError, `expected a ReportParseError, got ${String(caught)}`);
  if (line !== undefined) assert.equal(caught.line, line, caught.message);
  if (pattern !== undefined) assert.match(caught.message, pattern);
  return caught;
}

/**
 * Runs a parse of hostile input: it must end, within the hang guard, with a ReportParseError or a
 * report. Returns which.
 */
export function hostileOutcome(parse: () => CoverageReport): CoverageReport | ReportParseError {
  return withinHangGuard(() => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ReportParseError)) throw error;
      return error;
    }
  }, 'the parse');
}

/** A deterministic pseudo-random byte source (xorshift32). */
export function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
