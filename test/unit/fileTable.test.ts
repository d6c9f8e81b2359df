import * as assert from 'node:assert/strict';
import { buildFileCoverage, emptyRecords, fillFileCoverage } from '../../src/core/model/buildFile';
import { FileTable, filesTotals, forEachFileCounts } from '../../src/core/model/fileTable';
import { fileTotals, reportTotals } from '../../src/core/model/model';
import { BufferArena } from '../../src/core/model/packedColumns';
import { PathTable } from '../../src/core/model/pathTable';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { withinHangGuard } from './hangGuard';

const utf8 = (text: string) => new TextEncoder().encode(text);

function linesOnly(lines: number[], hits: number[]) {
  const records = emptyRecords();
  records.lines = Uint32Array.from(lines);
  records.hits = Float64Array.from(hits);
  return records;
}

describe('a report’s files stored by the report (FileTable, PathTable)', () => {
  it('interns paths from bytes: one index per path, in order of first appearance, many paths past every rehash', () => {
    const paths = new PathTable();
    const count = 50_000;
    for (let i = 0; i < count; i++) assert.equal(paths.intern(utf8(`d${i % 97}/f${i}.c`), 0, utf8(`d${i % 97}/f${i}.c`).length), i);
    assert.equal(paths.size, count);
    for (let i = 0; i < count; i += 997) {
      assert.equal(paths.indexOf(`d${i % 97}/f${i}.c`), i);
      assert.equal(paths.pathAt(i), `d${i % 97}/f${i}.c`);
    }
    assert.equal(paths.indexOf('d0/f1.c'), -1);
    assert.equal(paths.indexOf(''), -1);
  });

  it('a counts-only row filled again is built again from its new counts, not from the detail kept for the old ones', () => {
    const table = new FileTable();
    const built: number[] = [];
    table.setLazyDetail((_at, path, counts) => {
      built.push(counts.linesHit);
      return buildFileCoverage(path, linesOnly([1, 2, 3], [1, counts.linesHit >= 2 ? 1 : 0, counts.linesHit >= 3 ? 1 : 0]));
    });
    const at = table.internString('a.c');
    table.fillCounts(at, { lines: 3, linesHit: 1, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 }, []);
    assert.deepEqual([...(table.get('a.c')?.hits ?? [])], [1, 0, 0]);
    assert.deepEqual([...(table.get('a.c')?.hits ?? [])], [1, 0, 0], 'asked again: the kept detail');
    table.fillCounts(at, { lines: 3, linesHit: 3, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 }, ['t']);
    assert.deepEqual([...(table.get('a.c')?.hits ?? [])], [1, 1, 1]);
    assert.deepEqual(built, [1, 3]);
    assert.deepEqual(table.testNamesAt(at), ['t']);
    assert.equal(filesTotals(table).linesHit, 3);
  });

  it('131,072 paths crafted to share a hash intern within the hang guard, each its own', () => {
    const paths = fnvMulticollision(17);
    const table = new PathTable();
    const bytes = paths.map((path) => new TextEncoder().encode(path));
    withinHangGuard(() => {
      bytes.forEach((path, i) => assert.equal(table.intern(path, 0, path.length), i));
      bytes.forEach((path, i) => assert.equal(table.intern(path, 0, path.length), i));
    }, 'interning');
    assert.equal(table.size, paths.length);
    assert.equal(table.pathAt(77_777), paths[77_777]);
    assert.equal(table.indexOf(paths[131_071] as string), 131_071);
    assert.equal(table.indexOf('not/there'), -1);
  });

  it('two byte sequences are one path exactly when they decode to one string (invalid UTF-8, non-ASCII, lone surrogates)', () => {
    const paths = new PathTable();
    const bad1 = Uint8Array.of(0x61, 0xff); // "a\uFFFD"
    const bad2 = Uint8Array.of(0x61, 0xfe); // "a\uFFFD" too
    const a = paths.intern(bad1, 0, 2);
    assert.equal(paths.intern(bad2, 0, 2), a);
    assert.equal(paths.pathAt(a), 'a\uFFFD');
    assert.equal(paths.indexOf('a\uFFFD'), a);
    const accented = paths.intern(utf8('src/é.c'), 0, utf8('src/é.c').length);
    assert.notEqual(accented, a);
    assert.equal(paths.pathAt(accented), 'src/é.c');
    assert.equal(paths.indexOf('src/é.c'), accented);
    // A lone surrogate encodes as U+FFFD, yet names no path the report wrote.
    assert.equal(paths.indexOf('a\uD800'), -1);
    const long = 'x'.repeat(300) + 'é';
    const longAt = paths.internString(long);
    assert.equal(paths.pathAt(longAt), long);
    assert.equal(paths.indexOf(long), longAt);
  });

  it('reads as the Map it replaces: get, has, size, order, iteration, totals, a path set again keeps its place', () => {
    const table = new FileTable();
    const arena = new BufferArena();
    const map = new Map<string, ReturnType<typeof buildFileCoverage>>();
    const inputs: [string, number[], number[]][] = [
      ['b.c', [1, 2], [0, 3]],
      ['a.c', [5], [1]],
      ['__proto__', [7, 9], [2, 0]],
    ];
    for (const [path, lines, hits] of inputs) {
      const bytes = utf8(path);
      fillFileCoverage(table, table.intern(bytes, 0, bytes.length), linesOnly(lines, hits), arena);
      map.set(path, buildFileCoverage(path, linesOnly(lines, hits)));
    }
    assert.equal(table.size, 3);
    assert.deepEqual([...table.keys()], ['b.c', 'a.c', '__proto__']);
    assert.equal(table.has('a.c'), true);
    assert.equal(table.has('c.c'), false);
    assert.equal(table.get('c.c'), undefined);
    for (const [path, file] of table) {
      const expected = map.get(path);
      assert.ok(expected !== undefined);
      assert.equal(file.path, path);
      assert.deepEqual([...file.lines], [...expected.lines]);
      assert.deepEqual([...file.hits], [...expected.hits]);
      assert.deepEqual([...file.status], [...expected.status]);
    }
    assert.deepEqual(filesTotals(table), reportTotals(map.values()));
    const replacement = buildFileCoverage('b.c', linesOnly([1, 2, 3], [1, 1, 1]));
    table.set('b.c', replacement);
    assert.equal(table.size, 3);
    assert.equal(table.get('b.c'), replacement);
    assert.deepEqual([...table.keys()], ['b.c', 'a.c', '__proto__']);
    assert.deepEqual(filesTotals(table).linesHit, 3 + 1 + 1);
    const seen: string[] = [];
    table.forEach((file, path, self) => {
      assert.equal(self, table);
      assert.equal(file.path, path);
      seen.push(path);
    });
    assert.deepEqual(seen, ['b.c', 'a.c', '__proto__']);
    const counted: unknown[] = [];
    forEachFileCounts(table, (path, counts) => counted.push([path, { ...counts }]));
    const expectedCounts = [...table.values()].map((file) => {
      const { lines, linesHit, branches, branchesHit, functions, functionsHit } = fileTotals(file);
      return [file.path, { lines, linesHit, branches, branchesHit, functions, functionsHit }];
    });
    assert.deepEqual(counted, expectedCounts, 'forEachFileCounts: each row’s counts, and the replaced file’s from its object');
    assert.deepEqual((counted[0] as [string, { lines: number }])[1].lines, 3);
  });

  it('an LCOV report of many one-line files keeps every file, in order, with its numbers', () => {
    let text = '';
    for (let i = 0; i < 5000; i++) text += `SF:d${i % 7}/f${i}.c\nDA:1,${i % 3}\nend_of_record\n`;
    text += 'SF:d0/f0.c\nDA:2,5\nend_of_record\n';
    const report = parseLcov(text);
    assert.equal(report.files.size, 5000);
    assert.equal([...report.files.keys()][4999], 'd1/f4999.c');
    const first = report.files.get('d0/f0.c');
    assert.deepEqual([...(first?.lines ?? [])], [1, 2]);
    assert.deepEqual([...(first?.hits ?? [])], [0, 5]);
    assert.deepEqual([...(report.files.get('d1/f1.c')?.hits ?? [])], [1]);
    assert.equal(report.totals.files, 5000);
    assert.equal(report.totals.lines, 5001);
  });
});

