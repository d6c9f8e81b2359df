import type { LineCoverage } from '../../core/compare/compareCoverage';
import type { CodecovBody } from '../../shared/codecovBody';
import type { Baseline, BaselineQuery, BaselineSource } from './baseline';
import type { MatchedReport } from './reportSource';

/** Codecov's coverage of the nearest commit with coverage at or before a given commit. */
export type CodecovCommitCoverage =
  | { readonly kind: 'found'; readonly sha: string; readonly behind: number; readonly body: CodecovBody; readonly cached: boolean; readonly offline: boolean }
  /** Codecov is not connected for this repository (off, untrusted, no remote): not an error. */
  | { readonly kind: 'notConnected' }
  | { readonly kind: 'problem'; readonly message: string };

export interface CodecovBaselineAccess {
  /** Walks back from `commit` along first parents (Codecov's limit) to the nearest commit with coverage. */
  coverageAt(repoRoot: string, commit: string, signal?: AbortSignal): Promise<CodecovCommitCoverage>;
  /** The response's files matched to the commit's paths (parsed in the worker). */
  parse(body: CodecovBody, commitFiles: readonly string[]): Promise<MatchedReport>;
}

/**
 * Issue 11's first baseline: when Codecov is connected, its coverage of the merge-base, or of the
 * nearest first-parent ancestor of it that has coverage (CI may not have run on every commit).
 */
export class CodecovBaselineSource implements BaselineSource {
  readonly kind = 'codecov' as const;

  constructor(private readonly access: CodecovBaselineAccess) {}

  async find(query: BaselineQuery): Promise<Baseline | undefined> {
    const found = await this.access.coverageAt(query.repo.root, query.mergeBase, query.signal);
    if (found.kind === 'notConnected') return undefined;
    if (found.kind === 'problem') throw new Error(found.message);
    const matched = await this.access.parse(found.body, await query.repo.filesAt(found.sha));
    const where = found.behind === 0 ? 'the merge-base' : `${found.behind} commit${found.behind === 1 ? '' : 's'} before the merge-base`;
    const files: ReadonlyMap<string, LineCoverage> = matched.files;
    return {
      kind: 'codecov',
      commit: found.sha,
      description: `Codecov coverage of ${where}${found.offline ? ' (cached; Codecov could not be reached)' : found.cached ? ' (cached)' : ''}`,
      files,
      unmatched: matched.unmatched,
      notes: matched.notes,
    };
  }
}
