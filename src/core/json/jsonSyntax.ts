import { BACKSLASH, COLON, COMMA, CR, DASH, DOT, LBRACE, LOWER_A, LOWER_E, LOWER_F, LOWER_U, LSQB, NINE, NL, PLUS, QUOT, RBRACE, RSQB, SPACE, TAB, ZERO } from '../bytes/byteCodes';

/**
 * Where JSON text first breaks the grammar, for error messages when JSON.parse names no
 * position. Only called after JSON.parse has failed. Iterative: any nesting depth is fine.
 */

const VALUE = 0;
const KEY = 1;
const AFTER_KEY = 2;
const AFTER = 3;
const OBJECT = 1;
const ARRAY = 2;

/** The UTF-16 offset of the first syntax error (the text's length when it ends too soon), or -1. */
export function jsonErrorOffset(text: string): number {
  const stack: number[] = [];
  const n = text.length;
  let state = VALUE;
  /** Just after `[` or `{`, where the closing bracket may follow at once. */
  let opened = false;
  let i = 0;
  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= n) return state === AFTER && stack.length === 0 ? -1 : n;
    const c = text.charCodeAt(i);
    if (state === VALUE) {
      if (c === LBRACE || c === LSQB) {
        stack.push(c === LBRACE ? OBJECT : ARRAY);
        state = c === LBRACE ? KEY : VALUE;
        opened = true;
        i++;
        continue;
      }
      if (c === RSQB && opened && stack[stack.length - 1] === ARRAY) {
        stack.pop();
      } else {
        const end = c === QUOT ? stringEnd(text, i) : c === DASH || isDigit(c) ? numberEnd(text, i) : literalEnd(text, i);
        if (end < 0) return -end - 1;
        i = end - 1;
      }
      state = AFTER;
    } else if (state === KEY) {
      if (c === RBRACE && opened) {
        stack.pop();
        state = AFTER;
      } else if (c === QUOT) {
        const end = stringEnd(text, i);
        if (end < 0) return -end - 1;
        i = end - 1;
        state = AFTER_KEY;
      } else {
        return i;
      }
    } else if (state === AFTER_KEY) {
      if (c !== COLON) return i;
      state = VALUE;
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i;
      if (c === COMMA) state = top === OBJECT ? KEY : VALUE;
      else if ((c === RBRACE && top === OBJECT) || (c === RSQB && top === ARRAY)) stack.pop();
      else return i;
    }
    opened = false;
    i++;
  }
}

/** Offset just past the string starting at `start`, or -(error offset + 1). */
function stringEnd(text: string, start: number): number {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOT) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(++i);
      if (e === LOWER_U) {
        for (let k = 0; k < 4; k++) if (!isHex(text.charCodeAt(++i))) return -Math.min(i, n) - 1;
      } else if (!'"\\/bfnrt'.includes(text.charAt(i)) || i >= n) {
        return -Math.min(i, n) - 1;
      }
    }
  }
  return -n - 1;
}

function numberEnd(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === DASH) i++;
  if (text.charCodeAt(i) === ZERO) {
    i++;
  } else {
    if (!isDigit(text.charCodeAt(i))) return -i - 1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) === DOT) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return -i - 1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if ((text.charCodeAt(i) | 0x20) === LOWER_E) {
    i++;
    if (text.charCodeAt(i) === PLUS || text.charCodeAt(i) === DASH) i++;
    if (!isDigit(text.charCodeAt(i))) return -i - 1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

function literalEnd(text: string, start: number): number {
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, start)) return start + word.length;
  }
  return -start - 1;
}

function isWhitespace(c: number): boolean {
  return c === SPACE || c === NL || c === CR || c === TAB;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isHex(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= LOWER_A && (c | 0x20) <= LOWER_F);
}

/**
 * About the most elements (array values or object members) any one array or object of the
 * text holds (its commas plus one), counted without parsing; for text JSON.parse has not
 * seen yet (malformed text gives some count, and JSON.parse reports the error). Linear:
 * strings are skipped with indexOf.
 */
export function largestJsonContainer(text: string): number {
  const commas: number[] = [];
  let largest = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOT) {
      i = jsonStringEnd(text, i);
    } else if (c === COMMA) {
      const top = commas.length - 1;
      if (top >= 0) commas[top] = (commas[top] as number) + 1;
    } else if (c === LSQB || c === LBRACE) {
      commas.push(0);
    } else if (c === RSQB || c === RBRACE) {
      const count = commas.pop();
      if (count !== undefined && count + 1 > largest) largest = count + 1;
    }
  }
  for (const count of commas) if (count + 1 > largest) largest = count + 1;
  return largest;
}

/** The offset of the quote that ends the JSON string starting at `start`, or the text's end. */
export function jsonStringEnd(text: string, start: number): number {
  let i = text.indexOf('"', start + 1);
  while (i >= 0) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i;
    i = text.indexOf('"', i + 1);
  }
  return text.length;
}
