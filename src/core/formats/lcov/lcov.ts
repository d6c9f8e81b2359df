import { LineChunks } from '../../bytes/lineChunks';
import { FileTable, filesTotals } from '../../model/fileTable';
import { BufferArena } from '../../model/packedColumns';
import { type CoverageReport, NEVER_EVALUATED, type ParseWarningKind, ReportParseError } from '../../model/model';
import { WarningList } from '../warningList';
import { COLON, COMMA, DASH, HASH, LOWER_E, NL, UPPER_A, UPPER_B, UPPER_D, UPPER_F, UPPER_H, UPPER_L, UPPER_N, UPPER_R, ZERO } from '../../bytes/byteCodes';
import { equalsAscii, equalsAsciiAt, indexOfByte, isKeyByte, isLetter, isSpace, lastIndexOfByte, lineEnd, packBytes, parseUint, skipLine } from './lcovBytes';
import { FunctionRecords } from './lcovFunctions';
import { END_OF_RECORD, K_BRDA, K_BRF, K_BRH, K_DA, K_FN, K_FNA, K_FNDA, K_FNF, K_FNH, K_FNL, K_LF, K_LH, K_SF, K_TN, K_VER } from './lcovKeys';
import { NEGATIVE_COUNT, parseCount } from './lcovPlainRecords';
import { SectionRecords } from './lcovSectionRecords';
import { FunctionTable } from './lcovFunctionTable';
import { RepeatedFile, Section } from './lcovSections';
import type { LcovPart } from './lcovParts';
import { LcovText } from './lcovText';
import { checkSameCounts, LazySections, ReportChangedError, type ReportBytes } from './lcovLazySections';
import type { FileCounts, FileCoverageData } from '../../model/model';

const utf8 = new TextEncoder();

/**
 * Streaming LCOV tracefile parser. Bytes go in through push() with any chunk boundaries;
 * only complete lines are scanned, and only path, test and function names are decoded.
 * A section's records collect in reused scratch arrays. When the section ends, a path seen
 * for the first time is built straight from them into the model (one arena range, no
 * builder); a path with several sections collects them in a FileCoverageBuilder until finish().
 */
export class LcovParser {
  private readonly text = new LcovText();
  /** Built files in order of first appearance; a path with several sections has its first here until finish(). */
  private files = new FileTable();
  /** The builders of paths with several sections, by their index in files. */
  private readonly repeatedFiles = new Map<number, RepeatedFile>();
  /** Storage of the files built here (they are copied, never transferred, out of the worker). */
  private readonly arena: BufferArena = new BufferArena();
  /** The section being read, reset for each SF record. */
  private readonly openSectionState = new Section();
  /** The function table of a path's first section, reused. */
  private readonly sectionFunctions = new FunctionTable();
  private readonly functions = new FunctionRecords(this.text, (buf, start, end) => this.count(buf, start, end));
  private readonly records = new SectionRecords(this.functions);
  private readonly warnings = new WarningList();
  /** DA checksums by path and line, when the report has them. */
  private checksums: Map<string, Map<number, string>> | undefined;
  private section: Section | undefined;
  private testName = '';
  private lineNo = 0;
  private sawContent = false;
  private sawSF = false;
  /** In a continuation: how many files there were at its first TN record (-1: none yet). Files before it were read under the test name in force at the split, which it does not know. */
  private filesBeforeFirstTN = -1;
  private readonly lineChunks = new LineChunks((bytes, start, end) => this.scan(bytes, start, end));
  /** Where each counts-only file's section is (a parser given ReportBytes), else undefined. */
  private readonly lazy: LazySections | undefined;
  /** Bytes pushed, and bytes scanned before the current scan() (LineChunks scans each byte once, in order, and one added newline at the end). */
  private pushed = 0;
  private scanned = 0;
  /** The offset in the report of the current scan()'s buf[0]. */
  private scanBase = 0;
  /** Where the line line() reads ends, just past its newline (an index in the current scan's buf). */
  private nextLine = 0;
  /** The offset in the report where the section being closed ends (set before each closeSection; past the end by LineChunks' added newline at most). */
  private sectionEnd = 0;

