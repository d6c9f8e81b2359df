import { FileRecordsScratch } from '../../model/fileRecords';
import { count, isRecord, JsonInput, type JsonRecord, lineNumber, own } from '../../json/jsonInput';
import { DerivedRecordBudget } from '../derivedRecords';
import { segmentLines } from './llvmSegments';
import { type CoverageReport, type FileCoverageData, NEVER_EVALUATED, ReportParseError, reportTotals } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import { quoted, WarningList } from '../warningList';

const EXPORT_TYPE = 'llvm.coverage.json.export';

/**
 * `llvm-cov export -format=text` (clang, rustc, swiftc):
 * `{type, version, data: [{files: [{filename, segments, branches, …}], functions: […]}]}`.
 *
 * Rules:
 * - Lines from `segments`, as llvm-cov's own line reports (see segmentLines).
 * - Each `branches` record `[l1, c1, l2, c2, trueCount, falseCount, …]` is two branches on
 *   l1, numbered as `llvm-cov export -format=lcov` does: block = the record's rank among the
 *   records of its line, branch = 2 × rank (true) and 2 × rank + 1 (false); a condition whose
 *   two counts are 0 was never evaluated.
 * - Functions from `functions`: name as written (mangled for C++/Rust), in the function's
 *   first filename, from the first to the last line of its regions in that file, hits `count`.
 * - Files repeated (several `data` entries) are summed.
 */
export class LlvmCovParser implements StreamingParser {
  private readonly input = new JsonInput();
  private readonly warnings = new WarningList();
  private readonly files = new Map<string, FileCoverageData>();
  private readonly scratch = new FileRecordsScratch();
  private bytes = 0;
  /** The lines of counted regions are derived from segment line numbers: paid for by the export's size. */
  private readonly lineBudget = new DerivedRecordBudget('lines');

  push(chunk: Uint8Array): void {
    this.input.push(chunk);
    this.bytes += chunk.length;
  }

  finish(): CoverageReport {
    const root = this.input.parse();
    if (!isRecord(root) || own(root, 'type') !== EXPORT_TYPE) {
      throw new ReportParseError(1, `not an llvm-cov export: "type" is not "${EXPORT_TYPE}"`);
    }
    const data = own(root, 'data');
    if (!Array.isArray(data)) throw new ReportParseError(this.input.lineOfKey('data') || 1, 'llvm-cov export without a "data" array');
    for (const unit of data as unknown[]) {
      if (!isRecord(unit)) {
        this.warn('data', 'an entry of "data" is not an object: skipped');
        continue;
      }
      const functions = this.functionsByFile(arrayOf(own(unit, 'functions')));
      for (const file of arrayOf(own(unit, 'files'))) this.file(file, functions);
      // Functions in files the unit has no coverage entry for.
      for (const [filename, fileFunctions] of functions) {
        for (const fn of fileFunctions) this.scratch.addFunction(fn.name, fn.start, fn.end, fn.hits);
        this.scratch.buildInto(this.files, filename);
      }
    }
    const warnings = this.warnings.list((keys) => this.input.linesOfStrings(keys));
    this.input.release();
    return { format: 'llvm', files: this.files, totals: reportTotals(this.files.values()), warnings };
  }

  private file(file: unknown, functions: Map<string, FunctionRecord[]>): void {
    const filename = isRecord(file) ? own(file, 'filename') : undefined;
    if (!isRecord(file) || typeof filename !== 'string' || filename === '') {
      this.warn('files', 'a file without a filename: skipped');
      return;
    }
    const segments = own(file, 'segments');
    if (Array.isArray(segments)) {
      const { lines, hits, skipped } = segmentLines(segments as unknown[], this.lineBudget.remaining(this.bytes));
      this.lineBudget.spend(lines.length, this.bytes, 0);
      this.scratch.addLines(lines, hits);
      if (skipped > 0) this.warn(filename, `${skipped} malformed or out-of-order segments skipped`);
    } else if (segments !== undefined) {
      this.warn(filename, 'segments is not an array: skipped');
    }
    this.branches(file, filename);
    for (const fn of functions.get(filename) ?? []) this.scratch.addFunction(fn.name, fn.start, fn.end, fn.hits);
    functions.delete(filename);
    this.scratch.buildInto(this.files, filename);
  }

