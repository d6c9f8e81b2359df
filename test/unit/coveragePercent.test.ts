import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CoverageTotals } from '../../src/core/model/model';
import { coverageShare, describeTotals, formatPercent, formatShare, PERCENT_MODES, type PercentMode, ratioOf } from '../../src/host/coveragePercent';
import { type Count, vscodeCoveragePercent } from '../shared/vscodeCoveragePercent';

/** As TestCoveragePublisher publishes totals. */
function published(t: CoverageTotals): [Count, Count | undefined, Count | undefined] {
  return [
    { covered: t.linesHit, total: t.lines },
    t.branches > 0 ? { covered: t.branchesHit, total: t.branches } : undefined,
    t.functions > 0 ? { covered: t.functionsHit, total: t.functions } : undefined,
  ];
}

function totals(lines: number, linesHit: number, branches: number, branchesHit: number, functions: number, functionsHit: number): CoverageTotals {
  return { files: 1, lines, linesHit, branches, branchesHit, functions, functionsHit };
}

// test/fixtures/example/coverage/lcov.info
const CART = totals(30, 20, 9, 7, 3, 2);
const FORMAT = totals(19, 18, 7, 5, 2, 2);

describe('coverage percent as VS Code shows it (testing.displayedCoveragePercent)', () => {
  it('cart.js and format.js under each setting', () => {
    const shown = (t: CoverageTotals, mode: PercentMode) => formatShare(coverageShare(t, mode));
    // 29 of 42 lines, branches and functions; VS Code's Explorer rounds it to 69%.
    assert.equal(shown(CART, 'totalCoverage'), '69.0%');
    assert.equal(shown(CART, 'statement'), '66.6%');
    assert.equal(shown(CART, 'minimum'), '66.6%');
    assert.equal(shown(FORMAT, 'totalCoverage'), '89.2%');
    assert.equal(shown(FORMAT, 'statement'), '94.7%');
    assert.equal(shown(FORMAT, 'minimum'), '71.4%');
  });

  it('equals VS Code’s own formula for any totals (property)', () => {
    const count = fc.nat({ max: 5000 });
    const arbitraryTotals = fc
      .tuple(count, count, count, count, count, count)
      .map(([lines, a, branches, b, functions, c]) => totals(lines, Math.min(a, lines), branches, Math.min(b, branches), functions, Math.min(c, functions)));
    fc.assert(
      fc.property(arbitraryTotals, fc.constantFrom(...PERCENT_MODES), (t, mode) => {
        const share = coverageShare(t, mode);
        if (t.lines + t.branches + t.functions === 0) return share === undefined;
        return share !== undefined && Math.abs(ratioOf(share) - vscodeCoveragePercent(...published(t), mode)) < 1e-12;
      }),
      { seed: 12, numRuns: 3000 },
    );
  });

  it('rounds down, so only full coverage shows 100%, and exact shares stay exact', () => {
    assert.equal(formatShare({ covered: 999_999, total: 1_000_000 }), '99.9%');
    assert.equal(formatShare({ covered: 57, total: 100 }), '57.0%');
    assert.equal(formatShare({ covered: 1, total: 1 }), '100.0%');
    assert.equal(formatShare(undefined), '—');
    assert.equal(formatPercent(0, 0), '—');
  });

  it('describes the chosen percentage, then each kind', () => {
    assert.equal(describeTotals(CART, 'totalCoverage'), '69.0% · lines 66.6% 20/30 · branches 77.7% 7/9 · functions 66.6% 2/3');
    assert.equal(describeTotals(totals(4, 1, 0, 0, 0, 0), 'minimum'), '25.0% · lines 25.0% 1/4');
  });
});
