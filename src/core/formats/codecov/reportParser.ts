import { buildFileCoverage } from '../../model/buildFile';
import { FileCoverageBuilder } from '../../model/fileBuilder';
import { BufferArena } from '../../model/packedColumns';
import { describeValue, lineNumber } from '../../json/jsonInput';
import { type CoverageReport, type FileCoverageData, ReportParseError, reportTotals } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import { WarningList } from '../warningList';
import { type JsonHandler, JsonScanner } from '../../json/jsonScanner';
import { CodecovFileLines } from './codecovFileLines';
import { decodeString, K_FILES, K_LINES, K_NAME, K_OTHER, keyOf } from './codecovKeys';

export { CODECOV_PARTIAL_LABEL } from './codecovFileLines';

/** Codecov's line status (`line_coverage: [[line, status], …]`). */
const HIT = 0;
const MISS = 1;
const PARTIAL = 2;
/** Codecov writes -1 (or null) for lines it skips. */
const SKIPPED = -1;

/** Longer file names are refused (no file system allows them). */
const MAX_NAME_BYTES = 16 * 1024;
/** A report is five levels deep; anything much deeper is not one. */
const MAX_DEPTH = 64;

// Where a JSON value sits.
const C_OTHER = 0;
const C_ROOT = 1;
const C_FILES = 2;
const C_FILE = 3;
const C_LINES = 4;
const C_PAIR = 5;

/**
 * Codecov API v2 coverage, streamed: the `report` endpoint's `{totals, files: [{name, totals,
 * line_coverage: [[line, status], …]}]}` and the `file_report` endpoint's single file at the
 * root (`{name, totals, line_coverage, …}`). Status 0 = hit, 1 = miss, 2 = partial; -1 and null
 * are skipped. Codecov has no hit counts: hit and partial lines get UNKNOWN_HITS, missed lines 0;
 * a partial line also gets one untaken placeholder branch (CODECOV_PARTIAL_LABEL). Files without
 * line coverage (the `totals` endpoint) give nothing. Bytes are scanned as they come (no copy of
 * the input, no parse tree); memory grows only with the lines kept.
 */
export class CodecovReportParser implements StreamingParser, JsonHandler {
  private readonly scanner = new JsonScanner(this, { maxDepth: MAX_DEPTH, maxStringBytes: MAX_NAME_BYTES });
  private readonly warnings = new WarningList();
  private readonly files = new Map<string, FileCoverageData>();
  /** Files share slabs: many small allocations would cost more than the parse. */
  private readonly arena = new BufferArena();
  private readonly contexts = new Uint8Array(MAX_DEPTH + 1);
  private depth = 0;
  private pendingKey = K_OTHER;
  private sawFiles = false;
  private fileCount = 0;

  // The file being read.
  private name: string | undefined;
  private nameProblem: string | undefined;
  private hasLines = false;
  private readonly fileLines = new CodecovFileLines();

  // The [line, status] pair being read.
  private pairSize = 0;
  private pairLine: unknown = undefined;
  private pairStatus: unknown = undefined;

  push(chunk: Uint8Array): void {
    this.scanner.push(chunk);
  }

  finish(): CoverageReport {
    this.scanner.finish();
    return { format: 'codecov', files: this.files, totals: reportTotals(this.files.values()), warnings: this.warnings.list() };
  }

  openObject(): void {
    const parent = this.contexts[this.depth] as number;
    let context = C_OTHER;
    if (this.depth === 0) {
      context = C_ROOT;
      this.startFile();
    } else if (parent === C_FILES) {
      context = C_FILE;
      this.startFile();
    } else {
      this.unexpected(parent, 'an object');
    }
    this.contexts[++this.depth] = context;
  }

  openArray(): void {
    const parent = this.contexts[this.depth] as number;
    let context = C_OTHER;
    if (this.depth === 0) {
      this.notAnObject('a list');
    } else if (parent === C_LINES) {
      context = C_PAIR;
      this.pairSize = 0;
      this.pairLine = undefined;
      this.pairStatus = undefined;
    } else if (parent === C_ROOT && this.pendingKey === K_FILES) {
      context = C_FILES;
      this.sawFiles = true;
    } else if ((parent === C_ROOT || parent === C_FILE) && this.pendingKey === K_LINES) {
      context = C_LINES;
      this.hasLines = true;
    } else {
      this.unexpected(parent, 'a list');
    }
    this.contexts[++this.depth] = context;
  }

  closeObject(): void {
    const context = this.contexts[this.depth--];
    if (context === C_FILE) this.endFile();
    else if (context === C_ROOT) this.endRoot();
  }

  closeArray(): void {
    if (this.contexts[this.depth--] === C_PAIR) this.endPair();
  }

  key(bytes: Uint8Array, start: number, end: number, escaped: boolean, truncated: boolean): void {
    const context = this.contexts[this.depth];
    if (context !== C_ROOT && context !== C_FILE) return;
    this.pendingKey = truncated ? K_OTHER : keyOf(bytes, start, end, escaped);
  }

