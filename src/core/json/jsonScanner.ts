import { ReportParseError } from '../model/model';
import { BACKSLASH, COLON, COMMA, CR, DASH, DOT, LBRACE, LOWER_A, LOWER_B, LOWER_E, LOWER_F, LOWER_N, LOWER_R, LOWER_T, LOWER_U, LSQB, NINE, NL, PLUS, QUOT, RBRACE, RSQB, SLASH, SPACE, TAB, ZERO } from '../bytes/byteCodes';

/**
 * What a JsonScanner reports, in document order. Strings and keys come as raw bytes between
 * their quotes (escapes not decoded; `escaped` says whether there are any), as views of the
 * pushed chunk or of the scanner's carry buffer: valid only during the call.
 */
export interface JsonHandler {
  openObject(): void;
  closeObject(): void;
  openArray(): void;
  closeArray(): void;
  /** `truncated`: longer than maxStringBytes, only the first bytes are given. */
  key(bytes: Uint8Array, start: number, end: number, escaped: boolean, truncated: boolean): void;
  /** Asked when a string value starts: false and its bytes are only checked, not kept. */
  wantString(): boolean;
  /** A string value; empty (start = end = 0) when wantString() said no. */
  string(bytes: Uint8Array, start: number, end: number, escaped: boolean, truncated: boolean): void;
  number(value: number): void;
  literal(value: boolean | null): void;
}

export interface JsonScannerLimits {
  /** Deeper nesting is a ReportParseError. */
  readonly maxDepth: number;
  /** Kept strings and keys longer than this are cut (and flagged). */
  readonly maxStringBytes: number;
}

// Scanner states.
const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY = 2;
const KEY_OR_CLOSE = 3;
const AFTER_KEY = 4;
const AFTER = 5;
const STRING = 6;
const ESCAPE = 7;
const UNICODE = 8;
const NUMBER = 9;
const LITERAL = 10;
const DONE = 11;

// Number phases (the JSON number grammar).
const N_MINUS = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_FRACTION_START = 3;
const N_FRACTION = 4;
const N_EXPONENT_START = 5;
const N_EXPONENT_SIGN = 6;
const N_EXPONENT = 7;

const OBJECT = 1;
const ARRAY = 2;
/** Number text kept beyond this many characters makes the value NaN (no JSON number a report needs is that long). */
const MAX_NUMBER_TEXT = 64;
/** Up to this many digits an integer is exact in a double. */
const EXACT_DIGITS = 15;

const LITERALS: readonly (readonly [Uint8Array, boolean | null])[] = [
  [new TextEncoder().encode('true'), true],
  [new TextEncoder().encode('false'), false],
  [new TextEncoder().encode('null'), null],
];

/**
 * A push scanner of JSON bytes in any chunking: a state machine with no recursion and no
 * regular expressions, that validates the grammar (strings, escapes, numbers, literals,
 * nesting) and reports tokens to a handler. It keeps only the bytes of a token split across
 * chunks that the handler wants (at most maxStringBytes), so memory does not grow with the
 * input. Errors are ReportParseErrors with the line and byte offset.
 */
export class JsonScanner {
  private state = VALUE;
  private readonly stack: Uint8Array;
  private depth = 0;
  private lineNumber = 1;
  /** Bytes of earlier chunks. */
  private consumed = 0;
  private started = false;

  // The string being read.
  private isKey = false;
  private keep = false;
  private escaped = false;
  private truncated = false;
  private unicodeLeft = 0;
  private carry = new Uint8Array(256);
  private carryLength = 0;
  private carried = false;

  // The number being read.
  private numberPhase = N_MINUS;
  private negative = false;
  private integer = 0;
  private digits = 0;
  private simple = true;
  private numberText = '';
  private numberStart = 0;

  // The literal being read.
  private literal: Uint8Array = LITERALS[0]![0];
  private literalValue: boolean | null = null;
  private literalAt = 0;

