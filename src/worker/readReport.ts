import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { LcovParser } from '../core/formats/lcov/lcov';
import { looksComplete } from '../core/formats/completeness';
import { crOnlyLinesError, detectFormat, UnknownFormatError } from '../core/formats/detect';
import { type CoverageFormat, type CoverageReport, ReportParseError } from '../core/model/model';
import { createParser } from '../core/formats/parsers';
import type { StreamingParser } from '../core/formats/streamingParser';
import { LcovSecondPart } from './lcovSecondPart';
import { ParseFeed } from './parseFeed';
import { openReportFileAt, ReportAccessError } from './openReport';
import { ReportFileBytes } from './reportFileBytes';

const CHUNK_BYTES = 1 << 20;
/** A read that returns nothing for this long is abandoned (a hung network or FUSE mount). */
export const READ_STALL_MS = 30_000;
/** The format is detected from this many first bytes (or the whole report when shorter). */
const DETECT_BYTES = 4096;
/** The size from which the command-line tool asks for a large LCOV report to be parsed in two parts at once (ReadLimits.parallelMinBytes). */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
/** The size from which the worker asks for a large LCOV report's files to keep only their counts until asked (ReadLimits.lazyMinBytes). */
export const LAZY_MIN_BYTES = 8 * 1024 * 1024;

/** The reader of each report whose files were kept as counts (by its files), renewed when a cached report is loaded again. */
const lazyReaders = new WeakMap<object, ReportFileBytes>();

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
  /** 2 when a worker thread parsed the second part of the report and it was joined, else 1. */
  readonly parts: 1 | 2;
}

export interface ReadLimits {
  readonly maxBytes: number;
  /** The report is read only when its real path is inside one of these; undefined: anywhere. */
  readonly workspaceFolders: readonly string[] | undefined;
  /** Defaults to READ_STALL_MS. */
  readonly stallMs?: number;
  /** Bytes per read; defaults to CHUNK_BYTES (tests force tiny chunks). */
  readonly chunkBytes?: number;
  /**
   * An LCOV report of at least this many bytes is parsed in two parts at once, the second by a worker
   * thread (lcovSecondPart.ts). Absent: one part, as the worker process reads (the thread's two
   * cores are the editor's too).
   */
  readonly parallelMinBytes?: number;
  /**
   * False: the content is not hashed (ReadResult.contentHash is ''), for a caller that keeps no
   * cache; the bytes of a second part are then read only by its thread. Defaults to true.
   */
  readonly hashContent?: boolean;
  /**
   * An LCOV report of at least this many bytes, parsed in one part, keeps of each path read in one
   * section only its counts and where the section is; its detail is read again from the file when
   * first asked (LcovParser's ReportBytes, ReportFileBytes). Absent: every file is built at load.
   */
  readonly lazyMinBytes?: number;
}

const TAIL_BYTES = 64;

/**
 * Streams a report from disk once: only a regular file (inside the workspace folders, when
 * given) is opened, the size cap is checked before reading, the content is hashed and parsed
 * chunk by chunk, and the format is detected from the first bytes. The next chunk is read (in
 * libuv's thread pool) while this one is hashed and parsed, into the other of two buffers. A read
 * that makes no progress for `stallMs` is abandoned with a ReportAccessError (`stalled`).
 * `cachedByHash` lets the caller skip parsing when it already holds this content (not asked
 * when ReadLimits.hashContent is false).
 */