  wantString(): boolean {
    const context = this.contexts[this.depth];
    return (context === C_ROOT || context === C_FILE) && this.pendingKey === K_NAME;
  }

  string(bytes: Uint8Array, start: number, end: number, escaped: boolean, truncated: boolean): void {
    if (this.depth === 0) this.notAnObject('a string');
    const parent = this.contexts[this.depth] as number;
    if ((parent === C_ROOT || parent === C_FILE) && this.pendingKey === K_NAME) {
      if (truncated) this.nameProblem = `its name is longer than ${MAX_NAME_BYTES / 1024} KiB`;
      else this.name = decodeString(bytes, start, end, escaped);
    } else if (parent === C_PAIR) {
      this.pairValue('a string');
    } else {
      this.unexpected(parent, 'a string');
    }
  }

  number(value: number): void {
    if (this.depth === 0) this.notAnObject('a number');
    const parent = this.contexts[this.depth] as number;
    if (parent === C_PAIR) this.pairValue(value);
    else if (parent !== C_OTHER) this.unexpected(parent, describeValue(value));
  }

  literal(value: boolean | null): void {
    if (this.depth === 0) this.notAnObject(String(value));
    const parent = this.contexts[this.depth] as number;
    if (parent === C_PAIR) this.pairValue(value);
    else if (parent !== C_OTHER) this.unexpected(parent, String(value));
  }

  private notAnObject(what: string): never {
    throw new ReportParseError(this.scanner.line, `not a Codecov report: the response is ${what}, not an object`);
  }

  private pairValue(value: unknown): void {
    if (this.pairSize === 0) this.pairLine = value;
    else if (this.pairSize === 1) this.pairStatus = value;
    this.pairSize++;
  }

  /** A value where the report shape has none of its kind: warned about where it matters, else ignored. */
  private unexpected(parent: number, what: string): void {
    if (parent === C_PAIR) {
      this.pairValue(what);
    } else if (parent === C_LINES) {
      this.warn(`line_coverage holds ${what}, not a [line, status] pair: skipped`);
    } else if (parent === C_FILES) {
      this.warn(`"files" holds ${what}, not a file object: skipped`);
    } else if (parent === C_ROOT || parent === C_FILE) {
      if (this.pendingKey === K_NAME) this.nameProblem = `its name is ${what}, not a string`;
      else if (this.pendingKey === K_LINES) this.warn(`line_coverage is ${what}, not a list: skipped`);
      else if (this.pendingKey === K_FILES && parent === C_ROOT) this.warn(`"files" is ${what}, not a list: skipped`);
    }
  }

  private endPair(): void {
    const status = this.pairStatus;
    if (this.pairSize !== 2 || !(status === null || typeof status === 'number')) {
      this.warn('a line_coverage entry is not a [line, status] pair: skipped');
      return;
    }
    if (status === null || status === SKIPPED) return;
    const line = lineNumber(this.pairLine);
    if (line < 0) {
      if (typeof this.pairLine === 'number' || this.pairLine === null) this.warn(`${describeValue(this.pairLine)} is not a line number: skipped`);
      else this.warn('a line_coverage entry is not a [line, status] pair: skipped');
      return;
    }
    if (status === HIT || status === PARTIAL) {
      this.fileLines.hit(line, status === PARTIAL);
    } else if (status === MISS) {
      this.fileLines.miss(line);
    } else {
      this.warn(`line ${line}: ${describeValue(status)} is not a Codecov line status (0 hit, 1 miss, 2 partial): skipped`);
    }
  }

  private startFile(): void {
    this.fileCount++;
    this.name = undefined;
    this.nameProblem = undefined;
    this.hasLines = false;
    this.fileLines.clear();
  }

  private endFile(): void {
    if (!this.hasLines) return;
    if (this.nameProblem !== undefined || this.name === undefined) {
      this.warn(`skipped: ${this.nameProblem ?? 'it has no name'}`);
      return;
    }
    const file = buildFileCoverage(this.name, this.fileLines.records(), this.arena);
    const earlier = this.files.get(this.name);
    if (earlier === undefined) {
      this.files.set(this.name, file);
    } else {
      const merged = new FileCoverageBuilder(this.name);
      merged.addFile(earlier);
      merged.addFile(file);
      this.files.set(this.name, merged.build());
    }
  }

  private endRoot(): void {
    if (this.sawFiles) return;
    if (!this.hasLines) throw new ReportParseError(this.scanner.line, 'not a Codecov report: no "files" list and no "line_coverage"');
    this.endFile();
  }

  private warn(message: string): void {
    const file = this.name === undefined ? `file ${this.fileCount}` : this.name.slice(0, 200);
    this.warnings.add(this.scanner.line, `${file}: ${message}`);
  }
}

/** Codecov report bytes (one buffer, or pass chunks to a CodecovReportParser) as the model. */
export function parseCodecovReport(data: Uint8Array | string): CoverageReport {
  const parser = new CodecovReportParser();
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.finish();
}
