import { GrowingBytes } from './growingBytes';

/** Sections kept at most: the files of the visible editors, a handful. */
export const MAX_PRIORITY_SECTIONS = 16;
/** A section longer than this is left to the full parse (early marks are an optimisation). */
export const MAX_PRIORITY_SECTION_BYTES = 16 * 1024 * 1024;
/** A partial line longer than this (outside a kept section) is dropped, not carried on. */
const MAX_CARRY_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const SF = Buffer.from('SF:');
const SECTION_END = Buffer.from('\nend_of_record');
const NEXT_SECTION = Buffer.from('\nSF:');

export interface PrioritySection {
  /** The SF path as the report wrote it. */
  readonly reportPath: string;
  /** The section's bytes, from its SF line to its end_of_record line (included). */
  readonly bytes: Uint8Array;
}

/**
 * Finds, in an LCOV report streamed chunk by chunk, the sections whose SF path `wanted` accepts,
 * without parsing anything else: a search for `SF:` at line starts (a native byte search), so a
 * pass over 100 MiB costs about what reading it costs. Used to show the visible editors' files
 * before the whole report is parsed (worker/handlers.ts).
 */
export class LcovSectionFinder {
  private readonly found: PrioritySection[] = [];
  /**
   * Bytes after the last newline of the chunks before (a line not yet complete). A line that
   * spans many chunks costs time linear in its length (joining the carry with each chunk was
   * quadratic: a 200 MiB line in a wanted section took minutes).
   */
  private readonly carry = new GrowingBytes();
  /** The section being collected: its path and its bytes so far. */
  private open: { reportPath: string; parts: Buffer[]; bytes: number } | undefined;
  /** The carry was dropped: the next chunk starts inside a line. */
  private midLine = false;
  private copied = 0;

  constructor(private readonly wanted: (reportPath: string) => boolean) {}

  /** True once MAX_PRIORITY_SECTIONS are found: the caller may stop reading. */
  get full(): boolean {
    return this.found.length >= MAX_PRIORITY_SECTIONS;
  }

  /** The bytes copied so far (what the pass costs beyond the native searches): linear in the input. */
  get copiedBytes(): number {
    return this.copied + this.carry.copied;
  }

  /** The bytes held for the lines and the section not complete yet: at most MAX_PRIORITY_SECTION_BYTES. */
  get pendingBytes(): number {
    return this.carry.length + (this.open?.bytes ?? 0);
  }

  /** The caller may overwrite `chunk` after push returns. */
  push(chunk: Uint8Array): void {
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Only complete lines are looked at; the rest waits for the next chunk. The line the carry
    // began is completed and scanned on its own, so the chunk itself is never copied.
    const firstEnd = input.indexOf(NEWLINE) + 1;
    if (firstEnd === 0) {
      this.keep(input);
      return;
    }
    const lastEnd = input.lastIndexOf(NEWLINE) + 1;
    if (this.carry.length > 0 || this.midLine) {
      if (this.midLine) {
        this.midLine = false;
      } else {
        this.carry.append(input.subarray(0, firstEnd));
        this.scan(this.carry.bytes);
      }
      this.carry.clear();
      this.scan(input.subarray(firstEnd, lastEnd));
    } else {
      this.scan(input.subarray(0, lastEnd));
    }
    this.keep(input.subarray(lastEnd));
  }

  /**
   * Keeps (a copy of) the start or the next part of a line not complete yet, for the chunks that
   * follow; or drops the line once too long: longer than MAX_CARRY_BYTES when no section is open,
   * or one that would take the open section past MAX_PRIORITY_SECTION_BYTES (which then goes too:
   * the full parse has it).
   */
  private keep(rest: Buffer): void {
    if (rest.length === 0 || this.midLine) return;
    const open = this.open;
    const room = open === undefined ? MAX_CARRY_BYTES : MAX_PRIORITY_SECTION_BYTES - open.bytes;
    if (this.carry.length + rest.length <= room) {
      this.carry.append(rest);
      return;
    }
    if (open !== undefined) {
      // An SF line ends the open section before it (as collect() does); any other line is the section's, too long with it.
      const lineStart = Buffer.concat([this.carry.bytes.subarray(0, SF.length), rest.subarray(0, SF.length)]);
      if (startsWith(lineStart, 0, SF)) this.close();
      else this.open = undefined;
    }
    this.carry.clear();
    this.midLine = true;
  }

