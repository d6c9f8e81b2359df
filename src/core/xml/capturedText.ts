import { ReportParseError } from '../model/model';
import { decodeReferences } from './entities';

/** An element's text, collected for the handler (XmlScanner.captureText) up to `maxBytes`. */
export class CapturedText {
  private text = new Uint8Array(0);
  private length = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxBytes: number) {}

  clear(): void {
    this.length = 0;
  }

  /** Appends buf[start, end); `line` is where the text has reached, for the error when it is too long. */
  append(buf: Uint8Array, start: number, end: number, line: number): void {
    const needed = this.length + (end - start);
    if (needed > this.maxBytes) throw new ReportParseError(line, `text longer than ${this.maxBytes} bytes`);
    if (needed > this.text.length) {
      const grown = new Uint8Array(Math.max(needed, this.text.length * 2, 64));
      grown.set(this.text.subarray(0, this.length));
      this.text = grown;
    }
    this.text.set(buf.subarray(start, end), this.length);
    this.length = needed;
  }

  /** The text, references decoded, surrounding whitespace trimmed; empties the buffer. */
  take(line: number): string {
    const raw = this.decoder.decode(this.text.subarray(0, this.length));
    this.length = 0;
    return decodeReferences(raw, line).trim();
  }
}
