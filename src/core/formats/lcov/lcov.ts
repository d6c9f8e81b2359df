import { BranchScratch, doubledFloat64, doubledUint32 } from '../../model/branchScratch';
import { LineChunks } from '../../bytes/lineChunks';
import { emptyRecords, fillFileCoverage } from '../../model/buildFile';
import { FileTable, filesTotals } from '../../model/fileTable';
import type { FileCoverageBuilder } from '../../model/fileBuilder';
import { BufferArena } from '../../model/packedColumns';
import { GrowableUint32, PrefixView } from '../../model/growable';
import { type CoverageReport, NEVER_EVALUATED, type ParseWarningKind, ReportParseError } from '../../model/model';
import { WarningList } from '../warningList';
import { COLON, COMMA, DASH, HASH, LOWER_E, NINE, NL, UPPER_A, UPPER_B, UPPER_D, UPPER_F, UPPER_H, UPPER_L, UPPER_N, UPPER_R, ZERO } from '../../bytes/byteCodes';
import { asciiString, equalsAscii, equalsAsciiAt, equalsString, indexOfByte, isKeyByte, isLetter, isSpace, lastIndexOfByte, lineEnd, MAX_LINE, packBytes, parseDecimal, parseUint, skipLine } from './lcovBytes';
import { addRecord, FunctionTable, RepeatedFile, Section } from './lcovSections';

/** Longest text decode() builds itself (String.fromCharCode.apply takes one argument per byte). */
const MAX_FAST_DECODE = 256;
const MAX_CACHED_NAME = 128;
const NAME_CACHE_SIZE = 1024;
/** Above this many digits a hand-accumulated double may round differently from Number(). */
const MAX_EXACT_DIGITS = 15;

/** Record keys of up to 4 ASCII bytes packed big-endian into one int, for a numeric switch. */
function packKey(key: string): number {
  let packed = 0;
  for (let i = 0; i < key.length; i++) packed = (packed << 8) | key.charCodeAt(i);
  return packed;
}
const K_TN = packKey('TN');
const K_SF = packKey('SF');
const K_DA = packKey('DA');
const K_FN = packKey('FN');
const K_FNDA = packKey('FNDA');
const K_FNL = packKey('FNL');
const K_FNA = packKey('FNA');
const K_BRDA = packKey('BRDA');
const K_VER = packKey('VER');
const K_FNF = packKey('FNF');
const K_FNH = packKey('FNH');
const K_LF = packKey('LF');
const K_LH = packKey('LH');
const K_BRF = packKey('BRF');
const K_BRH = packKey('BRH');

const END_OF_RECORD = Array.from('end_of_record', (ch) => ch.charCodeAt(0));

/**
 * Streaming LCOV tracefile parser. Bytes go in through push() with any chunk boundaries;
 * only complete lines are scanned, and only path, test and function names are decoded.
 * A section's records collect in reused scratch arrays. When the section ends, a path seen
 * for the first time is built straight from them into the model (one arena range, no
 * builder); a path with several sections collects them in a FileCoverageBuilder until finish().
 */
export class LcovParser {
  private readonly decoder = new TextDecoder('utf-8');
  /** decodeName's cache: ASCII names by a hash of their bytes. */
  private readonly names = new Array<string>(NAME_CACHE_SIZE).fill('');
  private readonly nameHashes = new Int32Array(NAME_CACHE_SIZE);
  /** Built files in order of first appearance; a path with several sections has its first here until finish(). */
  private files = new FileTable();
  /** The builders of paths with several sections. */
  private readonly repeatedFiles = new Map<number, RepeatedFile>();
  /** Storage of the files built here (they are copied, never transferred, out of the worker). */
  private readonly arena = new BufferArena();
  /** The section being read, reset for each SF record. */
  private readonly openSectionState = new Section();
  /** The function table of a path's first section, reused. */
  private readonly sectionFunctions = new FunctionTable();
  /** Test name → lines that test hit in this section. */
  private sectionTests: Map<string, GrowableUint32> | undefined;
  private readonly warnings = new WarningList();
  /** DA checksums by path and line, when the report has them. */
  private checksums: Map<string, Map<number, string>> | undefined;
  private section: Section | undefined;
  private testName = '';
  private lineNo = 0;
  private sawContent = false;
  private sawSF = false;
  private readonly lineChunks = new LineChunks((bytes, start, end) => this.scan(bytes, start, end));

