import { ReportParseError } from '../model/model';
import { XmlAttributes } from './attributes';
import { AMP, APOS, BANG, DASH, EQ, GT, LSQB, LT, NL, QUESTION, QUOT, RSQB, SLASH } from '../bytes/byteCodes';
import { CHAR_CLASS, NAME_CHAR, NAME_START, VALUE_SPECIAL, WHITESPACE } from './chars';
import { CapturedText } from './capturedText';
import { referenceLength } from './entities';
import {
  CDATA,
  CDATA_OPEN,
  COMMENT,
  COMMENT_OPEN,
  describePending,
  DOCTYPE_OPEN,
  ENTITY_OPEN,
  MATCH,
  NEED_MORE,
  NONE,
  openQuote,
  PI,
  PREFIX,
  prefixMatch,
  printable,
  repeatedAttribute,
  TAG,
} from './markup';
import { NameTable } from './names';

/** Receives the tags of a document in order. `line` is the 1-based line of the tag's `<`. */
export interface XmlHandler {
  openTag(name: string, attributes: XmlAttributes, line: number): void;
  /** A self-closing `<name …/>`: no closeTag follows. */
  emptyTag(name: string, attributes: XmlAttributes, line: number): void;
  closeTag(name: string, line: number): void;
}

export interface XmlLimits {
  /** Open elements at once. */
  readonly maxDepth: number;
  /** Bytes of one tag (or DOCTYPE), and of one captured text. */
  readonly maxTagBytes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxTagBytes: 1024 * 1024 };

/**
 * A streaming XML tag scanner: bytes in with any chunk boundaries, tag events out. No tree,
 * no entity expansion beyond the five predefined entities and character references in
 * attribute values, no DTD processing: an external DOCTYPE is skipped (never fetched), an
 * internal subset is an error. Text, comments, CDATA and processing instructions are skipped
 * (text can be captured on request). Checks well-formedness of tags and their nesting.
 */
