/** Append-only typed arrays that double when full: the parsers' hot-path storage. */

/** Shared placeholders until the first write: never written to, never handed out (buffers get transferred). */
const EMPTY_UINT32 = new Uint32Array(0);
const EMPTY_FLOAT64 = new Float64Array(0);

export class GrowableUint32 {
  private data: Uint32Array = EMPTY_UINT32;
  length = 0;

  /** Nothing is allocated until the first push or append. */
  constructor(private readonly capacity = 64) {}

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The contents so far, without a copy: valid until the next push, append or take. */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }

  /** A copy trimmed to length. */
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }

  /** The contents, without a copy when the storage is exactly full; the growable is empty afterwards. */
  take(): Uint32Array {
    const taken = this.length === this.data.length && this.data !== EMPTY_UINT32 ? this.data : this.data.slice(0, this.length);
    this.data = EMPTY_UINT32;
    this.length = 0;
    return taken;
  }

  /** Appends all of `values` with at most one reallocation (an exact fit when still empty). */
  append(values: Uint32Array): void {
    const needed = this.length + values.length;
    if (needed > this.data.length) this.reallocate(this.length === 0 ? needed : Math.max(needed, this.data.length * 2));
    this.data.set(values, this.length);
    this.length = needed;
  }

  /** Makes room for `extra` more values at once. */
  reserve(extra: number): void {
    if (this.length + extra > this.data.length) this.reallocate(this.length + extra);
  }

  private grow(): void {
    this.reallocate(this.data.length === 0 ? Math.max(this.capacity, 1) : this.data.length * 2);
  }

  private reallocate(capacity: number): void {
    const next = new Uint32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

export class GrowableFloat64 {
  private data: Float64Array = EMPTY_FLOAT64;
  length = 0;

  /** Nothing is allocated until the first push or append. */
  constructor(private readonly capacity = 64) {}

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The contents so far, without a copy: valid until the next push, append or take. */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }

  /** The contents, without a copy when the storage is exactly full; the growable is empty afterwards. */
  take(): Float64Array {
    const taken = this.length === this.data.length && this.data !== EMPTY_FLOAT64 ? this.data : this.data.slice(0, this.length);
    this.data = EMPTY_FLOAT64;
    this.length = 0;
    return taken;
  }

  /** Appends all of `values` with at most one reallocation (an exact fit when still empty). */
  append(values: Float64Array): void {
    const needed = this.length + values.length;
    if (needed > this.data.length) this.reallocate(this.length === 0 ? needed : Math.max(needed, this.data.length * 2));
    this.data.set(values, this.length);
    this.length = needed;
  }

  private grow(): void {
    this.reallocate(this.data.length === 0 ? Math.max(this.capacity, 1) : this.data.length * 2);
  }

  private reallocate(capacity: number): void {
    const next = new Float64Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/**
 * array.subarray(0, length), kept while the array and length stay the same: a parser building
 * a million small files of the same shape makes one view, not a million.
 */
export class PrefixView<T extends Uint32Array | Float64Array> {
  private array: T | undefined;
  private view: T | undefined;

  of(array: T, length: number): T {
    if (this.array !== array || (this.view as T).length !== length) {
      this.array = array;
      this.view = array.subarray(0, length) as T;
    }
    return this.view as T;
  }
}
