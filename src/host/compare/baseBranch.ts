import { AmbiguousRefError, type GitRepository } from '../git/gitRepository';

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
  const remoteDefault = chosen !== '' ? undefined : await repo.defaultBranch();
  // The names found here are resolved in full (`refs/remotes/origin/main`), so that a tag named `main` or `origin/main` cannot stand in for the branch.
  const candidates: { ref: string; full: string }[] =
    chosen !== ''
      ? [{ ref: chosen, full: chosen }]
      : [
          ...(fromCodecov === undefined ? [] : [remoteBranch(`origin/${fromCodecov}`), localBranch(fromCodecov)]),
          ...(remoteDefault === undefined ? [] : [remoteBranch(remoteDefault)]),
          localBranch('main'),
          localBranch('master'),
        ];
  for (const { ref, full } of candidates) {
    let target: string | undefined;
    try {
      target = ref.startsWith('-') ? undefined : await repo.resolveCommit(full);
    } catch (error) {
      if (error instanceof AmbiguousRefError) return { reason: error.message };
      throw error;
    }
    if (target === undefined) continue;
    const mergeBase = await repo.mergeBase(head, target);
    if (mergeBase === undefined) return { reason: await repo.noMergeBaseReason(ref) };
    return { ref, head, mergeBase };
  }
  return { reason: chosen !== '' ? `no branch or commit ${chosen}` : 'no base branch: origin/HEAD is not set and there is no main or master (setting coverageSentinel.compare.baseBranch)' };
}

function remoteBranch(name: string): { ref: string; full: string } {
  return { ref: name, full: `refs/remotes/${name}` };
}

function localBranch(name: string): { ref: string; full: string } {
  return { ref: name, full: `refs/heads/${name}` };
}
