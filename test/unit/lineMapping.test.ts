import * as assert from 'node:assert/strict';
import { REMOVED } from '../../src/core/lines/lineMap';
import { LineMapping } from '../../src/core/lines/lineMapping';

/** Old file of 10 lines; old 3-4 replaced by one new line, two lines inserted before old 8. */
const mapping = LineMapping.fromHunks([
  { oldStart: 2, oldEnd: 4, newStart: 2, newEnd: 3 },
  { oldStart: 7, oldEnd: 7, newStart: 6, newEnd: 8 },
]);

describe('line mapping between two versions of a file', () => {
  it('maps unchanged old lines to their new place and changed ones to nothing', () => {
    const oldToNew = Array.from({ length: 10 }, (_, i) => mapping.newLine(i + 1));
    assert.deepEqual(oldToNew, [1, 2, REMOVED, REMOVED, 4, 5, 6, 9, 10, 11]);
  });

  it('maps new lines back, 0 for added or changed lines', () => {
    const newToOld = Array.from({ length: 11 }, (_, i) => mapping.oldLine(i + 1));
    assert.deepEqual(newToOld, [1, 2, 0, 5, 6, 7, 0, 0, 8, 9, 10]);
    assert.deepEqual([...mapping.changedRanges()], [
      [3, 4],
      [7, 9],
    ]);
    assert.equal(mapping.changedLineCount, 3);
    assert.ok(mapping.isChanged(7) && !mapping.isChanged(9));
  });

  it('maps a sorted list of lines in one pass, as LineMap positions (REMOVED = 0)', () => {
    const lines = Uint32Array.from([1, 3, 4, 5, 7, 8, 10, 12]);
    assert.deepEqual([...mapping.mapLines(lines)], [...lines].map((line) => mapping.newLine(line)));
    assert.deepEqual([...mapping.mapLines(lines)], [1, REMOVED, REMOVED, 4, 6, 9, 11, 13]);
  });

  it('treats a pure insertion at a line as shifting that line, not removing it', () => {
    const insertion = LineMapping.fromHunks([{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 2 }]);
    assert.deepEqual([...insertion.mapLines(Uint32Array.from([1, 2]))], [3, 4]);
    assert.equal(insertion.newLine(1), 3);
    assert.equal(insertion.oldLine(2), 0);
  });

  it('has whole-file forms for added, removed and unchanged files', () => {
    assert.deepEqual([...LineMapping.added(3).changedRanges()], [[1, 4]]);
    assert.equal(LineMapping.added(3).oldLine(3), 0);
    assert.equal(LineMapping.removed(2).newLine(2), REMOVED);
    assert.equal(LineMapping.identity().newLine(42), 42);
    assert.ok(LineMapping.identity().isIdentity && LineMapping.added(0).isIdentity);
  });

  it('refuses hunks that overlap, run backwards or disagree on the lines between them', () => {
    assert.throws(() => LineMapping.fromHunks([{ oldStart: 3, oldEnd: 2, newStart: 3, newEnd: 3 }]), RangeError);
    assert.throws(
      () =>
        LineMapping.fromHunks([
          { oldStart: 5, oldEnd: 6, newStart: 5, newEnd: 6 },
          { oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 3 },
        ]),
      RangeError,
    );
    assert.throws(
      () =>
        LineMapping.fromHunks([
          { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 },
          { oldStart: 4, oldEnd: 5, newStart: 5, newEnd: 6 },
        ]),
      /inconsistent/,
    );
    assert.throws(() => LineMapping.fromHunks([{ oldStart: 1, oldEnd: 1, newStart: 1, newEnd: 1 }]), /inconsistent/);
  });
});
