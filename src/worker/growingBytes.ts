/**
 * Bytes appended piece by piece to one buffer that doubles when full: each byte is copied a
 * bounded number of times however many pieces a long line or record comes in (joining what was
 * kept with every new piece copies it again each time: quadratic).
 */
export class GrowingBytes {
  private buffer = Buffer.alloc(0);
  private used = 0;
  private copiedBytes = 0;

  get length(): number {
    return this.used;
  }

  /** Every byte copied so far, by appends and by growing: less than three times what was appended. */
  get copied(): number {
    return this.copiedBytes;
  }

  /** Copies `bytes` in (the caller may overwrite them after). */
  append(bytes: Uint8Array): void {
    const needed = this.used + bytes.length;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2, 256));
      this.buffer.copy(grown, 0, 0, this.used);
      this.copiedBytes += this.used;
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.used);
    this.used = needed;
    this.copiedBytes += bytes.length;
  }

  /** The bytes appended since the last clear (a view: valid until the next append or clear). */
  get bytes(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  /** Forgets the bytes and lets go of the buffer. */
  clear(): void {
    this.buffer = Buffer.alloc(0);
    this.used = 0;
  }
}