  constructor(
    private readonly handler: JsonHandler,
    private readonly limits: JsonScannerLimits,
  ) {
    this.stack = new Uint8Array(limits.maxDepth + 1);
  }

  /** The 1-based line being scanned. */
  get line(): number {
    return this.lineNumber;
  }

  /** Scans `chunk` completely; nothing of it is referenced afterwards. */
  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n > 0) this.started = true;
    let i = 0;
    let stringStart = 0;
    if (this.state === STRING || this.state === ESCAPE || this.state === UNICODE) stringStart = 0;
    if (this.state === NUMBER) this.numberStart = 0;
    while (i < n) {
      switch (this.state) {
        case STRING: {
          let c = 0;
          while (i < n) {
            c = chunk[i] as number;
            if (c === QUOT || c === BACKSLASH || c < 0x20) break;
            i++;
          }
          if (i >= n) break;
          if (c === QUOT) {
            this.endString(chunk, stringStart, i);
            i++;
          } else if (c === BACKSLASH) {
            this.escaped = true;
            this.state = ESCAPE;
            i++;
          } else {
            this.fail(i, 'a control character inside a string');
          }
          break;
        }
        case ESCAPE: {
          const c = chunk[i] as number;
          if (c === LOWER_U) {
            this.unicodeLeft = 4;
            this.state = UNICODE;
          } else if (c === QUOT || c === BACKSLASH || c === SLASH || c === LOWER_B || c === LOWER_F || c === LOWER_N || c === LOWER_R || c === LOWER_T) {
            this.state = STRING;
          } else {
            this.fail(i, 'an invalid escape in a string');
          }
          i++;
          break;
        }
        case UNICODE: {
          if (!isHex(chunk[i] as number)) this.fail(i, 'an invalid \\u escape in a string');
          i++;
          if (--this.unicodeLeft === 0) this.state = STRING;
          break;
        }
        case NUMBER: {
          i = this.scanNumber(chunk, i);
          break;
        }
        case LITERAL: {
          if (chunk[i] !== this.literal[this.literalAt]) this.fail(i, 'an unknown word (not true, false or null)');
          i++;
          if (++this.literalAt === this.literal.length) {
            this.handler.literal(this.literalValue);
            this.valueDone();
          }
          break;
        }
        default: {
          const c = chunk[i] as number;
          if (c === SPACE || c === NL || c === CR || c === TAB) {
            if (c === NL) this.lineNumber++;
            i++;
            break;
          }
          if (this.state === VALUE || this.state === VALUE_OR_CLOSE) {
            if (c === RSQB && this.state === VALUE_OR_CLOSE) {
              this.close(ARRAY, i);
            } else if (c === QUOT) {
              this.startString(false);
              stringStart = i + 1;
            } else if (c === LBRACE) {
              this.open(OBJECT, i);
              this.handler.openObject();
              this.state = KEY_OR_CLOSE;
            } else if (c === LSQB) {
              this.open(ARRAY, i);
              this.handler.openArray();
              this.state = VALUE_OR_CLOSE;
            } else if (c === DASH || (c >= ZERO && c <= NINE)) {
              const end = c === DASH ? -1 : this.smallInteger(chunk, i);
              if (end > 0) {
                i = end;
                continue;
              }
              this.startNumber(i);
              if (c === DASH) {
                this.negative = true;
                i++;
              }
              continue;
            } else if (c === LOWER_T || c === LOWER_F || c === LOWER_N) {
              const [word, value] = LITERALS[c === LOWER_T ? 0 : c === LOWER_F ? 1 : 2]!;
              this.literal = word;
              this.literalValue = value;
              this.literalAt = 0;
              this.state = LITERAL;
              continue;
            } else {
              this.fail(i, 'a value was expected');
            }
          } else if (this.state === KEY || this.state === KEY_OR_CLOSE) {
            if (c === RBRACE && this.state === KEY_OR_CLOSE) {
              this.close(OBJECT, i);
            } else if (c === QUOT) {
              this.startString(true);
              stringStart = i + 1;
            } else {
              this.fail(i, 'a key in double quotes was expected');
            }
          } else if (this.state === AFTER_KEY) {
            if (c !== COLON) this.fail(i, 'a colon was expected after the key');
            this.state = VALUE;
          } else if (this.state === AFTER) {
            const top = this.stack[this.depth];
            if (c === COMMA) this.state = top === OBJECT ? KEY : VALUE;
            else if (c === RBRACE && top === OBJECT) this.close(OBJECT, i);
            else if (c === RSQB && top === ARRAY) this.close(ARRAY, i);
            else this.fail(i, 'a comma or a closing bracket was expected');
          } else {
            this.fail(i, 'data after the end of the JSON value');
          }
          i++;
        }
      }
    }
    if (this.state === STRING || this.state === ESCAPE || this.state === UNICODE) {
      if (this.keep) this.carryBytes(chunk, stringStart, n);
      this.carried = true;
    } else if (this.state === NUMBER) {
      this.appendNumberText(chunk, this.numberStart, n);
    }
    this.consumed += n;
  }

  /** Ends the input: a ReportParseError unless exactly one complete JSON value was read. */
  finish(): void {
    if (this.state === NUMBER && this.depth === 0) this.endNumber(new Uint8Array(0), 0);
    if (!this.started) throw new ReportParseError(0, 'the response is empty');
    if (this.state !== DONE) throw new ReportParseError(this.lineNumber, `not valid JSON: it ends too soon (at byte ${this.consumed})`);
  }

  private open(kind: number, at: number): void {
    if (this.depth >= this.limits.maxDepth) this.fail(at, `nested deeper than ${this.limits.maxDepth} levels`);
    this.stack[++this.depth] = kind;
  }

  private close(kind: number, at: number): void {
    if (this.stack[this.depth] !== kind) this.fail(at, 'a closing bracket does not match');
    this.depth--;
    if (kind === OBJECT) this.handler.closeObject();
    else this.handler.closeArray();
    this.valueDone();
  }

  private valueDone(): void {
    this.state = this.depth === 0 ? DONE : AFTER;
  }

  private startString(isKey: boolean): void {
    this.isKey = isKey;
    this.keep = isKey || this.handler.wantString();
    this.escaped = false;
    this.truncated = false;
    this.carryLength = 0;
    this.carried = false;
    this.state = STRING;
  }

  private endString(chunk: Uint8Array, start: number, end: number): void {
    let bytes = chunk;
    let from = start;
    let to = end;
    if (this.keep) {
      if (this.carried) {
        this.carryBytes(chunk, start, end);
        bytes = this.carry;
        from = 0;
        to = this.carryLength;
      } else if (to - from > this.limits.maxStringBytes) {
        to = from + this.limits.maxStringBytes;
        this.truncated = true;
      }
    }
    if (this.isKey) {
      this.handler.key(bytes, from, to, this.escaped, this.truncated);
      this.state = AFTER_KEY;
    } else {
      if (this.keep) this.handler.string(bytes, from, to, this.escaped, this.truncated);
      else this.handler.string(chunk, 0, 0, this.escaped, false);
      this.valueDone();
    }
  }

  private carryBytes(chunk: Uint8Array, start: number, end: number): void {
    const room = this.limits.maxStringBytes - this.carryLength;
    let take = end - start;
    if (take > room) {
      take = room;
      this.truncated = true;
    }
    if (take <= 0) return;
    if (this.carryLength + take > this.carry.length) {
      const grown = new Uint8Array(Math.min(this.limits.maxStringBytes, Math.max(this.carry.length * 2, this.carryLength + take)));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(start, start + take), this.carryLength);
    this.carryLength += take;
  }

  /**
   * The common case, whole in this chunk: a non-negative integer of up to 15 digits. Reported,
   * and the offset after it returned; 0 when the general number path must read it.
   */
  private smallInteger(chunk: Uint8Array, start: number): number {
    const n = chunk.length;
    let value = 0;
    let i = start;
    for (; i < n; i++) {
      const digit = (chunk[i] as number) - ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i >= n || i - start > EXACT_DIGITS || (chunk[start] === ZERO && i - start > 1)) return 0;
    const next = chunk[i] as number;
    if (next === DOT || (next | 0x20) === LOWER_E) return 0;
    this.handler.number(value);
    this.valueDone();
    return i;
  }

  private startNumber(at: number): void {
    this.state = NUMBER;
    this.numberPhase = N_MINUS;
    this.negative = false;
    this.integer = 0;
    this.digits = 0;
    this.simple = true;
    this.numberText = '';
    this.numberStart = at;
  }

  /** Scans number bytes from `i`; returns where scanning goes on (the first byte after the number stays unread). */
  private scanNumber(chunk: Uint8Array, start: number): number {
    const n = chunk.length;
    let i = start;
    let phase = this.numberPhase;
    for (; i < n; i++) {
      const c = chunk[i] as number;
      const digit = c >= ZERO && c <= NINE;
      if (phase === N_MINUS) {
        if (!digit) this.fail(i, 'a digit was expected in a number');
        phase = c === ZERO ? N_ZERO : N_INT;
        this.integer = c - ZERO;
        this.digits = 1;
      } else if (phase === N_INT && digit) {
        this.integer = this.integer * 10 + (c - ZERO);
        this.digits++;
      } else if ((phase === N_INT || phase === N_ZERO) && c === DOT) {
        phase = N_FRACTION_START;
        this.simple = false;
      } else if ((phase === N_INT || phase === N_ZERO || phase === N_FRACTION) && (c | 0x20) === LOWER_E) {
        phase = N_EXPONENT_START;
        this.simple = false;
      } else if (phase === N_FRACTION_START || phase === N_EXPONENT_SIGN) {
        if (!digit) this.fail(i, 'a digit was expected in a number');
        phase = phase === N_FRACTION_START ? N_FRACTION : N_EXPONENT;
      } else if (phase === N_EXPONENT_START) {
        if (c === PLUS || c === DASH) phase = N_EXPONENT_SIGN;
        else if (digit) phase = N_EXPONENT;
        else this.fail(i, 'a digit was expected in a number');
      } else if ((phase === N_FRACTION || phase === N_EXPONENT) && digit) {
        // more digits
      } else {
        this.numberPhase = phase;
        this.endNumber(chunk, i);
        return i;
      }
    }
    this.numberPhase = phase;
    return i;
  }

  private endNumber(chunk: Uint8Array, end: number): void {
    const phase = this.numberPhase;
    if (phase !== N_ZERO && phase !== N_INT && phase !== N_FRACTION && phase !== N_EXPONENT) {
      this.fail(end, 'a number ends too soon');
    }
    let value: number;
    if (this.simple && this.digits <= EXACT_DIGITS) {
      value = this.negative ? -this.integer : this.integer;
    } else {
      this.appendNumberText(chunk, this.numberStart, end);
      value = this.numberText.length > MAX_NUMBER_TEXT ? Number.NaN : Number(this.numberText);
    }
    this.handler.number(value);
    this.valueDone();
  }

  private appendNumberText(chunk: Uint8Array, start: number, end: number): void {
    if (this.numberText.length > MAX_NUMBER_TEXT) return;
    const length = Math.min(end - start, MAX_NUMBER_TEXT + 1 - this.numberText.length);
    this.numberText += String.fromCharCode(...chunk.subarray(start, start + length));
  }

  private fail(at: number, what: string): never {
    throw new ReportParseError(this.lineNumber, `not valid JSON at byte ${this.consumed + at}: ${what}`);
  }
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || ((c | 0x20) >= LOWER_A && (c | 0x20) <= LOWER_F);
}
