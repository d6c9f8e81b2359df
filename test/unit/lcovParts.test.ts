import * as assert from 'node:assert/strict';
import { LcovParser, parseLcov } from '../../src/core/formats/lcov/lcov';
import { type LcovPart, lcovPartTransfers, LcovSplitFinder } from '../../src/core/formats/lcov/lcovParts';
import { MAX_KEPT_WARNINGS } from '../../src/core/formats/warningList';
import { type CoverageReport, ReportParseError } from '../../src/core/model/model';
import { fixtureReportsNamed, readFixtureReport } from '../fixtureReports';
import { fullSnapshot as everything } from './jsonGoTestUtil';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The split position the finder gives when pushed the bytes from `from - 1` in chunks of `chunk`. */
function findSplit(bytes: Uint8Array, from: number, chunk: number): number | undefined {
  const finder = new LcovSplitFinder();
  const start = Math.max(0, from - 1);
  for (let at = start; at < bytes.length; at += chunk) {
    const found = finder.push(bytes.subarray(at, Math.min(bytes.length, at + chunk)));
    if (found >= 0) return start + found;
  }
  return undefined;
}

/** A continuation's part as another thread would receive it: cloned, its buffers transferred. */
function posted(part: LcovPart): LcovPart {
  return structuredClone(part, { transfer: lcovPartTransfers(part) });
}

type Outcome = { joined: boolean; report: CoverageReport } | { error: ReportParseError };

/** Parses bytes [0, split) and [split, end) apart and joins them as readReport does (or reads on when they cannot be joined). */
function parseInParts(bytes: Uint8Array, split: number): Outcome {
  const first = new LcovParser();
  first.push(bytes.subarray(0, split));
  const second = new LcovParser(true);
  let part: LcovPart;
  try {
    second.push(bytes.subarray(split));
    part = posted(second.finishPart());
  } catch (error) {
    if (!(error instanceof ReportParseError)) throw error;
    return { error: new ReportParseError(error.line > 0 ? error.line + first.linesRead : 0, error.reason) };
  }
  try {
    if (first.canJoin(part)) return { joined: true, report: first.finishJoined(part) };
    first.push(bytes.subarray(split));
    return { joined: false, report: first.finish() };
  } catch (error) {
    if (error instanceof ReportParseError) return { error };
    throw error;
  }
}

function sequential(bytes: Uint8Array): Outcome {
  try {
    return { joined: false, report: parseLcov(bytes) };
  } catch (error) {
    if (error instanceof ReportParseError) return { error };
    throw error;
  }
}

function assertSameAsSequential(bytes: Uint8Array, split: number, whole = sequential(bytes), wholeModel = 'error' in whole ? undefined : everything(whole.report)): boolean {
  const parts = parseInParts(bytes, split);
  if ('error' in whole) {
    assert.ok('error' in parts, `split at ${split}: the whole report fails (${whole.error.message}) but its parts did not`);
    assert.equal(parts.error.line, whole.error.line);
    assert.equal(parts.error.reason, whole.error.reason);
    return false;
  }
  assert.ok(!('error' in parts), `split at ${split}: ${'error' in parts ? parts.error.message : ''}`);
  assert.deepEqual(everything(parts.report), wholeModel, `split at ${split}`);
  return parts.joined;
}

/** Every split the finder gives, from each byte of the report. */
function everySplit(bytes: Uint8Array): number[] {
  const splits = new Set<number>();
  for (let from = 1; from < bytes.length; from++) {
    const split = findSplit(bytes, from, 7);
    if (split !== undefined && split < bytes.length) splits.add(split);
  }
  return [...splits];
}

const lcov = (lines: string[]): Uint8Array => encode(lines.join('\n') + '\n');

