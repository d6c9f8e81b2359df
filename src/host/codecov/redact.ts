/** What stands in for a secret in every log line, error and message. */
export const REDACTED = '‹redacted›';

/** Stored secrets shorter than this are not searched for (they would match ordinary text). */
const MIN_SECRET_LENGTH = 4;
/** A word after "bearer" this long is taken for a credential ("the bearer of" is not one). */
const MIN_BEARER_LENGTH = 8;

/**
 * A redactor over the secrets known now (read on every call, so a token set later is covered):
 * it replaces each stored secret, the value of any `Authorization` header or field, any
 * `Bearer …` credential, and the value of any `…token=` / `"token": "…"` parameter or field.
 * Linear time: indexOf scans, no backtracking patterns.
 */
export function createRedactor(secrets: () => Iterable<string | undefined>): (text: string) => string {
  return (text) => redact(text, secrets());
}

export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  out = redactAfter(out, 'bearer', (c) => c === 0x20 || c === 0x09, isWordEnd, MIN_BEARER_LENGTH);
  out = redactFields(out, 'authorization', isLineEnd);
  out = redactFields(out, 'token', isWordEnd);
  return out;
}

/** ASCII-only lower case: the same length as the input, so offsets carry over. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/** `word` followed by at least one separator byte: the run after the separators, up to an end byte, is redacted. */
function redactAfter(text: string, word: string, isSeparator: (c: number) => boolean, isEnd: (c: number) => boolean, minLength: number): string {
  const lower = asciiLower(text);
  let out = '';
  let copied = 0;
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    let i = at + word.length;
    if (i >= text.length || !isSeparator(text.charCodeAt(i))) continue;
    while (i < text.length && isSeparator(text.charCodeAt(i))) i++;
    let end = i;
    while (end < text.length && !isEnd(text.charCodeAt(end))) end++;
    if (end - i < minLength || text.startsWith(REDACTED, i)) continue;
    out += text.slice(copied, i) + REDACTED;
    copied = end;
    at = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * `…key` then an optional closing quote, `:` or `=`, an optional opening quote, and a value:
 * up to the matching quote when quoted, else up to an end byte.
 */
function redactFields(text: string, key: string, isEnd: (c: number) => boolean): string {
  const lower = asciiLower(text);
  let out = '';
  let copied = 0;
  for (let at = lower.indexOf(key); at >= 0; at = lower.indexOf(key, at + 1)) {
    let i = at + key.length;
    if (isQuote(text.charCodeAt(i))) i++;
    while (text.charCodeAt(i) === 0x20) i++;
    const separator = text.charCodeAt(i);
    if (separator !== 0x3a /* : */ && separator !== 0x3d /* = */) continue;
    i++;
    while (text.charCodeAt(i) === 0x20) i++;
    const quote = isQuote(text.charCodeAt(i)) ? text.charCodeAt(i++) : -1;
    let end = i;
    if (quote >= 0) while (end < text.length && text.charCodeAt(end) !== quote && !isLineEnd(text.charCodeAt(end))) end++;
    else while (end < text.length && !isEnd(text.charCodeAt(end))) end++;
    if (end === i || text.slice(i, end) === REDACTED) continue;
    out += text.slice(copied, i) + REDACTED;
    copied = end;
    at = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isQuote(c: number): boolean {
  return c === 0x22 || c === 0x27;
}

function isLineEnd(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

/** The end of a credential in a URL, header list or JSON: whitespace, quotes and separators. */
function isWordEnd(c: number): boolean {
  return c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x26 /* & */ || c === 0x2c /* , */ || c === 0x3b /* ; */ || c === 0x23 /* # */ || c === 0x7d /* } */;
}
