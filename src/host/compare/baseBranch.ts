import type { GitRepository } from '../git/gitRepository';

export interface ComparisonBase {
  /** The branch as the user sees it (`origin/main`). */
  readonly ref: string;
  readonly head: string;
  readonly mergeBase: string;
}

/**
 * The branch a change is compared with: the one the user chose (setting or `Compare With
 * Branch…`), else Codecov's default branch when Codecov is connected (`origin/<it>`, else the
 * local branch), else `origin/HEAD`'s branch, else a local `main` or `master`; and the merge-base of
 * HEAD with it. Undefined (with the reason) when there is none.
 */
export async function resolveComparisonBase(repo: GitRepository, chosen: string, codecovDefault?: () => Promise<string | undefined>): Promise<ComparisonBase | { readonly reason: string }> {
  const head = await repo.head();
  if (head === undefined) return { reason: 'the repository has no commit yet' };
  const fromCodecov = chosen !== '' || codecovDefault === undefined ? undefined : await codecovDefault();
  const candidates = chosen !== '' ? [chosen] : [...(fromCodecov === undefined ? [] : [`origin/${fromCodecov}`, fromCodecov]), await repo.defaultBranch(), 'main', 'master'].filter((ref): ref is string => ref !== undefined);
  for (const ref of candidates) {
    const target = ref.startsWith('-') ? undefined : await repo.resolveCommit(ref);
    if (target === undefined) continue;
    const mergeBase = await repo.mergeBase(head, target);
    if (mergeBase === undefined) return { reason: await repo.noMergeBaseReason(ref) };
    return { ref, head, mergeBase };
  }
  return { reason: chosen !== '' ? `no branch or commit ${chosen}` : 'no base branch: origin/HEAD is not set and there is no main or master (setting coverageSentinel.compare.baseBranch)' };
}
