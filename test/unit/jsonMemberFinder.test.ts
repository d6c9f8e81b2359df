import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { JsonMemberFinder } from '../../src/worker/jsonMemberFinder';
import { baseName, MAX_PRIORITY_SECTIONS } from '../../src/worker/prioritySections';
import { PRODUCER_REPORTS_DIR, readFixtureReport } from '../fixtureReports';
import { assertFindsAsWholeParse, feedInChunks, parseReport, shown } from '../support/shownCoverage';

function find(bytes: Uint8Array, names: string[], chunkBytes: number, wanted = (key: string) => names.includes(baseName(key))): string | undefined {
  const finder = new JsonMemberFinder(names, wanted);
  feedInChunks(finder, bytes, chunkBytes);
  return finder.finish()?.toString();
}

/** An Istanbul file of one statement on `line`, hit `hits` times. */
function member(line: number, hits: number): string {
  return JSON.stringify({ statementMap: { '0': { start: { line, column: 0 }, end: { line, column: 9 } } }, s: { '0': hits }, fnMap: {}, f: {}, branchMap: {}, b: {} });
}

describe('JsonMemberFinder: the files of wanted paths in an Istanbul JSON report, without parsing the rest', () => {
  for (const fixture of ['generated/istanbul-c8-eslint.json', 'real/istanbul-solcov-juicier.json']) {
    it(`${fixture}: the document it builds gives the wanted files exactly what the whole parse does`, () => {
      assertFindsAsWholeParse('istanbul', readFixtureReport(fixture), MAX_PRIORITY_SECTIONS, find);
    });
  }

  it('coverage.py JSON: its files put back under "files" give the wanted files exactly what the whole parse does', () => {
    const producer = readFileSync(path.join(PRODUCER_REPORTS_DIR, 'python', 'coverage.json'));
    const findUnder = (bytes: Uint8Array, names: string[], chunkBytes: number) => {
      const finder = new JsonMemberFinder(names, (key) => names.includes(baseName(key)), 'files');
      feedInChunks(finder, bytes, chunkBytes);
      return finder.finish()?.toString();
    };
    assertFindsAsWholeParse('coveragepy', producer, MAX_PRIORITY_SECTIONS, findUnder);
    // coverage.py 7.5 and later: functions and classes by name inside each file.
    const file = (line: number) => ({ executed_lines: [line], missing_lines: [line + 1], excluded_lines: [], functions: { 'A.py_name': { executed_lines: [line], missing_lines: [] }, f: { executed_lines: [line], missing_lines: [] } }, classes: { A: { executed_lines: [line], missing_lines: [] } } });
    const report = JSON.stringify({ meta: { format: 3, version: '7.6.1' }, files: { 'pkg/a.py': file(1), 'pkg/b.py': file(3), 'lib/a.py': file(5) }, totals: { covered_lines: 3 } }, null, 1);
    assertFindsAsWholeParse('coveragepy', Buffer.from(report), MAX_PRIORITY_SECTIONS, findUnder);
    assert.deepEqual([...parseReport('coveragepy', findUnder(Buffer.from(report), ['a.py'], 64) ?? '').files.keys()], ['pkg/a.py', 'lib/a.py']);
  });

  it('coverage.py JSON: a non-ASCII path as Python writes it (\\u00fc escapes) is found by the name the editor has', () => {
    // As coverage.py 6.5 wrote it for "dir with space/ünïcode file.py" (Python's json escapes past ASCII).
    const entry = { executed_lines: [1, 2], missing_lines: [3], excluded_lines: [] };
    const report = Buffer.from(JSON.stringify({ meta: { version: '6.5.0' }, files: { 'dir with space/\u00fcn\u00efcode file.py': entry, 'b.py': entry } }).replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`));
    assert.ok(report.includes('\\u00fcn\\u00efcode'));
    for (const chunkBytes of [1, 7, 64, report.length]) {
      const finder = new JsonMemberFinder(['\u00fcn\u00efcode file.py'], (key) => baseName(key) === '\u00fcn\u00efcode file.py', 'files');
      feedInChunks(finder, report, chunkBytes);
      assert.deepEqual([...parseReport('coveragepy', finder.finish()?.toString() ?? '').files.keys()], ['dir with space/\u00fcn\u00efcode file.py'], `chunks of ${chunkBytes}`);
    }
  });

  it('takes only keys in a key position with an object value, whatever the chunk boundaries (every chunk size from 1 byte up)', () => {
    const wantedA = member(1, 1);
    const tricky = JSON.stringify({ statementMap: { '0': { start: { line: 2, column: 0 }, end: { line: 2, column: 1 } } }, s: { '0': 0 }, fnMap: {}, f: {}, branchMap: {}, b: {}, note: 'a string with } and { and \\" and "a.js": {' });
    const report = [
      '{\n  "lib/b.js": ' + member(5, 5) + ',',
      '  "x/a.js-not": ' + member(6, 6) + ',',
      '  "path/a.js" :\r\n\t' + wantedA + ',',
      '  "other": {"inner/a.js": 3, "p": "src/a.js", "deep/a.js": [1]},',
      '  "C:\\\\src\\\\a.js": ' + tricky + ',',
      '  "xa.js": ' + member(7, 7),
      '}',
    ].join('\n');
    const full = parseReport('istanbul', report);
    for (let size = 1; size <= report.length + 1; size++) {
      const document = find(Buffer.from(report), ['a.js'], size);
      assert.ok(document !== undefined, `chunks of ${size}`);
      const early = parseReport('istanbul', document);
      assert.deepEqual([...early.files.keys()], ['path/a.js', 'C:\\src\\a.js'], `chunks of ${size}`);
      for (const p of early.files.keys()) assert.deepEqual(shown(early.files.get(p)), shown(full.files.get(p)), `${p}, chunks of ${size}`);
    }
  });

  it('finds nothing when no name is wanted, a name needs escapes, or the wanted member is left open', () => {
    const report = Buffer.from(`{"src/a.js": ${member(1, 1)}, "src/q\\"a.js": ${member(2, 2)}, "src/c.js": {"s": {"0": 1}`);
    assert.equal(find(report, [], 7), undefined);
    assert.equal(find(report, ['b.js'], 7), undefined);
    assert.equal(find(report, ['q"a.js'], 7, () => true), undefined);
    assert.equal(find(report, ['c.js'], 7), undefined);
    assert.ok(find(report, ['a.js'], 7)?.includes('"src/a.js"'));
  });

  it('keeps at most MAX_PRIORITY_SECTIONS members', () => {
    const members = Array.from({ length: MAX_PRIORITY_SECTIONS + 5 }, (_, i) => `"d${i}/a.js": ${member(i + 1, i)}`);
    const document = find(Buffer.from(`{${members.join(',')}}`), ['a.js'], 100);
    assert.equal(parseReport('istanbul', document ?? '').files.size, MAX_PRIORITY_SECTIONS);
  });

  it('costs linear time on a report crafted to be all near-misses', () => {
    // Every hit is a needle that fails one check or another; a search that went back over the
    // same bytes for each (or searched again for the absent name after each) would take minutes on this.
    const misses = ['a.js"', ' "a.js" ,', '"a.js": 1,', '{"x/a.js"', '\\"a.js": {'].join('').repeat(1000);
    const farKey = 'x'.repeat(5000) + 'a.js":{';
    let text = '{';
    while (text.length < 16 * 1024 * 1024) text += misses + farKey;
    const started = process.hrtime.bigint();
    assert.equal(find(Buffer.from(text), ['a.js', 'absent.js'], 1 << 20, () => false), undefined);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 30_000, 'hang guard');
  });
});
