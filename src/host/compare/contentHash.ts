import { createHash } from 'node:crypto';

/** SHA-256 of a text as UTF-8, hex: what a snapshot taken from a dirty tree remembers of a file. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