  /**
   * A `continuation` starts after a split: not at the report's first line, under a test name it
   * does not know (it reads '' until a TN record). Given `reportBytes` (the whole report is pushed,
   * from its first byte), a path read in one section keeps only its counts and where its section
   * is: its detail is parsed again from those bytes when first read (FileTable.fillCounts).
   */
  constructor(
    private readonly continuation = false,
    reportBytes?: ReportBytes,
  ) {
    if (reportBytes !== undefined && !continuation) {
      const sections = new LazySections();
      this.lazy = sections;
      this.arena = new BufferArena(SCRATCH_MAX_SLAB_BYTES);
      this.files.setLazyDetail((at, path, counts) => lazyFileDetail(sections, reportBytes, at, path, counts));
    }
  }

  push(chunk: Uint8Array): void {
    this.pushed += chunk.length;
    this.lineChunks.push(chunk);
  }

  finish(): CoverageReport {
    return this.finishJoined(undefined);
  }

  /** Lines read so far. */
  get linesRead(): number {
    return this.lineNo;
  }

  /** A continuation's result, as plain data (see LcovPart); the parser is spent afterwards. */
  finishPart(): LcovPart {
    const files = this.finishFiles();
    const beforeTN = this.filesBeforeFirstTN < 0 ? files.size : this.filesBeforeFirstTN;
    const hitBeforeTN = files.anyLineHit(0, beforeTN);
    return { files: files.toParts(), warnings: this.warnings.state(), checksums: this.checksums, sawContent: this.sawContent, sawSF: this.sawSF, hitBeforeTN };
  }

  /**
   * Whether `part`, what a continuation read from the end of the bytes pushed here (a split:
   * no section open, no line cut), can be joined to them as if this parser had read it: not when
   * a path is in both, nor when the test name in force here is not '' and the part hit lines
   * before its first TN record (it read them under '').
   */
  canJoin(part: LcovPart): boolean {
    if (this.section !== undefined || this.files.sharesPathWith(part.files)) return false;
    return this.testName === '' || !part.hitBeforeTN;
  }

  /** The report of the bytes pushed here, then `part` (when given; canJoin must hold; not with ReportBytes). */
  finishJoined(part: LcovPart | undefined): CoverageReport {
    if (part !== undefined && this.lazy !== undefined) throw new Error('LcovParser: a part cannot be joined to a report read with ReportBytes');
    const files = this.finishFiles();
    this.files = new FileTable();
    if (part !== undefined) {
      files.appendParts(part.files);
      this.warnings.append(part.warnings, this.lineNo);
      for (const [path, lines] of part.checksums ?? []) (this.checksums ??= new Map()).set(path, lines);
      this.sawContent ||= part.sawContent;
      this.sawSF ||= part.sawSF;
    }
    if (this.sawContent && !this.sawSF) throw new ReportParseError(0, 'no SF record: not an LCOV report');
    const report = { format: 'lcov' as const, files, totals: filesTotals(files), warnings: this.warnings.list() };
    return this.checksums === undefined ? report : { ...report, lineChecksums: this.checksums };
  }

  /** Reads the last line, closes the last section and builds the files of repeated paths. */
  private finishFiles(): FileTable {
    this.lineChunks.finish();
    this.sectionEnd = this.scanned;
    this.closeSection();
    const files = this.files;
    for (const [at, repeated] of this.repeatedFiles) files.setAt(at, repeated.builder.build());
    this.repeatedFiles.clear();
    return files;
  }

