import { AMP, APOS, COLON, CR, DASH, DOT, LT, NINE, NL, QUOT, SPACE, TAB, ZERO } from '../bytes/byteCodes';

// A per-byte class table for the XML scanner's charCode loops (byte values: bytes/byteCodes.ts).
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
  start(COLON);
  for (let c = ZERO; c <= NINE; c++) classes[c] = NAME_CHAR;
  classes[DASH] = NAME_CHAR;
  classes[DOT] = NAME_CHAR;
  for (const c of [SPACE, TAB, NL, CR]) classes[c] = WHITESPACE;
  for (const c of [LT, AMP, NL, QUOT, APOS]) classes[c] = (classes[c] as number) | VALUE_SPECIAL;
  return classes;
}
