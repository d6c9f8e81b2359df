import type { LcovPart } from '../core/formats/lcov/lcovParts';

/** What lcovPartThread.ts is started with. */
export interface SecondPartData {
  /** The report's open file descriptor, shared with the thread that opened it. */
  readonly fd: number;
  /** The byte the thread starts reading at: the split is just past the first end_of_record line starting after it. */
  readonly from: number;
  readonly chunkBytes: number;
}

/** What lcovPartThread.ts posts: the split (undefined: none), then the part or why there is none. */
export type SecondPartMessage =
  | { readonly kind: 'split'; readonly at: number | undefined }
  | { readonly kind: 'part'; readonly part: LcovPart; readonly end: number }
  | { readonly kind: 'parseError'; readonly line: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly message: string };
