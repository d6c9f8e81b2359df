import type { EncodedNames } from '../../model/nameList';
import { doubledUint32 } from '../../model/branchScratch';
import { MAX_HASH_PROBES } from '../../model/pathTable';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * A file's functions as the LCOV parser collects them: names as UTF-8 bytes one after another
 * (never a string on the common path), start lines, and a hash table from a name to its first
 * function, so that the same declaration seen again (a repeated SF section, a repeated listing)
 * is found, not repeated. A name with a byte ≥ 0x80 is stored as TextDecoder then TextEncoder
 * make it, so that two names are the same exactly when their decoded strings are. The hash is
 * not keyed: a report can make names collide, so a long probe turns the table into a Map by
 * string (V8 keys its hashes per process) until it is cleared.
 */
export class FunctionTable {
  private bytes = new Uint8Array(4096);
  private used = 0;
  /** Where each name's bytes end. */
  private ends = new Uint32Array(64);
  /** Start line per function. */
  private starts = new Uint32Array(64);
  private count = 0;
  /** Open addressing: 1 + the first function of a name, 0 when empty. */
  private slots = new Int32Array(128);
  /** Per function: its slot when it is the first of its name, else -1 (to clear only what was set). */
  private slotOf = new Int32Array(64);
  /** `start \0 name` → index, for the further start lines of a name (overloads). */
  overloads: Map<string, number> | undefined;
  /** The last lookup's hash and, for a name with a byte ≥ 0x80, its canonical bytes. */
  private hash = 0;
  private canonical: Uint8Array | undefined;
  /** Once a probe was long: the first function of each name, by name. */
  private byString: Map<string, number> | undefined;
  /** The last lookup's name, when byString is in use. */
  private stringName = '';

  get size(): number {
    return this.count;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) {
      const slot = this.slotOf[i] as number;
      if (slot >= 0) this.slots[slot] = 0;
    }
    this.count = 0;
    this.used = 0;
    this.overloads = undefined;
    this.byString = undefined;
  }

  startOf(index: number): number {
    return this.starts[index] as number;
  }

  /** Function `index`'s name as a string. */
  nameAt(index: number): string {
    return decoder.decode(this.bytes.subarray(this.nameStart(index), this.ends[index]));
  }

  /** Whether buf[start, end) is function `index`'s name, byte for byte (a name with a byte ≥ 0x80 may not match its canonical form: callers fall back to strings). */
  nameEquals(index: number, buf: Uint8Array, start: number, end: number): boolean {
    const from = this.nameStart(index);
    if ((this.ends[index] as number) - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = start, k = from; i < end; i++, k++) if (buf[i] !== bytes[k]) return false;
    return true;
  }

  /** The names from function `first` on (views of the table, valid until it changes). */
  encodedFrom(first: number): EncodedNames {
    return { bytes: this.bytes, start: this.nameStart(first), ends: this.ends.subarray(first, this.count) };
  }

  /**
   * The first function named buf[start, end), or -1. Remembers what add() needs for that name:
   * call add() with the same name next, if at all.
   */
  firstOf(buf: Uint8Array, start: number, end: number): number {
    if (this.byString !== undefined) return this.firstOfString(buf, start, end);
    let hash = end - start;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 0x80) return this.firstOfCanonical(buf, start, end);
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    this.canonical = undefined;
    return this.find(hash, buf, start, end);
  }

  private firstOfString(buf: Uint8Array, start: number, end: number): number {
    const name = decoder.decode(buf.subarray(start, end));
    this.stringName = name;
    this.canonical = encoder.encode(name);
    return (this.byString as Map<string, number>).get(name) ?? -1;
  }

  /** Appends a function named as in the last firstOf() call (buf[start, end) or its canonical form); returns its index. */
  add(buf: Uint8Array, start: number, end: number, line: number, firstOfName: boolean): number {
    const name = this.canonical;
    if (name !== undefined) {
      buf = name;
      start = 0;
      end = name.length;
    }
    const index = this.count;
    if (index === this.ends.length) {
      this.ends = doubledUint32(this.ends);
      this.starts = doubledUint32(this.starts);
      const slotOf = new Int32Array(index * 2);
      slotOf.set(this.slotOf);
      this.slotOf = slotOf;
    }
    const length = end - start;
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.used + length, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    const bytes = this.bytes;
    let at = this.used;
    for (let i = start; i < end; i++) bytes[at++] = buf[i] as number;
    this.used = at;
    this.ends[index] = at;
    this.starts[index] = line;
    this.count = index + 1;
    this.slotOf[index] = -1;
    if (!firstOfName) return index;
    if (this.byString !== undefined) this.byString.set(this.stringName, index);
    else {
      if (2 * this.count > this.slots.length) this.rehash();
      this.insert(index, this.hash);
    }
    return index;
  }

  /** Registers function `name` at `line` as the next index, as the parser would have when it was first seen (a built file's functions, for a repeated path). */
  addString(name: string, line: number): void {
    const bytes = encoder.encode(name);
    const first = this.firstOf(bytes, 0, bytes.length);
    if (first >= 0 && this.starts[first] !== line) {
      this.overloads ??= new Map();
      const key = `${line}\0${name}`;
      if (!this.overloads.has(key)) this.overloads.set(key, this.count);
    }
    this.add(bytes, 0, bytes.length, line, first < 0);
  }

  private firstOfCanonical(buf: Uint8Array, start: number, end: number): number {
    const name = encoder.encode(decoder.decode(buf.subarray(start, end)));
    this.canonical = name;
    return this.find(hashOf(name, 0, name.length), name, 0, name.length);
  }

  /** The first function named buf[start, end) by its hash, or -1; a long probe turns the table to byString. */
  private find(hash: number, buf: Uint8Array, start: number, end: number): number {
    this.hash = hash;
    const mask = this.slots.length - 1;
    let slot = mix(hash) & mask;
    for (let probes = 0; probes < MAX_HASH_PROBES; probes++, slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return -1;
      if (this.nameEquals(entry - 1, buf, start, end)) return entry - 1;
    }
    const byString = new Map<string, number>();
    for (let i = 0; i < this.count; i++) if ((this.slotOf[i] as number) >= 0 && !byString.has(this.nameAt(i))) byString.set(this.nameAt(i), i);
    this.byString = byString;
    return this.firstOfString(buf, start, end);
  }

  private insert(index: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = mix(hash) & mask;
    for (let probes = 0; this.slots[slot] !== 0; probes++, slot = (slot + 1) & mask) {
      if (probes > mask) throw new Error('FunctionTable: no free slot');
    }
    this.slots[slot] = index + 1;
    this.slotOf[index] = slot;
  }

  /** Doubles the slots and puts every first-of-name function back. */
  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let i = 0; i < this.count; i++) if ((this.slotOf[i] as number) >= 0) this.insert(i, this.hashAt(i));
  }

  private hashAt(index: number): number {
    return hashOf(this.bytes, this.nameStart(index), this.ends[index] as number);
  }

  private nameStart(index: number): number {
    return index === 0 ? 0 : (this.ends[index - 1] as number);
  }
}

/** The hash firstOf() computes as it scans an ASCII name. */
function hashOf(buf: Uint8Array, start: number, end: number): number {
  let hash = end - start;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + (buf[i] as number)) | 0;
  return hash;
}

function mix(hash: number): number {
  return hash ^ (hash >>> 15);
}