  /** Scans complete lines (`end` is just past a newline); runs of plain DA lines and plain BRDA lines take a fast path. */
  private scan(buf: Uint8Array, pos: number, end: number): void {
    this.scanBase = this.scanned - pos;
    this.scanned += end - pos;
    let lineNo = this.lineNo;
    while (pos < end) {
      lineNo++;
      const c = buf[pos];
      if (c === UPPER_D) {
        if (buf[pos + 1] === UPPER_A && buf[pos + 2] === COLON && this.section !== undefined) {
          const next = this.records.addPlainDaRun(buf, pos, end, this.testName);
          const read = this.records.runLines;
          if (read > 0) {
            lineNo += read - 1;
            pos = next;
            continue;
          }
        }
      } else if (this.section !== undefined) {
        // The other records a section is made of, without line()'s general key handling.
        let next = -1;
        if (c === UPPER_B) {
          if (buf[pos + 1] === UPPER_R) {
            const d = buf[pos + 2];
            if (d === UPPER_D) {
              next = this.records.addPlainBrdaRun(buf, pos, end);
              const read = this.records.runLines;
              if (read > 0) lineNo += read - 1;
              else next = -1;
            } else if ((d === UPPER_F || d === UPPER_H) && buf[pos + 3] === COLON) next = skipLine(buf, pos + 4);
          }
        } else if (c === UPPER_F) {
          if (buf[pos + 1] === UPPER_N) {
            const d = buf[pos + 2];
            if (d === COLON) {
              this.lineNo = lineNo;
              next = this.fastFunctionRecord(K_FN, buf, pos + 3);
            } else if (d === UPPER_D) {
              if (buf[pos + 3] === UPPER_A && buf[pos + 4] === COLON) {
                this.lineNo = lineNo;
                next = this.fastFunctionRecord(K_FNDA, buf, pos + 5);
              }
            } else if ((d === UPPER_F || d === UPPER_H) && buf[pos + 3] === COLON) next = skipLine(buf, pos + 4);
          }
        } else if (c === UPPER_L) {
          const d = buf[pos + 1];
          if ((d === UPPER_F || d === UPPER_H) && buf[pos + 2] === COLON) next = skipLine(buf, pos + 3);
        } else if (c === LOWER_E) {
          if (equalsAsciiAt(buf, pos, END_OF_RECORD)) {
            next = lineEnd(buf, pos + END_OF_RECORD.length);
            if (next > 0) {
              this.lineNo = lineNo;
              this.sectionEnd = this.scanBase + next;
              this.closeSection();
            }
          }
        }
        if (next > 0) {
          pos = next;
          continue;
        }
      }
      let eol = pos;
      while (buf[eol] !== NL) eol++;
      this.lineNo = lineNo;
      this.nextLine = eol + 1;
      this.line(buf, pos, eol);
      pos = eol + 1;
    }
    this.lineNo = lineNo;
  }

  /** An FN or FNDA record in a section, value from `v` (trimmed as line() and record() would); returns the next line's start. */
  private fastFunctionRecord(key: number, buf: Uint8Array, v: number): number {
    let eol = v;
    while (buf[eol] !== NL) eol++;
    let end = eol;
    while (end > v && isSpace(buf[end - 1] as number)) end--;
    while (v < end && isSpace(buf[v] as number)) v++;
    const section = this.section as Section;
    if (key === K_FN) {
      if (!this.functions.fn(section, buf, v, end)) this.warn('malformed FN record: skipped');
    } else if (!this.functions.fnda(section, buf, v, end, this.lineNo)) this.warn('malformed FNDA record: skipped');
    return eol + 1;
  }

