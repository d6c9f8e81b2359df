import { LineStatus, UNKNOWN_HITS } from '../../core/model/model';
import { indexOfLine } from '../../shared/detailQueries';
import type { FileDetail } from '../../shared/protocol';
import { originText } from './walkBack';

/** Where Codecov marks come from, for the hover: `Codecov a1b2c3d: from commit a1b2c3d, 3 commits before HEAD (cached)`. */
export function codecovSourceText(origin: { sha: string; behind: number; branch: string | undefined; cached: boolean; offline: boolean }): string {
  const where = origin.branch === undefined ? originText(origin.sha, origin.behind) : `from commit ${shortSha(origin.sha)}, the head of the chosen branch`;
  return `Codecov ${shortSha(origin.sha)}, ${where}${origin.offline ? ' (cached: Codecov could not be reached)' : origin.cached ? ' (cached)' : ''}`;
}

/** Both sources of a line covered by a local report and by Codecov: `local: 12 hits · Codecov a1b2c3d: hit`. */
export function bothSourcesText(local: FileDetail, codecov: FileDetail, line: number, sha: string): string | undefined {
  const l = indexOfLine(local, line);
  const c = indexOfLine(codecov, line);
  if (l === -1 && c === -1) return undefined;
  return `local: ${l === -1 ? 'no record' : localWords(local, l)} · Codecov ${shortSha(sha)}: ${c === -1 ? 'no record' : codecovWords(codecov.status[c] as number)}`;
}

function localWords(detail: FileDetail, i: number): string {
  const hits = detail.hits[i] as number;
  if (hits === UNKNOWN_HITS) return codecovWords(detail.status[i] as number);
  return `${hits} ${hits === 1 ? 'hit' : 'hits'}${detail.status[i] === LineStatus.Partial ? ' (partial)' : ''}`;
}

function codecovWords(status: number): string {
  if (status === LineStatus.Covered) return 'hit';
  if (status === LineStatus.Partial) return 'partial';
  return 'miss';
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7).toLowerCase() : '(unknown commit)';
}
