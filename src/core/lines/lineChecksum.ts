import { createHash } from 'node:crypto';

/**
 * LCOV's per-line checksum (`DA:line,hits,checksum`, written by coverage.py and geninfo): the
 * base64 MD5 of the line's text without its newline, `=` padding removed.
 */
export function lineChecksum(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('base64').replace(/=+$/, '');
}
