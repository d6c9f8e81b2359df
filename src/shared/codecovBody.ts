/**
 * Where the worker reads a Codecov response. Normally a file of the extension host's response
 * cache (src/host/codecov/responseCache.ts), named by the host: the worker checks that its first
 * line holds `key` and that `size` bytes follow, so the body never crosses the IPC channel and the
 * host never holds a copy of it. A response that could not be cached (from another origin, larger
 * than the cache, a write that failed) comes as its bytes.
 */
export type CodecovBody =
  | { readonly kind: 'cacheFile'; readonly file: string; readonly key: string; readonly size: number }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** A cache file's first line (JSON, then `\n`) is at most this long. */
export const CACHE_HEADER_MAX_BYTES = 8192;

/** A cache file's first line: the key it was stored under and when. */
export interface CacheHeader {
  readonly key: string;
  readonly storedAt: number;
}

export function cacheHeaderLine(header: CacheHeader): string {
  return `${JSON.stringify({ key: header.key, storedAt: header.storedAt })}\n`;
}

/** The header of a cache file's first line (without its `\n`), or undefined when it is not one. */
export function parseCacheHeader(line: string): CacheHeader | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const { key, storedAt } = value as { key?: unknown; storedAt?: unknown };
    return typeof key === 'string' && typeof storedAt === 'number' ? { key, storedAt } : undefined;
  } catch {
    return undefined;
  }
}
