import { GrowingBytes } from './growingBytes';
import { baseName, MAX_PRIORITY_SECTION_BYTES, MAX_PRIORITY_SECTIONS } from './prioritySections';

/** A start tag longer than this is not one the finder looks at (it is dropped, not carried on). */
const MAX_TAG_BYTES = 64 * 1024;
const GT = 0x3e;
const SLASH = 0x2f;

/** Where one XML coverage format keeps a file's records, and how they are put back into a document. */
export interface XmlRecordShape {
  /** Elements that each hold records of one file, with the attributes naming it (the first present wins). */
  readonly records: ReadonlyMap<string, readonly string[]>;
  /** Small elements copied whole wherever they are (Cobertura's `<source>` roots). */
  readonly kept?: string;
  /** The element whose latest start tag is the context of a record (JaCoCo's `<package>`). */
  readonly context?: string;
  /** Joins the path attribute with its context's (JaCoCo: package name + file name). */
  readonly pathOf?: (path: string, contextTag: string | undefined) => string;
  /** The smallest document the format's parser reads, of the kept elements and the records found. */
  readonly document: (kept: readonly string[], records: readonly FoundRecord[]) => string;
}

export interface FoundRecord {
  /** The element's bytes as UTF-8 text, from its start tag to its end tag. */
  readonly text: string;
  /** The start tag of the context element it was in, if the shape has one. */
  readonly contextTag: string | undefined;
}

export const COBERTURA_SHAPE: XmlRecordShape = {
  records: new Map([['class', ['filename']]]),
  kept: 'source',
  document: (kept, records) =>
    `<coverage><sources>${kept.join('')}</sources><packages><package name=""><classes>${records.map((r) => r.text).join('')}</classes></package></packages></coverage>`,
};

export const JACOCO_SHAPE: XmlRecordShape = {
  // A file's lines are in its <sourcefile>; its methods in the <class>es that name it.
  records: new Map([
    ['sourcefile', ['name']],
    ['class', ['sourcefilename']],
  ]),
  context: 'package',
  pathOf: (path, contextTag) => {
    const packageName = contextTag === undefined ? '' : (attribute(contextTag, 'name') ?? '');
    return packageName === '' ? path : `${packageName}/${path}`;
  },
  document: (_kept, records) => `<report name="">${records.map((r) => `${r.contextTag ?? '<package name="">'}${r.text}</package>`).join('')}</report>`,
};

export const CLOVER_SHAPE: XmlRecordShape = {
  records: new Map([['file', ['path', 'name']]]),
  document: (_kept, records) => `<coverage><project>${records.map((r) => r.text).join('')}</project></coverage>`,
};

interface Needle {
  readonly element: string;
  readonly bytes: Buffer;
  readonly close: Buffer;
}

/** An element of interest whose end tag is in a later chunk: its bytes so far. */
interface OpenElement {
  readonly needle: Needle;
  readonly path: string | undefined;
  readonly contextTag: string | undefined;
  readonly bytes: GrowingBytes;
}

/**
 * Finds, in an XML coverage report streamed chunk by chunk, the elements that hold the records
 * of the files `wanted` accepts, without parsing the rest: a native byte search for their start
 * tags (`<class`, `<sourcefile`, `<file`, …), the path attribute read from the tag alone. The
 * elements found go back into the smallest document the format's parser reads (the shape's
 * `document`). What a comment or CDATA section hides from a parser can fool this search; the
 * parse of the document it builds then fails or finds nothing, and the full load has the last
 * word (these records are only shown until it arrives). What it keeps is bounded: once the
 * elements found (the records with their context tags, and the kept elements) come to more than
 * MAX_PRIORITY_SECTION_BYTES in all, it gives up (`full`, and `finish()` gives nothing): a report
 * of millions of copies of a wanted file's record is left to the full load, as is one too big.
 */
export class XmlRecordFinder {
  private readonly needles: Needle[];
  private readonly kept: string[] = [];
  private readonly found: FoundRecord[] = [];
  /** The bytes of what was found and kept so far (records, their context tags, kept elements). */
  private foundBytes = 0;
  /** What was found outgrew MAX_PRIORITY_SECTION_BYTES: nothing is kept, nothing more read. */
  private gaveUp = false;
  /** Bytes of the chunk before from where its unfinished rest begins (a start tag, or a needle cut by its end). */
  private carry: Buffer = Buffer.alloc(0);
  /** The element of interest being taken across chunks (its start tag complete, its end tag not found yet). */
  private open: OpenElement | undefined;
  private copied = 0;
  private contextTag: string | undefined;
  private wantedFiles = 0;
  private readonly seenFiles = new Set<string>();
  /** The element whose records count the files found (the shape's first). */
  private readonly fileElement: string | undefined;