  private daLines = new Uint32Array(1024);
  private daHits = new Float64Array(1024);
  private daCount = 0;
  private readonly branches = new BranchScratch();
  /** buildSection's view of the scratch arrays, reused. */
  private readonly sectionRecords = emptyRecords();
  private readonly sectionViews = {
    lines: new PrefixView<Uint32Array>(),
    hits: new PrefixView<Float64Array>(),
    functionStarts: new PrefixView<Uint32Array>(),
    functionEnds: new PrefixView<Uint32Array>(),
    functionHits: new PrefixView<Float64Array>(),
  };
  /** Functions first seen in this section; their indices continue from the builder's functionCount. */
  private readonly fnNewNames: string[] = [];
  private fnNewStarts = new Uint32Array(64);
  private fnNewEnds = new Uint32Array(64);
  private fnNewHits = new Float64Array(64);

  push(chunk: Uint8Array): void {
    this.lineChunks.push(chunk);
  }

  finish(): CoverageReport {
    this.lineChunks.finish();
    this.closeSection();
    if (this.sawContent && !this.sawSF) throw new ReportParseError(0, 'no SF record: not an LCOV report');
    const files = this.files;
    for (const [at, repeated] of this.repeatedFiles) files.setAt(at, repeated.builder.build());
    this.files = new FileTable();
    this.repeatedFiles.clear();
    const report = { format: 'lcov' as const, files, totals: filesTotals(files), warnings: this.warnings.list() };
    return this.checksums === undefined ? report : { ...report, lineChecksums: this.checksums };
  }

