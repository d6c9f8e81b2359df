import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { looksComplete } from '../core/formats/completeness';
import { detectFormat, UnknownFormatError } from '../core/formats/detect';
import { type CoverageFormat, type CoverageReport, ReportParseError } from '../core/model/model';
import { createParser } from '../core/formats/parsers';
import type { StreamingParser } from '../core/formats/streamingParser';
import { openReportFile, ReportAccessError } from './openReport';

const CHUNK_BYTES = 1 << 20;
/** A read that returns nothing for this long is abandoned (a hung network or FUSE mount). */
export const READ_STALL_MS = 30_000;

export class ReportTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`report is ${mib(size)} MiB, over the limit of ${mib(maxBytes)} MiB (setting coverageSentinel.maxReportSizeMB)`);
  }
}

export interface ReadResult {
  readonly report: CoverageReport;
  readonly contentHash: string;
  /** False when the report seems cut short (still being written). */
  readonly complete: boolean;
}

export interface ReadLimits {
  readonly maxBytes: number;
  /** The report is read only when its real path is inside one of these; undefined: anywhere. */
  readonly workspaceFolders: readonly string[] | undefined;
  /** Defaults to READ_STALL_MS. */
  readonly stallMs?: number;
}

const TAIL_BYTES = 64;

/**
 * Streams a report from disk once: only a regular file (inside the workspace folders, when
 * given) is opened, the size cap is checked before reading, the content is hashed and parsed
 * chunk by chunk, and the format is detected from the first chunk. A read that makes no
 * progress for `stallMs` is abandoned with a ReportAccessError (`stalled`).
 * `cachedByHash` lets the caller skip parsing when it already holds this content.
 */
export async function readReport(file: string, limits: ReadLimits, cachedByHash: (hash: string) => CoverageReport | undefined): Promise<ReadResult> {
  const { maxBytes } = limits;
  const handle = await openReportFile(file, limits.workspaceFolders);
  const read = guardedReads(handle, limits.stallMs ?? READ_STALL_MS);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new ReportTooLargeError(size, maxBytes);
    const hash = createHash('sha256');
    let parser: StreamingParser | undefined;
    let format: CoverageFormat | undefined;
    let tail: Uint8Array = new Uint8Array(0);
    let total = 0;
    // One buffer for every chunk: parsers copy what they keep (StreamingParser.push), and so do
    // the hash and keepTail, so no chunk outlives the next read.
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const bytesRead = await read(buffer);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new ReportTooLargeError(total, maxBytes);
      // A plain Uint8Array view, not a Buffer: Buffer#slice shares memory, Uint8Array#slice copies.
      const chunk = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
      hash.update(chunk);
      if (parser === undefined) {
        format = detectFormat(chunk);
        if (format === undefined) throw new UnknownFormatError();
        parser = createParser(format);
      }
      parser.push(chunk);
      tail = keepTail(tail, chunk);
    }
    const contentHash = hash.digest('hex');
    if (parser === undefined || format === undefined) throw new ReportParseError(0, 'the report is empty');
    const complete = looksComplete(format, tail);
    const cached = cachedByHash(contentHash);
    return { report: cached ?? parser.finish(), contentHash, complete };
  } finally {
    // A handle with a read still pending closes only once that read ends: do not wait for it.
    if (read.stalled) void handle.close().catch(() => undefined);
    else await handle.close();
  }
}

export type GuardedRead = ((buffer: Buffer) => Promise<number>) & { stalled: boolean };

/** Reads into `buffer` from the current position; a read that takes over `stallMs` is abandoned. */
export function guardedReads(handle: FileHandle, stallMs: number): GuardedRead {
  const read = (async (buffer: Buffer) => {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        read.stalled = true;
        reject(new ReportAccessError('stalled', `reading it made no progress for ${Math.round(stallMs / 1000)} s; the read was abandoned`));
      }, stallMs);
    });
    try {
      const { bytesRead } = await Promise.race([handle.read(buffer, 0, buffer.length, null), stalled]);
      return bytesRead;
    } finally {
      clearTimeout(timer);
    }
  }) as GuardedRead;
  read.stalled = false;
  return read;
}

function keepTail(previous: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (chunk.length >= TAIL_BYTES) return chunk.slice(chunk.length - TAIL_BYTES);
  const joined = new Uint8Array(previous.length + chunk.length);
  joined.set(previous);
  joined.set(chunk, previous.length);
  return joined.slice(Math.max(0, joined.length - TAIL_BYTES));
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
