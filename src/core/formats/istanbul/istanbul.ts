import { FileRecordsScratch } from '../../model/fileRecords';
import { count, isRecord, JsonInput, type JsonRecord, lineNumber, own, ownRecord } from '../../json/jsonInput';
import { MaxPerLine } from '../../model/lineMax';
import { type CoverageReport, type FileCoverageData, ReportParseError, reportTotals } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import { quoted, WarningList } from '../warningList';

const FILE_KEYS = ['statementMap', 's', 'fnMap', 'f', 'branchMap', 'b'];

/**
 * Istanbul `coverage-final.json` (nyc, c8, jest, vitest, solidity-coverage): per file `path`,
 * `statementMap`/`s`, `fnMap`/`f`, `branchMap`/`b`. Parsed once at the end with JSON.parse.
 *
 * Rules, those of istanbul's own lcov reporter (so the LCOV of the same run agrees):
 * - A line exists where a statement of `s` starts; its hits are the highest count of the
 *   statements starting on it (istanbul-lib-coverage `getLineCoverage`).
 * - Each entry of `b` gives one branch per count on the line where its `branchMap` entry's
 *   `loc` starts (else its `line`, else its first location): block = the branch's key when
 *   numeric (else its ordinal), branch = the index of the count, taken = the count.
 * - Functions from `fnMap`: name, `decl` (else `loc`, else `line`) start line, `loc` end line,
 *   hits from `f` under the same key.
 * - Entries naming the same `path` are summed. An entry without `path` is named by its key;
 *   an entry wrapped as `{ data: {...} }` is unwrapped.
 */
export class IstanbulParser implements StreamingParser {
  private readonly input = new JsonInput();
  private readonly warnings = new WarningList();
  private readonly lineMax = new MaxPerLine();
  private readonly scratch = new FileRecordsScratch();
  /** The key of the file entry being read: warnings point at it. */
  private entryKey = '';

  push(chunk: Uint8Array): void {
    this.input.push(chunk);
  }

  finish(): CoverageReport {
    const root = this.input.parse();
    if (!isRecord(root)) throw new ReportParseError(1, 'not an Istanbul coverage report: expected an object of files');
    const files = new Map<string, FileCoverageData>();
    const keys = Object.keys(root);
    for (const key of keys) {
      this.entryKey = key;
      const entry = fileEntry(root[key]);
      if (entry === undefined) {
        this.warn('not a file coverage object: skipped');
        continue;
      }
      const pathValue = own(entry, 'path');
      this.statements(entry);
      this.branches(entry);
      this.functions(entry);
      this.scratch.buildInto(files, typeof pathValue === 'string' && pathValue !== '' ? pathValue : key);
    }
    if (keys.length > 0 && files.size === 0) {
      throw new ReportParseError(1, 'no file coverage objects (statementMap, s, …): not an Istanbul coverage-final.json');
    }
    const warnings = this.warnings.list((keys) => this.input.linesOfStrings(keys));
    this.input.release();
    return { format: 'istanbul', files, totals: reportTotals(files.values()), warnings };
  }

  private statements(entry: JsonRecord): void {
    const map = ownRecord(entry, 's');
    const statementMap = ownRecord(entry, 'statementMap') ?? {};
    if (map === undefined) return;
    const lineMax = this.lineMax;
    for (const key of Object.keys(map)) {
      const location = own(statementMap, key);
      // As istanbul: a count without a location is ignored.
      if (!isRecord(location)) continue;
      const line = startLine(location);
      const hits = count(map[key]);
      if (line < 0 || hits < 0) {
        this.warn(`statement ${key}: ${line < 0 ? 'no valid start line' : 'no valid count'}: skipped`);
        continue;
      }
      lineMax.add(line, hits);
    }
    const { lines, values } = lineMax.take();
    this.scratch.addLines(lines, values);
  }

  private branches(entry: JsonRecord): void {
    const map = ownRecord(entry, 'b');
    const branchMap = ownRecord(entry, 'branchMap') ?? {};
    if (map === undefined) return;
    let ordinal = -1;
    for (const key of Object.keys(map)) {
      ordinal++;
      const counts = map[key];
      const meta = own(branchMap, key);
      const line = isRecord(meta) ? branchLine(meta) : -1;
      if (!Array.isArray(counts) || line < 0) {
        this.warn(`branch ${key}: ${line < 0 ? 'no branchMap entry with a start line' : 'counts are not an array'}: skipped`);
        continue;
      }
      const block = blockId(key, ordinal);
      for (let i = 0; i < counts.length; i++) {
        const taken = count(counts[i]);
        if (taken < 0) this.warn(`branch ${key}: count ${i} is not a count: skipped`);
        else this.scratch.addBranch(line, block, i, taken);
      }
    }
  }

  private functions(entry: JsonRecord): void {
    const fnMap = ownRecord(entry, 'fnMap');
    const hitsMap = ownRecord(entry, 'f') ?? {};
    if (fnMap === undefined) return;
    for (const key of Object.keys(fnMap)) {
      const meta = fnMap[key];
      if (!isRecord(meta)) {
        this.warn(`function ${key}: not an object: skipped`);
        continue;
      }
      const decl = ownRecord(meta, 'decl') ?? ownRecord(meta, 'loc');
      let start = decl === undefined ? -1 : startLine(decl);
      if (start < 0) start = lineNumber(own(meta, 'line'));
      if (start < 0) {
        this.warn(`function ${key}: no start line: skipped`);
        continue;
      }
      const loc = ownRecord(meta, 'loc');
      const end = loc === undefined ? -1 : lineNumber(own(ownRecord(loc, 'end') ?? {}, 'line'));
      const nameValue = own(meta, 'name');
      const name = typeof nameValue === 'string' && nameValue !== '' ? nameValue : `(anonymous_${key})`;
      let hits = count(own(hitsMap, key));
      if (hits < 0) {
        this.warn(`function ${key}: no valid count in f: counted as 0`);
        hits = 0;
      }
      this.scratch.addFunction(name, start, end >= start ? end : 0, hits);
    }
  }

  private warn(message: string): void {
    this.warnings.addAt(this.entryKey, `${quoted(this.entryKey)}: ${message}`);
  }
}

export function parseIstanbul(data: Uint8Array | string): CoverageReport {
  const parser = new IstanbulParser();
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.finish();
}

/** A file coverage object, unwrapped from `{ data: … }`; undefined when it is none. */
function fileEntry(value: unknown): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  if (FILE_KEYS.some((key) => Object.hasOwn(value, key))) return value;
  const data = ownRecord(value, 'data');
  return data !== undefined && FILE_KEYS.some((key) => Object.hasOwn(data, key)) ? data : undefined;
}

/** `location.start.line`, or -1. */
function startLine(location: JsonRecord): number {
  const start = own(location, 'start');
  return isRecord(start) ? lineNumber(own(start, 'line')) : -1;
}

function branchLine(meta: JsonRecord): number {
  const loc = ownRecord(meta, 'loc');
  let line = loc === undefined ? -1 : startLine(loc);
  if (line < 0) line = lineNumber(own(meta, 'line'));
  if (line < 0) {
    const locations = own(meta, 'locations');
    const first: unknown = Array.isArray(locations) ? locations[0] : undefined;
    if (isRecord(first)) line = startLine(first);
  }
  return line;
}

/** A numeric key as written (the lcov reporter's BRDA block), else the branch's ordinal. */
function blockId(key: string, ordinal: number): number {
  if (key.length === 0 || key.length > 9) return ordinal;
  let value = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return ordinal;
    value = value * 10 + (c - 48);
  }
  return value;
}
