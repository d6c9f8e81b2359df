/**
 * One meaning of "percent" on screen: the one VS Code's own coverage display (Explorer, Test
 * Coverage view) uses, chosen by its `testing.displayedCoveragePercent` setting.
 */
import type { CoverageTotals } from '../core/model/model';

/** VS Code's own choice of what its coverage percentage counts; ours follows it. */
export const PERCENT_SETTING = 'testing.displayedCoveragePercent';

export const PERCENT_MODES = ['totalCoverage', 'statement', 'minimum'] as const;
export type PercentMode = (typeof PERCENT_MODES)[number];

/** What a percentage counts, for tooltips and titles. */
export const PERCENT_MODE_MEANINGS: Record<PercentMode, string> = {
  totalCoverage: 'lines, branches and functions together',
  statement: 'lines only',
  minimum: 'the lowest of lines, branches and functions',
};

/** A covered count out of a total (kept as counts so rounding is exact). */
export interface Share {
  readonly covered: number;
  readonly total: number;
}

/**
 * The share covered, as VS Code 1.139 computes it for the FileCoverage we publish for the same
 * totals (statements = lines; branches and declarations = functions only when the report has
 * any): `getTotalCoveragePercent` (testing/common/testCoverage.ts) for `totalCoverage`, and
 * `calculateDisplayedStat` (testing/browser/codeCoverageDisplayUtils.ts) for the others. As
 * there, a kind with nothing to count counts as fully covered. Undefined when the totals count
 * nothing at all (VS Code would show 100%).
 */
export function coverageShare(totals: CoverageTotals, mode: PercentMode): Share | undefined {
  if (totals.lines + totals.branches + totals.functions === 0) return undefined;
  const kinds: Share[] = [clamped(totals.linesHit, totals.lines)];
  if (totals.branches > 0) kinds.push(clamped(totals.branchesHit, totals.branches));
  if (totals.functions > 0) kinds.push(clamped(totals.functionsHit, totals.functions));
  switch (mode) {
    case 'statement':
      return kinds[0];
    case 'minimum':
      return kinds.reduce((lowest, kind) => (ratioOf(kind) < ratioOf(lowest) ? kind : lowest));
    case 'totalCoverage':
      return kinds.reduce((sum, kind) => ({ covered: sum.covered + kind.covered, total: sum.total + kind.total }));
  }
}

/** 0..1; a share of nothing is 1, as in VS Code. */
export function ratioOf(share: Share): number {
  return share.total === 0 ? 1 : share.covered / share.total;
}

function clamped(covered: number, total: number): Share {
  return { covered: Math.min(Math.max(covered, 0), total), total };
}

/** `83.1%`: rounded down to one decimal, so 100% means everything counted is covered. */
export function formatShare(share: Share | undefined): string {
  if (share === undefined) return '—';
  if (share.total === 0) return '100.0%';
  // Integers until the one division: exact multiples stay exact (no 56.99999).
  return `${(Math.floor((share.covered * 1000) / share.total) / 10).toFixed(1)}%`;
}

/** `83.1%` of one kind (lines, branches, functions), `—` when there is none. */
export function formatPercent(hit: number, total: number): string {
  return total === 0 ? '—' : formatShare(clamped(hit, total));
}

/** The percentage the setting chooses, then each kind: `69.0% · lines 66.6% 20/30 · branches 77.7% 7/9 · functions 66.6% 2/3`. */
export function describeTotals(totals: CoverageTotals, mode: PercentMode): string {
  const parts = [formatShare(coverageShare(totals, mode)), `lines ${formatPercent(totals.linesHit, totals.lines)} ${totals.linesHit}/${totals.lines}`];
  if (totals.branches > 0) parts.push(`branches ${formatPercent(totals.branchesHit, totals.branches)} ${totals.branchesHit}/${totals.branches}`);
  if (totals.functions > 0) parts.push(`functions ${formatPercent(totals.functionsHit, totals.functions)} ${totals.functionsHit}/${totals.functions}`);
  return parts.join(' · ');
}
