import { BACKSLASH, BraceCount, COLON, OPEN, OPEN_ARRAY, OpenObject, QUOTE, skipSpaceBack } from './jsonBytes';
import { NeedleSearch } from './needleSearch';
import { MAX_PRIORITY_SECTION_BYTES, MAX_PRIORITY_SECTIONS } from './prioritySections';

/**
 * Bytes kept from the previous chunk to look back into: an object whose start lies further before
 * the wanted path than this (a file's `branches` and `expansions` come before its `filename`) is
 * left to the full parse.
 */
const LOOKBACK_BYTES = 1 << 20;
/** A path longer than this is left to the full parse. */
const MAX_PATH_BYTES = 4096;
/**
 * Bytes the brace counts that look for objects' starts may go over in one push, per byte of its
 * data (plus LOOKBACK_BYTES, so one file's whole look-back always fits): a report crafted so that
 * each hit has many far `{` before it costs a bounded pass, and its later hits get no early marks.
 */
const SCAN_BUDGET_PER_BYTE = 2;
/** What trying one `{` costs of the budget at least (a report of `{}` pairs is many cheap tries). */
const CANDIDATE_COST = 64;

const FILENAME = Buffer.from('"filename"');
const FILENAMES = Buffer.from('"filenames"');

/** An object being taken, what it is, and the wanted path it names. */
interface Taking {
  readonly kind: 'file' | 'function';
  readonly path: string;
  readonly object: OpenObject;
}

/**
 * Finds, in an llvm-cov JSON export streamed chunk by chunk, the objects of the files `wanted`
 * accepts, without parsing anything else: a native search for each wanted base name followed by
 * a quote. A hit counts when it ends a string that is the value of a `"filename"` key (a file of
 * `files`) or the first element of a `"filenames"` array (a function of `functions`, whose first
 * filename is its file; also a file's expansion, which has the same array: taken too, and skipped
 * by the parser as a function without a name). The object the key belongs to is found by trying the `{` before
 * it, nearest first, with a string-aware brace count up to the key (the key must be at depth 1);
 * then it is taken whole. `finish()` gives an export of the files and functions found, which is
 * all llvm-cov's parser reads. A path written with escapes, or whose base name differs in case
 * from the editor's, is not found; nor is a file whose `branches` and `expansions` (written
 * before its `filename`) exceed LOOKBACK_BYTES: the full load that follows has every file.
 */
export class LlvmFileFinder {
  private readonly search: NeedleSearch;
  private readonly files: Buffer[] = [];
  private readonly functions: Buffer[] = [];
  /** The paths whose objects are kept. */
  private readonly paths = new Set<string>();
  private bytes = 0;
  /** The last bytes of the data before (up to LOOKBACK_BYTES before where searching resumes), and any needle cut by its end. */
  private carry: Buffer = Buffer.alloc(0);
  /** Where searching resumes in the next data (just past the carry's searched bytes). */
  private resumeAt = 0;
  private open: Taking | undefined;
  /** What the brace counts looking for objects' starts may still go over in this push. */
  private scanBudget = 0;

  /** `names`: the base names of the wanted files; `wanted` decides on each path found. */
  constructor(
    names: Iterable<string>,
    private readonly wanted: (reportPath: string) => boolean,
  ) {
    // A name JSON writes with escapes is not looked for: every needle holds one quote, at its end.
    const plain = [...new Set(names)].filter((name) => name !== '' && JSON.stringify(name) === `"${name}"`);
    this.search = new NeedleSearch(plain.map((name) => Buffer.from(`${name}"`)));
  }

  /**
   * True once what was found outgrew MAX_PRIORITY_SECTION_BYTES. (Not on MAX_PRIORITY_SECTIONS
   * files: a unit's functions come after all its files, and the rest of the report is searched for them.)
   */
  get full(): boolean {
    return this.bytes > MAX_PRIORITY_SECTION_BYTES;
  }

  /** The caller may overwrite `chunk` after push returns. */
  push(chunk: Uint8Array): void {
    if (this.search.needles.length === 0) return;
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const data = this.carry.length === 0 ? input : Buffer.concat([this.carry, input]);
    this.search.reset(data);
    this.scanBudget = SCAN_BUDGET_PER_BYTE * data.length + LOOKBACK_BYTES;
    // The carry's first bytes are there to look back into; they were searched with the chunk before.
    let at = this.resumeAt;
    while (at < data.length && !this.full) {
      if (this.open !== undefined) {
        at = this.take(data, at);
        continue;
      }
      const hit = this.search.next(at);
      if (hit === undefined) {
        // A needle cut by the chunk's end starts past the last place a whole one could.
        at = Math.max(at, data.length - this.search.longest + 1);
        break;
      }
      at = this.startObject(data, hit.at, hit.needle.length);
    }
    const resume = Math.min(at, data.length);
    const from = Math.max(0, resume - LOOKBACK_BYTES);
    // `data` is the caller's chunk only when nothing was carried: then what is kept must be copied.
    this.carry = data === input ? Buffer.from(data.subarray(from)) : data.subarray(from);
    this.resumeAt = resume - from;
  }

