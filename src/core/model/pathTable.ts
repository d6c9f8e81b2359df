/** A PathTable's paths as two arrays (see PathTable.parts). */
export interface PathTableParts {
  readonly bytes: Uint8Array;
  readonly starts: Uint32Array;
}

/**
 * A report's paths, interned as UTF-8 bytes: one byte array, their offsets, and an
 * open-addressing hash table of their indices. A parser finds or adds a path straight from
 * the report's bytes, with no string and no Map entry per file; a path becomes a string only
 * when someone reads it. Non-ASCII bytes are stored as TextDecoder then TextEncoder make them
 * (invalid sequences become U+FFFD), so two byte sequences are one path exactly when they
 * decode to one string, as they would be as Map keys. The hash is not keyed: a report can make
 * paths collide, so a long probe turns the table into a Map by string (V8 keys its hashes per
 * process), and crafted paths cost linear time, not quadratic.
 */
export class PathTable {
  private bytes = new Uint8Array(64 * 1024);
  private used = 0;
  /** Path i is bytes[starts[i], starts[i + 1]). */
  private starts = new Uint32Array(1025);
  private hashes = new Int32Array(1024);
  /** Index + 1 of the path in each slot, 0 for none; a power of two, at most half full. */
  private slots = new Int32Array(2048);
  private count = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(256);
  /** Once a probe was long: each path's index, by path. */
  private byString: Map<string, number> | undefined;

  get size(): number {
    return this.count;
  }

  /** Index of the path in buf[start, end), added when new (check size to tell). */
  intern(buf: Uint8Array, start: number, end: number): number {
    for (let i = start; i < end; i++) if ((buf[i] as number) >= 0x80) return this.internString(this.decoder.decode(buf.subarray(start, end)));
    return this.internBytes(buf, start, end, true);
  }

  /** Index of `path`, added when new. */
  internString(path: string): number {
    const length = this.encode(path);
    return this.internBytes(this.scratch, 0, length, true);
  }

  /** Index of `path`, or -1. */
  indexOf(path: string): number {
    const length = this.encode(path);
    const at = this.internBytes(this.scratch, 0, length, false);
    // A lone surrogate encodes as U+FFFD: it names no path a report could write.
    if (at >= 0 && length !== path.length && this.pathAt(at) !== path) return -1;
    return at;
  }

  /** Makes room for `paths` more paths of `bytes` more bytes at once (before appending many). */
  reserve(paths: number, bytes: number): void {
    if (this.used + bytes > this.bytes.length) this.bytes = grown(this.bytes, this.used + bytes);
    const count = this.count + paths;
    if (count + 1 > this.starts.length) this.starts = grown(this.starts, count + 1);
    if (count > this.hashes.length) this.hashes = grown(this.hashes, count);
    let slots = this.slots.length;
    while (2 * count > slots) slots *= 2;
    if (slots > this.slots.length && this.byString === undefined) this.rehash(slots);
  }

  /** Index of the path whose table bytes (as parts() gives them) are buf[start, end), or -1. */
  indexOfBytes(buf: Uint8Array, start: number, end: number): number {
    return this.internBytes(buf, start, end, false);
  }

  /** The paths' bytes and where each starts (path i is bytes[starts[i], starts[i + 1])), without a copy. */
  parts(): PathTableParts {
    return { bytes: this.bytes.subarray(0, this.used), starts: this.starts.subarray(0, this.count + 1) };
  }

  pathAt(index: number): string {
    const start = this.starts[index] as number;
    const end = this.starts[index + 1] as number;
    if (end - start > 256) return this.decoder.decode(this.bytes.subarray(start, end));
    for (let i = start; i < end; i++) if ((this.bytes[i] as number) >= 0x80) return this.decoder.decode(this.bytes.subarray(start, end));
    const length = end - start;
    const codes = (charCodes[length] ??= new Array<number>(length).fill(0));
    for (let i = 0; i < length; i++) codes[i] = this.bytes[start + i] as number;
    return String.fromCharCode.apply(null, codes);
  }

  /** UTF-8 of `text` into scratch; returns its length. */
  private encode(text: string): number {
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    return this.encoder.encodeInto(text, this.scratch).written;
  }

  private internBytes(buf: Uint8Array, start: number, end: number, add: boolean): number {
    if (this.byString !== undefined) return this.internByString(buf, start, end, add);
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
    const slots = this.slots;
    const mask = slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask, probes = 0; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number;
      if (entry === 0) break;
      if (++probes > MAX_HASH_PROBES) {
        this.byString = new Map();
        for (let index = 0; index < this.count; index++) this.byString.set(this.pathAt(index), index);
        return this.internByString(buf, start, end, add);
      }
      const index = entry - 1;
      if (this.hashes[index] !== hash) continue;
      const at = this.starts[index] as number;
      if ((this.starts[index + 1] as number) - at !== length) continue;
      let i = 0;
      while (i < length && this.bytes[at + i] === buf[start + i]) i++;
      if (i === length) return index;
    }
    if (!add) return -1;
    return this.append(buf, start, end, hash);
  }

  private internByString(buf: Uint8Array, start: number, end: number, add: boolean): number {
    const byString = this.byString as Map<string, number>;
    const path = this.decoder.decode(buf.subarray(start, end));
    const index = byString.get(path);
    if (index !== undefined) return index;
    if (!add) return -1;
    const added = this.append(buf, start, end, 0);
    byString.set(path, added);
    return added;
  }

  private append(buf: Uint8Array, start: number, end: number, hash: number): number {
    const index = this.count;
    const length = end - start;
    if (this.used + length > this.bytes.length) this.bytes = grown(this.bytes, this.used + length);
    const bytes = this.bytes;
    const used = this.used;
    // A loop beats a subarray and set() for the short paths most reports have.
    if (length > 64) bytes.set(buf.subarray(start, end), used);
    else for (let i = 0; i < length; i++) bytes[used + i] = buf[start + i] as number;
    this.used += length;
    if (index + 2 > this.starts.length) this.starts = grown(this.starts, index + 2);
    this.starts[index + 1] = this.used;
    if (index + 1 > this.hashes.length) this.hashes = grown(this.hashes, index + 1);
    this.hashes[index] = hash;
    this.count = index + 1;
    if (this.byString !== undefined) return index;
    if (2 * this.count > this.slots.length) this.rehash();
    else this.place(index, hash);
    return index;
  }

  private place(index: number, hash: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = index + 1;
  }

  private rehash(slots = this.slots.length * 2): void {
    this.slots = new Int32Array(slots);
    for (let index = 0; index < this.count; index++) this.place(index, this.hashes[index] as number);
  }
}

/** A lookup past this many slots turns a byte-keyed table (this one, the LCOV FunctionTable) to a Map by string: keys crafted to share a hash then cost linear time, not quadratic. */
export const MAX_HASH_PROBES = 64;

/** pathAt's reused arrays, one per length: a plain array is what String.fromCharCode.apply reads fastest. */
const charCodes: number[][] = [];

function grown<T extends Uint8Array | Uint32Array | Int32Array>(array: T, needed: number): T {
  const next = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}
