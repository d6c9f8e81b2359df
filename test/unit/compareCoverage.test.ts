import * as assert from 'node:assert/strict';
import { compareCoverage, type FileChange, totalsOf } from '../../src/core/compare/compareCoverage';
import { FileCoverageBuilder } from '../../src/core/model/fileBuilder';
import { diffTexts } from '../../src/core/lines/lineDiff';
import { LineMapping } from '../../src/core/lines/lineMapping';
import type { FileCoverageData } from '../../src/core/model/model';

/** `[line, hits]`, or `[line, hits, 'partial']` for a line with one branch taken and one not. */
type Row = [number, number] | [number, number, 'partial'];

function coverage(path: string, rows: readonly Row[]): FileCoverageData {
  const builder = new FileCoverageBuilder(path);
  for (const [line, hits, partial] of rows) {
    builder.addLine(line, hits);
    if (partial === 'partial') {
      builder.addBranch(line, 0, 0, 1);
      builder.addBranch(line, 0, 1, 0);
    }
  }
  return builder.build();
}

const files = (...list: FileCoverageData[]) => new Map(list.map((file) => [file.path, file]));

describe('comparing baseline coverage with current coverage across a diff', () => {
  // a.js: old line 3 became new lines 3-4; a line 12 was added at the end.
  const aMapping = LineMapping.fromHunks([
    { oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 4 },
    { oldStart: 10, oldEnd: 10, newStart: 11, newEnd: 12 },
  ]);
  const baseline = files(
    coverage('a.js', [[1, 1], [2, 1], [3, 0], [4, 1], [5, 7], [6, 0], [10, 1, 'partial']]),
    coverage('old.js', [[1, 1], [2, 1], [3, 1]]),
    coverage('gone.js', [[1, 1], [2, 0]]),
    coverage('same.js', [[5, 2], [6, 0]]),
  );
  const current = files(
    coverage('a.js', [[1, 1], [2, 0], [3, 1], [4, 0], [5, 1], [6, 0], [7, 1], [11, 1], [12, 1, 'partial']]),
    coverage('new.js', [[1, 0], [2, 1], [3, 1]]),
    coverage('added.js', [[1, 1], [2, 0], [3, 0]]),
    coverage('same.js', [[5, 0], [6, 0]]),
    coverage('blob.js', [[1, 0]]),
  );
  const changes: FileChange[] = [
    { path: 'a.js', basePath: 'a.js', mapping: aMapping, added: false },
    { path: 'new.js', basePath: 'old.js', mapping: LineMapping.fromHunks([{ oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 }]), added: false },
    { path: 'added.js', basePath: 'added.js', mapping: LineMapping.added(3), added: true },
  ];
  const result = compareCoverage({ baseline, current, changes, deleted: ['gone.js'], skipped: ['blob.js'] });
  const file = (path: string) => result.files.find((f) => f.path === path) ?? assert.fail(`no ${path}`);

  it('lists every file with coverage at either side, by path, with what happened to it', () => {
    assert.deepEqual(
      result.files.map((f) => [f.path, f.status, f.renamedFrom]),
      [
        ['a.js', 'modified', undefined],
        ['added.js', 'added', undefined],
        ['gone.js', 'deleted', undefined],
        ['new.js', 'renamed', 'old.js'],
        ['same.js', 'unchanged', undefined],
      ],
    );
    assert.deepEqual(result.skipped, ['blob.js']);
  });

  it('patch coverage over changed coverable lines: partial counts as not covered (Codecov)', () => {
    const a = file('a.js');
    assert.deepEqual(a.patch, { lines: 3, covered: 1, partial: 1, missed: 1, percent: (1 / 3) * 100 });
    assert.deepEqual(a.uncoveredChanged, [4]);
    assert.deepEqual(a.partialChanged, [12]);
    assert.deepEqual(file('added.js').patch, { lines: 3, covered: 1, partial: 0, missed: 2, percent: (1 / 3) * 100 });
    assert.deepEqual(file('added.js').uncoveredChanged, [2, 3]);
    assert.deepEqual(file('new.js').patch, { lines: 1, covered: 1, partial: 0, missed: 0, percent: 100 });
    assert.deepEqual(file('same.js').patch, { lines: 0, covered: 0, partial: 0, missed: 0, percent: null });
    assert.deepEqual(result.patch, { lines: 7, covered: 3, partial: 1, missed: 3, percent: (3 / 7) * 100 });
  });

  it('lost: covered at the baseline, on a line the change did not touch or did, and not run now', () => {
    assert.deepEqual(file('a.js').lost, [
      { line: 2, baselineLine: 2, baselineHits: 1 },
      { line: 6, baselineLine: 5, baselineHits: 7 },
    ]);
    assert.deepEqual(file('new.js').lost, [{ line: 1, baselineLine: 1, baselineHits: 1 }]);
    // same.js did not change at all: its line 5 lost its test elsewhere (an indirect change).
    assert.deepEqual(file('same.js').lost, [{ line: 5, baselineLine: 5, baselineHits: 2 }]);
  });

  it('gained: not run at the baseline, run now; a partial line stays run', () => {
    assert.deepEqual(file('a.js').gained, [7]);
    assert.deepEqual(
      result.files.flatMap((f) => f.gained),
      [7],
    );
  });

  it('keeps a deleted file’s baseline coverage, and the project figures with their delta', () => {
    assert.deepEqual(file('gone.js').baseline, { lines: 2, covered: 1, partial: 0, missed: 1, percent: 50 });
    assert.equal(file('gone.js').current, undefined);
    assert.deepEqual(result.project.baseline, { lines: 14, covered: 9, partial: 1, missed: 4, percent: (9 / 14) * 100 });
    assert.deepEqual(result.project.current, { lines: 18, covered: 8, partial: 1, missed: 9, percent: (8 / 18) * 100 });
    assert.ok(Math.abs((result.project.delta as number) - ((8 / 18) * 100 - (9 / 14) * 100)) < 1e-9);
  });

  it('counts the figures of files that matched no path in the project figures only', () => {
    const unmatched = totalsOf([coverage('elsewhere.js', [[1, 1], [2, 0], [3, 1, 'partial']])]);
    assert.deepEqual(unmatched, { lines: 3, covered: 1, partial: 1, missed: 1, percent: (1 / 3) * 100 });
    const withUnmatched = compareCoverage({ baseline, current, changes, deleted: ['gone.js'], skipped: ['blob.js'], baselineUnmatched: unmatched, currentUnmatched: totalsOf([]) });
    assert.deepEqual(withUnmatched.project.baseline, { lines: 17, covered: 10, partial: 2, missed: 5, percent: (10 / 17) * 100 });
    assert.deepEqual(withUnmatched.project.current, result.project.current);
    assert.deepEqual(withUnmatched.files, result.files);
  });

  it('treats a moved block as new code: never lost, counted in the patch', () => {
    const before = 'function f() {\n  one();\n}\nfunction g() {\n  two();\n}\n';
    const after = 'function g() {\n  two();\n}\nfunction f() {\n  one();\n}\n';
    const mapping = diffTexts(before, after);
    const moved = compareCoverage({
      baseline: files(coverage('m.js', [[1, 1], [2, 1], [4, 1], [5, 1]])),
      current: files(coverage('m.js', [[1, 1], [2, 1], [4, 0], [5, 0]])),
      changes: [{ path: 'm.js', basePath: 'm.js', mapping, added: false }],
      deleted: [],
    });
    const m = moved.files[0];
    // git draws f's block as moved down (deleted at the top, added below g): g keeps its lines.
    assert.deepEqual([...mapping.changedRanges()], [[4, 7]]);
    assert.deepEqual(m?.patch, { lines: 2, covered: 0, partial: 0, missed: 2, percent: 0 });
    assert.deepEqual(m?.uncoveredChanged, [4, 5]);
    assert.deepEqual(m?.lost, [], 'f was covered at the baseline, but its lines moved: they are new code now');
  });

  it('has no patch for an unchanged working tree, and counts sources without hit counts', () => {
    const codecov = coverage('c.js', [[1, -1], [2, 0]]);
    const same = compareCoverage({ baseline: files(codecov), current: files(coverage('c.js', [[1, 0], [2, 0]])), changes: [], deleted: [] });
    assert.deepEqual(same.patch.percent, null);
    assert.deepEqual(same.files[0]?.lost, [{ line: 1, baselineLine: 1, baselineHits: -1 }]);
  });
  it('leaves out current coverage of a file deleted from the working tree (a report made before the deletion): deleted only, not also compared', () => {
    // `rm gone.js` after the tests ran, or gone.js now a symbolic link: the report still lists it.
    const stale = new Map([...current, ['gone.js', coverage('gone.js', [[1, 0], [2, 0]])]]);
    const withStale = compareCoverage({ baseline, current: stale, changes, deleted: ['gone.js'], skipped: ['blob.js'] });
    assert.deepEqual(
      withStale.files.filter((f) => f.path === 'gone.js').map((f) => [f.status, f.lost.length]),
      [['deleted', 0]],
    );
    assert.deepEqual(withStale.files, result.files);
    assert.deepEqual(withStale.project, result.project);
  });
});