  /** An llvm-cov export of what was found (undefined for nothing). */
  finish(): Buffer | undefined {
    this.open = undefined;
    this.carry = Buffer.alloc(0);
    this.resumeAt = 0;
    if (this.files.length === 0 && this.functions.length === 0) return undefined;
    const list = (objects: Buffer[]) => Buffer.concat(objects.flatMap((object, i) => (i === 0 ? [object] : [Buffer.from(','), object])));
    return Buffer.concat([
      Buffer.from('{"data":[{"files":['),
      list(this.files),
      Buffer.from('],"functions":['),
      list(this.functions),
      Buffer.from(']}],"type":"llvm.coverage.json.export","version":"2.0.1"}'),
    ]);
  }

  /**
   * At a needle hit: when it ends a wanted path in a `"filename"` value or first in a `"filenames"`
   * array, opens the object the key belongs to and returns where to go on counting its braces;
   * else returns where to search on. All it looks at lies before the hit's end.
   */
  private startObject(data: Buffer, hit: number, needleLength: number): number {
    const stringEnd = hit + needleLength;
    const quote = lastIndexIn(data, QUOTE, hit - MAX_PATH_BYTES, hit);
    if (quote < 0 || data[quote - 1] === BACKSLASH) return hit + 1;
    let before = skipSpaceBack(data, quote - 1);
    let kind: Taking['kind'];
    let key: Buffer;
    if (data[before] === COLON) {
      kind = 'file';
      key = FILENAME;
    } else if (data[before] === OPEN_ARRAY) {
      kind = 'function';
      key = FILENAMES;
      before = skipSpaceBack(data, before - 1);
      if (data[before] !== COLON) return hit + 1;
    } else return hit + 1;
    const keyEnd = skipSpaceBack(data, before - 1) + 1;
    const keyStart = keyEnd - key.length;
    if (keyStart < 0 || !data.subarray(keyStart, keyEnd).equals(key)) return hit + 1;
    let path: unknown;
    try {
      path = JSON.parse(data.toString('utf8', quote, stringEnd));
    } catch {
      return hit + 1;
    }
    if (typeof path !== 'string' || !this.wanted(path)) return hit + 1;
    const start = this.objectStart(data, keyStart);
    if (start === undefined) return stringEnd;
    // Past the path's closing quote the count stands at the object's depth, outside a string.
    this.open = { kind, path, object: new OpenObject(Buffer.from(data.subarray(start, stringEnd)), new BraceCount(1), MAX_PRIORITY_SECTION_BYTES) };
    return stringEnd;
  }

  /** Adds to the open object up to its closing brace; returns where searching goes on. */
  private take(data: Buffer, from: number): number {
    const taking = this.open as Taking;
    const { stop, value, dropped } = taking.object.take(data, from);
    if (dropped === true || value !== undefined) this.open = undefined;
    if (value !== undefined) this.keep(taking, value);
    return stop;
  }

  /**
   * Where the object holding the key at `keyStart` as a member starts: the nearest `{` before it
   * from which a string-aware brace count reaches the key at depth 1, outside a string. Undefined
   * when there is none in the data, or the push's scan budget runs out first. The search for each
   * `{` is charged too, and goes no further back than the budget reaches.
   */
  private objectStart(data: Buffer, keyStart: number): number | undefined {
    let candidate = keyStart;
    for (;;) {
      const floor = keyStart - Math.max(0, this.scanBudget);
      const previous = candidate;
      candidate = lastIndexIn(data, OPEN, floor, candidate);
      if (candidate < 0) {
        this.scanBudget -= Math.max(CANDIDATE_COST, previous - Math.max(0, floor));
        return undefined;
      }
      const braces = new BraceCount();
      const closed = braces.scan(data, candidate, keyStart);
      this.scanBudget -= Math.max(CANDIDATE_COST, previous - candidate + (closed < 0 ? keyStart : closed) - candidate);
      if (closed < 0 && braces.depth === 1 && !braces.inString) return candidate;
    }
  }

  /** Keeps the objects of MAX_PRIORITY_SECTIONS paths at most (files come first in a unit). */
  private keep({ kind, path }: Taking, object: Buffer): void {
    if (!this.paths.has(path)) {
      if (this.paths.size >= MAX_PRIORITY_SECTIONS) return;
      this.paths.add(path);
    }
    (kind === 'file' ? this.files : this.functions).push(object);
    this.bytes += object.length;
  }
}

/** The last `byte` in `data[from, to)` (`from` below 0 counts as 0), or -1. */
function lastIndexIn(data: Buffer, byte: number, from: number, to: number): number {
  const start = Math.max(0, from);
  if (to <= start) return -1;
  const found = data.subarray(start, to).lastIndexOf(byte);
  return found < 0 ? -1 : start + found;
}
