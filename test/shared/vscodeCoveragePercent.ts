/**
 * VS Code 1.139.1's own coverage percentage, as its workbench computes it from a FileCoverage's
 * counts (testing/common/testCoverage.ts getTotalCoveragePercent; testing/browser/
 * codeCoverageDisplayUtils.ts percent and calculateDisplayedStat), written out independently of
 * src/ so tests can hold our figures against it.
 */
export interface Count {
  readonly covered: number;
  readonly total: number;
}

export type DisplayedCoveragePercent = 'totalCoverage' | 'statement' | 'minimum';

export function vscodeCoveragePercent(statement: Count, branch: Count | undefined, declaration: Count | undefined, mode: DisplayedCoveragePercent): number {
  const percent = (c: Count) => Math.min(1, Math.max(0, c.total === 0 ? 1 : c.covered / c.total));
  switch (mode) {
    case 'statement':
      return percent(statement);
    case 'minimum': {
      let value = percent(statement);
      if (branch) value = Math.min(value, percent(branch));
      if (declaration) value = Math.min(value, percent(declaration));
      return value;
    }
    case 'totalCoverage': {
      let covered = statement.covered;
      let total = statement.total;
      if (branch) {
        covered += branch.covered;
        total += branch.total;
      }
      if (declaration) {
        covered += declaration.covered;
        total += declaration.total;
      }
      return total === 0 ? 1 : covered / total;
    }
  }
}

/** Our display of a 0..1 share: rounded down to one decimal. */
export function shownPercent(ratio: number): string {
  return `${(Math.floor(ratio * 1000 + 1e-9) / 10).toFixed(1)}%`;
}
