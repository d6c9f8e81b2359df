import { FileRecordsScratch } from '../../model/fileRecords';
import { count, isRecord, JsonInput, type JsonRecord, lineNumber, own } from '../../json/jsonInput';
import { DerivedRecordBudget } from '../derivedRecords';
import { segmentLines } from './llvmSegments';
import { type CoverageReport, type FileCoverageData, NEVER_EVALUATED, ReportParseError, reportTotals } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import { quoted, WarningList } from '../warningList';

const EXPORT_TYPE = 'llvm.coverage.json.export';
const SUMMARY_ONLY = 'an llvm-cov export made with -summary-only has no line data: export again without -summary-only';

/**
 * `llvm-cov export -format=text` (clang, rustc, swiftc):
 * `{type, version, data: [{files: [{filename, segments, branches, …}], functions: […]}]}`.
 *
 * Rules:
 * - Lines from `segments`, as llvm-cov's own line reports (see segmentLines).
 * - Branches as `llvm-cov export -format=lcov` (LLVM 14) writes them, which is also what its
 *   summary and `llvm-cov report` count:
 *   - each `branches` record `[l1, c1, l2, c2, trueCount, falseCount, fileId, expandedFileId,
 *     kind]` is two branches on l1: block = the record's rank among the records of its line
 *     ordered by column, branch = 2 × rank (true) and 2 × rank + 1 (false); a condition whose
 *     two counts are 0 was never evaluated;
 *   - the branches of each of the file's macro expansions (`expansions[].branches`, which
 *     llvm-cov already gathers from nested expansions and from macros of other files) are on
 *     the line of the expansion's call site (`source_region`'s first line), ranked by their own
 *     column among the line's;
 *   - a constant-folded condition (`if constexpr`, `if (0)`, `while (1)`: llvm-cov show's
 *     `[Folded - Ignored]`) is no branch. llvm-cov folds a branch when both its counters are the
 *     constant zero, which the export does not write: a file's `branches` list folded ones with
 *     counts 0 and 0, like never evaluated ones, but `functions[].branches` list only unfolded
 *     ones (and so do `expansions[].branches`). A file's record with counts 0 and 0 is kept only
 *     as many times as the functions whose first file it is list it in that file (file id 0);
 *     without such functions (`-skip-functions`) nothing tells, and it is kept.
 * - A file with a summary but no `segments` (an export made with `-summary-only`) has no line
 *   data: skipped with a warning, and a ReportParseError when no file has any.
 * - Functions from `functions`: name as written (mangled for C++/Rust), in the function's
 *   first filename, from the first to the last line of its regions in that file, hits `count`.
 *   The instantiations of a template or generic (records whose first region starts at the same
 *   line and column of the same file) are one function, as `llvm-cov report` counts them: the
 *   first one's name, their counts summed.
 * - Files repeated (several `data` entries) are summed.
 */
