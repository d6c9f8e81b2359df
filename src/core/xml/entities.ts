import { ReportParseError } from '../model/model';
import { HASH, LOWER_X, NINE, SEMICOLON, ZERO } from '../bytes/byteCodes';

/** `&#x10FFFF;` plus a few leading zeros: no valid reference is longer. */
const MAX_REFERENCE_BYTES = 12;

const PREDEFINED = new Map<string, string>([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * Checks the reference starting at `buf[p]` (`&`): one of the five predefined entities or a
 * character reference to a valid XML character. Returns its length through `;`, or -1 when
 * the buffer ends before it is complete. Looks at no more than MAX_REFERENCE_BYTES bytes.
 */
export function referenceLength(buf: Uint8Array, p: number, end: number, line: number): number {
  const limit = Math.min(end, p + MAX_REFERENCE_BYTES);
  let semi = p + 1;
  while (semi < limit && buf[semi] !== SEMICOLON) semi++;
  if (semi === limit) {
    if (limit === end && end - p < MAX_REFERENCE_BYTES) return -1;
    throw new ReportParseError(line, `unterminated or unknown entity reference ${preview(buf, p, limit)}`);
  }
  if (buf[p + 1] === HASH) {
    if (codePointOf(buf, p + 2, semi) < 0) throw new ReportParseError(line, `invalid character reference ${preview(buf, p, semi + 1)}`);
  } else if (!PREDEFINED.has(ascii(buf, p + 1, semi))) {
    throw new ReportParseError(line, `unknown entity ${preview(buf, p, semi + 1)} (only the five predefined entities and character references are read)`);
  }
  return semi + 1 - p;
}

/** Replaces references in decoded text; throws on an unknown or invalid one. Linear. */
export function decodeReferences(text: string, line: number): string {
  let amp = text.indexOf('&');
  if (amp < 0) return text;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = text.indexOf(';', amp);
    if (semi < 0 || semi - amp >= MAX_REFERENCE_BYTES) {
      throw new ReportParseError(line, `unterminated or unknown entity reference ${text.slice(amp, amp + MAX_REFERENCE_BYTES)}`);
    }
    out += text.slice(from, amp);
    const name = text.slice(amp + 1, semi);
    if (name.charCodeAt(0) === HASH) {
      const bytes = Uint8Array.from(name, (ch) => ch.charCodeAt(0) & 0xff);
      const code = codePointOf(bytes, 1, bytes.length);
      if (code < 0 || name.length !== bytes.length) throw new ReportParseError(line, `invalid character reference &${name};`);
      out += String.fromCodePoint(code);
    } else {
      const value = PREDEFINED.get(name);
      if (value === undefined) throw new ReportParseError(line, `unknown entity &${name};`);
      out += value;
    }
    from = semi + 1;
    amp = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

/** The code point of `#…` digits in buf[start, end) (after the `#`), or -1 when invalid. */
function codePointOf(buf: Uint8Array, start: number, end: number): number {
  const hex = buf[start] === LOWER_X;
  let p = hex ? start + 1 : start;
  if (p === end) return -1;
  let value = 0;
  for (; p < end; p++) {
    const c = buf[p] as number;
    let digit: number;
    if (c >= ZERO && c <= NINE) digit = c - ZERO;
    else if (hex && (c | 0x20) >= 97 && (c | 0x20) <= 102) digit = (c | 0x20) - 87;
    else return -1;
    value = value * (hex ? 16 : 10) + digit;
  }
  return isXmlChar(value) ? value : -1;
}

function isXmlChar(c: number): boolean {
  return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function ascii(buf: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(buf[i] as number);
  return text;
}

/** The bytes for a message: printable ASCII kept, anything else as `?`. */
function preview(buf: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    text += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return JSON.stringify(text);
}
