import type { FileTableParts } from '../../model/fileTable';
import type { WarningListState } from '../warningList';

// A large LCOV report parsed in two parts at once: the bytes up to a split point by one
// LcovParser, the rest by another (a continuation, in another thread), then joined by the first
// as if it had read every byte (LcovParser.canJoin, finishJoined).

/** What a continuation parser read, as plain data another thread can post (buffers transferred). */
export interface LcovPart {
  readonly files: FileTableParts;
  readonly warnings: WarningListState;
  readonly checksums: Map<string, Map<number, string>> | undefined;
  readonly sawContent: boolean;
  readonly sawSF: boolean;
  /**
   * Whether a file the part read before its first TN record has a line hit: it read those under
   * the test name '', not knowing the name in force at the split (joined only when that is '').
   */
  readonly hitBeforeTN: boolean;
}

/**
 * The buffers an LcovPart holds, to transfer rather than copy when it is posted: each is the
 * parser's own, but for empty ones (a growable's shared empty array), which are left alone.
 */
export function lcovPartTransfers(part: LcovPart): ArrayBuffer[] {
  const { paths, rows, buffers, names } = part.files;
  const transfers = new Set<ArrayBuffer>();
  for (const buffer of [...buffers, paths.bytes.buffer, paths.starts.buffer, rows.buffer, names.ends.buffer, names.bytes.buffer]) {
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) transfers.add(buffer);
  }
  return [...transfers];
}

const END_LINE = new TextEncoder().encode('\nend_of_record');
const NL = 0x0a;
const CR = 0x0d;

/**
 * Finds where a report may be split: just past the first line `end_of_record` (exactly, LF or
 * CRLF) that starts at or after the first byte pushed. Every section is closed there and no
 * line is cut, so a continuation parser can start at that byte. Positions count from the first
 * byte pushed; push from the byte before the wanted start, so that a line starting there is seen.
 */
export class LcovSplitFinder {
  private carry = new Uint8Array(0);
  /** Bytes pushed before the current chunk. */
  private consumed = 0;

  /** The split's position once a chunk holds it, else -1. */
  push(chunk: Uint8Array): number {
    const window = new Uint8Array(this.carry.length + chunk.length);
    window.set(this.carry);
    window.set(chunk, this.carry.length);
    const windowStart = this.consumed - this.carry.length;
    this.consumed += chunk.length;
    let at = window.indexOf(NL);
    for (; at >= 0; at = window.indexOf(NL, at + 1)) {
      const after = at + END_LINE.length;
      if (after >= window.length) break;
      if (!startsWith(window, at, END_LINE)) continue;
      if (window[after] === NL) return windowStart + after + 1;
      if (window[after] !== CR) continue;
      if (after + 1 >= window.length) break;
      if (window[after + 1] === NL) return windowStart + after + 2;
    }
    const keep = at >= 0 ? at : Math.max(0, window.length - END_LINE.length - 1);
    this.carry = window.slice(keep);
    return -1;
  }
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
