/**
 * Many files' function names as one string and their lengths: what a worker thread posts
 * instead of an array of strings per file (cloning a hundred thousand strings one by one costs
 * more than parsing them). A file's names become strings only when the file is read.
 */
export interface EncodedNamesParts {
  /** Per file with names: its index in the table, and how many names it has. */
  readonly files: Uint32Array;
  readonly counts: Uint32Array;
  /** Every name's length, file after file. */
  readonly lengths: Uint32Array;
  /** Every name, one after the other. */
  readonly text: string;
}

/** `names` per file (file index → names), encoded. */
export function encodeNames(names: readonly (readonly [number, readonly string[]])[]): EncodedNamesParts {
  const files = new Uint32Array(names.length);
  const counts = new Uint32Array(names.length);
  let total = 0;
  for (const [, list] of names) total += list.length;
  const lengths = new Uint32Array(total);
  const strings: string[] = [];
  let i = 0;
  for (const [at, list] of names) {
    files[i] = at;
    counts[i++] = list.length;
    for (const name of list) {
      lengths[strings.length] = name.length;
      strings.push(name);
    }
  }
  return { files, counts, lengths, text: strings.join('') };
}

/** One file's names in EncodedNamesParts: `count` names from the `first`-th, whose text starts at `textStart`. */
export class EncodedNames {
  constructor(
    private readonly parts: EncodedNamesParts,
    private readonly first: number,
    private readonly count: number,
    private readonly textStart: number,
  ) {}

  get length(): number {
    return this.count;
  }

  decode(): string[] {
    const { lengths, text } = this.parts;
    const names = new Array<string>(this.count);
    let at = this.textStart;
    for (let i = 0; i < this.count; i++) {
      const length = lengths[this.first + i] as number;
      names[i] = text.slice(at, at + length);
      at += length;
    }
    return names;
  }
}

/** Calls `each(file, names)` for every file of `parts`, in order. */
export function forEachEncoded(parts: EncodedNamesParts, each: (file: number, names: EncodedNames) => void): void {
  let first = 0;
  let textStart = 0;
  for (let i = 0; i < parts.files.length; i++) {
    const count = parts.counts[i] as number;
    const names = new EncodedNames(parts, first, count, textStart);
    for (let k = 0; k < count; k++) textStart += parts.lengths[first + k] as number;
    first += count;
    each(parts.files[i] as number, names);
  }
}
