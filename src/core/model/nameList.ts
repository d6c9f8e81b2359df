/**
 * The function names of a report's files as UTF-8 bytes, one after another, and where each ends
 * (FileTable): a report's names are a byte buffer and an array of ends (one more pair per part
 * joined from another thread, kept as it came), not a string and an array per file that every
 * scavenge would copy, and a worker thread posts them by transferring that pair. A file's names
 * become strings only when the file is read. Names must be well-formed UTF-16 (as
 * names decoded from a report's bytes are), so that they come back as they were.
 */
export interface NameListParts {
  readonly bytes: Uint8Array;
  /** Where each name's bytes end in `bytes`. */
  readonly ends: Uint32Array;
}

/** Names as UTF-8 bytes one after another: the first starts at `start`, each ends where `ends` says (offsets in `bytes`), the next starting there. */
export interface EncodedNames {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly ends: Uint32Array;
}

/** Whether names are given as strings (else as EncodedNames). */
export function isStrings(names: readonly string[] | EncodedNames): names is readonly string[] {
  return Array.isArray(names);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
/** Longest name decoded with String.fromCharCode (it takes one argument per byte). */
const MAX_FAST_DECODE = 4096;

/** Names added here, or a list appended as parts (kept as it came: no copy). */
interface Segment {
  /** Index of the segment's first name in the list. */
  readonly first: number;
  /** Appended as parts: no names are added to it. */
  readonly appended: boolean;
  bytes: Uint8Array;
  used: number;
  /** Where each name's bytes end in `bytes`, for the first `count`. */
  ends: Uint32Array;
  count: number;
}

export class NameList {
  private readonly segments: Segment[] = [];
  private names = 0;

  /** How many names. */
  get size(): number {
    return this.names;
  }

  /** Appends `names`; returns the index of the first. */
  add(names: readonly string[]): number {
    const first = this.names;
    const segment = this.open();
    reserveEnds(segment, names.length);
    for (const name of names) {
      reserveBytes(segment, name.length * 3);
      const bytes = segment.bytes;
      const start = segment.used;
      let at = start;
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
      segment.used = at;
      segment.ends[segment.count++] = at;
    }
    this.names += names.length;
    return first;
  }

  /** Appends names given as bytes (copied; malformed UTF-8 decodes as TextDecoder decodes it); returns the index of the first. */
  addEncoded(names: EncodedNames): number {
    const first = this.names;
    const count = names.ends.length;
    if (count === 0) return first;
    const segment = this.open();
    reserveEnds(segment, count);
    const length = (names.ends[count - 1] as number) - names.start;
    reserveBytes(segment, length);
    segment.bytes.set(names.bytes.subarray(names.start, names.start + length), segment.used);
    const shift = segment.used - names.start;
    for (let i = 0; i < count; i++) segment.ends[segment.count++] = (names.ends[i] as number) + shift;
    segment.used += length;
    this.names += count;
    return first;
  }

  /** `count` names from the `first`-th (all in one segment: added together, or appended together), decoded. */
  decode(first: number, count: number): string[] {
    let s = this.segments.length - 1;
    while (s > 0 && (this.segments[s] as Segment).first > first) s--;
    const { bytes, ends, first: segmentFirst } = this.segments[s] as Segment;
    const names = new Array<string>(count);
    const local = first - segmentFirst;
    let at = local === 0 ? 0 : (ends[local - 1] as number);
    for (let i = 0; i < count; i++) {
      const end = ends[local + i] as number;
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
    if (this.segments.length === 1) {
      const only = this.segments[0] as Segment;
      return { bytes: only.bytes.subarray(0, only.used), ends: only.ends.subarray(0, only.count) };
    }
    let totalBytes = 0;
    for (const segment of this.segments) totalBytes += segment.used;
    const bytes = new Uint8Array(totalBytes);
    const ends = new Uint32Array(this.names);
    let used = 0;
    let count = 0;
    for (const segment of this.segments) {
      bytes.set(segment.bytes.subarray(0, segment.used), used);
      for (let i = 0; i < segment.count; i++) ends[count++] = used + (segment.ends[i] as number);
      used += segment.used;
    }
    return { bytes, ends };
  }

  /** Appends the names of `parts`, kept as they are (not copied); returns the index of the first. */
  appendParts(parts: NameListParts): number {
    const first = this.names;
    this.segments.push({ first, appended: true, bytes: parts.bytes, used: parts.bytes.length, ends: parts.ends, count: parts.ends.length });
    this.names += parts.ends.length;
    return first;
  }

  /** The segment names are added to: the last, unless it was appended as parts. */
  private open(): Segment {
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined && !last.appended) return last;
    const segment: Segment = { first: this.names, appended: false, bytes: new Uint8Array(0), used: 0, ends: new Uint32Array(0), count: 0 };
    this.segments.push(segment);
    return segment;
  }
}

function reserveEnds(segment: Segment, more: number): void {
  if (segment.count + more <= segment.ends.length) return;
  const grown = new Uint32Array(Math.max(segment.count + more, segment.ends.length * 2, 1024));
  grown.set(segment.ends.subarray(0, segment.count));
  segment.ends = grown;
}

function reserveBytes(segment: Segment, bytes: number): void {
  const needed = segment.used + bytes;
  if (needed <= segment.bytes.length) return;
  const grown = new Uint8Array(Math.max(needed, segment.bytes.length * 2, 64 * 1024));
  grown.set(segment.bytes.subarray(0, segment.used));
  segment.bytes = grown;
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
