import { APOS, QUOT } from '../bytes/byteCodes';
import { ReportParseError } from '../model/model';

// The XML scanner's pending constructs, markup openers and the byte helpers it calls between states.

/** What an unfinished construct at the end of a chunk is. */
export const NONE = 0;
/** `<` or `<!…` too short to tell what it starts: its bytes are carried. */
export const PREFIX = 1;
/** A start tag, end tag or DOCTYPE: its bytes are carried until the unquoted `>`. */
export const TAG = 2;
/** Skipped constructs: only how much of the terminator was seen is carried. */
export const COMMENT = 3;
export const CDATA = 4;
export const PI = 5;

export const COMMENT_OPEN = bytesOf('<!--');
export const CDATA_OPEN = bytesOf('<![CDATA[');
export const DOCTYPE_OPEN = bytesOf('<!DOCTYPE');
export const ENTITY_OPEN = bytesOf('<!ENTITY');

export const MATCH = 1;
const MISMATCH = 0;
export const NEED_MORE = -1;

export function repeatedAttribute(line: number, buf: Uint8Array, start: number, end: number): ReportParseError {
  return new ReportParseError(line, `attribute ${printable(buf, start, Math.min(end, start + 40))} appears twice in one tag`);
}

/** Bytes for a message, quoted: printable ASCII kept, anything else as `?`. */
export function printable(buf: Uint8Array, start: number, end: number): string {
  let shown = '';
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    shown += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return JSON.stringify(shown);
}

/** Whether buf[pos, end) starts with `prefix`, cannot yet tell (too short), or does not. */
export function prefixMatch(buf: Uint8Array, pos: number, end: number, prefix: Uint8Array): number {
  const available = Math.min(end - pos, prefix.length);
  for (let i = 0; i < available; i++) if (buf[pos + i] !== prefix[i]) return MISMATCH;
  return available === prefix.length ? MATCH : NEED_MORE;
}

/** The quote left open at the end of a partial tag, or 0. */
export function openQuote(buf: Uint8Array, start: number, end: number): number {
  let quote = 0;
  for (let p = start; p < end; p++) {
    const c = buf[p] as number;
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOT || c === APOS) quote = c;
  }
  return quote;
}

export function describePending(kind: number): string {
  switch (kind) {
    case COMMENT:
      return 'a comment';
    case CDATA:
      return 'a CDATA section';
    case PI:
      return 'a processing instruction';
    default:
      return 'a tag';
  }
}

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}
