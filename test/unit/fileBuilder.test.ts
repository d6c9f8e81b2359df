import * as assert from 'node:assert/strict';
import { FileCoverageBuilder } from '../../src/core/model/fileBuilder';
import { GrowableFloat64, GrowableUint32 } from '../../src/core/model/growable';
import { type FileCoverageData, LineStatus, NEVER_EVALUATED, UNKNOWN_HITS } from '../../src/core/model/model';
import { withinHangGuard } from './hangGuard';

describe('growable arrays', () => {
  it('push, append and toArray agree, across growth from an empty start', () => {
    const ints = new GrowableUint32(2);
    const floats = new GrowableFloat64(2);
    assert.deepEqual(ints.toArray(), new Uint32Array(0));
    for (let i = 0; i < 5; i++) {
      ints.push(i);
      floats.push(i / 2);
    }
    ints.append(Uint32Array.of(5, 6, 7, 8, 9, 10, 11));
    floats.append(Float64Array.of(2.5, 3));
    assert.deepEqual(ints.toArray(), Uint32Array.from({ length: 12 }, (_, i) => i));
    assert.deepEqual(floats.toArray(), Float64Array.of(0, 0.5, 1, 1.5, 2, 2.5, 3));
    ints.set(0, 42);
    assert.equal(ints.get(0), 42);
  });

  it('take hands over exact storage without a copy, and never the shared empty placeholder', () => {
    const ints = new GrowableUint32();
    ints.append(Uint32Array.of(1, 2, 3));
    const taken = ints.take();
    assert.deepEqual(taken, Uint32Array.of(1, 2, 3));
    assert.equal(ints.length, 0);
    ints.push(7);
    assert.deepEqual(taken, Uint32Array.of(1, 2, 3));
    const empties = [new GrowableUint32().take(), new GrowableUint32().take(), new GrowableFloat64().take(), new GrowableFloat64().take()];
    assert.equal(new Set(empties.map((array) => array.buffer)).size, 4);
  });

  it('toArray returns a copy that later writes do not change', () => {
    const ints = new GrowableUint32();
    ints.append(Uint32Array.of(1, 2, 3));
    const copy = ints.toArray();
    ints.set(0, 9);
    ints.push(4);
    assert.deepEqual(copy, Uint32Array.of(1, 2, 3));
    assert.notEqual(copy.buffer, ints.toArray().buffer);
  });
});