export class XmlScanner {
  private line = 1;
  private pending = NONE;
  private carry = new Uint8Array(256);
  private carryLength = 0;
  /** Quote byte open at the end of a carried TAG, or 0. */
  private quote = 0;
  /** Terminator bytes already seen of a skipped construct (`-`/`]`/`?` before `>`). */
  private skipMatched = 0;
  private readonly stack: string[] = [];
  private readonly stackLines: number[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private doctypeSeen = false;
  private capturing = false;
  private readonly captured: CapturedText;
  private readonly attributes = new XmlAttributes();
  private readonly names: NameTable;

  /** `knownNames`: the tag names the handler compares with (see NameTable). */
  constructor(
    private readonly handler: XmlHandler,
    private readonly limits: XmlLimits = DEFAULT_XML_LIMITS,
    knownNames: readonly string[] = [],
  ) {
    this.names = new NameTable(knownNames);
    this.captured = new CapturedText(limits.maxTagBytes);
  }

  push(chunk: Uint8Array): void {
    // A plain view: one array class keeps byte reads monomorphic.
    if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const end = chunk.length;
    let pos = 0;
    while (this.pending !== NONE) {
      if (pos === end) return;
      pos = this.resume(chunk, pos, end);
    }
    this.scan(chunk, pos, end);
  }

  /** Checks that the document is complete: a closed root element, nothing cut off. */
  finish(): void {
    if (this.pending !== NONE) {
      throw new ReportParseError(this.line, `unexpected end of input inside ${describePending(this.pending)}`);
    }
    const open = this.stack.length;
    if (open > 0) {
      const name = this.stack[open - 1] as string;
      throw new ReportParseError(this.line, `unexpected end of input: <${name}> opened on line ${this.stackLines[open - 1] as number} is not closed`);
    }
    if (!this.rootSeen) throw new ReportParseError(0, 'no XML element found');
  }

  /** From an openTag call: collect the element's text up to its next tag, for takeText(). */
  captureText(): void {
    this.capturing = true;
    this.captured.clear();
  }

  /** The captured text, references decoded, surrounding whitespace trimmed. */
  takeText(line: number): string {
    return this.captured.take(line);
  }

  private scan(buf: Uint8Array, pos: number, end: number): void {
    while (pos < end) {
      let c = buf[pos] as number;
      if (c !== LT) {
        if (this.capturing) {
          pos = this.captureRun(buf, pos, end);
        } else {
          let line = this.line;
          for (;;) {
            if (c === NL) line++;
            if (++pos === end) break;
            c = buf[pos] as number;
            if (c === LT) break;
          }
          this.line = line;
        }
        if (pos === end) return;
      }
      pos = this.markup(buf, pos, end);
      if (pos < 0) return;
    }
  }

  /** Continues the construct left unfinished by the previous chunk. Returns where scanning goes on. */
  private resume(chunk: Uint8Array, pos: number, end: number): number {
    switch (this.pending) {
      case PREFIX:
        this.appendCarry(chunk, pos, pos + 1);
        this.pending = NONE;
        if (this.markup(this.carry, 0, this.carryLength) >= 0) this.carryLength = 0;
        return pos + 1;
      case TAG:
        return this.resumeTag(chunk, pos, end);
      default: {
        const next = this.skipUntil(this.pending, chunk, pos, end);
        return next < 0 ? end : next;
      }
    }
  }

  private resumeTag(chunk: Uint8Array, pos: number, end: number): number {
    let q = this.quote;
    let p = pos;
    for (; p < end; p++) {
      const c = chunk[p] as number;
      if (q !== 0) {
        if (c === q) q = 0;
      } else if (c === QUOT || c === APOS) q = c;
      else if (c === GT) break;
    }
    const stop = p < end ? p + 1 : end;
    if (this.carryLength + (stop - pos) > this.limits.maxTagBytes) throw this.tooLong(this.line);
    this.appendCarry(chunk, pos, stop);
    if (p === end) {
      this.quote = q;
      return end;
    }
    this.pending = NONE;
    const length = this.carryLength;
    if (this.markup(this.carry, 0, length) !== length) throw new ReportParseError(this.line, 'malformed tag');
    this.carryLength = 0;
    return stop;
  }

  /** At a `<`: one construct. Returns the position after it, or -1 when the buffer ends first. */
  private markup(buf: Uint8Array, pos: number, end: number): number {
    if (pos + 1 >= end) return this.suspend(PREFIX, buf, pos, end);
    const c = buf[pos + 1] as number;
    if (c === SLASH) return this.closeTag(buf, pos, end);
    if (c === BANG) return this.bang(buf, pos, end);
    if (c === QUESTION) {
      this.skipMatched = 0;
      return this.skipUntil(PI, buf, pos + 2, end);
    }
    return this.openTag(buf, pos, end);
  }

  private openTag(buf: Uint8Array, start: number, end: number): number {
    let p = start + 1;
    let c = buf[p] as number;
    if (((CHAR_CLASS[c] as number) & NAME_START) === 0) throw this.malformed(this.line, buf, start, end);
    while (((CHAR_CLASS[c] as number) & NAME_CHAR) !== 0) {
      if (++p === end) return this.suspend(TAG, buf, start, end);
      c = buf[p] as number;
    }
    const nameEnd = p;
    const lastByte = start + this.limits.maxTagBytes;
    const attributes = this.attributes;
    attributes.reset(buf);
    let line = this.line;
    let empty = false;
    for (;;) {
      let spaced = false;
      while (((CHAR_CLASS[c] as number) & WHITESPACE) !== 0) {
        if (c === NL) line++;
        spaced = true;
        if (++p === end) return this.suspend(TAG, buf, start, end);
        c = buf[p] as number;
      }
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (p + 1 === end) return this.suspend(TAG, buf, start, end);
        if (buf[p + 1] !== GT) throw this.malformed(line, buf, start, end);
        empty = true;
        p += 2;
        break;
      }
      if (!spaced || ((CHAR_CLASS[c] as number) & NAME_START) === 0) throw this.malformed(line, buf, start, end);
      const attributeStart = p;
      while (((CHAR_CLASS[c] as number) & NAME_CHAR) !== 0) {
        if (++p === end) return this.suspend(TAG, buf, start, end);
        c = buf[p] as number;
      }
      const attributeEnd = p;
      while (((CHAR_CLASS[c] as number) & WHITESPACE) !== 0) {
        if (c === NL) line++;
        if (++p === end) return this.suspend(TAG, buf, start, end);
        c = buf[p] as number;
      }
      if (c !== EQ) throw this.malformed(line, buf, start, end);
      do {
        if (++p === end) return this.suspend(TAG, buf, start, end);
        c = buf[p] as number;
        if (c === NL) line++;
      } while (((CHAR_CLASS[c] as number) & WHITESPACE) !== 0);
      if (c !== QUOT && c !== APOS) throw this.malformed(line, buf, start, end);
      const quote = c;
      const valueStart = p + 1;
      let references = false;
      for (;;) {
        if (++p === end) return this.suspend(TAG, buf, start, end);
        c = buf[p] as number;
        if (((CHAR_CLASS[c] as number) & VALUE_SPECIAL) === 0) continue;
        if (c === quote) break;
        if (c === LT) throw new ReportParseError(line, '`<` inside an attribute value');
        if (c === AMP) {
          const length = referenceLength(buf, p, end, line);
          if (length < 0) return this.suspend(TAG, buf, start, end);
          references = true;
          p += length - 1;
        } else if (c === NL) line++;
      }
      if (!attributes.add(attributeStart, attributeEnd, valueStart, p, references)) throw repeatedAttribute(line, buf, attributeStart, attributeEnd);
      if (p > lastByte) throw this.tooLong(this.line);
      if (++p === end) return this.suspend(TAG, buf, start, end);
      c = buf[p] as number;
    }
    if (p > lastByte) throw this.tooLong(this.line);
    const name = this.names.intern(buf, start + 1, nameEnd);
    const tagLine = this.line;
    this.line = line;
    this.capturing = false;
    if (this.rootClosed) throw new ReportParseError(tagLine, `<${name}> after the end of the root element`);
    this.rootSeen = true;
    attributes.line = tagLine;
    if (empty) {
      if (this.stack.length === 0) this.rootClosed = true;
      this.handler.emptyTag(name, attributes, tagLine);
    } else {
      if (this.stack.length >= this.limits.maxDepth) {
        throw new ReportParseError(tagLine, `elements nested deeper than ${this.limits.maxDepth} levels`);
      }
      this.stack.push(name);
      this.stackLines.push(tagLine);
      this.handler.openTag(name, attributes, tagLine);
    }
    return p;
  }

