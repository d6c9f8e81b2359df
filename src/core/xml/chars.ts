/** Byte values and a per-byte class table for the XML scanner's charCode loops. */

export const TAB = 9;
export const NL = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33;
export const QUOT = 34;
export const HASH = 35;
export const AMP = 38;
export const APOS = 39;
export const DASH = 45;
export const SLASH = 47;
export const ZERO = 48;
export const NINE = 57;
export const SEMICOLON = 59;
export const LT = 60;
export const EQ = 61;
export const GT = 62;
export const QUESTION = 63;
export const LSQB = 91;
export const RSQB = 93;
export const LOWER_X = 120;

export const NAME_START = 1;
export const NAME_CHAR = 2;
export const WHITESPACE = 4;
/** Bytes an attribute value loop must look at: `<`, `&`, newline and both quotes. */
export const VALUE_SPECIAL = 8;

/**
 * Class bits per byte. Any byte ≥ 0x80 counts as a name character: UTF-8 sequences of
 * non-ASCII names are passed through undecoded until the name is interned.
 */
export const CHAR_CLASS: Uint8Array = buildClasses();

function buildClasses(): Uint8Array {
  const classes = new Uint8Array(256);
  const start = (c: number): void => {
    classes[c] = NAME_START | NAME_CHAR;
  };
  for (let c = 65; c <= 90; c++) start(c);
  for (let c = 97; c <= 122; c++) start(c);
  for (let c = 0x80; c <= 0xff; c++) start(c);
  start(95); // _
  start(58); // :
  for (let c = ZERO; c <= NINE; c++) classes[c] = NAME_CHAR;
  classes[DASH] = NAME_CHAR;
  classes[46] = NAME_CHAR; // .
  for (const c of [SPACE, TAB, NL, CR]) classes[c] = WHITESPACE;
  for (const c of [LT, AMP, NL, QUOT, APOS]) classes[c] = (classes[c] as number) | VALUE_SPECIAL;
  return classes;
}
