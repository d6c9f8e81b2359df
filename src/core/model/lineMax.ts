/** Up to this many pairs, the index fits beside a 32-bit line in a double's 53 bits. */
const PACKED_INDEX_LIMIT = 2 ** 21;
/** Up to this many pairs, an insertion sort in place beats allocating for a native sort. */
const INSERTION_SORT_LIMIT = 64;

/**
 * Collects (line, value) pairs in any order and gives each distinct line once with the highest
 * of its values: the line rule of formats whose lines are derived from several records
 * (Istanbul statements). Reusable: take() empties it.
 */
export class MaxPerLine {
  private lines = new Uint32Array(1024);
  private values = new Float64Array(1024);
  private length = 0;

  add(line: number, value: number): void {
    const i = this.length;
    if (i === this.lines.length) this.grow();
    this.lines[i] = line;
    this.values[i] = value;
    this.length = i + 1;
  }

  /** Distinct lines ascending with their highest value: views into scratch space, valid until the next add(). */
  take(): { lines: Uint32Array; values: Float64Array } {
    const n = this.length;
    this.length = 0;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = (this.lines[i] as number) >= (this.lines[i - 1] as number);
    if (!sorted) this.sort(n);
    const { lines, values } = this;
    let w = 0;
    for (let r = 0; r < n; r++) {
      const line = lines[r] as number;
      const value = values[r] as number;
      if (w > 0 && lines[w - 1] === line) {
        if (value > (values[w - 1] as number)) values[w - 1] = value;
      } else {
        lines[w] = line;
        values[w] = value;
        w++;
      }
    }
    return { lines: lines.subarray(0, w), values: values.subarray(0, w) };
  }

  private sort(n: number): void {
    if (n <= INSERTION_SORT_LIMIT) {
      const { lines, values } = this;
      for (let i = 1; i < n; i++) {
        const line = lines[i] as number;
        const value = values[i] as number;
        let j = i - 1;
        for (; j >= 0 && (lines[j] as number) > line; j--) {
          lines[j + 1] = lines[j] as number;
          values[j + 1] = values[j] as number;
        }
        lines[j + 1] = line;
        values[j + 1] = value;
      }
      return;
    }
    const lines = this.lines.slice(0, n);
    const values = this.values.slice(0, n);
    const order = new Uint32Array(n);
    if (n <= PACKED_INDEX_LIMIT) {
      const packed = new Float64Array(n);
      for (let i = 0; i < n; i++) packed[i] = (lines[i] as number) * PACKED_INDEX_LIMIT + i;
      packed.sort();
      for (let i = 0; i < n; i++) order[i] = (packed[i] as number) % PACKED_INDEX_LIMIT;
    } else {
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => (lines[a] as number) - (lines[b] as number));
    }
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      this.lines[k] = lines[i] as number;
      this.values[k] = values[i] as number;
    }
  }

  private grow(): void {
    const lines = new Uint32Array(this.lines.length * 2);
    const values = new Float64Array(this.values.length * 2);
    lines.set(this.lines);
    values.set(this.values);
    this.lines = lines;
    this.values = values;
  }
}
