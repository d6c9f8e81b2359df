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

/**
 * Finds, in an XML coverage report streamed chunk by chunk, the elements that hold the records
 * of the files `wanted` accepts, without parsing the rest: a native byte search for their start
 * tags (`<class`, `<sourcefile`, `<file`, …), the path attribute read from the tag alone. The
 * elements found go back into the smallest document the format's parser reads (the shape's
 * `document`). What a comment or CDATA section hides from a parser can fool this search; the
 * parse of the document it builds then fails or finds nothing, and the full load has the last
 * word (these records are only shown until it arrives).
 */
export class XmlRecordFinder {
  private readonly needles: Needle[];
  private readonly kept: string[] = [];
  private readonly found: FoundRecord[] = [];
  private carry: Buffer = Buffer.alloc(0);
  private contextTag: string | undefined;
  private wantedFiles = 0;
  private readonly seenFiles = new Set<string>();

  constructor(
    private readonly shape: XmlRecordShape,
    private readonly wanted: (path: string) => boolean,
  ) {
    const names = [...shape.records.keys(), ...(shape.kept === undefined ? [] : [shape.kept]), ...(shape.context === undefined ? [] : [shape.context])];
    this.needles = names.map((element) => ({ element, bytes: Buffer.from(`<${element}`), close: Buffer.from(`</${element}>`) }));
  }

  /** True once MAX_PRIORITY_SECTIONS files are found: the caller may stop reading. */
  get full(): boolean {
    return this.wantedFiles >= MAX_PRIORITY_SECTIONS;
  }

  /** The caller may overwrite `chunk` after push returns. */
  push(chunk: Uint8Array): void {
    const data = this.carry.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.carry, chunk]);
    const rest = this.scan(data);
    this.carry = Buffer.from(data.subarray(rest));
  }

  /** The document of what was found, or undefined when no wanted file was. */
  finish(): string | undefined {
    this.carry = Buffer.alloc(0);
    return this.found.length === 0 ? undefined : this.shape.document(this.kept, this.found);
  }

  /** Handles every complete element of interest in `data`; returns where the unfinished rest begins. */
  private scan(data: Buffer): number {
    const next = this.needles.map((needle) => data.indexOf(needle.bytes));
    const longest = Math.max(...this.needles.map((needle) => needle.bytes.length));
    let done = 0;
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
    let end = tagEnd + 1;
    if (!empty) {
      const close = data.indexOf(needle.close, tagEnd + 1);
      if (close < 0) return data.length - at > MAX_PRIORITY_SECTION_BYTES ? data.length : undefined;
      end = close + needle.close.length;
    }
    const text = data.toString('utf8', at, end);
    if (isKept) {
      this.kept.push(text);
    } else {
      this.found.push({ text, contextTag: this.contextTag });
      const file = path as string;
      if (!this.seenFiles.has(file) && needle.element === [...this.shape.records.keys()][0]) {
        this.seenFiles.add(file);
        this.wantedFiles++;
      }
    }
    return end;
  }

  private pathIn(element: string, tag: string): string | undefined {
    for (const name of this.shape.records.get(element) ?? []) {
      const value = attribute(tag, name);
      if (value !== undefined && value !== '') return this.shape.pathOf?.(value, this.contextTag) ?? value;
    }
    return undefined;
  }
}

/** An attribute's value in one start tag, its character references decoded; undefined when absent. */
export function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  if (match === null) return undefined;
  return (match[1] ?? match[2] ?? '').replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Math.min(Number.parseInt(ref.slice(2), 16), 0x10ffff));
    if (ref.startsWith('#')) return String.fromCodePoint(Math.min(Number.parseInt(ref.slice(1), 10), 0x10ffff));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ref] as string;
  });
}

/** The base name the finder's `wanted` is asked about. */
export { baseName };
