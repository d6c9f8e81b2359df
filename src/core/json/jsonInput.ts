import { ReportParseError } from '../model/model';
import { jsonErrorOffset, jsonStringEnd, largestJsonContainer } from './jsonSyntax';

/**
 * Elements one array or object may hold. JSON.parse builds each in one V8 array, and past
 * V8's array limit (about 134 M) it ends the process instead of throwing. Real reports hold
 * at most a few million in any one (a report's files, a large file's statements).
 */
export const MAX_JSON_CONTAINER_ELEMENTS = 2 ** 26;
/** Each element takes at least 2 characters (`0,`): shorter text cannot reach the limit. */
const CONTAINER_CHECK_MIN_CHARS = 2 * MAX_JSON_CONTAINER_ELEMENTS;

/** A parsed JSON object: read it only through own() so that inherited names never answer. */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `record[key]` when it is the record's own property; never `__proto__`'s or `constructor`'s inherited value. */
export function own(record: JsonRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function ownRecord(record: JsonRecord, key: string): JsonRecord | undefined {
  const value = own(record, key);
  return isRecord(value) ? value : undefined;
}

/** A 1-based line number a report can hold (fits the model's Uint32Array), else -1. */
export function lineNumber(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 0xffffffff ? value : -1;
}

/** A finite, non-negative count, else -1. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : -1;
}

/** A short description of a parsed value for a warning: never converts a nested structure. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}

/**
 * A JSON report's bytes, collected as they arrive, joined, decoded and parsed once at the end
 * with JSON.parse (one decode of the whole is several times faster than decoding chunk by chunk).
 * JSON.parse defines `__proto__` as an ordinary own key and never calls a setter, so the parsed
 * tree itself is safe; readers must still use own() and keep keyed data in Maps.
 */
export class JsonInput {
  private chunks: Uint8Array[] = [];
  private length = 0;
  private text = '';
  private newlines: number[] | undefined;

  /** Keeps a copy: the caller may reuse its buffer. */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.length += chunk.length;
  }

  /** The parsed value; ReportParseError with the line of the syntax error when it is not JSON. */
  parse(): unknown {
    try {
      this.text = new TextDecoder('utf-8').decode(this.joined());
    } catch {
      // Decoding valid or invalid UTF-8 fails only when the text exceeds V8's longest string.
      throw new ReportParseError(0, 'report too large to read as JSON');
    } finally {
      this.chunks = [];
      this.length = 0;
    }
    if (this.text.length >= CONTAINER_CHECK_MIN_CHARS && largestJsonContainer(this.text) > MAX_JSON_CONTAINER_ELEMENTS) {
      throw new ReportParseError(0, `an array or object with more than ${MAX_JSON_CONTAINER_ELEMENTS} elements: not a real report`);
    }
    try {
      return JSON.parse(this.text) as unknown;
    } catch (error) {
      if (error instanceof SyntaxError) {
        const offset = positionIn(error.message) ?? jsonErrorOffset(this.text);
        throw new ReportParseError(offset < 0 ? 0 : this.lineAt(offset), `not valid JSON: ${error.message.slice(0, 200)}`);
      }
      if (error instanceof RangeError) throw new ReportParseError(0, 'JSON too large or too deeply nested');
      throw error;
    }
  }

  private joined(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const bytes = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  }

  /** The 1-based line of the first JSON string `key` (a key or a value) in the text, or 0. */
  lineOfKey(key: string): number {
    return this.linesOfStrings(new Set([key])).get(key) ?? 0;
  }

  /**
   * The 1-based line of the first occurrence of each of `wanted` as a JSON string (a key or a
   * value, however escaped) in the parsed text; absent when it has none. One pass over the
   * text whatever the number of strings: quotes are found with indexOf, and a string is
   * compared (escaped ones decoded) only when its length could match. Call after parse().
   */
  linesOfStrings(wanted: ReadonlySet<string>): Map<string, number> {
    const found = new Map<string, number>();
    if (wanted.size === 0) return found;
    const text = this.text;
    const lengths = new Set<number>();
    let longest = 0;
    for (const value of wanted) {
      lengths.add(value.length);
      if (value.length > longest) longest = value.length;
    }
    let backslash = text.indexOf('\\');
    for (let start = text.indexOf('"'); start >= 0 && found.size < wanted.size; ) {
      const end = jsonStringEnd(text, start);
      if (backslash >= 0 && backslash < start) backslash = text.indexOf('\\', start);
      const rawLength = end - start - 1;
      let value: string | undefined;
      if (backslash < 0 || backslash > end) {
        if (lengths.has(rawLength)) value = text.slice(start + 1, end);
      } else if (rawLength <= MAX_ESCAPED_CHARS_PER_CHAR * longest) {
        value = decodedString(text.slice(start, end + 1));
      }
      if (value !== undefined && wanted.has(value) && !found.has(value)) found.set(value, this.lineAt(start));
      start = text.indexOf('"', end + 1);
    }
    return found;
  }

  /** The 1-based line of a UTF-16 offset into the text. */
  lineAt(offset: number): number {
    const newlines = (this.newlines ??= newlineOffsets(this.text));
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((newlines[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** Drops the text once warnings no longer need it. */
  release(): void {
    this.text = '';
    this.newlines = undefined;
  }
}

/** `\uXXXX`: the most text one decoded UTF-16 unit takes. */
const MAX_ESCAPED_CHARS_PER_CHAR = 6;

function decodedString(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) offsets.push(at);
  return offsets;
}

/** The offset in V8's `... in JSON at position 123` messages; undefined when it names none. */
function positionIn(message: string): number | undefined {
  const marker = 'at position ';
  const at = message.lastIndexOf(marker);
  if (at < 0) return undefined;
  let value = 0;
  let i = at + marker.length;
  const start = i;
  for (; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return i === start ? undefined : value;
}