  /** Scans complete lines (`end` is just past a newline); plain DA and BRDA lines take a fast path. */
  private scan(buf: Uint8Array, pos: number, end: number): void {
    let lineNo = this.lineNo;
    while (pos < end) {
      lineNo++;
      const c = buf[pos];
      if (c === UPPER_D) {
        if (buf[pos + 1] === UPPER_A && buf[pos + 2] === COLON && this.section !== undefined) {
          const next = this.fastDa(buf, pos + 3);
          if (next > 0) {
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
              if (buf[pos + 3] === UPPER_A && buf[pos + 4] === COLON) next = this.fastBrda(buf, pos + 5);
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
      if (!this.fn(section, buf, v, end)) this.warn('malformed FN record: skipped');
    } else if (!this.fnda(section, buf, v, end)) this.warn('malformed FNDA record: skipped');
    return eol + 1;
  }

  /** `DA:<digits>,<digits>` then a line end; returns the next line's start, or -1 to go the general way. */
  private fastDa(buf: Uint8Array, p: number): number {
    const lineStart = p;
    let line = 0;
    let c = buf[p] as number;
    while (c >= ZERO && c <= NINE) {
      line = line * 10 + (c - ZERO);
      c = buf[++p] as number;
    }
    if (c !== COMMA || p === lineStart || p - lineStart > 10 || line === 0 || line > MAX_LINE) return -1;
    const hitsStart = ++p;
    let hits = 0;
    c = buf[p] as number;
    while (c >= ZERO && c <= NINE) {
      hits = hits * 10 + (c - ZERO);
      c = buf[++p] as number;
    }
    if (p === hitsStart || p - hitsStart > MAX_EXACT_DIGITS) return -1;
    const next = lineEnd(buf, p);
    if (next > 0) this.addDa(line, hits);
    return next;
  }

  /** `BRDA:<digits>,<digits>,<digits>,<digits>|-` then a line end; else -1. */
  private fastBrda(buf: Uint8Array, p: number): number {
    let start = p;
    let line = 0;
    let c = buf[p] as number;
    while (c >= ZERO && c <= NINE) {
      line = line * 10 + (c - ZERO);
      c = buf[++p] as number;
    }
    if (c !== COMMA || p === start || p - start > 10 || line === 0 || line > MAX_LINE) return -1;
    start = ++p;
    let block = 0;
    c = buf[p] as number;
    while (c >= ZERO && c <= NINE) {
      block = block * 10 + (c - ZERO);
      c = buf[++p] as number;
    }
    if (c !== COMMA || p === start || p - start > 9) return -1;
    start = ++p;
    let branch = 0;
    c = buf[p] as number;
    while (c >= ZERO && c <= NINE) {
      branch = branch * 10 + (c - ZERO);
      c = buf[++p] as number;
    }
    if (c !== COMMA || p === start || p - start > 9) return -1;
    start = ++p;
    let taken = 0;
    c = buf[p] as number;
    if (c === DASH) {
      taken = NEVER_EVALUATED;
      p++;
    } else {
      while (c >= ZERO && c <= NINE) {
        taken = taken * 10 + (c - ZERO);
        c = buf[++p] as number;
      }
      if (p === start || p - start > MAX_EXACT_DIGITS) return -1;
    }
    const next = lineEnd(buf, p);
    if (next > 0) this.addBranch(line, block, branch, taken, '');
    return next;
  }

  private addDa(line: number, hits: number): void {
    if (this.daCount === this.daLines.length) {
      this.daLines = doubledUint32(this.daLines);
      this.daHits = doubledFloat64(this.daHits);
    }
    this.daLines[this.daCount] = line;
    this.daHits[this.daCount++] = hits;
    if (hits > 0 && this.testName !== '') this.addTestLine(line);
  }

  private addTestLine(line: number): void {
    this.sectionTests ??= new Map();
    let lines = this.sectionTests.get(this.testName);
    if (lines === undefined) {
      lines = new GrowableUint32(16);
      this.sectionTests.set(this.testName, lines);
    }
    lines.push(line);
  }

  private addBranch(line: number, block: number, branch: number, taken: number, label: string): void {
    this.branches.push(line, block, branch, taken, label);
  }

  /** One whole line without its newline. */
  private line(buf: Uint8Array, start: number, end: number): void {
    if (this.lineNo === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
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
        this.testName = this.decodeName(buf, v, end);
        return;
      case K_SF:
        while (v < end && isSpace(buf[v] as number)) v++;
        this.openSection(buf, v, end);
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
      this.warn(`unknown record ${this.keyName(buf, keyStart, keyEnd)}: skipped`);
      return;
    }
    const section = this.section;
    if (section === undefined) {
      this.warn(`${this.keyName(buf, keyStart, keyEnd)} record outside an SF section: skipped`);
      return;
    }
    while (v < end && isSpace(buf[v] as number)) v++;
    let ok: boolean;
    if (key === K_DA) ok = this.da(buf, v, end);
    else if (key === K_FN) ok = this.fn(section, buf, v, end);
    else if (key === K_FNDA) ok = this.fnda(section, buf, v, end);
    else if (key === K_BRDA) ok = this.brda(section, buf, v, end);
    else if (key === K_FNL) ok = this.fnl(section, buf, v, end);
    else ok = this.fna(section, buf, v, end);
    if (!ok) this.warn(`malformed ${this.keyName(buf, keyStart, keyEnd)} record: skipped`);
  }

  /** `DA:line,hits[,checksum]`. */
  private da(buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0) return false;
    const line = parseUint(buf, v, c1, 1);
    const c2 = indexOfByte(buf, COMMA, c1 + 1, end);
    const hits = this.parseCount(buf, c1 + 1, c2 < 0 ? end : c2);
    if (line < 0 || Number.isNaN(hits)) return false;
    this.addDa(line, hits);
    if (c2 >= 0 && c2 + 1 < end && this.section !== undefined) this.addChecksum(this.sectionPath(this.section), line, this.decoder.decode(buf.subarray(c2 + 1, end)).trim());
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

  /** `FN:line,name` or lcov ≥ 2.0 `FN:start,end,name`; names may contain commas. */
  private fn(section: Section, buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0) return false;
    const start = parseUint(buf, v, c1, 1);
    if (start < 0) return false;
    const c2 = indexOfByte(buf, COMMA, c1 + 1, end);
    const endLine = c2 < 0 ? -1 : parseUint(buf, c1 + 1, c2, 0);
    const nameStart = endLine < 0 ? c1 + 1 : c2 + 1;
    if (nameStart === end) return false;
    const name = this.decodeName(buf, nameStart, end);
    const index = this.functionIndex(section, name, start, Math.max(endLine, 0));
    section.fnNames.push(name);
    section.fnIndices.push(index);
    if (section.byName !== undefined) addRecord(section.byName, name, index);
    return true;
  }

  /** `FNDA:hits,name`; the name may contain commas. */
  private fnda(section: Section, buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0 || c1 + 1 === end) return false;
    const hits = this.parseCount(buf, v, c1);
    if (Number.isNaN(hits)) return false;
    const cursor = section.fndaCursor;
    if (section.byName === undefined && cursor < section.fnNames.length) {
      if (equalsString(buf, c1 + 1, end, section.fnNames[cursor] as string)) {
        section.fndaCursor = cursor + 1;
        this.addFunctionHits(section, section.fnIndices[cursor] as number, hits);
        return true;
      }
    }
    const name = this.decodeName(buf, c1 + 1, end);
    if (!this.assignFnda(section, name, hits)) (section.pendingFnda ??= []).push({ name, hits, line: this.lineNo });
    return true;
  }

  /**
   * The k-th FNDA record of a name adds to the k-th FN record of that name in the section
   * (overloads share a name); surplus FNDA records add to the last one.
   */
  private assignFnda(section: Section, name: string, hits: number): boolean {
    let byName = section.byName;
    let seenByName = section.fndaSeen;
    if (byName === undefined || seenByName === undefined) {
      byName = new Map();
      seenByName = new Map();
      for (let i = 0; i < section.fnNames.length; i++) {
        const fnName = section.fnNames[i] as string;
        const index = section.fnIndices[i] as number;
        addRecord(byName, fnName, index);
        if (i < section.fndaCursor) seenByName.set(fnName, (seenByName.get(fnName) ?? 0) + 1);
      }
      section.byName = byName;
      section.fndaSeen = seenByName;
    }
    const records = byName.get(name);
    if (records === undefined) return false;
    const seen = seenByName.get(name) ?? 0;
    seenByName.set(name, seen + 1);
    this.addFunctionHits(section, records[Math.min(seen, records.length - 1)] as number, hits);
    return true;
  }

  /** lcov ≥ 2.2 `FNL:index,start[,end]`: the location shared by the FNA aliases of `index`. */
  private fnl(section: Section, buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0) return false;
    const index = parseUint(buf, v, c1, 0);
    const c2 = indexOfByte(buf, COMMA, c1 + 1, end);
    const start = parseUint(buf, c1 + 1, c2 < 0 ? end : c2, 1);
    const endLine = c2 < 0 ? 0 : parseUint(buf, c2 + 1, end, 0);
    if (index < 0 || start < 0 || endLine < 0) return false;
    (section.leaders ??= new Map()).set(index, [start, endLine]);
    return true;
  }

