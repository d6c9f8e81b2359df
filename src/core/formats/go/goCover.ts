import { LineChunks } from '../../bytes/lineChunks';
import { emptyRecords, fillFileCoverage } from '../../model/buildFile';
import { FileTable, filesTotals } from '../../model/fileTable';
import { BufferArena } from '../../model/packedColumns';
import { GoBlockTable, goLineBudget } from './goBlocks';
import { type CoverageReport, ReportParseError } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import { WarningList } from '../warningList';
import { COLON, COMMA, CR, DOT, NINE, NL, SPACE, TAB, ZERO } from '../../bytes/byteCodes';

const MAX_LINE = 0xffffffff;
/** Above this many digits a hand-accumulated double may round differently from Number(). */
const MAX_EXACT_DIGITS = 15;
const MODE_PREFIX = Array.from('mode:', (ch) => ch.charCodeAt(0));

export type GoCoverMode = 'set' | 'count' | 'atomic';

/**
 * Streaming Go coverprofile parser (`go test -coverprofile`): `mode: set|count|atomic`, then
 * `path:startLine.startCol,endLine.endCol numStatements count` per block.
 *
 * Rules:
 * - The same block (same path and range) repeated — one per test binary with `-coverpkg` —
 *   is merged: counts summed in `count`/`atomic` mode, or-ed (max) in `set` mode.
 * - Every line of a block's range, both ends included, is a line. A line covered by several
 *   distinct blocks (one ends on the line where the next begins; nested blocks overlap) takes
 *   the highest count among them: hit when any of them ran, and never counted twice for one
 *   execution, as summing would when a statement's block ends where the next one begins.
 * - Go has no branch or function data in a coverprofile: the model gets lines only.
 * - A profile whose blocks cover far more lines than its size allows (goLineBudget) is refused.
 * - Paths are kept exactly as written (import paths, or absolute paths outside a module).
 * - Lines are read from their end, so a path may contain `:` or spaces.
 */
