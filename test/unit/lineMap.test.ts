import * as assert from 'node:assert/strict';
import { LineMap, REMOVED } from '../../src/core/lines/lineMap';

const lines = Uint32Array.from([1, 2, 3, 5, 8, 9]);
const positions = (map: LineMap) => Array.from(lines, (_, i) => map.lineAt(i));

describe('line maps for edited documents', () => {
  it('is the identity until an edit', () => {
    const map = new LineMap(lines);
    assert.ok(map.isIdentity);
    assert.deepEqual(positions(map), [1, 2, 3, 5, 8, 9]);
  });

  it('shifts lines below inserted lines without marking anything edited', () => {
    const map = new LineMap(lines);
    map.apply({ startLine: 3, endLine: 3, newLineCount: 3, insertsBefore: true });
    assert.deepEqual(positions(map), [1, 2, 5, 7, 10, 11]);
  });

  it('drops the lines an edit touches and shifts the ones after it', () => {
    const map = new LineMap(lines);
    // Lines 2-3 replaced by one line of text.
    map.apply({ startLine: 2, endLine: 3, newLineCount: 1, insertsBefore: false });
    assert.deepEqual(positions(map), [1, REMOVED, REMOVED, 4, 7, 8]);
  });

  it('composes edits, each in the coordinates left by the previous one', () => {
    const map = new LineMap(lines);
    map.apply({ startLine: 5, endLine: 5, newLineCount: 2, insertsBefore: false }); // typing Enter in line 5
    map.apply({ startLine: 1, endLine: 1, newLineCount: 2, insertsBefore: true }); // a line added at the top
    assert.deepEqual(positions(map), [2, 3, 4, REMOVED, 10, 11]);
    map.apply({ startLine: 8, endLine: 11, newLineCount: 1, insertsBefore: false }); // lines 8-11 deleted
    assert.deepEqual(positions(map), [2, 3, 4, REMOVED, REMOVED, REMOVED]);
  });
});
