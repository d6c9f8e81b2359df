import * as assert from 'node:assert/strict';

/**
 * CPU time after which work on hostile input counts as hung. Each input here costs a linear-time
 * parser milliseconds; a quadratic or endless one costs minutes or forever. Measured as this
 * process's CPU time, not wall-clock time, so a machine busy with other work does not trip it.
 * Speed figures belong to `npm run bench`, not to the tests.
 */
export const HANG_GUARD_CPU_MS = 10_000;

/**
 * Runs `work` and fails if it used more than HANG_GUARD_CPU_MS of CPU. Returns its result; an
 * exception it throws passes through once the guard has been checked.
 */
export function withinHangGuard<T>(work: () => T, what = 'the work'): T {
  const before = process.cpuUsage();
  try {
    return work();
  } finally {
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    assert.ok(ms < HANG_GUARD_CPU_MS, `${what} used ${ms.toFixed(0)} ms of CPU, over the ${HANG_GUARD_CPU_MS} ms hang guard`);
  }
}
