import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { REMOVED } from '../../src/core/lines/lineMap';
import { diffLines, diffTexts } from '../../src/core/lines/lineDiff';
import type { Hunk } from '../../src/core/lines/lineMapping';
import { decodeText, looksBinary, splitLines } from '../../src/core/lines/textLines';
import { sourcesOfThisRepository, mutateLines, seededRandom } from './lineDiffCorpus';

/** b rebuilt from a and the hunks: a correct diff turns one into the other. */
function apply(a: readonly string[], b: readonly string[], hunks: readonly Hunk[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const hunk of hunks) {
    out.push(...a.slice(at, hunk.oldStart));
    out.push(...b.slice(hunk.newStart, hunk.newEnd));
    at = hunk.oldEnd;
  }
  out.push(...a.slice(at));
  return out;
}

function writeLines(file: string, lines: readonly string[]): void {
  writeFileSync(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}

const editCount = (hunks: readonly Hunk[]) => hunks.reduce((sum, h) => sum + (h.oldEnd - h.oldStart) + (h.newEnd - h.newStart), 0);

/** Length of the longest common subsequence, by dynamic programming (the oracle for minimality). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, row[j - 1] as number);
    previous = row;
  }
  return previous[b.length] as number;
}

/** Changed old and new lines (0-based) as `git diff` (default context, Myers, indent heuristic) prints them. */
function gitChangedLines(dir: string): { deleted: number[]; added: number[] } {
  const result = spawnSync('git', ['-c', 'diff.algorithm=myers', '-c', 'diff.indentHeuristic=true', 'diff', '--no-index', '--no-color', '--no-ext-diff', '-U3', 'a', 'b'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
  });
  const deleted: number[] = [];
  const added: number[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const line of result.stdout.split('\n')) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header !== null) {
      oldLine = Number(header[1]) - (header[2] === '0' ? 0 : 1);
      newLine = Number(header[3]) - (header[4] === '0' ? 0 : 1);
    } else if (line.startsWith('---') || line.startsWith('+++')) continue;
    else if (line.startsWith('-')) deleted.push(oldLine++);
    else if (line.startsWith('+')) added.push(newLine++);
    else if (line.startsWith(' ')) {
      oldLine++;
      newLine++;
    }
  }
  return { deleted, added };
}

function changedLines(hunks: readonly Hunk[]): { deleted: number[]; added: number[] } {
  const deleted: number[] = [];
  const added: number[] = [];
  for (const h of hunks) {
    for (let i = h.oldStart; i < h.oldEnd; i++) deleted.push(i);
    for (let i = h.newStart; i < h.newEnd; i++) added.push(i);
  }
  return { deleted, added };
}

describe('text lines', () => {
  it('splits on LF and CRLF alike, keeps a last line without ending, drops the empty tail', () => {
    assert.deepEqual(splitLines('a\r\nb\nc'), ['a', 'b', 'c']);
    assert.deepEqual(splitLines('a\nb\n'), ['a', 'b']);
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('\n\n'), ['', '']);
    assert.deepEqual(splitLines('a\rb\r\n'), ['a\rb']);
  });

  it('calls bytes with a NUL in the first 8,000 binary, as git does; drops a UTF-8 BOM', () => {
    assert.ok(looksBinary(Uint8Array.from([104, 0, 105])));
    assert.ok(!looksBinary(new TextEncoder().encode('plain text')));
    const late = new Uint8Array(9000).fill(65);
    late[8500] = 0;
    assert.ok(!looksBinary(late));
    assert.equal(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61])), 'a');
  });
});