  constructor(
    private readonly shape: XmlRecordShape,
    private readonly wanted: (path: string) => boolean,
  ) {
    const names = [...shape.records.keys(), ...(shape.kept === undefined ? [] : [shape.kept]), ...(shape.context === undefined ? [] : [shape.context])];
    this.fileElement = [...shape.records.keys()][0];
    this.needles = names.map((element) => ({ element, bytes: Buffer.from(`<${element}`), close: Buffer.from(`</${element}>`) }));
  }

  /** True once MAX_PRIORITY_SECTIONS files are found, or the finder gave up: the caller may stop reading. */
  get full(): boolean {
    return this.gaveUp || this.wantedFiles >= MAX_PRIORITY_SECTIONS;
  }

  /** The bytes copied so far (what the pass costs beyond the native searches): linear in the input. */
  get copiedBytes(): number {
    return this.copied + (this.open?.bytes.copied ?? 0);
  }

  /** The bytes held: what was found and kept, and the element being taken. At most MAX_PRIORITY_SECTION_BYTES. */
  get heldBytes(): number {
    return this.foundBytes + (this.open?.bytes.length ?? 0);
  }

  /** The caller may overwrite `chunk` after push returns. */
  push(chunk: Uint8Array): void {
    if (this.gaveUp) return;
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let data = input;
    if (this.carry.length > 0) {
      data = Buffer.concat([this.carry, input]);
      this.copied += data.length;
    }
    const carried = this.carry.length;
    this.carry = Buffer.alloc(0);
    let from = 0;
    if (this.open !== undefined) {
      from = this.takeOpen(data, carried);
      if (from < 0 || this.full) return;
    }
    const rest = this.scan(data, from);
    this.carry = Buffer.from(data.subarray(rest));
    this.copied += this.carry.length;
  }

  /** The document of what was found, or undefined when no wanted file was (or the finder gave up). */
  finish(): string | undefined {
    this.carry = Buffer.alloc(0);
    this.open = undefined;
    return this.found.length === 0 ? undefined : this.shape.document(this.kept, this.found);
  }

  /**
   * Goes on with the open element in `data` (whose first `carried` bytes it has already): where
   * scanning goes on past its end tag, or -1 when it goes on in the next chunk or was given up.
   */
  private takeOpen(data: Buffer, carried: number): number {
    const open = this.open as OpenElement;
    const close = data.indexOf(open.needle.close);
    const end = close < 0 ? data.length : close + open.needle.close.length;
    open.bytes.append(data.subarray(carried, end));
    if (!this.hasRoom(open.bytes.length, open.contextTag)) return -1;
    if (close < 0) {
      // Its end tag may be cut by the chunk's end: the bytes that could begin it are searched again with the next chunk.
      this.carry = Buffer.from(data.subarray(Math.max(0, data.length - open.needle.close.length + 1)));
      this.copied += this.carry.length;
      return -1;
    }
    this.open = undefined;
    this.copied += open.bytes.copied + open.bytes.length;
    this.add(open.needle, open.path, open.contextTag, open.bytes.bytes.toString('utf8'), open.bytes.length);
    return end;
  }

  /** Whether an element of `bytes` (with its context tag) still fits what may be kept; else gives up. */
  private hasRoom(bytes: number, contextTag: string | undefined): boolean {
    if (this.foundBytes + bytes + (contextTag?.length ?? 0) <= MAX_PRIORITY_SECTION_BYTES) return true;
    this.gaveUp = true;
    this.copied += this.open?.bytes.copied ?? 0;
    this.found.length = 0;
    this.kept.length = 0;
    this.open = undefined;
    this.carry = Buffer.alloc(0);
    return false;
  }