/**
 * 2^k distinct ASCII strings of one length that PathTable hashes alike (32-bit FNV-1a): k blocks,
 * each a pair of 8-character strings found (by the birthday bound, about 80,000 pseudo-random
 * tries) to lead from the hash state before them to one state, so any choice of one string per
 * block collides.
 */
function fnvMulticollision(k: number): string[] {
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const LENGTH = 8;
  const TRIES = 1 << 20;
  const SLOTS = 1 << 21;
  const chars = new Uint8Array(TRIES * LENGTH);
  const slotHash = new Int32Array(SLOTS);
  const slotTry = new Int32Array(SLOTS);
  let random = 0x2545f491;
  let state = 0x811c9dc5 | 0;
  const text = (at: number): string => String.fromCharCode(...chars.subarray(at * LENGTH, at * LENGTH + LENGTH));
  const pairs: [string, string][] = [];
  while (pairs.length < k) {
    slotTry.fill(-1);
    for (let n = 0; ; n++) {
      assert.ok(n < TRIES, 'no collision found');
      let hash = state;
      for (let i = 0; i < LENGTH; i++) {
        random ^= random << 13;
        random ^= random >>> 17;
        random ^= random << 5;
        const c = ALPHABET.charCodeAt((random >>> 0) % ALPHABET.length);
        chars[n * LENGTH + i] = c;
        hash = Math.imul(hash ^ c, 0x01000193);
      }
      let slot = hash & (SLOTS - 1);
      while (slotTry[slot] !== -1 && slotHash[slot] !== hash) slot = (slot + 1) & (SLOTS - 1);
      const other = slotTry[slot] as number;
      if (other !== -1 && text(other) !== text(n)) {
        pairs.push([text(other), text(n)]);
        state = hash;
        break;
      }
      slotHash[slot] = hash;
      slotTry[slot] = n;
    }
  }
  return Array.from({ length: 1 << k }, (_, m) => pairs.map((pair, bit) => pair[(m >> bit) & 1]).join(''));
}