describe('line diff (core)', () => {
  it('finds no change between a CRLF file and the same file with LF endings', () => {
    assert.ok(diffTexts('one\r\ntwo\r\nthree\r\n', 'one\ntwo\nthree\n').isIdentity);
    assert.ok(diffTexts('one\ntwo', 'one\ntwo\n').isIdentity, 'a final newline added is not a changed line');
  });

  it('maps unchanged lines around a changed one', () => {
    const mapping = diffTexts('a\nb\nc\nd\n', 'a\nB\nc\nx\nd\n');
    assert.deepEqual([1, 2, 3, 4].map((line) => mapping.newLine(line)), [1, REMOVED, 3, 5]);
    assert.deepEqual([...mapping.changedRanges()], [
      [2, 3],
      [4, 5],
    ]);
  });

  it('draws a moved block as deleted where it was and added where it is', () => {
    const before = ['function a() {', '  return 1;', '}', '', 'function b() {', '  return 2;', '}', ''].join('\n');
    const after = ['function b() {', '  return 2;', '}', '', 'function a() {', '  return 1;', '}', ''].join('\n');
    const mapping = diffTexts(before, after);
    const moved = [1, 2, 3, 4, 5, 6, 7].map((line) => mapping.newLine(line));
    // One of the two functions keeps its lines (shifted), the other is gone and added again.
    assert.equal(moved.filter((line) => line === REMOVED).length, 4);
    assert.equal(mapping.changedLineCount, 4);
    for (let line = 1; line <= 7; line++) {
      const now = mapping.newLine(line);
      if (now !== REMOVED) assert.equal(splitLines(after)[now - 1], splitLines(before)[line - 1]);
    }
  });

  it('places an added function the way git does: after the blank line, not straddling it', () => {
    const before = ['function a() {', '  return 1;', '}', '', 'module.exports = { a };'];
    const after = ['function a() {', '  return 1;', '}', '', 'function b() {', '  return 2;', '}', '', 'module.exports = { a };'];
    // Also "}\n\nfunction b() {\n  return 2;" after line 2 would be a minimal diff.
    assert.deepEqual(diffLines(before, after), [{ oldStart: 4, oldEnd: 4, newStart: 4, newEnd: 8 }]);
  });

  it('draws what git diff draws, also where git is not minimal (fast-check, git as the oracle)', function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-diff-'));
    const line = fc.constantFrom('', '}', '  x', '  y', 'a', 'b', 'c', '\tz');
    try {
      fc.assert(
        fc.property(fc.array(line, { maxLength: 40 }), fc.array(line, { maxLength: 40 }), (a, b) => {
          const hunks = diffLines(a, b);
          assert.deepEqual(apply(a, b, hunks), b);
          for (const hunk of hunks) assert.ok(hunk.oldEnd > hunk.oldStart || hunk.newEnd > hunk.newStart);
          writeLines(path.join(dir, 'a'), a);
          writeLines(path.join(dir, 'b'), b);
          assert.deepEqual(changedLines(hunks), gitChangedLines(dir));
        }),
        { seed: 11, numRuns: 120 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is minimal where no line repeats often (a dynamic-programming LCS as the oracle)', () => {
    // git's diff, and so ours, sets aside a line with many equals that sits among unmatched
    // lines, which can cost a longer diff than the minimum; with rare repeats it never does.
    const line = fc.integer({ min: 0, max: 60 }).map((n) => `line ${n}`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.array(line, { maxLength: 60 }), (a, b) => {
        const hunks = diffLines(a, b);
        assert.deepEqual(apply(a, b, hunks), b);
        assert.equal(editCount(hunks), a.length + b.length - 2 * lcsLength(a, b));
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it('stays correct, and quick, when nearly everything changed (a reversed file)', () => {
    const a = sourcesOfThisRepository().flatMap((file) => splitLines(readFileSync(file, 'utf8'))).slice(0, 6000);
    const b = [...a].reverse();
    const hunks = diffLines(a, b);
    assert.deepEqual(apply(a, b, hunks), b);
  });

  it('draws the same changed lines as git diff on edited copies of this repository’s sources', function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-diff-'));
    try {
      const random = seededRandom(20260601);
      const files = sourcesOfThisRepository();
      for (let n = 0; n < 80; n++) {
        const file = files[Math.floor(random() * files.length)] as string;
        const a = splitLines(readFileSync(file, 'utf8'));
        const b = mutateLines(a, random);
        writeLines(path.join(dir, 'a'), a);
        writeLines(path.join(dir, 'b'), b);
        const hunks = diffLines(a, b);
        assert.deepEqual(apply(a, b, hunks), b);
        assert.deepEqual(changedLines(hunks), gitChangedLines(dir), `edit ${n} of ${path.relative(process.cwd(), file)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
