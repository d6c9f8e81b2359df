import * as assert from 'node:assert/strict';
import { GoLineFinder } from '../../src/worker/goLineFinder';
import { baseName, MAX_PRIORITY_SECTION_BYTES, MAX_PRIORITY_SECTIONS } from '../../src/worker/prioritySections';
import { readFixtureReport } from '../fixtureReports';
import { assertFindsAsWholeParse, feedInChunks, parseReport, shown } from '../support/shownCoverage';

function find(bytes: Uint8Array, names: string[], chunkBytes: number, wanted = (p: string) => names.includes(baseName(p))): string | undefined {
  const finder = new GoLineFinder(names, wanted);
  feedInChunks(finder, bytes, chunkBytes);
  return finder.finish()?.toString();
}

describe('GoLineFinder: the block lines of wanted files in a Go coverage profile, without parsing the rest', () => {
  for (const fixture of ['generated/go-std-count.out', 'real/go-blocky.out', 'real/go-polygon-cdk.out']) {
    it(`${fixture}: the profile it builds gives the wanted files exactly what the whole parse does`, () => {
      assertFindsAsWholeParse('go', readFixtureReport(fixture), MAX_PRIORITY_SECTIONS, find);
    });
  }

  it('takes a name only where it ends the path that starts a line, whatever the chunk boundaries (every chunk size from 1 byte up)', () => {
    const report = [
      'mode: count',
      'm/p/a.go:1.1,2.2 1 1',
      'm/p/xa.go:1.1,2.2 1 7',
      'm/q/b.go:3.1,4.2 1 0 // a.go:9.9,9.9 1 1',
      'a.go:5.1,6.2 2 3\r',
      'm/p/a.go:7.1,8.2 1 0',
      'm\\w\\a.go:1.1,1.5 1 2',
      'm/p/a.go.bak:1.1,2.2 1 1',
      'm/p/a.go:1.1,2.2 1 4',
      '',
    ].join('\n');
    const full = parseReport('go', report);
    for (let size = 1; size <= report.length + 1; size++) {
      const profile = find(Buffer.from(report), ['a.go'], size);
      assert.ok(profile !== undefined, `chunks of ${size}`);
      assert.ok(profile.startsWith('mode: count\n'), `chunks of ${size}`);
      const early = parseReport('go', profile);
      assert.deepEqual([...early.files.keys()].sort(), ['a.go', 'm/p/a.go', 'm\\w\\a.go'].sort(), `chunks of ${size}`);
      for (const p of early.files.keys()) assert.deepEqual(shown(early.files.get(p)), shown(full.files.get(p)), `${p}, chunks of ${size}`);
    }
  });

  it('skips a line too long to keep, even where a chunk starts inside it', () => {
    const report = Buffer.from(`mode: set\n${'y'.repeat(70 * 1024)}/a.go:1.1,1.2 1 1\nm/a.go:2.1,2.5 1 0\n`);
    for (const chunkBytes of [4096, 65536, report.length]) {
      assert.deepEqual([...parseReport('go', find(report, ['a.go'], chunkBytes) ?? '').files.keys()], ['m/a.go'], `chunks of ${chunkBytes}`);
    }
  });

  it('finds nothing when no name is wanted or none is found, and keeps the lines of at most MAX_PRIORITY_SECTIONS files', () => {
    const lines = Array.from({ length: MAX_PRIORITY_SECTIONS + 5 }, (_, i) => `m/d${i}/a.go:${i + 1}.1,${i + 1}.9 1 ${i}\n`);
    const report = Buffer.from(`mode: set\n${lines.join('')}`);
    assert.equal(find(report, [], 7), undefined);
    assert.equal(find(report, ['b.go'], 7), undefined);
    assert.equal(find(report, ['a:go'], 7, () => true), undefined);
    assert.equal(parseReport('go', find(report, ['a.go'], 100) ?? '').files.size, MAX_PRIORITY_SECTIONS);
  });

  it('keeps the lines of a wanted file up to MAX_PRIORITY_SECTION_BYTES in all (copies of one line), and gives up past it', () => {
    const line = `m/${'d/'.repeat(100)}a.go:1.1,1.2 1 1\n`;
    const fit = Math.floor(MAX_PRIORITY_SECTION_BYTES / line.length);
    const report = (lines: number) => Buffer.from(`mode: count\n${line.repeat(lines)}m/b.go:2.1,2.2 1 0\n`);
    const fits = report(fit);
    const finder = new GoLineFinder(['a.go'], (p) => baseName(p) === 'a.go');
    feedInChunks(finder, fits, 1 << 20);
    assert.equal(finder.full, false);
    assert.ok(finder.finish()?.equals(Buffer.from(`mode: count\n${line.repeat(fit)}`)), 'every line kept, as the report has it');
    const over = new GoLineFinder(['a.go'], (p) => baseName(p) === 'a.go');
    feedInChunks(over, report(fit + 1), 1 << 20);
    assert.equal(over.full, true, 'the reader may stop');
    assert.equal(over.finish(), undefined, 'left to the full load');
  });

  it('costs linear time on a profile crafted to be all near-misses and long lines', () => {
    const misses = ['xa.go:1\n'.repeat(20), 'p/a.go 1\n', 'p/a.gox:\n', 'q ' + 'a.go:'.repeat(50) + '\n'].join('').repeat(1000);
    const longLine = 'y'.repeat(70 * 1024) + '/a.go:1.1,1.2 1 1\n';
    let text = 'mode: set\n';
    while (text.length < 16 * 1024 * 1024) text += misses + longLine;
    const started = process.hrtime.bigint();
    assert.equal(find(Buffer.from(text), ['a.go', 'absent.go'], 1 << 20, () => false), undefined);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 30_000, 'hang guard');
  });
});
