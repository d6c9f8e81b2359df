import type { LineCoverage } from '../../core/compare/compareCoverage';

/**
 * Coverage remembered at a commit: per repository path, the lines, hits and statuses of the
 * parsed reports (nothing else: a comparison needs no branches, functions or tests).
 */
export interface CoverageSnapshot {
  /** The commit the covered files matched (HEAD when saved by hand from a dirty tree). */
  readonly commit: string;
  /** When it was taken (ms since the epoch). */
  readonly savedAt: number;
  /** Saved by `Coverage: Save Current Coverage as Baseline` rather than remembered on load. */
  readonly manual: boolean;
  readonly files: ReadonlyMap<string, LineCoverage>;
  /**
   * Files whose content differed from `commit` when saved, by path: the SHA-256 of the text the
   * coverage describes (contentHash). Their lines hold only while the file has that text.
   */
  readonly contentHashes: ReadonlyMap<string, string>;
}

export class SnapshotFormatError extends Error {}

const VERSION = 1;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

interface StoredFile {
  readonly p: string;
  /** Lines as gaps from the previous line (Uint32, base64). */
  readonly l: string;
  /** Hits (Float64, base64). */
  readonly h: string;
  /** Status (Uint8, base64). */
  readonly s: string;
}

/** Compact JSON: typed arrays as base64. */
export function encodeSnapshot(snapshot: CoverageSnapshot): string {
  const files: StoredFile[] = [];
  for (const [path, file] of snapshot.files) {
    const gaps = new Uint32Array(file.lines.length);
    let previous = 0;
    file.lines.forEach((line, i) => {
      gaps[i] = line - previous;
      previous = line;
    });
    files.push({ p: path, l: base64(gaps), h: base64(Float64Array.from(file.hits)), s: base64(Uint8Array.from(file.status)) });
  }
  return JSON.stringify({ v: VERSION, commit: snapshot.commit, savedAt: snapshot.savedAt, manual: snapshot.manual, blobs: Object.fromEntries(snapshot.contentHashes), files });
}

/** Reads what encodeSnapshot wrote; anything else (another version, a damaged file) is a SnapshotFormatError. */
export function decodeSnapshot(text: string): CoverageSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SnapshotFormatError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const record = data as { v?: unknown; commit?: unknown; savedAt?: unknown; manual?: unknown; blobs?: unknown; files?: unknown };
  if (typeof data !== 'object' || data === null || record.v !== VERSION) throw new SnapshotFormatError(`not a version ${VERSION} snapshot`);
  if (typeof record.commit !== 'string' || !SHA.test(record.commit)) throw new SnapshotFormatError('no commit id');
  if (typeof record.savedAt !== 'number' || !Number.isFinite(record.savedAt)) throw new SnapshotFormatError('no time');
  if (!Array.isArray(record.files)) throw new SnapshotFormatError('no files');
  const blobs = new Map<string, string>();
  if (typeof record.blobs === 'object' && record.blobs !== null) {
    for (const [path, blob] of Object.entries(record.blobs as Record<string, unknown>)) {
      if (typeof blob !== 'string' || !SHA.test(blob)) throw new SnapshotFormatError(`bad content id for ${path}`);
      blobs.set(path, blob);
    }
  }
  const files = new Map<string, LineCoverage>();
  for (const stored of record.files as unknown[]) {
    const file = stored as Partial<StoredFile>;
    if (typeof file.p !== 'string' || typeof file.l !== 'string' || typeof file.h !== 'string' || typeof file.s !== 'string') throw new SnapshotFormatError('bad file entry');
    const gaps = fromBase64(file.l, 4, (buffer) => new Uint32Array(buffer));
    const hits = fromBase64(file.h, 8, (buffer) => new Float64Array(buffer));
    const status = fromBase64(file.s, 1, (buffer) => new Uint8Array(buffer));
    if (gaps.length !== hits.length || gaps.length !== status.length) throw new SnapshotFormatError(`${file.p}: arrays of different lengths`);
    const lines = new Uint32Array(gaps.length);
    let line = 0;
    for (let i = 0; i < gaps.length; i++) {
      const gap = gaps[i] as number;
      if (gap === 0 || line + gap > 0xffffffff) throw new SnapshotFormatError(`${file.p}: lines not ascending`);
      line += gap;
      lines[i] = line;
      if ((status[i] as number) > 2) throw new SnapshotFormatError(`${file.p}: bad line status`);
    }
    files.set(file.p, { lines, hits, status });
  }
  return { commit: record.commit, savedAt: record.savedAt, manual: record.manual === true, files, contentHashes: blobs };
}

function base64(array: Uint32Array | Float64Array | Uint8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T>(text: string, width: number, view: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % width !== 0) throw new SnapshotFormatError('array of a broken length');
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return view(copy);
}
