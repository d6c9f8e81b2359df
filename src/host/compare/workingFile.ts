import { lstat, readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from '../../core/paths';
import { decodeText, looksBinary } from '../../core/lines/textLines';
import type { BlobText } from '../git/gitRepository';

/**
 * A working-tree file as it is on disk, for the command line (the editor passes its documents'
 * text instead, unsaved edits included). Only regular files whose real path stays inside the
 * repository are read: a symbolic link is not followed (git stores the link, not its target).
 */
export async function readWorkingFile(root: string, relativePath: string, maxBytes: number): Promise<BlobText> {
  const file = path.resolve(root, relativePath);
  if (!isInside(root, file) || file === root) return { kind: 'missing' };
  let stats;
  try {
    stats = await lstat(file);
  } catch {
    return { kind: 'missing' };
  }
  if (!stats.isFile()) return { kind: 'notAFile' };
  if (stats.size > maxBytes) return { kind: 'tooLarge', size: stats.size };
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  if (!isInside(realRoot, realFile)) return { kind: 'notAFile' };
  const bytes = await readFile(file);
  if (bytes.length > maxBytes) return { kind: 'tooLarge', size: bytes.length };
  return looksBinary(bytes) ? { kind: 'binary' } : { kind: 'text', text: decodeText(bytes) };
}
