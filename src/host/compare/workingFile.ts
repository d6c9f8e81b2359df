import { lstat, readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeText, looksBinary } from '../../core/lines/textLines';
import { isInside } from '../../core/paths/candidatePaths';
import type { BlobText } from '../git/gitRepository';

/**
 * Working-tree files as they are on disk, for the command line (the editor passes its
 * documents' text instead, unsaved edits included). Only regular files whose real path stays
 * inside the repository are read: a symbolic link is not followed (git stores the link, not
 * its target), and neither is a folder link on the way.
 */
export class WorkingFiles {
  private realRoot: Promise<string> | undefined;

  constructor(
    private readonly root: string,
    private readonly maxBytes: number,
  ) {}

  async read(relativePath: string): Promise<BlobText> {
    const file = path.resolve(this.root, relativePath);
    if (!isInside(this.root, file) || file === this.root) return { kind: 'missing' };
    let stats;
    try {
      stats = await lstat(file);
    } catch {
      return { kind: 'missing' };
    }
    if (!stats.isFile()) return { kind: 'notAFile' };
    if (stats.size > this.maxBytes) return { kind: 'tooLarge', size: stats.size };
    const [realRoot, realFile] = await Promise.all([(this.realRoot ??= realpath(this.root)), realpath(file)]);
    if (!isInside(realRoot, realFile)) return { kind: 'notAFile' };
    const bytes = await readFile(file);
    if (bytes.length > this.maxBytes) return { kind: 'tooLarge', size: bytes.length };
    return looksBinary(bytes) ? { kind: 'binary' } : { kind: 'text', text: decodeText(bytes) };
  }
}
