import * as assert from 'node:assert/strict';
import { compareCoverage, type LineCoverage } from '../../src/core/compare/compareCoverage';
import { LineMapping } from '../../src/core/lines/lineMapping';
import { LineStatus } from '../../src/core/model/model';
import { comparedWithLabel, comparisonRows, formatDelta, formatPercent, lostHover, newCodeHover, statusText, statusTooltip } from '../../src/host/compare/comparisonText';
import { type Timers, UpdateScheduler } from '../../src/host/compare/updateScheduler';
import { nextLine } from '../../src/host/compare/lineNavigation';

function coverage(...entries: [number, number][]): LineCoverage {
  return {
    lines: Uint32Array.from(entries.map(([line]) => line)),
    hits: Float64Array.from(entries.map(([, hits]) => hits)),
    status: Uint8Array.from(entries.map(([, hits]) => (hits > 0 ? LineStatus.Covered : hits < 0 ? LineStatus.Partial : LineStatus.Uncovered))),
  };
}

const withMain = { ref: 'main', commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', description: 'coverage remembered when the reports were loaded' };

describe('comparison words (host/compare/comparisonText)', () => {
  it('writes the status bar as the issue does: patch 72% (18/25) · Δ −0.4%', () => {
    // 25 changed coverable lines, 18 covered; project 1000 → 1000 lines, 500 → 496 covered.
    const changed = Array.from({ length: 25 }, (_, i): [number, number] => [i + 1, i < 18 ? 1 : 0]);
    const untouched = Array.from({ length: 975 }, (_, i): [number, number] => [i + 1, i < 482 ? 1 : 0]);
    const result = compareCoverage({
      baseline: new Map([
        ['a.js', coverage(...untouched)],
        ['b.js', coverage(...Array.from({ length: 25 }, (_, i): [number, number] => [i + 1, 1]))],
      ]),
      current: new Map([
        ['a.js', coverage(...untouched)],
        ['b.js', coverage(...changed)],
      ]),
      changes: [{ path: 'b.js', basePath: 'b.js', mapping: LineMapping.fromHunks([{ oldStart: 0, oldEnd: 25, newStart: 0, newEnd: 25 }]), added: false }],
      deleted: [],
    });
    assert.equal(statusText(result), 'patch 72% (18/25) · Δ −0.7%');
    assert.equal(formatDelta(-0.4), '−0.4%');
    assert.equal(formatDelta(0.04), '±0%');
    assert.equal(formatDelta(1.25), '+1.3%');
    assert.equal(formatPercent(68.44), '68.4%');
    assert.match(statusTooltip(result, withMain), /partially covered line .* counts as not covered/);
  });

  it('hovers say where the line was covered, with how many hits, and how partial lines count', () => {
    assert.equal(lostHover({ line: 12, baselineLine: 12, baselineHits: 12 }, withMain).split('\n')[0], '**Lost coverage** · covered on main (a1b2c3d), 12 hits — not covered now');
    assert.match(lostHover({ line: 14, baselineLine: 12, baselineHits: -1 }, withMain), /\(line 12 there\) — not covered now/);
    assert.match(newCodeHover(true, withMain), /partially covered: counts as not covered in patch coverage/);
  });

  it('makes report text inert in hovers and tree rows', () => {
    const hostile = { ...withMain, ref: '[x](command:evil)', description: 'report <img src=x onerror=alert(1)> https://evil.test' };
    const hover = lostHover({ line: 1, baselineLine: 1, baselineHits: 1 }, hostile);
    assert.doesNotMatch(hover, /\[x\]\(command:/);
    assert.doesNotMatch(hover, /(?<!\\)<img/);
    assert.doesNotMatch(hover, /https:\/\//);
    assert.match(hover, /\\\[x\\\]\\\(command\\:evil\\\)/);
    const result = compareCoverage({ baseline: new Map(), current: new Map([['$(alert) \u202eevil.js', coverage([1, 0])]]), changes: [{ path: '$(alert) \u202eevil.js', basePath: '$(alert) \u202eevil.js', mapping: LineMapping.added(1), added: true }], deleted: [] });
    const [row] = comparisonRows(result, 'path');
    assert.equal(row?.label, '\\$(alert) \\u{202e}evil.js');
  });

  it("writes the base branch in the view's header inert: origin/HEAD's branch is the remote's to name", () => {
    // A remote whose default branch is U+202E + "niam" shows "main" where the name is written as is.
    assert.equal(comparedWithLabel({ ...withMain, ref: 'origin/\u202eniam$(alert)' }), 'vs origin/\\u{202e}niam\\$(alert) (a1b2c3d)');
    assert.equal(comparedWithLabel(withMain), 'vs main (a1b2c3d)');
  });

  it('lists deleted files that had covered lines and sorts rows by delta, patch or lost lines', () => {
    const result = compareCoverage({
      baseline: new Map([
        ['gone.js', coverage([1, 1])],
        ['down.js', coverage([1, 1], [2, 1])],
        ['same.js', coverage([1, 1], [2, 0])],
      ]),
      current: new Map([
        ['down.js', coverage([1, 0], [2, 1])],
        ['same.js', coverage([1, 1], [2, 1])],
      ]),
      changes: [],
      deleted: ['gone.js'],
    });
    assert.deepEqual(comparisonRows(result, 'path').map((row) => [row.path, row.description]), [
      ['down.js', '100% → 50% (Δ −50%) · 1 lost line'],
      ['gone.js', 'deleted · was 100%'],
      ['same.js', '50% → 100% (Δ +50%)'],
    ]);
    assert.deepEqual(comparisonRows(result, 'delta').map((row) => row.path), ['down.js', 'same.js', 'gone.js']);
    assert.deepEqual(comparisonRows(result, 'lost').map((row) => row.path), ['down.js', 'gone.js', 'same.js']);
  });

  it('finds the next and previous line, wrapping round', () => {
    assert.equal(nextLine([3, 8, 20], 8, 1), 20);
    assert.equal(nextLine([3, 8, 20], 20, 1), 3);
    assert.equal(nextLine([3, 8, 20], 3, -1), 20);
    assert.equal(nextLine([3, 8, 20], 10, -1), 8);
    assert.equal(nextLine([], 10, -1), undefined);
  });
});

/** Timers driven by hand: `fire` runs the pending callback. */
class HandTimers implements Timers {
  pending: { callback: () => void; ms: number } | undefined;
  setTimeout(callback: () => void, ms: number): unknown {
    this.pending = { callback, ms };
    return this.pending;
  }
  clearTimeout(handle: unknown): void {
    if (this.pending === handle) this.pending = undefined;
  }
  fire(): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.callback();
  }
}

describe('update scheduling (host/compare/updateScheduler)', () => {
  it('waits for a quiet period, gathers the reasons, never runs twice at once, and runs once more for what came in meanwhile', async () => {
    const timers = new HandTimers();
    const runs: string[][] = [];
    let release: () => void = () => undefined;
    const scheduler = new UpdateScheduler(
      (reasons) => {
        runs.push([...reasons].sort());
        return new Promise<void>((resolve) => (release = resolve));
      },
      300,
      (error) => assert.fail(String(error)),
      timers,
    );
    scheduler.request('edit');
    scheduler.request('save');
    assert.equal(timers.pending?.ms, 300);
    timers.fire();
    assert.deepEqual(runs, [['edit', 'save']]);
    scheduler.request('commit');
    timers.fire();
    assert.equal(runs.length, 1, 'not while one runs');
    const idle = scheduler.whenIdle();
    release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(runs, [['edit', 'save'], ['commit']]);
    release();
    await idle;
    assert.equal(scheduler.idle, true);
    scheduler.request('command', true);
    assert.equal(timers.pending?.ms, 0);
    scheduler.dispose();
  });
});
