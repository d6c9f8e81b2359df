// Numbers and text in attribute values, when a value cannot be read byte-wise (it holds references, or is not plain digits).

/** Above this many digits a hand-accumulated double may round differently from Number(). */
export const MAX_EXACT_DIGITS = 15;
const MAX_NUMBER_TEXT = 64;

/** `-?(digits[.digits]|.digits)([eE][+-]?digits)?`, else NaN (Number() would take `0x1f`, ` 7`, ``). */
export function parseDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > MAX_NUMBER_TEXT) return Number.NaN;
  let p = text.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = p;
  while (p < n && isDigit(text.charCodeAt(p))) p++;
  let digits = p - intStart;
  if (p < n && text.charCodeAt(p) === 46) {
    const fracStart = ++p;
    while (p < n && isDigit(text.charCodeAt(p))) p++;
    digits += p - fracStart;
  }
  if (digits === 0) return Number.NaN;
  if (p < n && (text.charCodeAt(p) | 0x20) === 101) {
    p++;
    if (p < n && (text.charCodeAt(p) === 43 || text.charCodeAt(p) === 45)) p++;
    const expStart = p;
    while (p < n && isDigit(text.charCodeAt(p))) p++;
    if (p === expStart) return Number.NaN;
  }
  return p === n ? Number(text) : Number.NaN;
}

/** Plain decimal digits (at most 15) as a number, else NaN. */
export function plainDigits(text: string): number {
  if (text.length === 0 || text.length > MAX_EXACT_DIGITS) return Number.NaN;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