export class LlvmCovParser implements StreamingParser {
  private readonly input = new JsonInput();
  private readonly warnings = new WarningList();
  private readonly files = new Map<string, FileCoverageData>();
  private readonly scratch = new FileRecordsScratch();
  private bytes = 0;
  /** Files with a summary and no line data (`-summary-only`): how many, and the first one's name. */
  private summaryOnly: { count: number; readonly first: string } | undefined;
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
      const { functions, unfolded } = this.functionsByFile(arrayOf(own(unit, 'functions')));
      for (const file of arrayOf(own(unit, 'files'))) this.file(file, functions, unfolded);
      // Functions in files the unit has no coverage entry for.
      for (const [filename, fileFunctions] of functions) {
        for (const fn of fileFunctions) this.scratch.addFunction(fn.name, fn.start, fn.end, fn.hits);
        this.scratch.buildInto(this.files, filename);
      }
    }
    if (this.summaryOnly !== undefined) {
      const { count, first } = this.summaryOnly;
      if (this.files.size === 0) throw new ReportParseError(this.input.lineOfKey(first) || 1, SUMMARY_ONLY);
      this.warn(first, `${count} ${count === 1 ? 'file has' : 'files have'} only a summary, ${SUMMARY_ONLY}: skipped`);
    }
    const warnings = this.warnings.list((keys) => this.input.linesOfStrings(keys));
    this.input.release();
    return { format: 'llvm', files: this.files, totals: reportTotals(this.files.values()), warnings };
  }

  private file(file: unknown, functions: Map<string, FunctionRecord[]>, unfolded: Map<string, Map<string, number>>): void {
    const filename = isRecord(file) ? own(file, 'filename') : undefined;
    if (!isRecord(file) || typeof filename !== 'string' || filename === '') {
      this.warn('files', 'a file without a filename: skipped');
      return;
    }
    const segments = own(file, 'segments');
    if (segments === undefined && own(file, 'branches') === undefined && isRecord(own(file, 'summary'))) {
      if (this.summaryOnly === undefined) this.summaryOnly = { count: 1, first: filename };
      else this.summaryOnly.count++;
      return;
    }
    if (Array.isArray(segments)) {
      const { lines, hits, skipped } = segmentLines(segments as unknown[], this.lineBudget.remaining(this.bytes));
      this.lineBudget.spend(lines.length, this.bytes, 0);
      this.scratch.addLines(lines, hits);
      if (skipped > 0) this.warn(filename, `${skipped} malformed or out-of-order segments skipped`);
    } else if (segments !== undefined) {
      this.warn(filename, 'segments is not an array: skipped');
    }
    this.branches(file, filename, unfolded.get(filename));
    for (const fn of functions.get(filename) ?? []) this.scratch.addFunction(fn.name, fn.start, fn.end, fn.hits);
    functions.delete(filename);
    this.scratch.buildInto(this.files, filename);
  }

  /** `unfolded`: the file's unfolded branch records with counts 0 and 0 (by branchKey), when its functions say. */
  private branches(file: JsonRecord, filename: string, unfolded: Map<string, number> | undefined): void {
    const records: BranchRecord[] = [];
    let malformed = 0;
    const branches = own(file, 'branches');
    if (Array.isArray(branches)) {
      for (const value of branches as unknown[]) {
        const record = branchRecord(value);
        if (record === undefined) malformed++;
        else if (unfolded === undefined || record.onTrue > 0 || record.onFalse > 0) records.push(record);
        else {
          // Counts 0 and 0: never evaluated when a function lists it, else folded.
          const key = branchKey(value as unknown[]);
          const left = key === undefined ? 0 : (unfolded.get(key) ?? 0);
          if (key !== undefined && left > 0) {
            unfolded.set(key, left - 1);
            records.push(record);
          }
        }
      }
    } else if (branches !== undefined) {
      this.warn(filename, 'branches is not an array: skipped');
    }
    const expansions = own(file, 'expansions');
    if (Array.isArray(expansions)) {
      for (const expansion of expansions as unknown[]) {
        const sourceRegion = isRecord(expansion) ? own(expansion, 'source_region') : undefined;
        const callSite = Array.isArray(sourceRegion) ? lineNumber(sourceRegion[0]) : -1;
        const expanded = isRecord(expansion) ? own(expansion, 'branches') : undefined;
        if (!Array.isArray(expanded)) {
          if (expanded !== undefined || !isRecord(expansion)) malformed++;
          continue;
        }
        for (const value of expanded as unknown[]) {
          const record = branchRecord(value);
          // llvm-cov writes an expansion's branches at their place in the macro; it counts them on the call site's line.
          if (record === undefined || callSite < 0) malformed++;
          else records.push({ ...record, line: callSite });
        }
      }
    }
    if (malformed > 0) this.warn(filename, `${malformed} malformed branch records or expansions skipped`);
    // llvm-cov writes them in region order; its LCOV numbers them in source order (a stable sort).
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

  /**
   * A unit's functions by the file they are in (their first filename), and by the same file the
   * unfolded branch records with counts 0 and 0 they list in it (file id 0, not in an expansion),
   * counted by branchKey: a file is in `unfolded` when one of its functions has a `branches` array.
   */
  private functionsByFile(functions: readonly unknown[]): { functions: Map<string, FunctionRecord[]>; unfolded: Map<string, Map<string, number>> } {
    const byFile = new Map<string, FunctionRecord[]>();
    const unfolded = new Map<string, Map<string, number>>();
    /** The first record of each place: the instantiations of a template or generic are one function. */
    const instantiations = new Map<string, FunctionRecord>();
    for (const fn of functions) {
      const name = isRecord(fn) ? own(fn, 'name') : undefined;
      if (!isRecord(fn) || typeof name !== 'string') {
        this.warn('functions', 'a function without a name: skipped');
        continue;
      }
      const filenames = own(fn, 'filenames');
      const filename: unknown = Array.isArray(filenames) ? filenames[0] : undefined;
      const branches = own(fn, 'branches');
      if (typeof filename === 'string' && filename !== '' && Array.isArray(branches)) {
        let keys = unfolded.get(filename);
        if (keys === undefined) unfolded.set(filename, (keys = new Map<string, number>()));
        for (const value of branches as unknown[]) {
          if (!Array.isArray(value) || value[4] !== 0 || value[5] !== 0 || value[6] !== 0 || value[7] !== 0) continue;
          const key = branchKey(value as unknown[]);
          if (key !== undefined) keys.set(key, (keys.get(key) ?? 0) + 1);
        }
      }
      const hits = count(own(fn, 'count'));
      const span = functionSpan(own(fn, 'regions'));
      if (typeof filename !== 'string' || filename === '' || hits < 0 || span === undefined) {
        this.warn('functions', `function ${quoted(name)}: no filename, count or region: skipped`);
        continue;
      }
      const place = instantiationPlace(own(fn, 'regions'));
      const group = place === undefined ? undefined : instantiations.get(`${place}\0${filename}`);
      if (group !== undefined) {
        group.hits += hits;
        group.start = Math.min(group.start, span[0]);
        group.end = Math.max(group.end, span[1]);
        continue;
      }
      const record = { name, start: span[0], end: span[1], hits };
      if (place !== undefined) instantiations.set(`${place}\0${filename}`, record);
      const list = byFile.get(filename);
      if (list === undefined) byFile.set(filename, [record]);
      else list.push(record);
    }
    return { functions: byFile, unfolded };
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
  start: number;
  end: number;
  hits: number;
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

/** A branch record's place, `l1:c1:l2:c2`, when those are numbers (only ever compared with another record's). */
function branchKey(value: readonly unknown[]): string | undefined {
  const [l1, c1, l2, c2] = value;
  if (typeof l1 !== 'number' || typeof c1 !== 'number' || typeof l2 !== 'number' || typeof c2 !== 'number') return undefined;
  return `${l1}:${c1}:${l2}:${c2}`;
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/**
 * Where a function begins, as llvm-cov groups instantiations (its first region's line and
 * column): the records of one template or generic instantiated several times share it.
 */
function instantiationPlace(regions: unknown): string | undefined {
  const first: unknown = Array.isArray(regions) ? regions[0] : undefined;
  if (!Array.isArray(first)) return undefined;
  const line = lineNumber(first[0]);
  const column: unknown = first[1];
  return line < 0 || typeof column !== 'number' ? undefined : `${line}:${column}`;
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