export class GoCoverParser implements StreamingParser {
  private readonly decoder = new TextDecoder('utf-8');
  /** Files by id (their index): paths interned as the blocks come, filled in finish(). */
  private files = new FileTable();
  private readonly blocks = new GoBlockTable();
  private readonly warnings = new WarningList();
  private lineNo = 0;
  private mode: GoCoverMode | undefined;
  /** Bytes pushed so far: the size the line budget is measured against. */
  private bytes = 0;
  private readonly lineChunks = new LineChunks((bytes, start, end) => this.scan(bytes, start, end));
  /** The previous block's path bytes and file: blocks of one file come in runs. */
  private lastPath = new Uint8Array(256);
  private lastPathLength = -1;
  private lastFileId = -1;
  /** How many bytes of the line being scanned equal the previous block's path. */
  private matched = 0;
  /** block()'s read position, moving backwards through a line. */
  private cursor = 0;

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.lineChunks.push(chunk);
  }

  finish(): CoverageReport {
    this.lineChunks.finish();
    const files = this.files;
    this.files = new FileTable();
    const arena = new BufferArena();
    const records = emptyRecords();
    this.blocks.forEachFile(files.size, this.mode !== 'set', goLineBudget(this.bytes), (fileId, lines, hits) => {
      records.lines = lines;
      records.hits = hits;
      fillFileCoverage(files, fileId, records, arena);
    });
    return { format: 'go', files, totals: filesTotals(files), warnings: this.warnings.list() };
  }

  /** Scans complete lines: `end` is just past a newline. */
  private scan(buf: Uint8Array, pos: number, end: number): void {
    while (pos < end) {
      this.lineNo++;
      // Compare with the previous block's path on the way to the line end (paths hold no newline).
      const last = this.lastPath;
      const limit = pos + this.lastPathLength;
      let nl = pos;
      while (nl < limit && buf[nl] === last[nl - pos]) nl++;
      this.matched = nl - pos;
      while (buf[nl] !== NL) nl++;
      let eol = nl;
      while (eol > pos && isSpace(buf[eol - 1] as number)) eol--;
      if (this.mode === undefined) this.first(buf, pos, eol);
      else if (eol > pos && !this.block(buf, pos, eol)) this.other(buf, pos, eol);
      pos = nl + 1;
    }
  }

  /** Until the mode line: blank lines are skipped, anything else is not a coverprofile. */
  private first(buf: Uint8Array, start: number, end: number): void {
    if (this.lineNo === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    while (start < end && isSpace(buf[start] as number)) start++;
    if (start === end) return;
    const mode = this.modeOf(buf, start, end);
    if (mode === undefined) throw new ReportParseError(this.lineNo, 'not a Go coverprofile: expected "mode: set", "mode: count" or "mode: atomic"');
    this.mode = mode;
  }

  /** A line that is not a plain block: a repeated mode line (concatenated profiles) or junk. */
  private other(buf: Uint8Array, start: number, end: number): void {
    while (start < end && isSpace(buf[start] as number)) start++;
    if (start === end) return;
    if (startsWith(buf, start, end, MODE_PREFIX)) {
      const mode = this.modeOf(buf, start, end);
      if (mode !== this.mode) this.warn(`a later mode line says ${String(mode)}: kept ${String(this.mode)}`);
      return;
    }
    this.warn('malformed block (expected path:line.col,line.col statements count): skipped');
  }

  private modeOf(buf: Uint8Array, start: number, end: number): GoCoverMode | undefined {
    if (!startsWith(buf, start, end, MODE_PREFIX)) return undefined;
    let p = start + MODE_PREFIX.length;
    while (p < end && isSpace(buf[p] as number)) p++;
    const name = this.decoder.decode(buf.subarray(p, Math.min(end, p + 16)));
    if (name === 'set' || name === 'count' || name === 'atomic') return name;
    if (this.mode === undefined) this.warn(`unknown mode "${name}": read as count`);
    return 'count';
  }

  /**
   * `path:l1.c1,l2.c2 stmts count`, read from its end (`end` excludes trailing blanks).
   * False when the line is not shaped like that.
   */
  private block(buf: Uint8Array, start: number, end: number): boolean {
    this.cursor = end - 1;
    let count = this.numberBefore(buf, start);
    if (buf[this.cursor] !== SPACE || this.cursor === end - 1) return false;
    if (count < 0) count = Number(this.decoder.decode(buf.subarray(this.cursor + 1, end)));
    this.cursor--;
    if (this.numberBefore(buf, start) < 0 || buf[this.cursor--] !== SPACE) return false;
    const endCol = this.numberBefore(buf, start);
    if (endCol < 0 || buf[this.cursor--] !== DOT) return false;
    const endLine = this.numberBefore(buf, start);
    if (endLine < 0 || buf[this.cursor--] !== COMMA) return false;
    const startCol = this.numberBefore(buf, start);
    if (startCol < 0 || buf[this.cursor--] !== DOT) return false;
    const startLine = this.numberBefore(buf, start);
    const colon = this.cursor;
    if (startLine < 0 || buf[colon] !== COLON || colon <= start) return false;
    if (startLine < 1 || endLine < startLine || endLine > MAX_LINE || startCol > MAX_LINE || endCol > MAX_LINE) {
      this.warn('block with an invalid range: skipped');
      return true;
    }
    if (count === Infinity) {
      this.warn('count out of range: skipped');
      return true;
    }
    this.blocks.add(this.fileId(buf, start, colon), startLine, startCol, endLine, endCol, count);
    return true;
  }

  /**
   * The digits ending at `cursor`, read backwards; moves `cursor` to the byte before them.
   * -1 when there are none or too many to be exact.
   */
  private numberBefore(buf: Uint8Array, start: number): number {
    const from = this.cursor;
    let p = from;
    let value = 0;
    let scale = 1;
    while (p >= start) {
      const c = buf[p] as number;
      if (c < ZERO || c > NINE) break;
      value += (c - ZERO) * scale;
      scale *= 10;
      p--;
    }
    this.cursor = p;
    return p === from || from - p > MAX_EXACT_DIGITS ? -1 : value;
  }

  private fileId(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length === this.lastPathLength && this.matched >= length) return this.lastFileId;
    const id = this.files.intern(buf, start, end);
    if (length > this.lastPath.length) this.lastPath = new Uint8Array(Math.max(length, this.lastPath.length * 2));
    this.lastPath.set(buf.subarray(start, end));
    this.lastPathLength = length;
    this.lastFileId = id;
    return id;
  }

  private warn(message: string): void {
    this.warnings.add(this.lineNo, message);
  }
}

export function parseGoCover(data: Uint8Array | string): CoverageReport {
  const parser = new GoCoverParser();
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.finish();
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

function startsWith(buf: Uint8Array, start: number, end: number, prefix: readonly number[]): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix[i]) return false;
  return true;
}
