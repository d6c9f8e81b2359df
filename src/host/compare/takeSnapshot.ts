import type { LineCoverage } from '../../core/compare/compareCoverage';
import type { GitRepository } from '../git/gitRepository';
import { contentHash } from './contentHash';
import type { CurrentText } from './lineChanges';
import type { CoverageSnapshot } from './snapshot';

export type SnapshotDecision = { readonly snapshot: CoverageSnapshot } | { readonly snapshot: undefined; readonly reason: string };

/**
 * Coverage remembered with no setup: taken only when every covered file is as HEAD has it —
 * not changed, staged, untracked or unsaved, and not written after the report (`stale`) — so
 * the lines describe that commit exactly.
 */
export async function snapshotIfClean(
  repo: GitRepository,
  coverage: ReadonlyMap<string, LineCoverage>,
  notAsOnDisk: ReadonlySet<string>,
  now: number,
): Promise<SnapshotDecision> {
  if (coverage.size === 0) return { snapshot: undefined, reason: 'no covered file in the repository' };
  const head = await repo.head();
  if (head === undefined) return { snapshot: undefined, reason: 'no commit yet' };
  const changed = new Set<string>();
  for (const change of await repo.changesSince(head)) changed.add(change.path);
  const dirty = [...coverage.keys()].filter((path) => changed.has(path) || notAsOnDisk.has(path));
  if (dirty.length > 0) return { snapshot: undefined, reason: `${dirty.length} covered file(s) differ from HEAD (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''})` };
  return { snapshot: { commit: head, savedAt: now, manual: false, files: coverage, contentHashes: new Map() } };
}

/**
 * `Coverage: Save Current Coverage as Baseline`: HEAD's snapshot even from a dirty tree; each
 * covered file that differs from HEAD is saved with its text's hash (the text the report ran).
 */
export async function snapshotAsIs(repo: GitRepository, coverage: ReadonlyMap<string, LineCoverage>, diskText: CurrentText, now: number): Promise<CoverageSnapshot> {
  const head = await repo.head();
  if (head === undefined) throw new Error('the repository has no commit yet');
  const changed = new Set<string>();
  for (const change of await repo.changesSince(head)) changed.add(change.path);
  const hashes = new Map<string, string>();
  for (const path of coverage.keys()) {
    if (!changed.has(path)) continue;
    const text = await diskText(path);
    if (text.kind === 'text') hashes.set(path, contentHash(text.text));
  }
  const files = new Map([...coverage].filter(([path]) => !changed.has(path) || hashes.has(path)));
  return { commit: head, savedAt: now, manual: true, files, contentHashes: hashes };
}
