import * as assert from 'node:assert/strict';
import { FileCoverageBuilder } from '../../src/core/model/fileBuilder';
import { functionAt, indexOfLine, nextUncoveredLine, uncoveredRegions } from '../../src/shared/detailQueries';
import type { FileDetail } from '../../src/shared/protocol';
import { toDetail } from './fileDetailUtil';

function detail(lines: [number, number][], partial: number[] = [], functions: [string, number, number][] = []): FileDetail {
  const b = new FileCoverageBuilder('a.js');
  for (const [line, hits] of lines) b.addLine(line, hits);
  for (const line of partial) {
    b.addBranch(line, 0, 0, 1);
    b.addBranch(line, 0, 1, 0);
  }
  for (const [name, start, end] of functions) b.addFunction(name, start, end, 1);
  return toDetail(b.build());
}

describe('queries over one file’s detail', () => {
  // 1 covered, 2-3 uncovered, 5 uncovered (4 has no record), 7 partial, 9 uncovered.
  const d = detail(
    [
      [1, 1],
      [2, 0],
      [3, 0],
      [5, 0],
      [6, 2],
      [7, 1],
      [9, 0],
    ],
    [7],
    [
      ['outer', 1, 10],
      ['inner', 5, 7],
    ],
  );

  it('finds a line by binary search', () => {
    assert.equal(indexOfLine(d, 5), 3);
    assert.equal(indexOfLine(d, 4), -1);
    assert.equal(indexOfLine(d, 100), -1);
  });

  it('groups consecutive uncovered report lines into regions', () => {
    assert.deepEqual(uncoveredRegions(d), [
      { start: 2, end: 5, lines: 3 },
      { start: 9, end: 9, lines: 1 },
    ]);
    assert.deepEqual(uncoveredRegions(d, true), [
      { start: 2, end: 5, lines: 3 },
      { start: 7, end: 9, lines: 2 },
    ]);
  });

  it('moves to the next and previous region start, wrapping', () => {
    assert.equal(nextUncoveredLine(d, 1, 1, false), 2);
    assert.equal(nextUncoveredLine(d, 2, 1, false), 9);
    assert.equal(nextUncoveredLine(d, 9, 1, false), 2);
    assert.equal(nextUncoveredLine(d, 6, 1, true), 7);
    assert.equal(nextUncoveredLine(d, 9, -1, false), 2);
    assert.equal(nextUncoveredLine(d, 2, -1, false), 9);
    assert.equal(nextUncoveredLine(detail([[1, 1]]), 1, 1, true), undefined);
  });

  it('names the innermost function around a line', () => {
    assert.equal(functionAt(d, 6), 1);
    assert.equal(functionAt(d, 9), 0);
    assert.equal(functionAt(d, 11), -1);
  });

  it('lets a function without an end line run until the next function starts', () => {
    const lcovStyle = detail([[1, 1]], [], [
      ['first', 3, 0],
      ['second', 10, 0],
    ]);
    assert.equal(functionAt(lcovStyle, 2), -1);
    assert.equal(functionAt(lcovStyle, 3), 0);
    assert.equal(functionAt(lcovStyle, 9), 0);
    assert.equal(functionAt(lcovStyle, 10), 1);
    assert.equal(functionAt(lcovStyle, 500), 1);
  });
});
