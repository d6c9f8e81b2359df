import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ReportChangedError } from '../core/formats/lcov/lcovLazySections';

// As openReport.ts: a FIFO swapped in opens without blocking (and is refused), a last-component symlink is not followed.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/** What identifies the report file that was loaded. */
export interface LoadedFile {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Reads byte ranges of a loaded report again, synchronously (a counts-only file's detail, see
 * LcovParser's ReportBytes): the file at its real path is opened for each read and must still be
 * the one loaded (same device, inode, size and modification time), else a ReportChangedError.
 */
export class ReportFileBytes {
  constructor(
    private readonly realPath: string,
    private loaded: LoadedFile,
  ) {}

  /** The same content (the same hash) was loaded again from a file with these stats: read from it from now on. */
  renew(realPath: string, loaded: LoadedFile): void {
    if (realPath === this.realPath) this.loaded = loaded;
  }

  read(offset: number, length: number): Uint8Array {
    let fd: number;
    try {
      fd = openSync(this.realPath, OPEN_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new ReportChangedError(`${code}: it cannot be opened`);
    }
    try {
      const stats = fstatSync(fd);
      const change = differs(stats, this.loaded);
      if (change !== undefined) throw new ReportChangedError(change);
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const read = readSync(fd, bytes, done, length - done, offset + done);
        if (read === 0) break;
        done += read;
      }
      return done === length ? bytes : bytes.subarray(0, done);
    } finally {
      closeSync(fd);
    }
  }
}

function differs(now: Stats, loaded: LoadedFile): string | undefined {
  if (!now.isFile()) return 'it is no longer a regular file';
  if (now.dev !== loaded.dev || now.ino !== loaded.ino) return 'it was replaced by another file';
  if (now.size !== loaded.size) return `its size is ${now.size} bytes, not ${loaded.size}`;
  if (now.mtimeMs !== loaded.mtimeMs) return 'it was written to';
  return undefined;
}