describe('an LCOV report parsed in two parts at once (lcovParts.ts) gives what one parser gives', function () {
  this.timeout(120_000);

  describe('the split finder', () => {
    it('splits just past an end_of_record line (LF or CRLF) that starts at or after the first byte pushed, in any chunking', () => {
      const text = 'SF:a\nDA:1,1\nend_of_record\nSF:b\r\nDA:1,0\r\nend_of_record\r\nSF:c\nend_of_record \nSF:d\nend_of_record\nSF:e\nend_of_record';
      const bytes = encode(text);
      const first = text.indexOf('end_of_record\n') + 'end_of_record\n'.length;
      const crlf = text.indexOf('end_of_record\r\n') + 'end_of_record\r\n'.length;
      const last = text.lastIndexOf('end_of_record\n') + 'end_of_record\n'.length;
      for (const chunk of [1, 2, 3, 7, 1000]) {
        assert.equal(findSplit(bytes, 1, chunk), first, `chunk ${chunk}`);
        assert.equal(findSplit(bytes, first - 'end_of_record\n'.length, chunk), first, 'a line that starts at the first byte is seen');
        assert.equal(findSplit(bytes, first - 'end_of_record\n'.length + 1, chunk), crlf, 'a line that starts before it is not');
        assert.equal(findSplit(bytes, crlf, chunk), last, 'a line with trailing text is not taken (the parser would close it, but it is not exact)');
        assert.equal(findSplit(bytes, last, chunk), undefined);
      }
    });

    it('never splits inside a line: xend_of_record, end_of_recordx and a path that ends in end_of_record are not splits', () => {
      const bytes = lcov(['SF:/x/end_of_record', 'DA:1,1', 'xend_of_record', 'end_of_recordx', 'end_of_record', 'SF:b', 'end_of_record']);
      const text = new TextDecoder().decode(bytes);
      assert.equal(findSplit(bytes, 1, 3), text.indexOf('\nend_of_record\n') + '\nend_of_record\n'.length);
    });
  });

  describe('joined or read on, the model is the sequential one', () => {
    const cases: [string, Uint8Array][] = [
      ['files with tests, branches, functions, checksums', lcov(['TN:unit', 'SF:a.ts', 'FN:1,f', 'FNDA:2,f', 'DA:1,2,abc', 'DA:2,0', 'BRDA:1,0,0,1', 'BRDA:1,0,1,-', 'end_of_record', 'TN:e2e', 'SF:b.ts', 'FN:3,g', 'DA:3,1', 'DA:4,0', 'BRDA:3,e0,x > 1,2', 'end_of_record', 'TN:', 'SF:c.ts', 'DA:1,1', 'end_of_record'])],
      ['a test name carried over the split, its later sections without hits and then with', lcov(['TN:suite', 'SF:a.ts', 'DA:1,1', 'end_of_record', 'SF:b.ts', 'DA:1,0', 'end_of_record', 'SF:c.ts', 'DA:5,0', 'end_of_record', 'TN:other', 'SF:d.ts', 'DA:5,1', 'end_of_record', 'SF:e.ts', 'DA:2,2', 'end_of_record'])],
      ['a TN record inside a section after the split', lcov(['TN:suite', 'SF:a.ts', 'DA:1,1', 'end_of_record', 'SF:b.ts', 'DA:1,0', 'TN:inner', 'DA:2,4', 'end_of_record', 'SF:c.ts', 'DA:5,1', 'end_of_record'])],
      ['a test name carried over the split (no TN before the later sections)', lcov(['TN:suite', 'SF:a.ts', 'DA:1,1', 'end_of_record', 'SF:b.ts', 'DA:1,3', 'DA:2,0', 'end_of_record', 'SF:c.ts', 'DA:5,1', 'end_of_record'])],
      ['no TN records at all', lcov(['SF:a.ts', 'DA:1,1', 'end_of_record', 'SF:b.ts', 'DA:1,3', 'end_of_record', 'SF:c.ts', 'DA:5,1', 'end_of_record'])],
      ['a path in both parts (its sections are summed)', lcov(['TN:', 'SF:a.ts', 'DA:1,1', 'FN:1,f', 'FNDA:1,f', 'end_of_record', 'SF:b.ts', 'DA:1,1', 'end_of_record', 'SF:a.ts', 'DA:1,4', 'DA:2,1', 'FN:1,f', 'FNDA:3,f', 'end_of_record', 'SF:a.ts', 'DA:3,0', 'end_of_record'])],
      ['warnings on both sides, with their report lines', lcov(['SF:a.ts', 'DA:x', 'BRDA:0,0,0,1', 'end_of_record', 'SF:b.ts', 'XY:1', 'DA:1,-3', 'FNDA:1,nope', 'end_of_record', 'DA:1,1', 'SF:c.ts', 'FN:bad', 'end_of_record'])],
      ['CRLF line ends, blank lines, comments, a byte order mark', encode('\ufeffTN:t\r\nSF:a.ts\r\nDA:1,1\r\nend_of_record\r\n\r\n# comment\r\nSF:b.ts\r\nDA:2,2\r\nend_of_record\r\nSF:c.ts\r\nDA:1,0\r\nend_of_record\r\n')],
      ['a byte order mark just after a split (not the first line: an error, as in one parse)', encode('SF:a.ts\nDA:1,1\nend_of_record\n\ufeffSF:b.ts\nDA:1,1\nend_of_record\n')],
      ['a malformed line after the split (its line counts from the report start)', lcov(['SF:a.ts', 'DA:1,1', 'end_of_record', 'SF:b.ts', 'DA:1,1', 'end_of_record', 'this is not lcov', 'SF:c.ts', 'end_of_record'])],
      ['content but SF only after the split', lcov(['DA:1,1', 'end_of_record', 'SF:b.ts', 'DA:1,1', 'end_of_record'])],
      ['content but no SF on either side', lcov(['DA:1,1', 'end_of_record', 'DA:2,1', 'end_of_record'])],
      ['a test name with NUL bytes in it', lcov(['SF:a.ts', 'DA:1,1', 'end_of_record', 'TN:\u0000inherited test name\u0000', 'SF:b.ts', 'DA:1,3', 'end_of_record', 'SF:c.ts', 'DA:5,1', 'end_of_record'])],
      ['an unterminated last line', encode('SF:a.ts\nDA:1,1\nend_of_record\nSF:b.ts\nDA:2,1\nend_of_record')],
    ];
    for (const [name, bytes] of cases) {
      it(`${name}: at every split`, () => {
        const splits = everySplit(bytes);
        assert.ok(splits.length > 0, 'the case has a split');
        for (const split of splits) assertSameAsSequential(bytes, split);
      });
    }

    const named = (prefix: string): Uint8Array => {
      const found = cases.find(([name]) => name.startsWith(prefix));
      assert.ok(found, prefix);
      return found[1];
    };
    const joinedAtFirstSplit = (bytes: Uint8Array): boolean => assertSameAsSequential(bytes, everySplit(bytes)[0]!);

    it('joins (no second reading) when the parts share no path and the test name in force is known or unused', () => {
      assert.equal(joinedAtFirstSplit(named('files with tests')), true);
      assert.equal(joinedAtFirstSplit(named('no TN records at all')), true, 'no TN at all: the name in force is the empty one');
      assert.equal(joinedAtFirstSplit(named('a test name carried over the split, its later sections without hits')), true, 'no line hit before the next TN');
    });

    it('reads on instead when a path is in both parts, or when the part hit lines under a non-empty test name from before the split', () => {
      assert.equal(joinedAtFirstSplit(named('a path in both parts')), false);
      assert.equal(joinedAtFirstSplit(named('a test name carried over the split (no TN')), false);
      assert.equal(joinedAtFirstSplit(named('a TN record inside a section')), false, 'the line hit after the inner TN counts too: the section started before it');
    });

    it('keeps the first warnings of each kind and counts the rest, as one list over the report would', () => {
      const lines: string[] = [];
      for (let i = 0; i < 3 * MAX_KEPT_WARNINGS; i++) lines.push(`SF:f${i}.ts`, 'DA:x', i % 3 === 0 ? 'BRDA:0,0,0,1' : 'DA:1,1', 'end_of_record');
      const bytes = lcov(lines);
      for (const fraction of [0.1, 0.3, 0.5, 0.9]) {
        const split = findSplit(bytes, Math.floor(bytes.length * fraction), 1 << 16);
        assert.ok(split !== undefined);
        assert.equal(assertSameAsSequential(bytes, split), true);
      }
    });
  });

  describe('real reports at many splits', () => {
    for (const fixture of fixtureReportsNamed('', '.info')) {
      it(`${fixture.name}`, () => {
        const bytes = new Uint8Array(readFixtureReport(fixture));
        const whole = sequential(bytes);
        const wholeModel = 'error' in whole ? undefined : everything(whole.report);
        let joined = 0;
        for (const fraction of [0.01, 0.3, 0.5, 0.77, 0.99]) {
          const split = findSplit(bytes, Math.floor(bytes.length * fraction), 1 << 20);
          if (split === undefined || split >= bytes.length) continue;
          if (assertSameAsSequential(bytes, split, whole, wholeModel)) joined++;
        }
        assert.ok(joined > 0, 'at least one split was joined, not read on');
      });
    }
  });
});