  /** lcov ≥ 2.2 `FNA:index,hits,name`: each alias becomes a function at its leader's location. */
  private fna(section: Section, buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0) return false;
    const c2 = indexOfByte(buf, COMMA, c1 + 1, end);
    if (c2 < 0 || c2 + 1 === end) return false;
    const leader = section.leaders?.get(parseUint(buf, v, c1, 0));
    const hits = this.parseCount(buf, c1 + 1, c2);
    if (leader === undefined || Number.isNaN(hits)) return false;
    const name = this.decodeName(buf, c2 + 1, end);
    this.addFunctionHits(section, this.functionIndex(section, name, leader[0], leader[1]), hits);
    return true;
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
      taken = this.parseCount(buf, last + 1, end);
      if (Number.isNaN(taken)) return false;
    }
    let block = parseUint(buf, c1 + 1, c2, 0);
    let branch = parseUint(buf, c2 + 1, last, 0);
    let label = '';
    if (branch < 0) {
      label = this.decodeName(buf, block < 0 ? c1 + 1 : c2 + 1, last);
      section.labelOrdinals ??= new Map();
      branch = section.labelOrdinals.get(line) ?? 0;
      section.labelOrdinals.set(line, branch + 1);
    } else if (block < 0) {
      label = this.decodeName(buf, c1 + 1, last);
    }
    if (block < 0) block = 0;
    this.addBranch(line, block, branch, taken, label);
    return true;
  }

  private functionIndex(section: Section, name: string, start: number, end: number): number {
    const table = section.functions;
    const first = table.firstOf(name);
    if (first < 0) return this.addFunction(section, name, start, end);
    if (table.starts[first] === start) return first;
    const key = `${start}\0${name}`;
    table.overloads ??= new Map();
    let index = table.overloads.get(key);
    if (index === undefined) {
      index = this.addFunction(section, name, start, end);
      table.overloads.set(key, index);
    }
    return index;
  }

  private addFunction(section: Section, name: string, start: number, end: number): number {
    section.functions.push(name, start);
    const pending = this.fnNewNames.length;
    if (pending === this.fnNewStarts.length) {
      this.fnNewStarts = doubledUint32(this.fnNewStarts);
      this.fnNewEnds = doubledUint32(this.fnNewEnds);
      this.fnNewHits = doubledFloat64(this.fnNewHits);
    }
    this.fnNewNames.push(name);
    this.fnNewStarts[pending] = start;
    this.fnNewEnds[pending] = end;
    this.fnNewHits[pending] = 0;
    return section.functionBase + pending;
  }

  private addFunctionHits(section: Section, index: number, hits: number): void {
    const pending = index - section.functionBase;
    if (pending >= 0) this.fnNewHits[pending] = (this.fnNewHits[pending] as number) + hits;
    else (section.repeated as RepeatedFile).builder.addFunctionHits(index, hits);
  }

  /** An SF record: the path is buf[start, end), trimmed. */
  private openSection(buf: Uint8Array, start: number, end: number): void {
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
      if (!this.assignFnda(section, pending.name, pending.hits)) {
        this.warnAt(pending.line, 'FNDA for a function without an FN record: skipped');
      }
    }
    const repeated = section.repeated;
    if (repeated === undefined) this.buildSection(section.fileIndex);
    else this.addSectionTo(repeated.builder);
    this.daCount = 0;
    this.branches.clear();
    if (this.fnNewNames.length > 0) this.fnNewNames.length = 0;
    this.sectionTests = undefined;
  }

  /** A path's first section: its file is built now, straight from the scratch arrays. */
  private buildSection(at: number): void {
    let tests: Map<string, Uint32Array> | undefined;
    if (this.sectionTests !== undefined) {
      tests = new Map();
      for (const [name, lines] of this.sectionTests) tests.set(name, lines.view());
    }
    const da = this.daCount;
    const fns = this.fnNewNames.length;
    const records = this.sectionRecords;
    const views = this.sectionViews;
    records.lines = views.lines.of(this.daLines, da);
    records.hits = views.hits.of(this.daHits, da);
    this.branches.recordsInto(records);
    records.functionNames = this.fnNewNames;
    records.functionStarts = views.functionStarts.of(this.fnNewStarts, fns);
    records.functionEnds = views.functionEnds.of(this.fnNewEnds, fns);
    records.functionHits = views.functionHits.of(this.fnNewHits, fns);
    records.tests = tests;
    fillFileCoverage(this.files, at, records, this.arena);
  }

  /** A later section of a path: its records join the path's builder. */
  private addSectionTo(builder: FileCoverageBuilder): void {
    if (this.daCount > 0) builder.addLines(this.daLines.subarray(0, this.daCount), this.daHits.subarray(0, this.daCount));
    this.branches.addTo(builder);
    const functions = this.fnNewNames.length;
    if (functions > 0) {
      builder.addFunctions(
        this.fnNewNames,
        this.fnNewStarts.subarray(0, functions),
        this.fnNewEnds.subarray(0, functions),
        this.fnNewHits.subarray(0, functions),
      );
    }
    for (const [name, lines] of this.sectionTests ?? []) {
      for (let i = 0; i < lines.length; i++) builder.addTestLine(name, lines.get(i));
    }
  }

  /** A non-negative count; a negative one clamps to 0 with a warning. NaN when malformed. */
  private parseCount(buf: Uint8Array, start: number, end: number): number {
    const negative = buf[start] === DASH;
    const digitsStart = negative ? start + 1 : start;
    let value = 0;
    let i = digitsStart;
    for (; i < end; i++) {
      const c = buf[i] as number;
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    if (i === digitsStart && i === end) return Number.NaN;
    if (i < end || i - digitsStart > MAX_EXACT_DIGITS) value = parseDecimal(buf, digitsStart, end);
    if (!Number.isFinite(value) || value < 0) return Number.NaN;
    if (negative && value !== 0) {
      this.warn('negative count clamped to 0');
      return 0;
    }
    return value;
  }

  /** UTF-8 as TextDecoder decodes it; short ASCII text without the call into the decoder. */
  private decode(buf: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_FAST_DECODE) return this.decoder.decode(buf.subarray(start, end));
    for (let i = start; i < end; i++) if ((buf[i] as number) >= 0x80) return this.decoder.decode(buf.subarray(start, end));
    return asciiString(buf, start, end);
  }

  /**
   * decode() for names that repeat (functions, tests, branch labels): a small cache by content
   * hands back the same string for the same bytes, which also keeps one copy of each.
   */
  private decodeName(buf: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_CACHED_NAME) return this.decode(buf, start, end);
    let hash = end - start;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 0x80) return this.decoder.decode(buf.subarray(start, end));
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const slot = (hash ^ (hash >>> 13)) & (NAME_CACHE_SIZE - 1);
    if (this.nameHashes[slot] === hash) {
      const cached = this.names[slot] as string;
      if (equalsString(buf, start, end, cached)) return cached;
    }
    const name = asciiString(buf, start, end);
    this.names[slot] = name;
    this.nameHashes[slot] = hash;
    return name;
  }

  private keyName(buf: Uint8Array, start: number, end: number): string {
    return this.decoder.decode(buf.subarray(start, Math.min(end, start + 32)));
  }

  private warn(message: string, kind: ParseWarningKind = 'skipped'): void {
    this.warnAt(this.lineNo, message, kind);
  }

  private warnAt(line: number, message: string, kind: ParseWarningKind = 'skipped'): void {
    this.warnings.add(line, message, kind);
  }
}

export function parseLcov(data: Uint8Array | string): CoverageReport {
  const parser = new LcovParser();
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.finish();
}
