import type { CoverageRatio, LineCoverage } from '../../core/compare/compareCoverage';
import type { GitRepository } from '../git/gitRepository';

/** Where a baseline came from. */
export type BaselineKind = 'report' | 'codecov' | 'snapshot';

/**
 * The order sources are tried in. Issue 11 lists Codecov, remembered coverage, a report file;
 * a report file is only ever there because the user named it in a setting
 * (`coverageSentinel.compare.baselineReport`), and a setting made on purpose that is silently
 * ignored whenever Codecov answers would surprise, so it comes first; then Codecov, when it is
 * connected; then coverage remembered by commit, which needs no setup at all.
 */
export const BASELINE_PRECEDENCE: readonly BaselineKind[] = ['report', 'codecov', 'snapshot'];

/** Coverage of the code the change is compared with, by repository path at `commit`. */
export interface Baseline {
  readonly kind: BaselineKind;
  /** The commit the coverage describes; the line changes are taken from it. */
  readonly commit: string;
  /**
   * Set once the coverage was moved onto `commit` (moveBaseline.ts): the commit it was measured
   * at (the nearest ancestor of the merge-base with coverage, say).
   */
  readonly coverageCommit?: string;
  /**
   * Our words for the source (`coverage remembered on load`, `report ci/lcov.info`): may hold a
   * file name, so it is escaped wherever it is shown.
   */
  readonly description: string;
  readonly files: ReadonlyMap<string, LineCoverage>;
  /** The lines of the baseline's files that matched no path of the commit, as one figure: counted in the project figure only. */
  readonly unmatched?: CoverageRatio;
  /** Files saved from uncommitted text, by path: the text's contentHash (see snapshot.ts). */
  readonly contentHashes?: ReadonlyMap<string, string>;
  /** Lines worth logging (unmatched report paths and the like). */
  readonly notes?: readonly string[];
}

/** What every source is asked with. */
export interface BaselineQuery {
  readonly repo: GitRepository;
  readonly head: string;
  /** The base branch as the user names it (`origin/main`), and the merge-base of HEAD with it. */
  readonly baseRef: string;
  readonly mergeBase: string;
  readonly signal?: AbortSignal;
}

/**
 * One place baseline coverage can come from. A Codecov source (another module) implements the
 * same interface: it resolves its commit (walking back from the merge-base to the nearest
 * commit with coverage) and returns the files by repository path.
 */
export interface BaselineSource {
  readonly kind: BaselineKind;
  /** The baseline for this query, or undefined when this source has none (not an error). */
  find(query: BaselineQuery): Promise<Baseline | undefined>;
}

export interface BaselineChoice {
  readonly baseline: Baseline | undefined;
  /** Why each source that was tried gave nothing, for the log and the status bar tooltip. */
  readonly misses: readonly string[];
}

/**
 * Sources are tried in BASELINE_PRECEDENCE (in the order given within one kind), whatever order
 * they come in; the first with a baseline wins; a source that fails is noted and the next one tried.
 */
export async function chooseBaseline(sources: readonly BaselineSource[], query: BaselineQuery): Promise<BaselineChoice> {
  const misses: string[] = [];
  const rank = (source: BaselineSource) => BASELINE_PRECEDENCE.indexOf(source.kind);
  for (const source of [...sources].sort((a, b) => rank(a) - rank(b))) {
    try {
      const baseline = await source.find(query);
      if (baseline !== undefined) return { baseline, misses };
      misses.push(`${source.kind}: none for ${query.mergeBase.slice(0, 7)}`);
    } catch (error) {
      if (query.signal?.aborted === true) throw error;
      misses.push(`${source.kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { baseline: undefined, misses };
}