  private copy(bytes: Buffer): Buffer {
    this.copied += bytes.length;
    return Buffer.from(bytes);
  }

  /** The sections found, in report order (a section the report leaves open ends with it). */
  finish(): PrioritySection[] {
    if (this.open !== undefined) {
      this.open.parts.push(this.copy(this.carry.bytes));
      this.open.bytes += this.carry.length;
      this.close();
    }
    this.carry.clear();
    return this.found;
  }

  /** `lines` holds whole lines only (it is empty or ends with a newline). */
  private scan(lines: Buffer): void {
    let at = 0;
    while (at < lines.length && !this.full) {
      if (this.open !== undefined) {
        at = this.collect(lines, at);
        continue;
      }
      const start = this.nextSfLine(lines, at);
      if (start < 0) break;
      const lineEnd = lines.indexOf(NEWLINE, start);
      const reportPath = lines.toString('utf8', start + SF.length, lineEnd).replace(/\r$/, '').trim();
      if (reportPath !== '' && this.wanted(reportPath)) this.open = { reportPath, parts: [], bytes: 0 };
      at = this.open === undefined ? lineEnd + 1 : start;
    }
  }

  /** Where the next line starting with `SF:` begins, or -1 (`from` is a line start). */
  private nextSfLine(lines: Buffer, from: number): number {
    if (startsWith(lines, from, SF)) return from;
    const found = lines.indexOf(NEXT_SECTION, Math.max(0, from - 1));
    return found < 0 ? -1 : found + 1;
  }

  /** Adds to the open section up to its end (or the next SF line); returns where scanning goes on. */
  private collect(lines: Buffer, at: number): number {
    const open = this.open as NonNullable<typeof this.open>;
    let stop: number;
    let ended = true;
    if (open.bytes > 0 && startsWith(lines, at, SECTION_END.subarray(1))) {
      stop = lines.indexOf(NEWLINE, at) + 1;
    } else if (open.bytes > 0 && startsWith(lines, at, SF)) {
      stop = at;
    } else {
      // The section's own SF line is never its end: search after it.
      const searchFrom = open.bytes === 0 ? lines.indexOf(NEWLINE, at) : at;
      const endRecord = lines.indexOf(SECTION_END, searchFrom);
      const nextSection = lines.indexOf(NEXT_SECTION, searchFrom);
      if (endRecord >= 0 && (nextSection < 0 || endRecord < nextSection)) stop = lines.indexOf(NEWLINE, endRecord + 1) + 1;
      else if (nextSection >= 0) stop = nextSection + 1;
      else {
        stop = lines.length;
        ended = false;
      }
    }
    const part = lines.subarray(at, stop);
    open.parts.push(this.copy(part));
    open.bytes += part.length;
    if (open.bytes > MAX_PRIORITY_SECTION_BYTES) this.open = undefined;
    else if (ended) this.close();
    return stop;
  }

  private close(): void {
    const open = this.open;
    this.open = undefined;
    if (open === undefined) return;
    const bytes = Buffer.concat(open.parts);
    this.copied += bytes.length;
    this.found.push({ reportPath: open.reportPath, bytes });
  }
}

function startsWith(buffer: Buffer, at: number, token: Buffer): boolean {
  return buffer.length - at >= token.length && buffer.compare(token, 0, token.length, at, at + token.length) === 0;
}

/** The last segment of a path written with `/` or `\`. */
export function baseName(filePath: string): string {
  return filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
}
