/** nextHits' marks: a needle not searched for in this data yet, and one with no hit left in it. */
const NOT_SEARCHED = -1;
const NONE_LEFT = Number.MAX_SAFE_INTEGER;

/**
 * The first hit of any of several byte strings in a buffer, searched forward with the native
 * search. Each string's next hit is remembered, so one pass is linear however the hits of the
 * strings interleave (searching every string again from each hit would go over the same bytes
 * once per hit).
 */
export class NeedleSearch {
  private readonly nextHits: number[];
  private data: Buffer = Buffer.alloc(0);

  constructor(readonly needles: readonly Buffer[]) {
    this.nextHits = needles.map(() => NOT_SEARCHED);
  }

  /** The longest needle's length (0 for none). */
  get longest(): number {
    return this.needles.reduce((longest, needle) => Math.max(longest, needle.length), 0);
  }

  /** Searches `data` from now on. */
  reset(data: Buffer): void {
    this.data = data;
    this.nextHits.fill(NOT_SEARCHED);
  }

  /** The first hit at or after `from`, or undefined; `from` never goes back between calls. */
  next(from: number): { at: number; needle: Buffer } | undefined {
    let best: { at: number; needle: Buffer } | undefined;
    for (let i = 0; i < this.needles.length; i++) {
      const needle = this.needles[i] as Buffer;
      let hit = this.nextHits[i] as number;
      if (hit < from) {
        hit = this.data.indexOf(needle, from);
        if (hit < 0) hit = NONE_LEFT;
        this.nextHits[i] = hit;
      }
      if (hit !== NONE_LEFT && (best === undefined || hit < best.at)) best = { at: hit, needle };
    }
    return best;
  }
}
