import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CACHE_HEADER_MAX_BYTES, type CodecovBody, parseCacheHeader } from '../shared/codecovBody';
import { ReportAccessError } from './openReport';

/** Bytes read from a cache file at a time: each chunk is pushed to the streaming parser and let go. */
const CHUNK_BYTES = 1024 * 1024;
// No following of a symlink planted under the cache name; a FIFO swapped in does not block the open.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * A Codecov response's bytes in chunks. A cache file is read only as the host named it: a regular
 * file (no symlink), whose first line holds exactly the key the host expects, followed by exactly
 * `size` bytes; anything else (a file evicted, replaced or damaged since) is refused.
 */
export async function* codecovBodyChunks(body: CodecovBody): AsyncGenerator<Uint8Array> {
  if (body.kind === 'bytes') {
    yield body.bytes;
    return;
  }
  const handle = await open(body.file, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ReportAccessError('notAFile', 'the cached Codecov response is not a regular file; it is not read');
    const head = new Uint8Array(Math.min(CACHE_HEADER_MAX_BYTES, stats.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const newline = head.subarray(0, bytesRead).indexOf(0x0a);
    const header = newline < 0 ? undefined : parseCacheHeader(new TextDecoder().decode(head.subarray(0, newline)));
    if (header?.key !== body.key) throw new ReportAccessError('notAFile', 'the cached Codecov response is not the one asked for (replaced or damaged); it is not read');
    if (stats.size - newline - 1 !== body.size) throw new ReportAccessError('notAFile', 'the cached Codecov response changed size since it was stored; it is not read');
    let position = newline + 1;
    for (let left = body.size; left > 0; ) {
      // A fresh buffer per chunk: the parser may keep views of the previous one.
      const chunk = new Uint8Array(Math.min(CHUNK_BYTES, left));
      const read = await handle.read(chunk, 0, chunk.length, position);
      if (read.bytesRead === 0) throw new ReportAccessError('notAFile', 'the cached Codecov response ended early; it is not read');
      position += read.bytesRead;
      left -= read.bytesRead;
      yield read.bytesRead === chunk.length ? chunk : chunk.subarray(0, read.bytesRead);
    }
  } finally {
    await handle.close();
  }
}
