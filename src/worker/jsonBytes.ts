/** Byte-level reading of JSON text for the early finders: whitespace, and where a value's braces close. */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN = 0x7b;
export const CLOSE = 0x7d;
export const OPEN_ARRAY = 0x5b;

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The first index at or after `at` that is not JSON whitespace (data.length when none). */
export function skipSpace(data: Uint8Array, at: number): number {
  while (at < data.length && SPACE.has(data[at] as number)) at++;
  return at;
}

/** The last index at or before `at` that is not JSON whitespace (-1 when none). */
export function skipSpaceBack(data: Uint8Array, at: number): number {
  while (at >= 0 && SPACE.has(data[at] as number)) at--;
  return at;
}

/**
 * A string-aware count of braces over JSON text fed in pieces: where the object being counted
 * closes. Brackets are not counted (an object's arrays cannot close it).
 */
export class BraceCount {
  constructor(
    public depth = 0,
    public inString = false,
    public escaped = false,
  ) {}

  /** Counts data[from, to); returns the index just past the brace that brings depth to 0, or -1. */
  scan(data: Uint8Array, from: number, to = data.length): number {
    let { depth, inString, escaped } = this;
    let end = -1;
    for (let i = from; i < to; i++) {
      const byte = data[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) inString = true;
      else if (byte === OPEN) depth++;
      else if (byte === CLOSE && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return end;
  }
}

/**
 * A JSON object's bytes, taken from the chunks it spans until its braces close; dropped once
 * longer than `maxBytes`. Starts with `head` (from the object's `{`), read up to a point where the
 * count stands as `braces` says.
 */
export class OpenObject {
  private readonly parts: Buffer[];
  private bytes: number;

  constructor(
    head: Buffer,
    private readonly braces: BraceCount,
    private readonly maxBytes: number,
  ) {
    this.parts = [head];
    this.bytes = head.length;
  }

  /**
   * Takes data[from, …) up to the object's closing brace (copied: the caller may reuse `data`).
   * `stop`: where that ended; `value`: the whole object once it closed; `dropped`: it outgrew maxBytes.
   */
  take(data: Uint8Array, from: number): { readonly stop: number; readonly value?: Buffer; readonly dropped?: true } {
    const end = this.braces.scan(data, from);
    const stop = end < 0 ? data.length : end;
    const part = Buffer.from(data.subarray(from, stop));
    this.parts.push(part);
    this.bytes += part.length;
    if (this.bytes > this.maxBytes) return { stop, dropped: true };
    return end < 0 ? { stop } : { stop, value: Buffer.concat(this.parts) };
  }
}
