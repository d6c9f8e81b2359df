import { GrowableUint32 } from './growable';

/**
 * The function names of a report's files as UTF-8 bytes, one after another, and where each ends
 * (FileTable): a report's names are two growable buffers, not a string and an array per file
 * that every scavenge would copy, and a worker thread posts them by transferring two buffers. A
 * file's names become strings only when the file is read. Names must be well-formed UTF-16 (as
 * names decoded from a report's bytes are), so that they come back as they were.
 */
export interface NameListParts {
  readonly bytes: Uint8Array;
  /** Where each name's bytes end in `bytes`. */
  readonly ends: Uint32Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
/** Longest name decoded with String.fromCharCode (it takes one argument per byte). */
const MAX_FAST_DECODE = 4096;

export class NameList {
  private bytes = new Uint8Array(64 * 1024);
  private used = 0;
  private readonly ends = new GrowableUint32(1024);

  /** How many names. */
  get size(): number {
    return this.ends.length;
  }

  /** Appends `names`; returns the index of the first. */
  add(names: readonly string[]): number {
    const first = this.ends.length;
    for (const name of names) {
      this.reserve(name.length * 3);
      const start = this.used;
      let at = start;
      const bytes = this.bytes;
      let k = 0;
      for (; k < name.length; k++) {
        const code = name.charCodeAt(k);
        if (code >= 0x80) break;
        bytes[at++] = code;
      }
      if (k < name.length) {
        if (!(name as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new Error('NameList: a name is not well-formed UTF-16');
        at = start + encoder.encodeInto(name, bytes.subarray(start)).written;
      }
      this.used = at;
      this.ends.push(at);
    }
    return first;
  }

  /** `count` names from the `first`-th, decoded. */
  decode(first: number, count: number): string[] {
    const names = new Array<string>(count);
    const bytes = this.bytes;
    let at = first === 0 ? 0 : this.ends.get(first - 1);
    for (let i = 0; i < count; i++) {
      const end = this.ends.get(first + i);
      let ascii = true;
      for (let k = at; k < end; k++) if ((bytes[k] as number) >= 0x80) ascii = false;
      const name = bytes.subarray(at, end);
      names[i] = ascii && name.length <= MAX_FAST_DECODE ? String.fromCharCode.apply(null, name as unknown as number[]) : decoder.decode(name);
      at = end;
    }
    return names;
  }

  /** The list as plain data for another thread (its buffers may be transferred; the list must not be used afterwards). */
  parts(): NameListParts {
    return { bytes: this.bytes.subarray(0, this.used), ends: this.ends.view() };
  }

  /** Appends the names of `parts`; returns the index of the first. */
  appendParts(parts: NameListParts): number {
    const first = this.ends.length;
    const base = this.used;
    this.reserve(parts.bytes.length);
    this.bytes.set(parts.bytes, base);
    this.used += parts.bytes.length;
    this.ends.reserve(parts.ends.length);
    for (let i = 0; i < parts.ends.length; i++) this.ends.push(base + (parts.ends[i] as number));
    return first;
  }

  private reserve(bytes: number): void {
    const needed = this.used + bytes;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }
}

/** One file's names in a NameList, decoded on first use (PackedFileCoverage). */
export class NameRange {
  constructor(
    private readonly list: NameList,
    private readonly first: number,
    readonly length: number,
  ) {}

  decode(): string[] {
    return this.list.decode(this.first, this.length);
  }
}
