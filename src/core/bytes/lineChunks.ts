import { NL } from './byteCodes';

/**
 * Turns byte chunks with arbitrary boundaries into runs of whole lines for a line-oriented
 * parser: `scan(bytes, start, end)` gets complete lines only (`end` is just past a newline).
 * A line split across chunks is carried over once, in a buffer that doubles as it grows, so even
 * a 10 MB line costs linear time.
 */
export class LineChunks {
  private carry = new Uint8Array(256);
  private carryLength = 0;

  constructor(private readonly scan: (bytes: Uint8Array, start: number, end: number) => void) {}

  push(chunk: Uint8Array): void {
    // A plain view: Buffer's subarray is slower, and one array class keeps byte reads monomorphic.
    if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const firstNl = chunk.indexOf(NL);
    if (firstNl < 0) {
      this.append(chunk, 0, chunk.length);
      return;
    }
    let pos = 0;
    if (this.carryLength > 0) {
      this.append(chunk, 0, firstNl + 1);
      this.scan(this.carry, 0, this.carryLength);
      this.carryLength = 0;
      pos = firstNl + 1;
    }
    const end = chunk.lastIndexOf(NL) + 1;
    if (pos < end) this.scan(chunk, pos, end);
    if (end < chunk.length) this.append(chunk, end, chunk.length);
  }

  /** Scans a last line that has no newline. */
  finish(): void {
    if (this.carryLength === 0) return;
    this.append(Uint8Array.of(NL), 0, 1);
    this.scan(this.carry, 0, this.carryLength);
    this.carryLength = 0;
  }

  private append(bytes: Uint8Array, start: number, end: number): void {
    const needed = this.carryLength + (end - start);
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(bytes.subarray(start, end), this.carryLength);
    this.carryLength = needed;
  }
}
