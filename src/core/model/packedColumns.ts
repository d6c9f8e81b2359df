/**
 * Columns of a built file's numbers stored as narrowly as their values allow, in slabs shared
 * by the files of one report. A report's model is written once and read a file at a time (when
 * an editor shows it), so writing less memory is what makes a large report cheap: most line
 * numbers fit 16 bits and most counts 8 or 16.
 *
 * A width is chosen per column of each file: u8, u16, u32 or f64. Whole-number columns (lines,
 * block and branch ids) take the narrowest that holds their largest value. Count columns (hits,
 * taken) hold whole numbers and -1 (UNKNOWN_HITS, NEVER_EVALUATED): narrow, the all-ones value
 * stands for -1; any other value (a fraction, -0, a count of 2^32 - 1 or more) keeps f64.
 */

export const ColumnWidth = { U8: 0, U16: 1, U32: 2, F64: 3 } as const;
export type ColumnWidth = (typeof ColumnWidth)[keyof typeof ColumnWidth];

const ALL_ONES: readonly number[] = [0xff, 0xffff, 0xffffffff];

/** One buffer seen at every width; a column at byte offset `o` of width w starts at index o / 2 ** w. */
export interface Slab {
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array<ArrayBuffer>;
  readonly u16: Uint16Array<ArrayBuffer>;
  readonly u32: Uint32Array<ArrayBuffer>;
  readonly f64: Float64Array<ArrayBuffer>;
}

function slabOf(buffer: ArrayBuffer): Slab {
  const bytes = buffer.byteLength;
  return { buffer, u8: new Uint8Array(buffer), u16: new Uint16Array(buffer, 0, bytes >>> 1), u32: new Uint32Array(buffer, 0, bytes >>> 2), f64: new Float64Array(buffer, 0, bytes >>> 3) };
}

/**
 * Hands out 8-byte-aligned ranges of shared slabs, so that the many small files of one report
 * cost a few ArrayBuffers instead of one each (an ArrayBuffer is a costly allocation, and
 * typed-array views of every file would cost more heap than their numbers). Files built into one
 * arena share buffers: their arrays must be copied, never transferred.
 */
export class BufferArena {
  private slab: Slab | undefined;
  private used = 0;
  /** Slabs start small (a small report gets a small one) and double up to maxSlabBytes. */
  private nextSlabBytes = 16 * 1024;

  constructor(private readonly maxSlabBytes = 1024 * 1024) {}

  /** The slab of the last allocate(). */
  lastSlab: Slab | undefined;

  /**
   * A byte offset with `bytes` free bytes in a slab, then in lastSlab (no object per call: a
   * report of a million files calls this a million times); large requests get a slab of their own.
   */
  allocate(bytes: number): number {
    if (bytes > this.maxSlabBytes >>> 3) {
      this.lastSlab = slabOf(new ArrayBuffer(bytes));
      return 0;
    }
    if (this.slab === undefined || this.used + bytes > this.slab.u8.length) {
      this.slab = slabOf(new ArrayBuffer(Math.max(this.nextSlabBytes, bytes)));
      this.nextSlabBytes = Math.min(this.nextSlabBytes * 2, this.maxSlabBytes);
      this.used = 0;
    }
    const offset = this.used;
    this.used += (bytes + 7) & ~7;
    this.lastSlab = this.slab;
    return offset;
  }

  /** Forgets every allocation: the next allocate() reuses the current slab from its start (scratch use only). */
  reset(): void {
    this.used = 0;
  }

  /** A slab of exactly `bytes` for one file (no arena given). */
  static own(bytes: number): { slab: Slab; offset: number } {
    return { slab: slabOf(new ArrayBuffer(bytes)), offset: 0 };
  }
}

/** The narrowest width holding every value of an unsigned column. */
export function uintWidth(values: Uint32Array): ColumnWidth {
  let bits = 0;
  for (let i = 0; i < values.length; i++) bits |= values[i] as number;
  const max = bits >>> 0;
  return max <= 0xff ? ColumnWidth.U8 : max <= 0xffff ? ColumnWidth.U16 : ColumnWidth.U32;
}

/** The narrowest width holding every value of a count column (see the file comment). */
export function countWidth(values: Float64Array): ColumnWidth {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v >>> 0 !== v) {
      if (v !== -1) return ColumnWidth.F64;
    } else if (v > max) max = v;
    else if (v === 0 && 1 / v < 0) return ColumnWidth.F64;
  }
  return max < 0xff ? ColumnWidth.U8 : max < 0xffff ? ColumnWidth.U16 : max < 0xffffffff ? ColumnWidth.U32 : ColumnWidth.F64;
}

/** Writes a count column at byte `offset` (aligned for its width); -1 becomes the all-ones value when narrow. */
export function writeCountColumn(slab: Slab, offset: number, width: ColumnWidth, values: Float64Array): void {
  if (values.length === 0) return;
  // TypedArray#set converts doubles element by element through a slow generic path.
  if (width === ColumnWidth.U8) countsToU8(slab.u8, offset, values);
  else if (width === ColumnWidth.U16) countsToU16(slab.u16, offset >>> 1, values);
  else if (width === ColumnWidth.U32) countsToU32(slab.u32, offset >>> 2, values);
  else slab.f64.set(values, offset >>> 3);
}

/** Writes an unsigned column at byte `offset` (aligned for its width, which holds every value). */
export function writeUintColumn(slab: Slab, offset: number, width: ColumnWidth, values: Uint32Array): void {
  if (values.length === 0) return;
  if (width === ColumnWidth.U8) slab.u8.set(values, offset);
  else if (width === ColumnWidth.U16) slab.u16.set(values, offset >>> 1);
  else slab.u32.set(values, offset >>> 2);
}

// Counts into a narrower array from index `at` (-1 wraps to all ones, as a typed array stores it).
// One function per target type: a store site that sees all three is megamorphic, several times slower.

function countsToU8(target: Uint8Array, at: number, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) target[at + i] = values[i] as number;
}

function countsToU16(target: Uint16Array, at: number, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) target[at + i] = values[i] as number;
}

function countsToU32(target: Uint32Array, at: number, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) target[at + i] = values[i] as number;
}

/** A stored unsigned column's values into `out` (u8, u16 or u32 storage). */
export function readUintColumn(buffer: ArrayBuffer, offset: number, width: ColumnWidth, out: Uint32Array): void {
  const n = out.length;
  if (n === 0) return;
  if (width === ColumnWidth.U8) out.set(new Uint8Array(buffer, offset, n));
  else if (width === ColumnWidth.U16) out.set(new Uint16Array(buffer, offset, n));
  else out.set(new Uint32Array(buffer, offset, n));
}

/** A stored count column's values into `out`, the all-ones value back to -1. */
export function readCountColumn(buffer: ArrayBuffer, offset: number, width: ColumnWidth, out: Float64Array): void {
  const n = out.length;
  if (n === 0) return;
  if (width === ColumnWidth.F64) {
    out.set(new Float64Array(buffer, offset, n));
    return;
  }
  const stored = width === ColumnWidth.U8 ? new Uint8Array(buffer, offset, n) : width === ColumnWidth.U16 ? new Uint16Array(buffer, offset, n) : new Uint32Array(buffer, offset, n);
  out.set(stored);
  const unknown = ALL_ONES[width] as number;
  for (let i = 0; i < n; i++) if (out[i] === unknown) out[i] = -1;
}
