import { CR, DASH, NINE, NL, SPACE, TAB, ZERO } from '../../bytes/byteCodes';

// Byte-level helpers of the LCOV scanner: line ends, keys, ASCII comparisons and numbers.

/** Line numbers are 32-bit. */
export const MAX_LINE = 0xffffffff;

/** asciiString's reused arrays, one per length: a plain array is what String.fromCharCode.apply reads fastest. */
const charCodes: number[][] = [];

/** Bytes below 0x80 as a string (at most MAX_FAST_DECODE of them). */
export function asciiString(buf: Uint8Array, start: number, end: number): string {
  const length = end - start;
  const codes = (charCodes[length] ??= new Array<number>(length).fill(0));
  for (let i = 0; i < length; i++) codes[i] = buf[start + i] as number;
  return String.fromCharCode.apply(null, codes);
}

/** The start of the line after the one `p` is in (scan() only sees complete lines). */
export function skipLine(buf: Uint8Array, p: number): number {
  while (buf[p] !== NL) p++;
  return p + 1;
}

/** True when the bytes at `start` are `expected` (reading past the end gives undefined, never equal). */
export function equalsAsciiAt(buf: Uint8Array, start: number, expected: readonly number[]): boolean {
  for (let i = 0; i < expected.length; i++) if (buf[start + i] !== expected[i]) return false;
  return true;
}

/** The start of the next line when `p` is at a line end (LF or CRLF), else -1. */
export function lineEnd(buf: Uint8Array, p: number): number {
  const c = buf[p];
  if (c === NL) return p + 1;
  if (c === CR && buf[p + 1] === NL) return p + 2;
  return -1;
}

export function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

export function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 97 && lower <= 122;
}

export function isKeyByte(c: number): boolean {
  return isLetter(c) || (c >= ZERO && c <= NINE) || c === 95;
}

export function packBytes(buf: Uint8Array, start: number, end: number): number {
  let packed = 0;
  for (let i = start; i < end; i++) packed = (packed << 8) | (buf[i] as number);
  return packed;
}

export function equalsAscii(buf: Uint8Array, start: number, end: number, expected: readonly number[]): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (buf[start + i] !== expected[i]) return false;
  return true;
}

/** Byte-wise equality with an ASCII string; false for any non-ASCII string (decode and compare instead). */
export function equalsString(buf: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) {
    const c = buf[start + i] as number;
    if (c >= 0x80 || c !== text.charCodeAt(i)) return false;
  }
  return true;
}

export function indexOfByte(buf: Uint8Array, byte: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (buf[i] === byte) return i;
  return -1;
}

export function lastIndexOfByte(buf: Uint8Array, byte: number, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (buf[i] === byte) return i;
  return -1;
}

/** Plain digits with a value in min..2^32-1, else -1. */
export function parseUint(buf: Uint8Array, start: number, end: number, min: number): number {
  if (start >= end || end - start > 10) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c < ZERO || c > NINE) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value >= min && value <= MAX_LINE ? value : -1;
}

/** Slow path for counts written with a fraction, an exponent or very many digits. */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  if (end - start > 400) return Number.NaN;
  let text = '';
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    const numeric = (c >= ZERO && c <= NINE) || c === 46 || c === 43 || c === DASH || (c | 0x20) === 101;
    if (!numeric) return Number.NaN;
    text += String.fromCharCode(c);
  }
  return text === '' ? Number.NaN : Number(text);
}
