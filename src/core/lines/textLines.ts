import { CR } from '../bytes/byteCodes';

/**
 * Text → lines for diffing. Lines end at `\n`; a `\r` right before it belongs to the ending
 * (CRLF and LF files compare equal line by line); a final line without an ending is a line; the
 * empty remainder after a final `\n` is not. A lone `\r` elsewhere is part of the line.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) break;
    lines.push(text.slice(start, newline > start && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline));
    start = newline + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Bytes git would call binary: a NUL in the first 8,000 (git's own test, `buffer_is_binary`). */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_PROBE_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const BINARY_PROBE_BYTES = 8000;

/** File bytes as the editor shows them: UTF-8, a leading byte-order mark dropped. */
export function decodeText(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

const UTF8 = new TextDecoder('utf-8');
