import { BACKSLASH, BraceCount, COLON, COMMA, OPEN, OpenObject, QUOTE, skipSpace, skipSpaceBack } from './jsonBytes';
import { NeedleSearch } from './needleSearch';
import { MAX_PRIORITY_SECTION_BYTES, MAX_PRIORITY_SECTIONS } from './prioritySections';

/** A key longer than this is left to the full parse. */
const MAX_KEY_BYTES = 4096;
/** Bytes between a key and its value's `{` looked at, at most (whitespace and the colon). */
const MAX_GAP_BYTES = 256;

/**
 * Finds, in a JSON report streamed chunk by chunk, the members `"key": {…}` whose key is a path
 * `wanted` accepts, without parsing anything else: a native search for each wanted base name
 * followed by the key's closing quote. A hit counts when it ends a string that follows `{` or `,`
 * and is followed by `:` and an object, which is then taken whole by a string-aware brace count.
 * So a pass over 100 MiB costs about what reading it costs. `finish()` gives an object of the
 * members found: for Istanbul JSON, whose top-level keys are the files' paths, an Istanbul report;
 * for coverage.py JSON, whose paths key its `"files"` object, that object under `"files"` (given
 * `under`), which is all its parser reads. A key
 * written with escapes the base name's bytes do not match (`\u` escapes, `\/`), or whose base
 * name differs in case from the editor's (on a case-insensitive file system), is not found:
 * early marks are an optimisation, the full load that follows has every file. Nesting is not
 * tracked: a key deeper in the report that looks like a wanted path and holds an object counts
 * too. Istanbul's deeper keys are numbers; coverage.py's are function and class names (a method
 * `py` of a class `a` is `"a.py"`), whose lines would then show as that file's until the full
 * load replaces them.
 */
export class JsonMemberFinder {
  private readonly search: NeedleSearch;
  private readonly found: Buffer[] = [];
  /** Bytes not yet searched past, carried to the next chunk (a hit's key may start in them). */
  private carry: Buffer = Buffer.alloc(0);
  /** The member being taken: its bytes so far, and where the brace count stands. */
  private open: OpenObject | undefined;

  /**
   * `names`: the base names of the wanted files; `wanted` decides on each key found; `under`: the
   * key of the object the members are put back into (none: the members make the document).
   */
  constructor(
    names: Iterable<string>,
    private readonly wanted: (key: string) => boolean,
    private readonly under?: string,
  ) {
    // A name JSON writes with escapes (a quote, a backslash, a control character) is not looked for:
    // every other needle then holds one quote, at its end, so two hits never overlap.
    const plain = [...new Set(names)].filter((name) => name !== '' && JSON.stringify(name) === `"${name}"`);
    // coverage.py (Python's json) writes a non-ASCII character as `\u00fc`: such a name is looked for both ways.
    const escaped = plain.map(asciiEscaped).filter((name) => !plain.includes(name));
    this.search = new NeedleSearch([...plain, ...escaped].map((name) => Buffer.from(`${name}"`)));
  }

  /** True once MAX_PRIORITY_SECTIONS members are found: the caller may stop reading. */
  get full(): boolean {
    return this.found.length >= MAX_PRIORITY_SECTIONS;
  }

  /** The caller may overwrite `chunk` after push returns. */
  push(chunk: Uint8Array): void {
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const data = this.carry.length === 0 ? input : Buffer.concat([this.carry, input]);
    this.carry = Buffer.alloc(0);
    this.search.reset(data);
    let at = 0;
    while (at < data.length && !this.full) {
      if (this.open !== undefined) {
        at = this.take(data, at);
        continue;
      }
      const hit = this.search.next(at);
      if (hit === undefined) {
        // A needle cut by the chunk's end, and the key before it, are searched again with the next chunk.
        this.keep(data, Math.max(at, data.length - MAX_KEY_BYTES - this.search.longest));
        return;
      }
      const next = this.startMember(data, hit.at, hit.needle);
      if (next === undefined) {
        this.keep(data, Math.max(at, hit.at - MAX_KEY_BYTES));
        return;
      }
      at = next;
    }
  }

  /** An object of the members found, in report order (a member the report leaves open is dropped). */
  finish(): Buffer | undefined {
    this.open = undefined;
    this.carry = Buffer.alloc(0);
    if (this.found.length === 0) return undefined;
    const parts: Buffer[] = this.under === undefined ? [] : [Buffer.from(`{${JSON.stringify(this.under)}:`)];
    this.found.forEach((member, i) => parts.push(Buffer.from(i === 0 ? '{' : ','), member));
    parts.push(Buffer.from(this.under === undefined ? '}' : '}}'));
    return Buffer.concat(parts);
  }

  private keep(data: Buffer, from: number): void {
    this.carry = Buffer.from(data.subarray(from));
  }

  /**
   * At a needle hit: when it ends a wanted key followed by an object, opens the member and
   * returns where its value starts; else returns where to search on. Undefined when the data
   * ends before that can be told.
   */
  private startMember(data: Buffer, hit: number, needle: Buffer): number | undefined {
    const keyEnd = hit + needle.length;
    // The key's opening quote is the nearest quote before the hit (the needle holds none but its last).
    // (lastIndexOf from -1 would search from the end.)
    const quote = hit === 0 ? -1 : data.lastIndexOf(QUOTE, hit - 1);
    if (quote < 0 || hit - quote > MAX_KEY_BYTES || data[quote - 1] === BACKSLASH) return hit + 1;
    const before = skipSpaceBack(data, quote - 1);
    if (before < 0 || (data[before] !== OPEN && data[before] !== COMMA)) return hit + 1;
    const colon = skipSpace(data, keyEnd);
    const value = colon < data.length && data[colon] === COLON ? skipSpace(data, colon + 1) : colon;
    if (value >= data.length) return value - keyEnd > MAX_GAP_BYTES ? hit + 1 : undefined;
    if (data[colon] !== COLON || data[value] !== OPEN) return hit + 1;
    let key: unknown;
    try {
      key = JSON.parse(data.toString('utf8', quote, keyEnd));
    } catch {
      return hit + 1;
    }
    if (typeof key !== 'string' || !this.wanted(key)) return hit + 1;
    const head = Buffer.from(data.subarray(quote, value));
    this.open = new OpenObject(head, new BraceCount(), MAX_PRIORITY_SECTION_BYTES);
    return value;
  }

  /** Adds to the open member up to its value's closing brace; returns where searching goes on. */
  private take(data: Buffer, from: number): number {
    const { stop, value, dropped } = (this.open as OpenObject).take(data, from);
    if (dropped === true || value !== undefined) this.open = undefined;
    if (value !== undefined) this.found.push(value);
    return stop;
  }
}

/** A name as Python's json writes it: each UTF-16 unit past ASCII as `\u` and four lower-case hex digits. */
function asciiEscaped(name: string): string {
  return name.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