  private closeTag(buf: Uint8Array, start: number, end: number): number {
    let p = start + 2;
    if (p === end) return this.suspend(TAG, buf, start, end);
    let c = buf[p] as number;
    if (((CHAR_CLASS[c] as number) & NAME_START) === 0) throw this.malformed(this.line, buf, start, end);
    while (((CHAR_CLASS[c] as number) & NAME_CHAR) !== 0) {
      if (++p === end) return this.suspend(TAG, buf, start, end);
      c = buf[p] as number;
    }
    const nameEnd = p;
    let line = this.line;
    while (((CHAR_CLASS[c] as number) & WHITESPACE) !== 0) {
      if (c === NL) line++;
      if (++p === end) return this.suspend(TAG, buf, start, end);
      c = buf[p] as number;
    }
    if (c !== GT) throw this.malformed(line, buf, start, end);
    if (p - start > this.limits.maxTagBytes) throw this.tooLong(this.line);
    const name = this.names.intern(buf, start + 2, nameEnd);
    const depth = this.stack.length;
    if (depth === 0) throw new ReportParseError(this.line, `</${name}> without an open element`);
    const open = this.stack[depth - 1] as string;
    if (open !== name) {
      throw new ReportParseError(this.line, `</${name}> does not close <${open}> opened on line ${this.stackLines[depth - 1] as number}`);
    }
    this.stack.pop();
    this.stackLines.pop();
    if (depth === 1) this.rootClosed = true;
    const tagLine = this.line;
    this.line = line;
    this.capturing = false;
    this.handler.closeTag(name, tagLine);
    return p + 1;
  }

  /** `<!--`, `<![CDATA[`, `<!DOCTYPE`; anything else after `<!` (`<!ENTITY`, …) is an error. */
  private bang(buf: Uint8Array, pos: number, end: number): number {
    const comment = prefixMatch(buf, pos, end, COMMENT_OPEN);
    if (comment === MATCH) {
      this.skipMatched = 0;
      return this.skipUntil(COMMENT, buf, pos + COMMENT_OPEN.length, end);
    }
    const cdata = prefixMatch(buf, pos, end, CDATA_OPEN);
    if (cdata === MATCH) {
      this.skipMatched = 0;
      return this.skipUntil(CDATA, buf, pos + CDATA_OPEN.length, end);
    }
    const doctype = prefixMatch(buf, pos, end, DOCTYPE_OPEN);
    if (doctype === MATCH) return this.doctype(buf, pos, end);
    if (comment === NEED_MORE || cdata === NEED_MORE || doctype === NEED_MORE) return this.suspend(PREFIX, buf, pos, end);
    if (prefixMatch(buf, pos, end, ENTITY_OPEN) === MATCH) {
      throw new ReportParseError(this.line, 'entity declarations are not allowed');
    }
    throw this.malformed(this.line, buf, pos, end);
  }

