import type { LcovPart } from '../core/formats/lcov/lcovParts';

/** A job for lcovPartThread.ts: read and parse the second part of one report. */
export interface SecondPartJob {
  readonly job: number;
  /** The report's open file descriptor, shared with the thread that opened it. */
  readonly fd: number;
  /** The byte the thread starts reading at: the split is just past the first end_of_record line starting after it. */
  readonly from: number;
  readonly chunkBytes: number;
  /** Int32Array over a SharedArrayBuffer: set to 1 to stop the job at its next chunk. */
  readonly stop: Int32Array;
}

/**
 * What lcovPartThread.ts posts for a job: the split when found, then exactly one end (`part`,
 * `parseError`, `failed`, or `none`: no split), after which it reads the descriptor no more.
 */
export type SecondPartMessage = { readonly job: number } & (
  | { readonly kind: 'split'; readonly at: number }
  | { readonly kind: 'part'; readonly part: LcovPart; readonly end: number }
  | { readonly kind: 'parseError'; readonly line: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'none' }
);
