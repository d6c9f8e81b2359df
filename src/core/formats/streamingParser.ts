import type { CoverageReport } from '../model/model';

/** A streaming parser: bytes in, in any chunking; the model out. */
export interface StreamingParser {
  /** The caller may overwrite `chunk` after push returns: copy any bytes needed later. */
  push(chunk: Uint8Array): void;
  finish(): CoverageReport;
}