  /**
   * An external DOCTYPE (`SYSTEM "…"`, `PUBLIC "…" "…"`) is skipped and never fetched. An
   * internal subset (`[ … ]`), where entities would be declared, is refused unless it is empty
   * (only whitespace between the brackets, as Pester writes `"report.dtd"[]>`).
   */
  private doctype(buf: Uint8Array, start: number, end: number): number {
    if (this.rootSeen || this.doctypeSeen) throw new ReportParseError(this.line, 'misplaced DOCTYPE');
    let line = this.line;
    let quote = 0;
    const limit = Math.min(end, start + this.limits.maxTagBytes);
    for (let p = start + DOCTYPE_OPEN.length; p < limit; p++) {
      const c = buf[p] as number;
      if (c === NL) line++;
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === QUOT || c === APOS) quote = c;
      else if (c === GT) {
        this.doctypeSeen = true;
        this.line = line;
        return p + 1;
      } else if (c === LSQB) {
        // Only `[`, whitespace, `]`, whitespace, `>` may follow: an empty subset declares nothing.
        let q = p + 1;
        let subsetLine = line;
        let closed = false;
        for (; q < limit; q++) {
          const d = buf[q] as number;
          if (d === NL) subsetLine++;
          if (d === RSQB && !closed) closed = true;
          else if (d === GT && closed) {
            this.doctypeSeen = true;
            this.line = subsetLine;
            return q + 1;
          } else if (((CHAR_CLASS[d] as number) & WHITESPACE) === 0) {
            if (closed) throw this.malformed(line, buf, start, end);
            throw new ReportParseError(line, 'DOCTYPE with an internal subset is not allowed (entities are never declared or expanded)');
          }
        }
        break;
      } else if (c === LT) throw this.malformed(line, buf, start, end);
    }
    if (limit < end) throw this.tooLong(this.line);
    return this.suspend(TAG, buf, start, end);
  }

  /** Skips to the end of a comment, CDATA section or processing instruction; -1 when the buffer ends first. */
  private skipUntil(kind: number, buf: Uint8Array, p: number, end: number): number {
    const repeated = kind === COMMENT ? DASH : kind === CDATA ? RSQB : QUESTION;
    const needed = kind === PI ? 1 : 2;
    let matched = this.skipMatched;
    let line = this.line;
    for (; p < end; p++) {
      const c = buf[p] as number;
      if (c === repeated) {
        if (matched < needed) matched++;
      } else if (c === GT && matched === needed) {
        this.line = line;
        this.skipMatched = 0;
        this.pending = NONE;
        return p + 1;
      } else {
        if (c === NL) line++;
        matched = 0;
      }
    }
    this.line = line;
    this.skipMatched = matched;
    this.pending = kind;
    this.carryLength = 0;
    return -1;
  }

  /** Keeps what is needed to finish the construct at `start` with the next chunk. Returns -1. */
  private suspend(kind: number, buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > this.limits.maxTagBytes) throw this.tooLong(this.line);
    this.pending = kind;
    if (buf === this.carry) {
      if (start > 0) this.carry.copyWithin(0, start, end);
      this.carryLength = length;
    } else {
      this.carryLength = 0;
      this.appendCarry(buf, start, end);
    }
    if (kind === TAG) this.quote = openQuote(this.carry, 0, length);
    return -1;
  }

  private captureRun(buf: Uint8Array, pos: number, end: number): number {
    let p = pos;
    let line = this.line;
    while (p < end && buf[p] !== LT) {
      if (buf[p] === NL) line++;
      p++;
    }
    this.line = line;
    this.captured.append(buf, pos, p, line);
    return p;
  }

  private appendCarry(bytes: Uint8Array, start: number, end: number): void {
    const needed = this.carryLength + (end - start);
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(bytes.subarray(start, end), this.carryLength);
    this.carryLength = needed;
  }

  private tooLong(line: number): ReportParseError {
    return new ReportParseError(line, `tag longer than ${this.limits.maxTagBytes} bytes`);
  }

  private malformed(line: number, buf: Uint8Array, start: number, end: number): ReportParseError {
    return new ReportParseError(line, `malformed markup: ${printable(buf, start, Math.min(end, start + 40))}`);
  }
}
