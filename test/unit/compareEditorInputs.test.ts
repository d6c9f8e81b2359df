import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LineStatus } from '../../src/core/model/model';
import { mappingOfHunks, repoRelativePath, withoutRemoved, writtenAfterReport } from '../../src/host/compare/editorInputs';

describe('src/host/compare/editorInputs.ts: what the comparison takes from the editor', () => {
  const root = path.resolve('/work/repo');

  it('repoRelativePath: a path under the root with `/`; the root itself, a sibling or a parent is outside', () => {
    assert.equal(repoRelativePath(root, path.join(root, 'src', 'a.ts')), 'src/a.ts');
    assert.equal(repoRelativePath(root, root), undefined);
    assert.equal(repoRelativePath(root, path.resolve('/work/other/a.ts')), undefined);
    assert.equal(repoRelativePath(root, path.resolve('/work')), undefined);
  });

  it('writtenAfterReport: only a file modified more than 2 s after one of its reports', () => {
    const report = new Date(Date.UTC(2026, 0, 1, 12));
    const at = report.getTime();
    assert.equal(writtenAfterReport([report], at + 2000), false, 'within the file systems\' time resolution');
    assert.equal(writtenAfterReport([report], at + 2001), true);
    assert.equal(writtenAfterReport([new Date(at + 10_000), report], at + 5000), true, 'one older report is enough');
    assert.equal(writtenAfterReport([], at + 60_000), false);
  });

  it('withoutRemoved: lines edited away (line 0) are dropped from every column; a detail without them is kept as is', () => {
    const detail = { lines: Uint32Array.of(0, 0, 3, 7), hits: Float64Array.of(1, 2, 3, 0), status: Uint8Array.of(LineStatus.Covered, LineStatus.Covered, LineStatus.Covered, LineStatus.Uncovered) };
    const kept = withoutRemoved(detail);
    assert.deepEqual([...kept.lines], [3, 7]);
    assert.deepEqual([...kept.hits], [3, 0]);
    assert.deepEqual([...kept.status], [LineStatus.Covered, LineStatus.Uncovered]);
    const clean = { lines: Uint32Array.of(1, 2), hits: Float64Array.of(1, 0), status: Uint8Array.of(LineStatus.Covered, LineStatus.Uncovered) };
    assert.equal(withoutRemoved(clean), clean);
  });

  it('mappingOfHunks: the worker\'s flat hunks (old start, old end, new start, new end) as a line mapping', () => {
    // Line 2 of the old text replaced by two lines: old [2, 3) → new [2, 4).
    const mapping = mappingOfHunks(Int32Array.of(2, 3, 2, 4));
    assert.equal(mapping.hunkCount, 1);
    assert.deepEqual(mapping.hunk(0), { oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 4 });
    assert.equal(mapping.newLine(4), 5, 'a line after the hunk moves down one');
    assert.equal(mappingOfHunks(new Int32Array(0)).isIdentity, true);
  });
});
