import type { CoverageRatio, LineCoverage } from '../../core/compare/compareCoverage';
import type { Baseline, BaselineQuery, BaselineSource } from './baseline';

/** A baseline report's files matched to the paths of a commit (done in the worker). */
export interface MatchedReport {
  readonly files: ReadonlyMap<string, LineCoverage>;
  /** The lines of the report files that matched no path of the commit, as one figure. */
  readonly unmatched: CoverageRatio;
  readonly notes: readonly string[];
}

export interface ReportBaselineSettings {
  /** Absolute path of the report (`coverageSentinel.compare.baselineReport`). */
  readonly reportPath: string;
  /** The commit it was made at (`coverageSentinel.compare.baselineCommit`); empty: the merge-base. */
  readonly commit: string;
  /** What the user wrote, for the description. */
  readonly shownPath: string;
}

/** A report file (a CI artifact, say) named in the settings, made at a given commit. */
export class ReportBaselineSource implements BaselineSource {
  readonly kind = 'report' as const;

  constructor(
    private readonly settings: () => ReportBaselineSettings | undefined,
    private readonly readMatched: (reportPath: string, repoRoot: string, commitFiles: readonly string[]) => Promise<MatchedReport>,
  ) {}

  async find(query: BaselineQuery): Promise<Baseline | undefined> {
    const settings = this.settings();
    if (settings === undefined) return undefined;
    let commit = query.mergeBase;
    if (settings.commit !== '') {
      const resolved = await query.repo.resolveCommit(settings.commit);
      if (resolved === undefined) throw new Error(`coverageSentinel.compare.baselineCommit ${JSON.stringify(settings.commit)} names no commit`);
      commit = resolved;
    }
    const files = await query.repo.filesAt(commit);
    const matched = await this.readMatched(settings.reportPath, query.repo.root, files);
    return { kind: 'report', commit, description: `report ${settings.shownPath}`, files: matched.files, unmatched: matched.unmatched, notes: matched.notes };
  }
}