  /** One whole line without its newline. */
  private line(buf: Uint8Array, start: number, end: number): void {
    if (this.lineNo === 1 && !this.continuation && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    while (start < end && isSpace(buf[start] as number)) start++;
    while (end > start && isSpace(buf[end - 1] as number)) end--;
    if (start === end) return;
    this.sawContent = true;
    if (buf[start] === HASH) return; // lcov 2.x `--comment` lines
    let k = start;
    let c = buf[k] as number;
    if (isLetter(c)) {
      while (k < end && isKeyByte(c)) c = buf[++k] as number;
    }
    if (k === end && equalsAscii(buf, start, end, END_OF_RECORD)) {
      this.sectionEnd = this.scanBase + this.nextLine;
      this.closeSection();
      return;
    }
    if (k === start || k === end || c !== COLON) {
      throw new ReportParseError(this.lineNo, 'not an LCOV record (expected KEY:value or end_of_record)');
    }
    const key = k - start <= 4 ? packBytes(buf, start, k) : -1;
    this.record(key, buf, start, k, k + 1, end);
  }

  private record(key: number, buf: Uint8Array, keyStart: number, keyEnd: number, v: number, end: number): void {
    switch (key) {
      case K_TN:
        while (v < end && isSpace(buf[v] as number)) v++;
        this.testName = this.text.name(buf, v, end);
        if (this.continuation && this.filesBeforeFirstTN < 0) this.filesBeforeFirstTN = this.files.size;
        return;
      case K_SF:
        while (v < end && isSpace(buf[v] as number)) v++;
        this.sectionEnd = this.scanBase + keyStart;
        this.openSection(buf, v, end, this.scanBase + keyStart);
        return;
      case K_VER:
      case K_FNF:
      case K_FNH:
      case K_LF:
      case K_LH:
      case K_BRF:
      case K_BRH:
        return;
    }
    const isData = key === K_DA || key === K_FN || key === K_FNDA || key === K_BRDA || key === K_FNL || key === K_FNA;
    if (!isData) {
      this.warn(`unknown record ${this.text.keyName(buf, keyStart, keyEnd)}: skipped`);
      return;
    }
    const section = this.section;
    if (section === undefined) {
      this.warn(`${this.text.keyName(buf, keyStart, keyEnd)} record outside an SF section: skipped`);
      return;
    }
    while (v < end && isSpace(buf[v] as number)) v++;
    let ok: boolean;
    if (key === K_DA) ok = this.da(buf, v, end);
    else if (key === K_FN) ok = this.functions.fn(section, buf, v, end);
    else if (key === K_FNDA) ok = this.functions.fnda(section, buf, v, end, this.lineNo);
    else if (key === K_BRDA) ok = this.brda(section, buf, v, end);
    else if (key === K_FNL) ok = this.functions.fnl(section, buf, v, end);
    else ok = this.functions.fna(section, buf, v, end);
    if (!ok) this.warn(`malformed ${this.text.keyName(buf, keyStart, keyEnd)} record: skipped`);
  }

  /**
   * `DA:line,hits[,checksum]`. Line 0 (coverage.py writes `DA:0,1` for an empty module, and no
   * line 0 exists) has no place in the file: skipped with a `quirk` warning.
   */
  private da(buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0) return false;
    if (c1 === v + 1 && buf[v] === ZERO) {
      this.warn('DA on line 0, as coverage.py writes it for an empty module: skipped', 'quirk');
      return true;
    }
    const line = parseUint(buf, v, c1, 1);
    const c2 = indexOfByte(buf, COMMA, c1 + 1, end);
    const hits = this.count(buf, c1 + 1, c2 < 0 ? end : c2);
    if (line < 0 || Number.isNaN(hits)) return false;
    this.records.addDa(line, hits, this.testName);
    if (c2 >= 0 && c2 + 1 < end && this.section !== undefined) this.addChecksum(this.sectionPath(this.section), line, this.text.decode(buf, c2 + 1, end).trim());
    return true;
  }

  private addChecksum(path: string, line: number, checksum: string): void {
    if (checksum === '') return;
    this.checksums ??= new Map();
    let lines = this.checksums.get(path);
    if (lines === undefined) {
      lines = new Map();
      this.checksums.set(path, lines);
    }
    lines.set(line, checksum);
  }

  /**
   * `BRDA:line,block,branch,taken`. lcov 2.x may write a non-numeric block (`e0`, an
   * exception branch) or an expression as the branch, which may contain commas, so taken
   * is read after the last comma. Such a branch keeps its raw text as the label: the
   * branch text, or `block,branch` when the block is not a number. Its block id is then
   * its number or 0, its branch id its number or its ordinal among labelled branches of
   * its line in this section. A branch on line 0 (coverage.py 6.5 writes a branch out of the
   * function there) has no place in the file: skipped with a `quirk` warning.
   */
  private brda(section: Section, buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    const c2 = c1 < 0 ? -1 : indexOfByte(buf, COMMA, c1 + 1, end);
    const last = lastIndexOfByte(buf, COMMA, v, end);
    if (c2 < 0 || last <= c2 || c2 === c1 + 1 || last === c2 + 1 || last + 1 === end) return false;
    if (c1 === v + 1 && buf[v] === ZERO) {
      this.warn('BRDA on line 0, a branch out of the function as coverage.py 6.5 writes it: skipped', 'quirk');
      return true;
    }
    const line = parseUint(buf, v, c1, 1);
    if (line < 0) return false;
    let taken: number;
    if (last + 2 === end && buf[last + 1] === DASH) taken = NEVER_EVALUATED;
    else {
      taken = this.count(buf, last + 1, end);
      if (Number.isNaN(taken)) return false;
    }
    let block = parseUint(buf, c1 + 1, c2, 0);
    let branch = parseUint(buf, c2 + 1, last, 0);
    let label = '';
    if (branch < 0) {
      label = this.text.name(buf, block < 0 ? c1 + 1 : c2 + 1, last);
      section.labelOrdinals ??= new Map();
      branch = section.labelOrdinals.get(line) ?? 0;
      section.labelOrdinals.set(line, branch + 1);
    } else if (block < 0) {
      label = this.text.name(buf, c1 + 1, last);
    }
    if (block < 0) block = 0;
    this.records.addBranch(line, block, branch, taken, label);
    return true;
  }

