/**
 * Many files' function names as UTF-8 bytes and their lengths: what a worker thread posts
 * instead of an array of strings per file (cloning, or even joining, a hundred thousand strings
 * one by one costs more than writing their bytes). A file's names become strings only when the
 * file is read. Names must be well-formed UTF-16 (as names decoded from a report's bytes are).
 */
export interface EncodedNamesParts {
  /** Per file with names: its index in the table, and how many names it has. */
  readonly files: Uint32Array;
  readonly counts: Uint32Array;
  /** Every name's length in bytes, file after file. */
  readonly lengths: Uint32Array;
  /** Every name's UTF-8, one after the other. */
  readonly bytes: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** `names` per file (file index → names), encoded. */
export function encodeNames(names: readonly (readonly [number, readonly string[]])[]): EncodedNamesParts {
  const files = new Uint32Array(names.length);
  const counts = new Uint32Array(names.length);
  let total = 0;
  let chars = 0;
  for (const [, list] of names) {
    total += list.length;
    for (const name of list) chars += name.length;
  }
  const lengths = new Uint32Array(total);
  const bytes = new Uint8Array(chars * 3);
  let at = 0;
  let n = 0;
  let i = 0;
  for (const [file, list] of names) {
    files[i] = file;
    counts[i++] = list.length;
    for (const name of list) {
      const start = at;
      let k = 0;
      for (; k < name.length; k++) {
        const code = name.charCodeAt(k);
        if (code >= 0x80) break;
        bytes[at++] = code;
      }
      if (k < name.length) {
        if (!(name as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new Error('encodeNames: a name is not well-formed UTF-16');
        at = start + encoder.encodeInto(name, bytes.subarray(start)).written;
      }
      lengths[n++] = at - start;
    }
  }
  return { files, counts, lengths, bytes: bytes.subarray(0, at) };
}

/** One file's names in EncodedNamesParts: `count` names from the `first`-th, whose bytes start at `byteStart`. */
export class EncodedNames {
  constructor(
    private readonly parts: EncodedNamesParts,
    private readonly first: number,
    private readonly count: number,
    private readonly byteStart: number,
  ) {}

  get length(): number {
    return this.count;
  }

  decode(): string[] {
    const { lengths, bytes } = this.parts;
    const names = new Array<string>(this.count);
    let at = this.byteStart;
    for (let i = 0; i < this.count; i++) {
      const end = at + (lengths[this.first + i] as number);
      let ascii = true;
      for (let k = at; k < end; k++) if ((bytes[k] as number) >= 0x80) ascii = false;
      const name = bytes.subarray(at, end);
      names[i] = ascii && name.length <= 4096 ? String.fromCharCode.apply(null, name as unknown as number[]) : decoder.decode(name);
      at = end;
    }
    return names;
  }
}

/** Calls `each(file, names)` for every file of `parts`, in order. */
export function forEachEncoded(parts: EncodedNamesParts, each: (file: number, names: EncodedNames) => void): void {
  let first = 0;
  let byteStart = 0;
  for (let i = 0; i < parts.files.length; i++) {
    const count = parts.counts[i] as number;
    const names = new EncodedNames(parts, first, count, byteStart);
    for (let k = 0; k < count; k++) byteStart += parts.lengths[first + k] as number;
    first += count;
    each(parts.files[i] as number, names);
  }
}
