/** Which commit's Codecov coverage to show when HEAD has none: the pure decision, git and the network injected. */

/** Codecov walks back at most this far (its own `walk_back` limit). */
export const MAX_WALK_BACK = 20;

/** What a probe of one commit found out. */
export type CoverageProbe<F> = { readonly has: boolean } | { readonly failure: F };

export type WalkBack<F> =
  /** `behind`: first-parent steps from HEAD (0 = HEAD itself). */
  | { readonly kind: 'found'; readonly sha: string; readonly behind: number }
  /** None of the `checked` commits has coverage (the history may also have ended sooner). */
  | { readonly kind: 'none'; readonly checked: number }
  /** A probe failed (offline, unauthorized, …): walking further would fail the same way. */
  | { readonly kind: 'failed'; readonly sha: string; readonly behind: number; readonly failure: F };

/**
 * The nearest commit with coverage along HEAD's first parents: HEAD, then its first parent, …,
 * at most `maxBehind` steps back. `firstParents(head, count)` lists HEAD and its first-parent
 * ancestors, newest first (`git rev-list --first-parent --max-count=<count> <head>`);
 * `hasCoverage` probes one commit (Codecov's totals endpoint: 404 = none). Commits are probed in
 * order and the walk stops at the first that has coverage or the first failed probe.
 */
export async function nearestCommitWithCoverage<F>(
  head: string,
  firstParents: (head: string, count: number) => Promise<readonly string[]>,
  hasCoverage: (sha: string) => Promise<CoverageProbe<F>>,
  maxBehind = MAX_WALK_BACK,
): Promise<WalkBack<F>> {
  const commits = (await firstParents(head, maxBehind + 1)).slice(0, maxBehind + 1);
  for (const [behind, sha] of commits.entries()) {
    const probe = await hasCoverage(sha);
    if ('failure' in probe) return { kind: 'failed', sha, behind, failure: probe.failure };
    if (probe.has) return { kind: 'found', sha, behind };
  }
  return { kind: 'none', checked: commits.length };
}

/** The status bar text: `Codecov · a1b2c3d` or `Codecov · a1b2c3d (3 behind)`. */
export function statusText(sha: string, behind: number): string {
  return `Codecov · ${shortSha(sha)}${behind > 0 ? ` (${behind} behind)` : ''}`;
}

/** The hover line: where the marks come from. */
export function originText(sha: string, behind: number): string {
  if (behind === 0) return `from commit ${shortSha(sha)} (HEAD)`;
  return `from commit ${shortSha(sha)}, ${behind} ${behind === 1 ? 'commit' : 'commits'} before HEAD`;
}

/** What to say when no commit within reach has coverage. */
export function noCoverageText(checked: number): string {
  return `Codecov has no coverage for HEAD or the ${Math.max(0, checked - 1)} commits before it.`;
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7).toLowerCase() : '(unknown commit)';
}