  /** An SF record: the path is buf[start, end), trimmed. */
  private openSection(buf: Uint8Array, start: number, end: number, offset: number): void {
    this.closeSection();
    this.sawSF = true;
    if (start === end) {
      this.warn('SF record without a path: section skipped');
      return;
    }
    const files = this.files;
    const before = files.size;
    const at = files.intern(buf, start, end);
    if (files.size > before) {
      this.sectionFunctions.clear();
      this.openSectionState.open(at, undefined, this.sectionFunctions);
      this.lazy?.open(at, offset, this.testName);
    } else {
      let repeated = this.repeatedFiles.get(at);
      if (repeated === undefined) {
        repeated = new RepeatedFile(files.fileAt(at));
        this.repeatedFiles.set(at, repeated);
      }
      this.openSectionState.open(at, repeated, repeated.functions);
    }
    this.section = this.openSectionState;
  }

  /** The open section's path as a string (made when first asked for). */
  private sectionPath(section: Section): string {
    section.path ??= this.files.pathAt(section.fileIndex);
    return section.path;
  }

  private closeSection(): void {
    const section = this.section;
    if (section === undefined) return;
    this.section = undefined;
    for (const pending of section.pendingFnda ?? []) {
      if (!this.functions.assignFnda(section, pending.name, pending.hits)) {
        this.warnAt(pending.line, 'FNDA for a function without an FN record: skipped');
      }
    }
    const repeated = section.repeated;
    if (repeated === undefined) {
      this.records.buildInto(this.files, section.fileIndex, this.arena, this.lazy !== undefined);
      this.lazy?.close(section.fileIndex, Math.min(this.sectionEnd, this.pushed));
    }
    else this.records.addTo(repeated.builder);
    this.records.clear();
  }

  /** parseCount, a negative count clamped to 0 with a warning. NaN when malformed. */
  private count(buf: Uint8Array, start: number, end: number): number {
    const value = parseCount(buf, start, end);
    if (value !== NEGATIVE_COUNT) return value;
    this.warn('negative count clamped to 0');
    return 0;
  }

  private warn(message: string, kind: ParseWarningKind = 'skipped'): void {
    this.warnAt(this.lineNo, message, kind);
  }

  private warnAt(line: number, message: string, kind: ParseWarningKind = 'skipped'): void {
    this.warnings.add(line, message, kind);
  }
}

/** A counts-only file's scratch: files up to an eighth of this reuse one slab. */
const SCRATCH_MAX_SLAB_BYTES = 64 * 1024 * 1024;

/**
 * The detail of a counts-only file: its section's bytes read again, after the test name in
 * force where it started, parsed as at load. Throws a ReportChangedError when they no longer
 * hold that file with the counts it had.
 */
function lazyFileDetail(sections: LazySections, reportBytes: ReportBytes, at: number, path: string, counts: FileCounts): FileCoverageData {
  const length = sections.lengthOf(at);
  const bytes = reportBytes(sections.offsetOf(at), length);
  if (bytes.length !== length) throw new ReportChangedError('it is shorter');
  const parser = new LcovParser();
  parser.push(utf8.encode(`TN:${sections.testNameOf(at)}\n`));
  parser.push(bytes);
  let file: FileCoverageData | undefined;
  try {
    const files = parser.finish().files;
    file = files.size === 1 ? files.get(path) : undefined;
  } catch (error) {
    if (!(error instanceof ReportParseError)) throw error;
  }
  if (file === undefined) throw new ReportChangedError(`${path}: its section is no longer where it was`);
  checkSameCounts(file, counts);
  return file;
}

export function parseLcov(data: Uint8Array | string): CoverageReport {
  const parser = new LcovParser();
  parser.push(typeof data === 'string' ? utf8.encode(data) : data);
  return parser.finish();
}