  private branches(file: JsonRecord, filename: string): void {
    const branches = own(file, 'branches');
    if (branches === undefined) return;
    if (!Array.isArray(branches)) {
      this.warn(filename, 'branches is not an array: skipped');
      return;
    }
    const records: BranchRecord[] = [];
    for (const value of branches as unknown[]) {
      const record = branchRecord(value);
      if (record !== undefined) records.push(record);
    }
    if (records.length < branches.length) this.warn(filename, `${branches.length - records.length} malformed branch records skipped`);
    // llvm-cov writes them in region order; its LCOV numbers them in source order.
    records.sort((a, b) => a.line - b.line || a.column - b.column);
    let rank = 0;
    for (let i = 0; i < records.length; i++) {
      const { line, onTrue, onFalse } = records[i] as BranchRecord;
      rank = i > 0 && (records[i - 1] as BranchRecord).line === line ? rank + 1 : 0;
      const evaluated = onTrue > 0 || onFalse > 0;
      this.scratch.addBranch(line, rank, 2 * rank, evaluated ? onTrue : NEVER_EVALUATED, 'true');
      this.scratch.addBranch(line, rank, 2 * rank + 1, evaluated ? onFalse : NEVER_EVALUATED, 'false');
    }
  }

  /** A unit's functions by the file they are in (their first filename). */
  private functionsByFile(functions: readonly unknown[]): Map<string, FunctionRecord[]> {
    const byFile = new Map<string, FunctionRecord[]>();
    for (const fn of functions) {
      const name = isRecord(fn) ? own(fn, 'name') : undefined;
      if (!isRecord(fn) || typeof name !== 'string') {
        this.warn('functions', 'a function without a name: skipped');
        continue;
      }
      const filenames = own(fn, 'filenames');
      const filename: unknown = Array.isArray(filenames) ? filenames[0] : undefined;
      const hits = count(own(fn, 'count'));
      const span = functionSpan(own(fn, 'regions'));
      if (typeof filename !== 'string' || filename === '' || hits < 0 || span === undefined) {
        this.warn('functions', `function ${quoted(name)}: no filename, count or region: skipped`);
        continue;
      }
      const record = { name, start: span[0], end: span[1], hits };
      const list = byFile.get(filename);
      if (list === undefined) byFile.set(filename, [record]);
      else list.push(record);
    }
    return byFile;
  }

  /** A warning at the first occurrence of the JSON string `key` (a key such as `files`, or a file name). */
  private warn(key: string, message: string): void {
    this.warnings.addAt(key, message);
  }
}

export function parseLlvmCov(data: Uint8Array | string): CoverageReport {
  const parser = new LlvmCovParser();
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.finish();
}

interface FunctionRecord {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly hits: number;
}

interface BranchRecord {
  readonly line: number;
  readonly column: number;
  readonly onTrue: number;
  readonly onFalse: number;
}

/** `[l1, c1, l2, c2, trueCount, falseCount, …]`, checked. */
function branchRecord(value: unknown): BranchRecord | undefined {
  if (!Array.isArray(value)) return undefined;
  const line = lineNumber(value[0]);
  const column: unknown = value[1];
  const onTrue = count(value[4]);
  const onFalse = count(value[5]);
  if (line < 0 || typeof column !== 'number' || onTrue < 0 || onFalse < 0) return undefined;
  return { line, column, onTrue, onFalse };
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** First and last line of the regions `[l1, c1, l2, c2, count, fileId, …]` in the function's first file. */
function functionSpan(regions: unknown): [number, number] | undefined {
  if (!Array.isArray(regions)) return undefined;
  let start = Infinity;
  let end = 0;
  for (const region of regions as unknown[]) {
    if (!Array.isArray(region) || region[5] !== 0) continue;
    const l1 = lineNumber(region[0]);
    const l2 = lineNumber(region[2]);
    if (l1 < 0 || l2 < 0) continue;
    if (l1 < start) start = l1;
    if (l2 > end) end = l2;
  }
  return start === Infinity ? undefined : [start, Math.max(end, start)];
}
