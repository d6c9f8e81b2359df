/** Slots of the tag-name cache; a power of two. Distinct names beyond it only cost a decode. */
const SLOTS = 256;

/**
 * A fixed-size cache from the bytes of a tag name to its decoded string, so the few names of
 * a report are decoded once each. Memory stays bounded whatever names the input uses.
 * Names given up front are returned as those very (internalized) strings and never evicted,
 * so a handler comparing with literals compares references.
 */
export class NameTable {
  private readonly keys: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
  private readonly names: string[] = new Array<string>(SLOTS).fill('');
  private readonly pinned = new Uint8Array(SLOTS);
  private readonly decoder = new TextDecoder();

  constructor(known: readonly string[] = []) {
    for (const name of known) {
      const bytes = encodedName(name);
      const slot = slotOf(bytes, 0, bytes.length);
      this.keys[slot] = bytes;
      this.names[slot] = name;
      this.pinned[slot] = 1;
    }
  }

  intern(buf: Uint8Array, start: number, end: number): string {
    const slot = slotOf(buf, start, end);
    const key = this.keys[slot];
    const length = end - start;
    if (key !== undefined && key.length === length) {
      let j = 0;
      while (j < length && key[j] === buf[start + j]) j++;
      if (j === length) return this.names[slot] as string;
    }
    const name = this.decoder.decode(buf.subarray(start, end));
    if (this.pinned[slot] === 0) {
      this.keys[slot] = buf.slice(start, end);
      this.names[slot] = name;
    }
    return name;
  }
}

/** The parsers' own tag names (never input), encoded once per process. */
const encodedNames = new Map<string, Uint8Array>();
const encoder = new TextEncoder();

function encodedName(name: string): Uint8Array {
  let bytes = encodedNames.get(name);
  if (bytes === undefined) {
    bytes = encoder.encode(name);
    encodedNames.set(name, bytes);
  }
  return bytes;
}

/** From the length and three bytes: cheap, and enough to tell a report's few names apart. */
function slotOf(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  const first = buf[start] as number;
  const middle = buf[start + (length >> 1)] as number;
  const last = buf[end - 1] as number;
  return (length * 37 + first * 7 + middle * 13 + last) & (SLOTS - 1);
}
