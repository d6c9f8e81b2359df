// How `npm test` (scripts/test-all.mjs) turns each stage's output and exit code into the counts of
// its last line. Whatever did not pass counts as failed: failing, cancelled, skipped or pending
// tests, a stage that exits non-zero without a counted failure, a test stage that reports no
// tests at all, and every stage that did not run because an earlier one failed.

/** Mocha's spec reporter: `N passing`, `N failing`, `N pending` (the last summary wins). */
export function mochaCounts(output) {
  return {
    passed: lastNumber(output, /^\s*(\d+) passing\b/gm),
    failed: lastNumber(output, /^\s*(\d+) failing\b/gm),
    notRun: lastNumber(output, /^\s*(\d+) pending\b/gm),
  };
}

/** `node --test`: `# pass N`, `# fail N`, `# cancelled N`, `# skipped N`, `# todo N`. */
export function nodeTestCounts(output) {
  const count = (name) => lastNumber(output, new RegExp(`^# ${name} (\\d+)$`, 'gm'));
  return {
    passed: count('pass'),
    failed: count('fail'),
    notRun: count('cancelled') + count('skipped') + count('todo'),
  };
}

function lastNumber(text, pattern) {
  const matches = [...text.matchAll(pattern)];
  return matches.length === 0 ? 0 : Number(matches[matches.length - 1][1]);
}

/**
 * One stage's contribution to the totals. `counts` is undefined for a stage that runs no tests
 * (lint, build): it passes or fails as one step, and only a failure is counted.
 * Returns { passed, failed, note } where note explains any failure not seen as a failing test.
 */
export function stageTotals({ code, counts }) {
  if (counts === undefined) return { passed: 0, failed: code === 0 ? 0 : 1, note: code === 0 ? undefined : `exited ${code}: counted as 1 failed` };
  const notes = [];
  let failed = counts.failed + counts.notRun;
  if (counts.notRun > 0) notes.push(`${counts.notRun} cancelled, skipped or pending: counted as failed`);
  if (counts.passed + failed === 0) {
    notes.push(`${code === 0 ? '' : `exited ${code} with `}no test counted: counted as 1 failed`);
    failed = 1;
  } else if (code !== 0 && failed === 0) {
    notes.push(`exited ${code} without a failing test: counted as 1 failed`);
    failed = 1;
  }
  return { passed: counts.passed, failed, note: notes.length === 0 ? undefined : notes.join('; ') };
}

/**
 * The totals over every stage. `results` holds { name, code, counts } for each stage that ran,
 * in order; `notRun` the names of the stages skipped after a failure (each counts as 1 failed).
 * Returns { passed, failed, lines } where lines are the summary to print, the totals last.
 */
export function summarize(results, notRun = []) {
  let passed = 0;
  let failed = 0;
  const lines = [];
  for (const result of results) {
    const totals = stageTotals(result);
    passed += totals.passed;
    failed += totals.failed;
    const figures = result.counts === undefined ? (totals.failed === 0 ? 'ok' : 'FAILED') : `${totals.passed} passed, ${totals.failed} failed`;
    lines.push(`  ${result.name}: ${figures}${totals.note === undefined ? '' : ` (${totals.note})`}`);
  }
  for (const name of notRun) {
    failed += 1;
    lines.push(`  ${name}: not run (an earlier stage failed): counted as 1 failed`);
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return { passed, failed, lines };
}
