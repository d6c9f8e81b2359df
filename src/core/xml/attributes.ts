import { isAscii, MAX_EXACT_DIGITS, parseDecimal, plainDigits } from './decimalText';
import { decodeReferences } from './entities';
import { nameHash } from './nameHash';

const EMPTY = new Uint8Array(0);
/** Up to this many attributes in a tag, a repeated name is found by comparing with each. */
const LINEAR_NAME_CHECK = 16;

/**
 * The attributes of the tag being reported: byte ranges into the scanner's buffer, valid only
 * during the handler call. Values are decoded on request (references were checked while
 * scanning); lookups compare bytes, so nothing is keyed by input.
 */
export class XmlAttributes {
  length = 0;
  /** Line of the tag, for messages. */
  line = 0;
  private bytes: Uint8Array = EMPTY;
  /** nameStart, nameEnd, valueStart, valueEnd per attribute. */
  private offsets = new Int32Array(64);
  private references = new Uint8Array(16);
  /** A tag with many attributes: their names in an open-addressing table (attribute index + 1, 0 = free). */
  private nameTable = new Int32Array(0);
  private tableInUse = false;
  /** Bit (length mod 32) set for each name length of the tag so far. */
  private nameLengths = 0;
  private readonly decoder = new TextDecoder();

  /** Scanner side: starts a new tag. */
  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.length = 0;
    this.nameLengths = 0;
    if (this.tableInUse) {
      this.nameTable.fill(0);
      this.tableInUse = false;
    }
  }

  /**
   * Scanner side: one attribute; `hasReferences` when its value contains `&`. False, and
   * nothing added, when the tag already has an attribute of that name (XML: "Unique Att Spec").
   */
  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, hasReferences: boolean): boolean {
    const i = this.length;
    const lengthBit = 1 << ((nameEnd - nameStart) & 31);
    if (i < LINEAR_NAME_CHECK) {
      // Only a name of a length seen before in this tag can repeat one.
      if ((this.nameLengths & lengthBit) !== 0 && this.repeats(nameStart, nameEnd)) return false;
      this.nameLengths |= lengthBit;
    } else if (this.repeatsInTable(nameStart, nameEnd)) {
      return false;
    }
    if (4 * i + 4 > this.offsets.length) this.grow();
    const k = 4 * i;
    this.offsets[k] = nameStart;
    this.offsets[k + 1] = nameEnd;
    this.offsets[k + 2] = valueStart;
    this.offsets[k + 3] = valueEnd;
    this.references[i] = hasReferences ? 1 : 0;
    this.length = i + 1;
    return true;
  }

  /** Whether an attribute added before has the name at bytes[start, end), compared one by one. */
  private repeats(start: number, end: number): boolean {
    const count = this.length;
    const b = this.bytes;
    const o = this.offsets;
    const n = end - start;
    const first = b[start];
    for (let k = 0; k < 4 * count; k += 4) {
      const other = o[k] as number;
      if ((o[k + 1] as number) - other === n && b[other] === first && this.nameEquals(k >> 2, start, end)) return true;
    }
    return false;
  }

  /** repeats() for a tag with many attributes: through the hash table, in constant time. */
  private repeatsInTable(start: number, end: number): boolean {
    const count = this.length;
    if (!this.tableInUse || 2 * (count + 1) > this.nameTable.length) this.rebuildTable(count + 1);
    const table = this.nameTable;
    const mask = table.length - 1;
    for (let slot = nameHash(this.bytes, start, end) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot] as number;
      if (entry === 0) {
        table[slot] = count + 1;
        return false;
      }
      if (this.nameEquals(entry - 1, start, end)) return true;
    }
  }

  /** A table for at least `count` names, holding those of the attributes added so far. */
  private rebuildTable(count: number): void {
    let size = 64;
    while (size < 4 * count) size *= 2;
    if (size > this.nameTable.length) this.nameTable = new Int32Array(size);
    else this.nameTable.fill(0);
    this.tableInUse = true;
    const table = this.nameTable;
    const mask = table.length - 1;
    const o = this.offsets;
    for (let i = 0; i < this.length; i++) {
      let slot = nameHash(this.bytes, o[4 * i] as number, o[4 * i + 1] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
  }

  private nameEquals(i: number, start: number, end: number): boolean {
    const other = this.offsets[4 * i] as number;
    const n = end - start;
    if ((this.offsets[4 * i + 1] as number) - other !== n) return false;
    const b = this.bytes;
    for (let j = 0; j < n; j++) if (b[other + j] !== b[start + j]) return false;
    return true;
  }

  /** Index of the first attribute named `name` (ASCII), or -1. */
  indexOf(name: string): number {
    const n = name.length;
    const o = this.offsets;
    const b = this.bytes;
    outer: for (let i = 0, k = 0; i < this.length; i++, k += 4) {
      const start = o[k] as number;
      if ((o[k + 1] as number) - start !== n) continue;
      for (let j = 0; j < n; j++) if (b[start + j] !== name.charCodeAt(j)) continue outer;
      return i;
    }
    return -1;
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  nameAt(i: number): string {
    return this.decoder.decode(this.bytes.subarray(this.offsets[4 * i], this.offsets[4 * i + 1]));
  }

  valueAt(i: number): string {
    const raw = this.decoder.decode(this.bytes.subarray(this.offsets[4 * i + 2], this.offsets[4 * i + 3]));
    return this.references[i] === 1 ? decodeReferences(raw, this.line) : raw;
  }

  /** Whether the attribute `name` is present with exactly the value `text`, compared without decoding when possible. */
  is(name: string, text: string): boolean {
    const i = this.indexOf(name);
    return i >= 0 && this.valueEquals(i, text);
  }

  valueEquals(i: number, text: string): boolean {
    if (this.references[i] === 1) return this.valueAt(i) === text;
    const start = this.offsets[4 * i + 2] as number;
    const n = text.length;
    if ((this.offsets[4 * i + 3] as number) - start !== n) return !isAscii(text) && this.valueAt(i) === text;
    for (let j = 0; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x80) return this.valueAt(i) === text;
      if (this.bytes[start + j] !== c) return false;
    }
    return true;
  }

  /**
   * Raw access for byte-level parsing of values without references (see hasReferences):
   * the buffer and the value's range in it, valid during the handler call only.
   */
  get source(): Uint8Array {
    return this.bytes;
  }

  valueStart(i: number): number {
    return this.offsets[4 * i + 2] as number;
  }

  valueEnd(i: number): number {
    return this.offsets[4 * i + 3] as number;
  }

  hasReferences(i: number): boolean {
    return this.references[i] === 1;
  }

  /** The decoded value, or undefined when absent. */
  get(name: string): string | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : this.valueAt(i);
  }

  /**
   * The value as a whole number written in plain decimal digits (`12`; at most 15 of them,
   * references decoded); NaN when absent or anything else (`1e3`, `12.0`, `+12`, ` 12`).
   */
  wholeNumber(name: string): number {
    const i = this.indexOf(name);
    return i < 0 ? Number.NaN : this.wholeNumberAt(i);
  }

  wholeNumberAt(i: number): number {
    if (this.references[i] === 1) return plainDigits(this.valueAt(i));
    const start = this.offsets[4 * i + 2] as number;
    const end = this.offsets[4 * i + 3] as number;
    if (end === start || end - start > MAX_EXACT_DIGITS) return Number.NaN;
    const b = this.bytes;
    let value = 0;
    for (let p = start; p < end; p++) {
      const digit = (b[p] as number) - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      value = value * 10 + digit;
    }
    return value;
  }

  /** The value as a decimal number (`12`, `-3`, `0.5`, `1e3`); NaN when absent or anything else. */
  number(name: string): number {
    const i = this.indexOf(name);
    return i < 0 ? Number.NaN : this.numberAt(i);
  }

  numberAt(i: number): number {
    const start = this.offsets[4 * i + 2] as number;
    const end = this.offsets[4 * i + 3] as number;
    if (this.references[i] === 0 && end > start && end - start <= MAX_EXACT_DIGITS) {
      const b = this.bytes;
      let value = 0;
      let p = start;
      for (; p < end; p++) {
        const digit = (b[p] as number) - 48;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (p === end) return value;
    }
    return parseDecimal(this.valueAt(i));
  }

  private grow(): void {
    const offsets = new Int32Array(this.offsets.length * 2);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const references = new Uint8Array(this.references.length * 2);
    references.set(this.references);
    this.references = references;
  }
}