  /** Handles every complete element of interest in data[from…]; returns where the unfinished rest begins. */
  private scan(data: Buffer, from: number): number {
    const next = this.needles.map((needle) => data.indexOf(needle.bytes, from));
    const longest = Math.max(...this.needles.map((needle) => needle.bytes.length));
    let done = from;
    for (;;) {
      let which = -1;
      for (let i = 0; i < next.length; i++) {
        const at = next[i] as number;
        if (at >= 0 && (which < 0 || at < (next[which] as number))) which = i;
      }
      if (which < 0) return Math.max(done, data.length - longest);
      const needle = this.needles[which] as Needle;
      const at = next[which] as number;
      const handled = this.element(data, at, needle);
      if (handled === undefined) return this.full ? data.length : at;
      // An element left open goes on in the next chunk; only the bytes that could begin its end tag are carried.
      if (this.open !== undefined) return Math.max(at, data.length - needle.close.length + 1);
      if (this.full) return data.length;
      done = handled;
      for (let i = 0; i < next.length; i++) if ((next[i] as number) >= 0 && (next[i] as number) < done) next[i] = data.indexOf((this.needles[i] as Needle).bytes, done);
      if (this.full) return data.length;
    }
  }

  /**
   * The element whose start tag begins at `at`: where scanning goes on, or undefined when it is
   * not complete in `data` (it waits for the next chunk; an element too long for that is skipped).
   */
  private element(data: Buffer, at: number, needle: Needle): number | undefined {
    const nameEnd = at + needle.bytes.length;
    if (nameEnd >= data.length) return undefined;
    const after = data[nameEnd] as number;
    // `<class` is not `<classes`.
    if (!(after === GT || after === SLASH || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d)) return nameEnd;
    const tagEnd = data.indexOf(GT, nameEnd);
    if (tagEnd < 0) return data.length - at > MAX_TAG_BYTES ? data.length : undefined;
    const tag = data.toString('utf8', at, tagEnd + 1);
    const empty = data[tagEnd - 1] === SLASH;
    if (needle.element === this.shape.context) {
      this.contextTag = tag;
      return tagEnd + 1;
    }
    const isKept = needle.element === this.shape.kept;
    const path = isKept ? undefined : this.pathIn(needle.element, tag);
    if (!isKept && (path === undefined || !this.wanted(path))) return tagEnd + 1;
    const contextTag = isKept ? undefined : this.contextTag;
    let end = tagEnd + 1;
    if (!empty) {
      const close = data.indexOf(needle.close, tagEnd + 1);
      if (close < 0) {
        // Its end tag is in a later chunk: its bytes are taken as they come (takeOpen), never searched or copied again.
        const bytes = new GrowingBytes();
        bytes.append(data.subarray(at));
        this.open = { needle, path, contextTag, bytes };
        this.hasRoom(bytes.length, contextTag);
        return data.length;
      }
      end = close + needle.close.length;
    }
    if (!this.hasRoom(end - at, contextTag)) return data.length;
    this.copied += end - at;
    this.add(needle, path, contextTag, data.toString('utf8', at, end), end - at);
    return end;
  }

  /** Keeps an element found whole (hasRoom said it fits). */
  private add(needle: Needle, path: string | undefined, contextTag: string | undefined, text: string, bytes: number): void {
    this.foundBytes += bytes + (contextTag?.length ?? 0);
    if (needle.element === this.shape.kept) {
      this.kept.push(text);
      return;
    }
    this.found.push({ text, contextTag });
    const file = path as string;
    if (needle.element === this.fileElement && !this.seenFiles.has(file)) {
      this.seenFiles.add(file);
      this.wantedFiles++;
    }
  }

  private pathIn(element: string, tag: string): string | undefined {
    for (const name of this.shape.records.get(element) ?? []) {
      const value = attribute(tag, name);
      if (value !== undefined && value !== '') return this.shape.pathOf?.(value, this.contextTag) ?? value;
    }
    return undefined;
  }
}

/** attribute()'s patterns by attribute name (compiling one per tag cost most of a pass over millions of records). */
const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

/** An attribute's value in one start tag, its character references decoded; undefined when absent. */
export function attribute(tag: string, name: string): string | undefined {
  let pattern = ATTRIBUTE_PATTERNS.get(name);
  if (pattern === undefined) {
    pattern = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTE_PATTERNS.set(name, pattern);
  }
  const match = pattern.exec(tag);
  if (match === null) return undefined;
  return (match[1] ?? match[2] ?? '').replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Math.min(Number.parseInt(ref.slice(2), 16), 0x10ffff));
    if (ref.startsWith('#')) return String.fromCodePoint(Math.min(Number.parseInt(ref.slice(1), 10), 0x10ffff));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ref] as string;
  });
}

/** The base name the finder's `wanted` is asked about. */
export { baseName };
