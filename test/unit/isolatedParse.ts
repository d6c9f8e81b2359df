import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CoverageFormat, CoverageTotals, ParseWarning } from '../../src/core/model/model';

export type IsolatedOutcome =
  | { readonly kind: 'report'; readonly totals: CoverageTotals; readonly warnings: ParseWarning[]; readonly maxRssMiB: number }
  | { readonly kind: 'parseError'; readonly line: number; readonly reason: string; readonly maxRssMiB: number }
  | { readonly kind: 'otherError'; readonly message: string; readonly maxRssMiB: number };

/** Old-generation heap of the child: far above what any input here needs when bounded. */
const CHILD_HEAP_MIB = 2048;
/**
 * Address space of the child (util-linux `prlimit`, where there is one): an unbounded
 * allocation fails there within seconds instead of taking the machine's memory.
 */
const CHILD_ADDRESS_SPACE_BYTES = 6 * 1024 ** 3;
const prlimit = findPrlimit();

function findPrlimit(): string | undefined {
  const probe = spawnSync('prlimit', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? 'prlimit' : undefined;
}

/**
 * Parses `content` as `format` in a child node process (isolatedParseChild), so that a fatal
 * error (V8's "invalid size" abort, an out-of-memory) fails the test instead of ending the
 * test run. The child must exit normally within `hangGuardMs`.
 */
export function parseIsolated(format: CoverageFormat, content: string | Uint8Array, hangGuardMs = 60_000): IsolatedOutcome {
  const dir = mkdtempSync(path.join(tmpdir(), 'sentinel-bounds-'));
  try {
    const file = path.join(dir, 'report');
    writeFileSync(file, content);
    const node = [process.execPath, `--max-old-space-size=${CHILD_HEAP_MIB}`, path.join(__dirname, 'isolatedParseChild.js'), format, file];
    const command = prlimit === undefined ? node : [prlimit, `--as=${CHILD_ADDRESS_SPACE_BYTES}`, ...node];
    const child = spawnSync(command[0] as string, command.slice(1), {
      encoding: 'utf8',
      timeout: hangGuardMs,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
    });
    const died = child.error !== undefined ? String(child.error) : child.signal !== null ? `signal ${child.signal}` : child.status !== 0 ? `exit code ${String(child.status)}` : '';
    assert.equal(died, '', `the parse did not end normally (${died}): ${child.stderr.slice(0, 600)}`);
    return JSON.parse(child.stdout) as IsolatedOutcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The outcome is a ReportParseError (not a report, not another exception). */
export function assertParseError(outcome: IsolatedOutcome): Extract<IsolatedOutcome, { kind: 'parseError' }> {
  if (outcome.kind !== 'parseError') assert.fail(`expected a ReportParseError: ${JSON.stringify(outcome).slice(0, 400)}`);
  return outcome;
}

export function assertReport(outcome: IsolatedOutcome): Extract<IsolatedOutcome, { kind: 'report' }> {
  if (outcome.kind !== 'report') assert.fail(`expected a report: ${JSON.stringify(outcome).slice(0, 400)}`);
  return outcome;
}