describe('FileCoverageBuilder', () => {
  it('bulk addLines/addBranches equal record-by-record adds', () => {
    const one = new FileCoverageBuilder('a');
    const bulk = new FileCoverageBuilder('a');
    const lines = Uint32Array.of(3, 1, 2, 3);
    const hits = Float64Array.of(1, 0, 2, 4);
    for (let i = 0; i < lines.length; i++) one.addLine(lines[i] as number, hits[i] as number);
    bulk.addLines(lines, hits);
    one.addBranch(2, 0, 1, 3);
    one.addBranch(2, 0, 0, NEVER_EVALUATED, 'x');
    bulk.addBranches(Uint32Array.of(2, 2), Uint32Array.of(0, 0), Uint32Array.of(1, 0), Float64Array.of(3, NEVER_EVALUATED), ['', 'x']);
    assert.deepEqual(bulk.build(), one.build());
  });

  it('sums repeated lines and branches; never evaluated plus a count is that count', () => {
    const builder = new FileCoverageBuilder('a');
    builder.addLines(Uint32Array.of(1, 2), Float64Array.of(1, 0));
    builder.addLines(Uint32Array.of(2, 1), Float64Array.of(3, 0));
    builder.addBranches(Uint32Array.of(2, 2), Uint32Array.of(0, 0), Uint32Array.of(0, 1), Float64Array.of(NEVER_EVALUATED, NEVER_EVALUATED));
    builder.addBranches(Uint32Array.of(2, 2), Uint32Array.of(0, 0), Uint32Array.of(0, 1), Float64Array.of(2, NEVER_EVALUATED));
    const file = builder.build();
    assert.deepEqual(file.lines, Uint32Array.of(1, 2));
    assert.deepEqual(file.hits, Float64Array.of(1, 3));
    assert.deepEqual(file.branchDetail.taken, Float64Array.of(2, NEVER_EVALUATED));
    assert.deepEqual(file.status, Uint8Array.of(LineStatus.Covered, LineStatus.Partial));
    assert.deepEqual(file.branchesTotal, Uint32Array.of(0, 2));
    assert.deepEqual(file.branchesCovered, Uint32Array.of(0, 1));
  });

  it('sorted and unsorted branch input build the same detail', () => {
    const sorted = new FileCoverageBuilder('a');
    const shuffled = new FileCoverageBuilder('a');
    const keys: [number, number, number][] = [
      [1, 0, 0],
      [1, 0, 1],
      [1, 2, 0],
      [4, 0, 0],
      [9, 1, 3],
    ];
    keys.forEach(([line, block, branch], i) => sorted.addBranch(line, block, branch, i));
    [4, 2, 0, 3, 1].forEach((i) => {
      const [line, block, branch] = keys[i] as [number, number, number];
      shuffled.addBranch(line, block, branch, i);
    });
    assert.deepEqual(shuffled.build().branchDetail, sorted.build().branchDetail);
  });

  it('random records build what a plain sort-and-merge gives, sorted or not', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const builder = new FileCoverageBuilder('r');
      const lineRecords: [number, number][] = [];
      const branchRecords: [number, number, number, number, string][] = [];
      const sortedInput = round % 3 === 0;
      const count = random(60);
      for (let i = 0; i < count; i++) {
        const line = sortedInput ? i + 1 : 1 + random(20);
        const hits = random(4) === 0 ? 0 : random(1000);
        lineRecords.push([line, hits]);
        builder.addLine(line, hits);
        const branch: [number, number, number, number, string] = [
          sortedInput ? i + 1 : 1 + random(20),
          random(3),
          random(3),
          random(3) === 0 ? NEVER_EVALUATED : random(5),
          random(4) === 0 ? 'label' : '',
        ];
        branchRecords.push(branch);
        builder.addBranch(...branch);
      }
      const file = builder.build();

      const byLine = [...lineRecords.entries()].sort(([i, a], [j, b]) => a[0] - b[0] || i - j);
      const expectedLines: [number, number][] = [];
      for (const [, [line, hits]] of byLine) {
        const last = expectedLines[expectedLines.length - 1];
        if (last !== undefined && last[0] === line) last[1] += hits;
        else expectedLines.push([line, hits]);
      }
      assert.deepEqual(Array.from(file.lines), expectedLines.map(([line]) => line));
      assert.deepEqual(Array.from(file.hits), expectedLines.map(([, hits]) => hits));

      const byKey = [...branchRecords.entries()].sort(([i, a], [j, b]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || i - j);
      const expectedBranches: [number, number, number, number, string][] = [];
      for (const [, record] of byKey) {
        const last = expectedBranches[expectedBranches.length - 1];
        if (last !== undefined && last[0] === record[0] && last[1] === record[1] && last[2] === record[2] && last[4] === record[4]) {
          last[3] = last[3] === NEVER_EVALUATED ? record[3] : record[3] === NEVER_EVALUATED ? last[3] : last[3] + record[3];
        } else expectedBranches.push([...record]);
      }
      const b = file.branchDetail;
      assert.deepEqual(
        Array.from(b.lines, (line, i) => [line, b.blocks[i], b.branches[i], b.taken[i], b.labels[i]]),
        expectedBranches,
        `round ${round}`,
      );
    }
  });

  it('sorts many branches on one line (minified code) within the hang guard', () => {
    const builder = new FileCoverageBuilder('min.js');
    const n = 200_000;
    for (let i = 0; i < n; i++) builder.addBranch(1, n - i, i % 2, i);
    const detail = withinHangGuard(() => builder.build().branchDetail, 'sorting 200,000 branches');
    assert.equal(detail.blocks[0], 1);
    assert.equal(detail.blocks[n - 1], n);
  });

  it('keeps labelled branches with equal ids apart', () => {
    const builder = new FileCoverageBuilder('a');
    builder.addBranch(3, 0, 0, 1, 'a > 0');
    builder.addBranch(3, 0, 0, 0, 'b > 0');
    assert.deepEqual(builder.build().branchDetail.labels, ['a > 0', 'b > 0']);
  });

  it('unknown hits merged with a count take the count', () => {
    const builder = new FileCoverageBuilder('a');
    builder.addLine(5, UNKNOWN_HITS);
    builder.addLine(5, 2);
    builder.addLine(6, UNKNOWN_HITS);
    builder.addLine(6, 0);
    assert.deepEqual(builder.build().hits, Float64Array.of(2, UNKNOWN_HITS));
  });

  it('returns the same result when build is called again', () => {
    const builder = new FileCoverageBuilder('a');
    builder.addLines(Uint32Array.of(1), Float64Array.of(1));
    assert.equal(builder.build(), builder.build());
  });

  /** The file's stored arrays (per-line status and branch counts are derived, in a buffer of their own). */
  const storedArrays = (file: FileCoverageData): (Uint32Array | Float64Array)[] => [
    file.lines,
    file.hits,
    file.branchDetail.lines,
    file.branchDetail.blocks,
    file.branchDetail.branches,
    file.branchDetail.taken,
    file.functions.startLines,
    file.functions.endLines,
    file.functions.hits,
  ];

  /** Views into one buffer that they exactly fill, without overlapping, each aligned to its element size. */
  const assertPacked = (arrays: readonly (Uint8Array | Uint32Array | Float64Array)[]): void => {
    const buffer = arrays[0]?.buffer;
    assert.ok(arrays.every((array) => array.buffer === buffer), 'one buffer');
    const sorted = [...arrays].sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
    let end = 0;
    for (const array of sorted) {
      assert.ok(array.byteOffset >= end, 'no overlap');
      end = array.byteOffset + array.byteLength;
    }
    assert.equal(
      arrays.reduce((sum, array) => sum + array.byteLength, 0),
      buffer?.byteLength,
      'exactly filled',
    );
    assert.ok(arrays.every((array) => array.byteOffset % array.BYTES_PER_ELEMENT === 0), 'aligned');
  };

  it('packs the arrays of an empty file into one (empty) buffer', () => {
    const file = new FileCoverageBuilder('empty').build();
    assertPacked(storedArrays(file));
    assert.ok(storedArrays(file).every((array) => array.length === 0));
    assertPacked([file.status, file.branchesTotal, file.branchesCovered]);
  });

  it('packs the arrays of a built file into one buffer of exactly their size (per-test sets apart)', () => {
    const builder = new FileCoverageBuilder('a');
    builder.addLines(Uint32Array.of(1, 2), Float64Array.of(1, 1));
    builder.addBranches(Uint32Array.of(1), Uint32Array.of(0), Uint32Array.of(0), Float64Array.of(1));
    builder.addFunction('f', 1, 2, 1);
    builder.addTestLine('t', 1);
    const file = builder.build();
    const stored = storedArrays(file);
    assertPacked(stored);
    const derived = [file.status, file.branchesTotal, file.branchesCovered];
    assertPacked(derived);
    const tests = [...file.tests.values()];
    const buffers = new Set([...stored, ...derived, ...tests].map((array) => array.buffer));
    assert.equal(buffers.size, 2 + tests.length, 'stored, derived and each per-test set in buffers of their own');
    assert.ok(tests.every((array) => array.byteOffset === 0 && array.byteLength === array.buffer.byteLength));
  });

  it('derives status and branch counts once, from hits and branches', () => {
    const builder = new FileCoverageBuilder('a');
    builder.addLines(Uint32Array.of(1, 2, 3), Float64Array.of(0, 2, UNKNOWN_HITS));
    builder.addBranches(Uint32Array.of(2, 2, 3), Uint32Array.of(0, 0, 0), Uint32Array.of(0, 1, 0), Float64Array.of(1, NEVER_EVALUATED, 1));
    const file = builder.build();
    assert.equal(file.status, file.status, 'the same array on every read');
    assert.deepEqual(file.status, Uint8Array.of(LineStatus.Uncovered, LineStatus.Partial, LineStatus.Covered));
    assert.deepEqual(file.branchesTotal, Uint32Array.of(0, 2, 1));
    assert.deepEqual(file.branchesCovered, Uint32Array.of(0, 1, 1));
  });
});
