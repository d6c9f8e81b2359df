import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LineCoverage } from '../../src/core/compare/compareCoverage';
import { LineStatus } from '../../src/core/model/model';
import { resolveComparisonBase } from '../../src/host/compare/baseBranch';
import type { Baseline } from '../../src/host/compare/baseline';
import { lostHover, statusTooltip } from '../../src/host/compare/comparisonText';
import { SnapshotBaselineSource } from '../../src/host/compare/snapshotSource';
import { SnapshotStore } from '../../src/host/compare/snapshotStore';
import { WorkingFiles } from '../../src/host/compare/workingFile';
import { compareWorkingTree } from '../../src/host/compare/workingTreeComparison';
import { GitRepository } from '../../src/host/git/gitRepository';
import { GitRunner } from '../../src/host/git/gitRunner';
import { TestRepo } from './gitTestRepo';

function coverage(...entries: [number, number][]): LineCoverage {
  return {
    lines: Uint32Array.from(entries.map(([line]) => line)),
    hits: Float64Array.from(entries.map(([, hits]) => hits)),
    status: Uint8Array.from(entries.map(([, hits]) => (hits > 0 ? LineStatus.Covered : LineStatus.Uncovered))),
  };
}

const text = (...lines: string[]) => `${lines.join('\n')}\n`;
const CART_C0 = ['function add(a, b) {', '  return a + b;', '}', 'function sub(a, b) {', '  return a - b;', '}'];
/** Main's later commit: two comment lines on top, mul() at the end. */
const CART_C1 = ['// math', '// helpers', ...CART_C0, 'function mul(a, b) {', '  return a * b;', '}'];
/** The user's change on top of C1: div() at the end. */
const CART_FEATURE = [...CART_C1, 'function div(a, b) {', '  return a / b;', '}'];

/**
 * Issue 11: the baseline is the snapshot of an ANCESTOR of the merge-base (main moved on after
 * the tests last ran there). The patch is the user's change against the merge-base, not main's
 * later commits too; lost coverage uses the ancestor's coverage moved onto the merge-base.
 */
