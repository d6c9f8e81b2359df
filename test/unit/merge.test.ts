import * as assert from 'node:assert/strict';
import { FileCoverageBuilder } from '../../src/core/model/fileBuilder';
import { mergeFileCoverage } from '../../src/core/model/merge';
import { LineStatus, NEVER_EVALUATED } from '../../src/core/model/model';

function file(build: (b: FileCoverageBuilder) => void) {
  const builder = new FileCoverageBuilder('src/a.ts');
  build(builder);
  return builder.build();
}

describe('merging one file from several reports', () => {
  it('unions lines and sums hits; a line hit in any report is hit', () => {
    const merged = mergeFileCoverage([
      file((b) => {
        b.addLine(1, 1);
        b.addLine(2, 0);
      }),
      file((b) => {
        b.addLine(2, 3);
        b.addLine(5, 0);
      }),
    ]);
    assert.deepEqual([...merged.lines], [1, 2, 5]);
    assert.deepEqual([...merged.hits], [1, 3, 0]);
    assert.deepEqual([...merged.status], [LineStatus.Covered, LineStatus.Covered, LineStatus.Uncovered]);
  });

  it('sums taken counts of the same branch, so partial lines can become covered', () => {
    const a = file((b) => {
      b.addLine(3, 1);
      b.addBranch(3, 0, 0, 1);
      b.addBranch(3, 0, 1, NEVER_EVALUATED);
    });
    const c = file((b) => {
      b.addLine(3, 1);
      b.addBranch(3, 0, 0, 0);
      b.addBranch(3, 0, 1, 2);
    });
    assert.equal(a.status[0], LineStatus.Partial);
    const merged = mergeFileCoverage([a, c]);
    assert.deepEqual([...merged.branchDetail.taken], [1, 2]);
    assert.equal(merged.status[0], LineStatus.Covered);
    assert.deepEqual([merged.branchesTotal[0], merged.branchesCovered[0]], [2, 2]);
  });

  it('keeps one function per (name, start line) with hits summed, and overloads apart', () => {
    const merged = mergeFileCoverage([
      file((b) => {
        b.addFunction('run', 1, 4, 1);
        b.addFunction('run', 10, 12, 0);
      }),
      file((b) => b.addFunction('run', 1, 4, 2)),
    ]);
    assert.deepEqual(merged.functions.names, ['run', 'run']);
    assert.deepEqual([...merged.functions.startLines], [1, 10]);
    assert.deepEqual([...merged.functions.hits], [3, 0]);
  });

  it('unions the per-test line sets', () => {
    const merged = mergeFileCoverage([
      file((b) => {
        b.addLine(1, 1);
        b.addTestLine('unit', 1);
      }),
      file((b) => {
        b.addLine(2, 1);
        b.addTestLine('unit', 2);
        b.addTestLine('e2e', 2);
      }),
    ]);
    assert.deepEqual([...(merged.tests.get('unit') ?? [])], [1, 2]);
    assert.deepEqual([...(merged.tests.get('e2e') ?? [])], [2]);
  });

  it('returns a single file unchanged', () => {
    const only = file((b) => b.addLine(1, 1));
    assert.equal(mergeFileCoverage([only]), only);
  });
});
