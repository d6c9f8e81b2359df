import { asciiString, equalsString } from './lcovBytes';

/** Longest text decode() builds itself (String.fromCharCode.apply takes one argument per byte). */
const MAX_FAST_DECODE = 256;
const MAX_CACHED_NAME = 128;
const NAME_CACHE_SIZE = 1024;

/** The LCOV parser's text: UTF-8 as TextDecoder decodes it, and names that repeat kept once. */
export class LcovText {
  private readonly decoder = new TextDecoder('utf-8');
  /** name()'s cache: ASCII names by a hash of their bytes. */
  private readonly names = new Array<string>(NAME_CACHE_SIZE).fill('');
  private readonly nameHashes = new Int32Array(NAME_CACHE_SIZE);

  /** UTF-8 as TextDecoder decodes it; short ASCII text without the call into the decoder. */
  decode(buf: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_FAST_DECODE) return this.decoder.decode(buf.subarray(start, end));
    for (let i = start; i < end; i++) if ((buf[i] as number) >= 0x80) return this.decoder.decode(buf.subarray(start, end));
    return asciiString(buf, start, end);
  }

  /**
   * decode() for names that repeat (functions, tests, branch labels): a small cache by content
   * hands back the same string for the same bytes, which also keeps one copy of each.
   */
  name(buf: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_CACHED_NAME) return this.decode(buf, start, end);
    let hash = end - start;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 0x80) return this.decoder.decode(buf.subarray(start, end));
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const slot = (hash ^ (hash >>> 13)) & (NAME_CACHE_SIZE - 1);
    if (this.nameHashes[slot] === hash) {
      const cached = this.names[slot] as string;
      if (equalsString(buf, start, end, cached)) return cached;
    }
    const name = asciiString(buf, start, end);
    this.names[slot] = name;
    this.nameHashes[slot] = hash;
    return name;
  }

  /** A record key as the warnings name it (at most 32 bytes). */
  keyName(buf: Uint8Array, start: number, end: number): string {
    return this.decoder.decode(buf.subarray(start, Math.min(end, start + 32)));
  }
}
