import { doubledFloat64, doubledUint32 } from '../../model/branchScratch';
import type { FileCoverageBuilder } from '../../model/fileBuilder';
import { PrefixView } from '../../model/growable';
import type { MutableRecords } from '../../model/buildFile';
import type { EncodedNames } from '../../model/nameList';
import { COMMA } from '../../bytes/byteCodes';
import { indexOfByte, parseUint } from './lcovBytes';
import type { FunctionTable } from './lcovFunctionTable';
import { addRecord, type RepeatedFile, type Section } from './lcovSections';
import type { LcovText } from './lcovText';

const NO_NAMES: EncodedNames = { bytes: new Uint8Array(0), start: 0, ends: new Uint32Array(0) };

/**
 * An LCOV section's function records (FN, FNDA, and lcov 2.2's FNL and FNA): FN and FNDA paired
 * by name and order, aliases placed at their leader, the functions first seen in the section in
 * reused scratch arrays (their indices continue from the path's earlier functions; their names
 * are in the section's FunctionTable, as bytes).
 */
export class FunctionRecords {
  /** How many functions the section added. */
  private added = 0;
  /** The table and first index of the section's new functions (set with the first). */
  private table: FunctionTable | undefined;
  private base = 0;
  private starts = new Uint32Array(64);
  private ends = new Uint32Array(64);
  private hits = new Float64Array(64);
  private readonly views = { starts: new PrefixView<Uint32Array>(), ends: new PrefixView<Uint32Array>(), hits: new PrefixView<Float64Array>() };

  /** `count` reads a count as the parser does (warning about a negative one). */
  constructor(
    private readonly text: LcovText,
    private readonly count: (buf: Uint8Array, start: number, end: number) => number,
  ) {}

  /** The section's new functions into the records of its file. */
  recordsInto(records: MutableRecords): void {
    const n = this.added;
    records.functionNames = n === 0 ? NO_NAMES : (this.table as FunctionTable).encodedFrom(this.base);
    records.functionStarts = this.views.starts.of(this.starts, n);
    records.functionEnds = this.views.ends.of(this.ends, n);
    records.functionHits = this.views.hits.of(this.hits, n);
  }

  /** The section's new functions join a repeated path's builder. */
  addTo(builder: FileCoverageBuilder): void {
    const n = this.added;
    if (n === 0) return;
    const table = this.table as FunctionTable;
    const names = new Array<string>(n);
    for (let i = 0; i < n; i++) names[i] = table.nameAt(this.base + i);
    builder.addFunctions(names, this.starts.subarray(0, n), this.ends.subarray(0, n), this.hits.subarray(0, n));
  }

  clear(): void {
    this.added = 0;
    this.table = undefined;
  }

  /** `FN:line,name` or lcov ≥ 2.0 `FN:start,end,name`; names may contain commas. */
  fn(section: Section, buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0) return false;
    const start = parseUint(buf, v, c1, 1);
    if (start < 0) return false;
    const c2 = indexOfByte(buf, COMMA, c1 + 1, end);
    const endLine = c2 < 0 ? -1 : parseUint(buf, c1 + 1, c2, 0);
    const nameStart = endLine < 0 ? c1 + 1 : c2 + 1;
    if (nameStart === end) return false;
    const index = this.functionIndex(section, buf, nameStart, end, start, Math.max(endLine, 0));
    section.fnIndices.push(index);
    if (section.byName !== undefined) addRecord(section.byName, section.functions.nameAt(index), index);
    return true;
  }

  /** `FNDA:hits,name`; the name may contain commas. */
  fnda(section: Section, buf: Uint8Array, v: number, end: number, lineNo: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0 || c1 + 1 === end) return false;
    const hits = this.count(buf, v, c1);
    if (Number.isNaN(hits)) return false;
    const cursor = section.fndaCursor;
    if (section.byName === undefined && cursor < section.fnIndices.length) {
      const index = section.fnIndices[cursor] as number;
      if (section.functions.nameEquals(index, buf, c1 + 1, end)) {
        section.fndaCursor = cursor + 1;
        this.addFunctionHits(section, index, hits);
        return true;
      }
    }
    const name = this.text.name(buf, c1 + 1, end);
    if (!this.assignFnda(section, name, hits)) (section.pendingFnda ??= []).push({ name, hits, line: lineNo });
    return true;
  }

  /**
   * The k-th FNDA record of a name adds to the k-th FN record of that name in the section
   * (overloads share a name); surplus FNDA records add to the last one.
   */
  assignFnda(section: Section, name: string, hits: number): boolean {
    let byName = section.byName;
    let seenByName = section.fndaSeen;
    if (byName === undefined || seenByName === undefined) {
      byName = new Map();
      seenByName = new Map();
      for (let i = 0; i < section.fnIndices.length; i++) {
        const index = section.fnIndices[i] as number;
        const fnName = section.functions.nameAt(index);
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
  fnl(section: Section, buf: Uint8Array, v: number, end: number): boolean {
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
  fna(section: Section, buf: Uint8Array, v: number, end: number): boolean {
    const c1 = indexOfByte(buf, COMMA, v, end);
    if (c1 < 0) return false;
    const c2 = indexOfByte(buf, COMMA, c1 + 1, end);
    if (c2 < 0 || c2 + 1 === end) return false;
    const leader = section.leaders?.get(parseUint(buf, v, c1, 0));
    const hits = this.count(buf, c1 + 1, c2);
    if (leader === undefined || Number.isNaN(hits)) return false;
    this.addFunctionHits(section, this.functionIndex(section, buf, c2 + 1, end, leader[0], leader[1]), hits);
    return true;
  }

  /** The function named buf[nameStart, nameEnd) at `start`: found by name and start line, else added. */
  private functionIndex(section: Section, buf: Uint8Array, nameStart: number, nameEnd: number, start: number, end: number): number {
    const table = section.functions;
    const first = table.firstOf(buf, nameStart, nameEnd);
    if (first < 0) return this.addFunction(section, buf, nameStart, nameEnd, start, end, true);
    if (table.startOf(first) === start) return first;
    const key = `${start}\0${table.nameAt(first)}`;
    table.overloads ??= new Map();
    let index = table.overloads.get(key);
    if (index === undefined) {
      index = this.addFunction(section, buf, nameStart, nameEnd, start, end, false);
      table.overloads.set(key, index);
    }
    return index;
  }

  /** Adds the function named as in the table's last lookup. */
  private addFunction(section: Section, buf: Uint8Array, nameStart: number, nameEnd: number, start: number, end: number, firstOfName: boolean): number {
    const pending = this.added;
    if (pending === 0) {
      this.table = section.functions;
      this.base = section.functionBase;
    }
    section.functions.add(buf, nameStart, nameEnd, start, firstOfName);
    if (pending === this.starts.length) {
      this.starts = doubledUint32(this.starts);
      this.ends = doubledUint32(this.ends);
      this.hits = doubledFloat64(this.hits);
    }
    this.starts[pending] = start;
    this.ends[pending] = end;
    this.hits[pending] = 0;
    this.added = pending + 1;
    return section.functionBase + pending;
  }

  private addFunctionHits(section: Section, index: number, hits: number): void {
    const pending = index - section.functionBase;
    if (pending >= 0) this.hits[pending] = (this.hits[pending] as number) + hits;
    else (section.repeated as RepeatedFile).builder.addFunctionHits(index, hits);
  }
}
