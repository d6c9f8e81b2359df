import { COMMA, DASH, NINE, ZERO } from '../../bytes/byteCodes';
import { NEVER_EVALUATED } from '../../model/model';
import { lineEnd, MAX_LINE, parseDecimal } from './lcovBytes';

// The LCOV scanner's fast path for plain BRDA lines, and counts (plain DA lines: SectionRecords.addPlainDaRun).

/** Above this many digits a hand-accumulated double may round differently from Number(). */
export const MAX_EXACT_DIGITS = 15;

/** parseCount of a negative count. */
export const NEGATIVE_COUNT = Number.NEGATIVE_INFINITY;

/** `BRDA:<digits>,<digits>,<digits>,<digits>|-` then a line end: line, block, branch and taken into out[0..3]; returns the next line's start, else -1. */
export function readPlainBrda(buf: Uint8Array, p: number, out: Float64Array): number {
  let start = p;
  let line = 0;
  let c = buf[p] as number;
  while (c >= ZERO && c <= NINE) {
    line = line * 10 + (c - ZERO);
    c = buf[++p] as number;
  }
  if (c !== COMMA || p === start || p - start > 10 || line === 0 || line > MAX_LINE) return -1;
  start = ++p;
  let block = 0;
  c = buf[p] as number;
  while (c >= ZERO && c <= NINE) {
    block = block * 10 + (c - ZERO);
    c = buf[++p] as number;
  }
  if (c !== COMMA || p === start || p - start > 9) return -1;
  start = ++p;
  let branch = 0;
  c = buf[p] as number;
  while (c >= ZERO && c <= NINE) {
    branch = branch * 10 + (c - ZERO);
    c = buf[++p] as number;
  }
  if (c !== COMMA || p === start || p - start > 9) return -1;
  start = ++p;
  let taken = 0;
  c = buf[p] as number;
  if (c === DASH) {
    taken = NEVER_EVALUATED;
    p++;
  } else {
    while (c >= ZERO && c <= NINE) {
      taken = taken * 10 + (c - ZERO);
      c = buf[++p] as number;
    }
    if (p === start || p - start > MAX_EXACT_DIGITS) return -1;
  }
  const next = lineEnd(buf, p);
  out[0] = line;
  out[1] = block;
  out[2] = branch;
  out[3] = taken;
  return next;
}

/** A non-negative count; NEGATIVE_COUNT for a negative one (clamped to 0 with a warning); NaN when malformed. */
export function parseCount(buf: Uint8Array, start: number, end: number): number {
  const negative = buf[start] === DASH;
  const digitsStart = negative ? start + 1 : start;
  let value = 0;
  let i = digitsStart;
  for (; i < end; i++) {
    const c = buf[i] as number;
    if (c < ZERO || c > NINE) break;
    value = value * 10 + (c - ZERO);
  }
  if (i === digitsStart && i === end) return Number.NaN;
  if (i < end || i - digitsStart > MAX_EXACT_DIGITS) value = parseDecimal(buf, digitsStart, end);
  if (!Number.isFinite(value) || value < 0) return Number.NaN;
  return negative && value !== 0 ? NEGATIVE_COUNT : value;
}