describe('a baseline of an ancestor of the merge-base (host/compare, real git)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let snapshots: string;
  let c0: string;
  let c1: string;
  let git: GitRepository;

  before(async () => {
    repo = new TestRepo();
    repo.write('src/cart.js', text(...CART_C0));
    repo.write('src/util.js', text('function id(x) {', '  return x;', '}'));
    repo.write('src/old.js', text('gone();'));
    c0 = repo.commit('C0: tests ran here');
    // Main moves on: cart.js gains lines above and below, util.js is renamed (and edited), old.js is deleted.
    repo.write('src/cart.js', text(...CART_C1));
    repo.git('mv', 'src/util.js', 'src/tools.js');
    repo.write('src/tools.js', text('// tools', 'function id(x) {', '  return x;', '}'));
    repo.git('rm', '-q', 'src/old.js');
    c1 = repo.commit('C1: main moved on, no coverage here');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/cart.js', text(...CART_FEATURE));
    repo.commit('feature: div()');
    git = (await GitRepository.open(new GitRunner(), repo.dir)) as GitRepository;
    snapshots = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-snapshots-'));
    const store = new SnapshotStore(snapshots);
    await store.save({
      commit: c0,
      savedAt: 1,
      manual: false,
      files: new Map([
        ['src/cart.js', coverage([1, 3], [2, 3], [4, 2], [5, 2])],
        ['src/util.js', coverage([1, 1], [2, 1])],
        ['src/old.js', coverage([1, 4])],
      ]),
      contentHashes: new Map(),
    });
  });
  after(() => {
    repo.remove();
    rmSync(snapshots, { recursive: true, force: true });
  });

  it('takes the patch against the merge-base and the lost lines from the ancestor’s coverage moved onto it', async () => {
    const base = await resolveComparisonBase(git, 'main');
    assert.ok('mergeBase' in base);
    assert.equal(base.mergeBase, c1);
    const found = await new SnapshotBaselineSource(new SnapshotStore(snapshots)).find({ repo: git, head: base.head, baseRef: base.ref, mergeBase: base.mergeBase });
    assert.equal(found?.commit, c0, 'the nearest ancestor with a snapshot');
    assert.ok(found);
    // Now: add() run, sub() no longer run, mul() run, div() half run; tools.js's id() no longer run.
    const current = new Map([
      ['src/cart.js', coverage([3, 1], [4, 1], [6, 0], [7, 0], [9, 1], [10, 1], [12, 1], [13, 0])],
      ['src/tools.js', coverage([2, 0], [3, 0])],
    ]);
    const disk = new WorkingFiles(repo.dir, 1 << 20);
    const run = await compareWorkingTree({ repo: git, baseline: found, current, currentText: (file) => disk.read(file), patchBase: base.mergeBase });

    const cart = run.result.files.find((file) => file.path === 'src/cart.js');
    // Only div() (12-14) is the user's change: the comments and mul() came from main.
    assert.deepEqual(cart?.patch, { lines: 2, covered: 1, partial: 0, missed: 1, percent: 50 });
    assert.deepEqual(cart?.uncoveredChanged, [13]);
    assert.deepEqual(run.result.patch, { lines: 2, covered: 1, partial: 0, missed: 1, percent: 50 });
    assert.equal(run.baseline.commit, c1, 'compared at the merge-base');
    assert.equal(run.baseline.coverageCommit, c0, 'with the ancestor’s coverage');
    // sub() was covered at C0 (lines 4-5 there, 6-7 at the merge-base and now).
    assert.deepEqual(cart?.lost.map((lost) => [lost.line, lost.baselineLine, lost.baselineHits]), [[6, 6, 2], [7, 7, 2]]);
    assert.deepEqual(cart?.gained, [], 'mul() had no baseline coverage: neither lost nor gained');
    // util.js → tools.js happened on main: its coverage follows the rename onto the merge-base.
    const tools = run.result.files.find((file) => file.path === 'src/tools.js');
    assert.equal(tools?.status, 'unchanged', 'the rename is main’s, not the change’s');
    assert.deepEqual(tools?.lost.map((lost) => lost.line), [2, 3]);
    // old.js was deleted on main, not by the change: no deleted row.
    assert.equal(run.result.files.find((file) => file.path === 'src/old.js'), undefined);
    assert.match((run.baseline.notes ?? []).join('\n'), /src\/old\.js: deleted between the baseline's commit and the merge-base/);
  });

  it('says in the hover and the status bar tooltip which commit’s coverage is in use', () => {
    const withWhat = { ref: 'main', commit: c1, coverageCommit: c0, description: 'coverage remembered when the reports were loaded' };
    const hover = lostHover({ line: 6, baselineLine: 6, baselineHits: 2 }, withWhat);
    assert.equal(hover.split('\n')[0], `**Lost coverage** · covered on main (coverage of ${c0.slice(0, 7)}), 2 hits — not covered now`);
    assert.match(hover, new RegExp(`Coverage measured at ${c0.slice(0, 7)}, moved onto the lines of the merge-base ${c1.slice(0, 7)}`));
    const tooltip = statusTooltip({ files: [], patch: { lines: 0, covered: 0, partial: 0, missed: 0, percent: null }, project: { baseline: { lines: 0, covered: 0, partial: 0, missed: 0, percent: null }, current: { lines: 0, covered: 0, partial: 0, missed: 0, percent: null }, delta: null }, skipped: [] }, withWhat);
    assert.match(tooltip, new RegExp(`at ${c1.slice(0, 7)}: .*\\n\\nCoverage measured at ${c0.slice(0, 7)}`));
  });

  it('leaves a baseline of the merge-base as it is', async () => {
    const baseline: Baseline = { kind: 'snapshot', commit: c1, description: 'x', files: new Map([['src/cart.js', coverage([3, 1])]]) };
    const disk = new WorkingFiles(repo.dir, 1 << 20);
    const run = await compareWorkingTree({ repo: git, baseline, current: new Map(), currentText: (file) => disk.read(file), patchBase: c1 });
    assert.equal(run.baseline, baseline);
    assert.equal(run.baseline.coverageCommit, undefined);
  });
});
