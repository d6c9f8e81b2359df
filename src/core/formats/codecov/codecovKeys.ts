// The keys of a Codecov report that matter, in the root and in file objects, and reading the scanner's raw strings.

export const K_OTHER = 0;
export const K_FILES = 1;
export const K_NAME = 2;
export const K_LINES = 3;

const KEY_FILES = new TextEncoder().encode('files');
const KEY_NAME = new TextEncoder().encode('name');
const KEY_LINES = new TextEncoder().encode('line_coverage');

export function keyOf(bytes: Uint8Array, start: number, end: number, escaped: boolean): number {
  if (escaped) {
    const key = decodeString(bytes, start, end, true);
    return key === 'files' ? K_FILES : key === 'name' ? K_NAME : key === 'line_coverage' ? K_LINES : K_OTHER;
  }
  if (equalBytes(bytes, start, end, KEY_FILES)) return K_FILES;
  if (equalBytes(bytes, start, end, KEY_NAME)) return K_NAME;
  if (equalBytes(bytes, start, end, KEY_LINES)) return K_LINES;
  return K_OTHER;
}

function equalBytes(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

const decoder = new TextDecoder('utf-8');

/** A scanned string's text: the scanner has checked its escapes and that it holds no raw quote or control character. */
export function decodeString(bytes: Uint8Array, start: number, end: number, escaped: boolean): string {
  const text = decoder.decode(bytes.subarray(start, end));
  return escaped ? (JSON.parse(`"${text}"`) as string) : text;
}
