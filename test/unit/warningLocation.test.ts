import * as assert from 'node:assert/strict';
import { JsonInput } from '../../src/core/json/jsonInput';
import type { ParseWarning } from '../../src/core/model/model';
import { MAX_KEPT_WARNINGS, WarningList } from '../../src/core/formats/warningList';
import { assertReport, parseIsolated } from './isolatedParse';

/**
 * Issue 8 §4 (SECURITY.md: quadratic work): JSON entries that each produce a warning once made
 * the parser search the whole text per warning (1.2 MB of Istanbul took 35 s). Warning lines
 * are now found in one pass, and only for the warnings kept. Each parse runs in a child
 * process that must finish within the hang guard; the old code ran for minutes.
 */

/** Far above what a linear parse of these inputs takes, far below what the quadratic one did. */
const HANG_GUARD_MS = 45_000;
/** About 2 MB of entries (llvm-cov: 1 MB, since each of its entries also builds a file). */
const ENTRIES = 150_000;
const LLVM_ENTRIES = 80_000;

/** `{`, the `first` entries on line 2 when given, then one entry per line, then `}`. */
function objectLines(entry: (i: number) => string, first?: string, count = ENTRIES): string {
  const entries = Array.from({ length: count }, (_, i) => entry(i));
  if (first !== undefined) entries.unshift(first);
  return `{\n${entries.join(',\n')}\n}`;
}

/** The first kept warnings point at lines `from`, `from + 1`, … and the rest are one `N more` entry. */
function assertFirstWarningsLocated(warnings: readonly ParseWarning[], messageOf: (i: number) => string, from = 2, count = ENTRIES): void {
  assert.equal(warnings.length, MAX_KEPT_WARNINGS + 1);
  for (let i = 0; i < MAX_KEPT_WARNINGS; i++) assert.deepEqual(warnings[i], { line: from + i, message: messageOf(i) });
  assert.deepEqual(warnings[MAX_KEPT_WARNINGS], { line: 0, message: `${count - MAX_KEPT_WARNINGS} more warnings` });
}

/** One real Istanbul file entry, so that the report is one. */
const ISTANBUL_FILE = '"a.js": {"path": "a.js", "statementMap": {"0": {"start": {"line": 1, "column": 0}, "end": {"line": 1, "column": 9}}}, "s": {"0": 1}}';

describe('warnings of JSON reports are located in linear time and capped (issue 8 §4)', function () {
  this.timeout(4 * HANG_GUARD_MS);

  it('Istanbul: 150,000 entries `"k<i>": 1`, each a warning', () => {
    const { warnings } = assertReport(parseIsolated('istanbul', objectLines((i) => `"k${i}": 1`, ISTANBUL_FILE), HANG_GUARD_MS));
    assertFirstWarningsLocated(warnings, (i) => `k${i}: not a file coverage object: skipped`, 3);
  });

  it('Istanbul: the same keys written as `\\u006b<i>` escapes are found where they are', () => {
    const { warnings } = assertReport(parseIsolated('istanbul', objectLines((i) => `"\\u006b${i}": 1`, ISTANBUL_FILE), HANG_GUARD_MS));
    assertFirstWarningsLocated(warnings, (i) => `k${i}: not a file coverage object: skipped`, 3);
  });

  it('coverage.py: 150,000 escaped file keys, each a warning', () => {
    const text = objectLines((i) => `"\\u006b${i}": 1`).replace('{\n', '{"meta": {"version": "7.5.0"}, "files": {\n');
    const { warnings } = assertReport(parseIsolated('coveragepy', `${text}}`, HANG_GUARD_MS));
    assertFirstWarningsLocated(warnings, (i) => `k${i}: not a file object: skipped`);
  });

  it('llvm-cov: 80,000 files whose segments are not an array, each a warning at its filename', () => {
    const files = Array.from({ length: LLVM_ENTRIES }, (_, i) => `{"filename": "f${i}.c", "segments": 1}`).join(',\n');
    const text = `{"type": "llvm.coverage.json.export", "version": "2.0.1", "data": [{"functions": [], "files": [\n${files}\n]}]}`;
    const { warnings } = assertReport(parseIsolated('llvm', text, HANG_GUARD_MS));
    assertFirstWarningsLocated(warnings, () => 'segments is not an array: skipped', 2, LLVM_ENTRIES);
  });

  describe('JsonInput.linesOfStrings', () => {
    const input = (text: string): JsonInput => {
      const json = new JsonInput();
      json.push(new TextEncoder().encode(text));
      json.parse();
      return json;
    };

    it('finds keys and values, however escaped, at their first occurrence', () => {
      const json = input('{\n"a": "b",\n"\\u0063": ["a", "d\\"e"],\n"f\\\\": {"g": "\\ud83d\\ude00"}\n}');
      const found = json.linesOfStrings(new Set(['a', 'b', 'c', 'd"e', 'f\\', '\u{1F600}', 'missing']));
      assert.deepEqual(
        [...found].sort(([x], [y]) => x.localeCompare(y)),
        [
          ['\u{1F600}', 4],
          ['a', 2],
          ['b', 2],
          ['c', 3],
          ['d"e', 3],
          ['f\\', 4],
        ],
      );
    });

    it('never matches inside another string', () => {
      assert.deepEqual([...input('["x \\"k\\" y",\n"k"]').linesOfStrings(new Set(['k']))], [['k', 2]]);
    });
  });

  describe('WarningList', () => {
    it('keeps the first 100 of each kind and counts the rest; quirks stay quirks', () => {
      const list = new WarningList();
      for (let i = 0; i < 150; i++) list.add(i + 1, `skipped ${i}`);
      for (let i = 0; i < 120; i++) list.add(i + 1, `quirk ${i}`, 'quirk');
      const warnings = list.list();
      assert.equal(warnings.length, 202);
      assert.equal(warnings.filter((w) => w.kind === 'quirk').length, 101);
      assert.deepEqual(warnings.slice(-2), [
        { line: 0, message: '50 more warnings' },
        { line: 0, message: '20 more of the producer quirks above', kind: 'quirk' },
      ]);
    });

    it('locates the warnings added at a JSON string with one call, for the warnings kept only', () => {
      const list = new WarningList();
      for (let i = 0; i < 300; i++) list.addAt(`key${i % 150}`, `w${i}`);
      const asked: string[][] = [];
      const warnings = list.list((keys) => {
        asked.push([...keys]);
        return new Map([...keys].map((key) => [key, Number(key.slice(3)) + 1]));
      });
      assert.equal(asked.length, 1);
      assert.equal(asked[0]?.length, MAX_KEPT_WARNINGS);
      assert.deepEqual(warnings[99], { line: 100, message: 'w99' });
    });
  });
});