export async function readReport(file: string, limits: ReadLimits, cachedByHash: (hash: string) => CoverageReport | undefined): Promise<ReadResult> {
  const { maxBytes } = limits;
  const chunkBytes = limits.chunkBytes ?? CHUNK_BYTES;
  const stallMs = limits.stallMs ?? READ_STALL_MS;
  const { handle, realPath } = await openReportFileAt(file, limits.workspaceFolders);
  const read = guardedReads(handle, stallMs);
  /** The read in flight, if any: a handle closes only once it ends. */
  let pending: Promise<number> | undefined;
  /** The worker thread reading a large LCOV report's second part, if any: a handle closes only once it is gone. */
  let second: LcovSecondPart | undefined;
  try {
    const loaded = await handle.stat();
    const { size } = loaded;
    if (size > maxBytes) throw new ReportTooLargeError(size, maxBytes);
    const hash = limits.hashContent === false ? undefined : createHash('sha256');
    const head = new ReportHead();
    let feed: ParseFeed | undefined;
    let lazyReader: ReportFileBytes | undefined;
    const startFeed = (start: Uint8Array): ParseFeed => {
      const parser = head.startParser(start);
      if (parser instanceof LcovParser && size >= (limits.lazyMinBytes ?? Number.POSITIVE_INFINITY) && size < (limits.parallelMinBytes ?? Number.POSITIVE_INFINITY)) {
        const bytes = new ReportFileBytes(realPath, loaded);
        lazyReader = bytes;
        return new ParseFeed(new LcovParser(false, (offset, length) => bytes.read(offset, length)));
      }
      if (!(parser instanceof LcovParser) || size < (limits.parallelMinBytes ?? Number.POSITIVE_INFINITY) || availableParallelism() < 2) return new ParseFeed(parser);
      const from = Math.floor(size / 2);
      second = LcovSecondPart.start(handle.fd, from, chunkBytes);
      return new ParseFeed(parser, second === undefined ? undefined : { part: second, from, stallMs });
    };
    let tail: Uint8Array = new Uint8Array(0);
    let total = 0;
    // Two buffers, taking turns: a chunk is parsed while the next read fills the other buffer,
    // and a buffer is read into again only once its chunk was parsed. Parsers copy what they keep
    // (StreamingParser.push), and so do the hash, ReportHead and keepTail: no chunk outlives the
    // read into its buffer.
    let filling = Buffer.allocUnsafe(chunkBytes);
    let spare = Buffer.allocUnsafe(chunkBytes);
    pending = read(filling, 0);
    for (;;) {
      const bytesRead = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      const at = total;
      total += bytesRead;
      if (total > maxBytes) throw new ReportTooLargeError(total, maxBytes);
      const buffer = filling;
      filling = spare;
      spare = buffer;
      pending = read(filling, total);
      // A plain Uint8Array view, not a Buffer: Buffer#slice shares memory, Uint8Array#slice copies.
      const chunk = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
      hash?.update(chunk);
      if (feed !== undefined) await feed.push(chunk, at);
      else {
        const start = head.add(chunk);
        if (start !== undefined) {
          feed = startFeed(start);
          await feed.push(start, 0);
        }
      }
      tail = keepTail(tail, chunk);
      if (hash === undefined && feed !== undefined && total >= feed.secondPartFrom) {
        // Nothing to hash: the rest is the second part's thread's to read.
        await pending;
        pending = undefined;
        tail = await readTail(read, size);
        total = size;
        break;
      }
    }
    if (feed === undefined && head.bytes > 0) {
      const start = head.joined();
      feed = startFeed(start);
      await feed.push(start, 0);
    }
    const contentHash = hash?.digest('hex') ?? '';
    if (feed === undefined || head.format === undefined) throw new ReportParseError(0, 'the report is empty');
    const complete = looksComplete(head.format, tail);
    const cached = hash === undefined ? undefined : cachedByHash(contentHash);
    if (cached !== undefined) {
      // The same bytes: the cached report's files read them from this file from now on.
      lazyReaders.get(cached.files)?.renew(realPath, loaded);
      return { report: cached, contentHash, complete, parts: 1 };
    }
    const { report, parts } = await feed.finish(total, (offset) => readRange(read, offset, total, chunkBytes));
    if (lazyReader !== undefined) lazyReaders.set(report.files, lazyReader);
    return { report, contentHash, complete, parts };
  } finally {
    if (pending !== undefined) void pending.catch(() => undefined);
    const stopped = second?.stop().catch(() => undefined);
    // A handle with a read still pending (or a thread still reading it) closes only once that
    // read ends: do not wait for it.
    if (read.stalled || pending !== undefined || second?.stalled === true) void Promise.resolve(stopped).then(() => handle.close().catch(() => undefined));
    else {
      await stopped;
      await handle.close();
    }
  }
}

/** The last TAIL_BYTES of a report of `size` bytes (fewer when it is shorter). */
async function readTail(read: GuardedRead, size: number): Promise<Uint8Array> {
  const from = Math.max(0, size - TAIL_BYTES);
  const buffer = Buffer.alloc(size - from);
  const bytesRead = await read(buffer, from);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
}

/** The report's bytes from `offset` to `end`, read again. */
async function* readRange(read: GuardedRead, offset: number, end: number, chunkBytes: number): AsyncIterable<Uint8Array> {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  while (offset < end) {
    const bytesRead = await read(buffer.subarray(0, Math.min(chunkBytes, end - offset)), offset);
    if (bytesRead === 0) throw new ReportAccessError('stalled', 'the report became shorter while it was read');
    yield new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
    offset += bytesRead;
  }
}

/** The first bytes of a report, gathered (copied) until there are enough to detect its format. */
class ReportHead {
  private readonly chunks: Uint8Array[] = [];
  bytes = 0;
  format: CoverageFormat | undefined;

  /** Keeps a copy of `chunk`; returns every byte so far once there are DETECT_BYTES of them. */
  add(chunk: Uint8Array): Uint8Array | undefined {
    if (this.bytes === 0 && chunk.length >= DETECT_BYTES) {
      this.bytes = chunk.length;
      return chunk;
    }
    this.chunks.push(chunk.slice());
    this.bytes += chunk.length;
    return this.bytes >= DETECT_BYTES ? this.joined() : undefined;
  }

  /** The parser for the format `start` (the head) is in. */
  startParser(start: Uint8Array): StreamingParser {
    this.format = detectFormat(start);
    if (this.format === undefined) throw new UnknownFormatError();
    const lineEndings = crOnlyLinesError(this.format, start);
    if (lineEndings !== undefined) throw lineEndings;
    return createParser(this.format);
  }

  joined(): Uint8Array {
    const joined = new Uint8Array(this.bytes);
    let at = 0;
    for (const chunk of this.chunks) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    this.chunks.length = 0;
    return joined;
  }
}

export type GuardedRead = ((buffer: Buffer, position?: number) => Promise<number>) & { stalled: boolean };

/** Reads into `buffer` from `position` (default: the current position); a read that takes over `stallMs` is abandoned. */
export function guardedReads(handle: FileHandle, stallMs: number): GuardedRead {
  const read = (async (buffer: Buffer, position?: number) => {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        read.stalled = true;
        reject(new ReportAccessError('stalled', `reading it made no progress for ${Math.round(stallMs / 1000)} s; the read was abandoned`));
      }, stallMs);
    });
    try {
      const { bytesRead } = await Promise.race([handle.read(buffer, 0, buffer.length, position ?? null), stalled]);
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
