import * as assert from 'node:assert/strict';
import type { CoverageFormat } from '../../src/core/model/model';
import { baseName, MAX_PRIORITY_SECTION_BYTES, MAX_PRIORITY_SECTIONS } from '../../src/worker/prioritySections';
import { attribute, CLOVER_SHAPE, COBERTURA_SHAPE, JACOCO_SHAPE, XmlRecordFinder, type XmlRecordShape } from '../../src/worker/xmlRecordFinder';
import { readFixtureReport } from '../fixtureReports';
import { feedInChunks, parseReport as parse, shown } from '../support/shownCoverage';
import { withinHangGuard } from './hangGuard';

function find(shape: XmlRecordShape, bytes: Uint8Array, wanted: (p: string) => boolean, chunkBytes: number): string | undefined {
  const finder = new XmlRecordFinder(shape, wanted);
  feedInChunks(finder, bytes, chunkBytes);
  return finder.finish();
}

const CASES: { fixture: string; format: CoverageFormat; shape: XmlRecordShape }[] = [
  { fixture: 'generated/cobertura-c8-eslint.xml', format: 'cobertura', shape: COBERTURA_SHAPE },
  { fixture: 'real/cobertura-python-conflowgen.xml', format: 'cobertura', shape: COBERTURA_SHAPE },
  { fixture: 'real/jacoco-closure-stylesheets.xml', format: 'jacoco', shape: JACOCO_SHAPE },
  { fixture: 'generated/clover-c8-eslint.xml', format: 'clover', shape: CLOVER_SHAPE },
  { fixture: 'real/clover-phpunit-bitcoin-php.xml', format: 'clover', shape: CLOVER_SHAPE },
];

describe('XmlRecordFinder: the records of wanted files in an XML report, without parsing the rest', () => {
  for (const { fixture, format, shape } of CASES) {
    it(`${fixture}: the document it builds gives the wanted files exactly what the whole parse does`, () => {
      const bytes = readFixtureReport(fixture);
      const full = parse(format, bytes);
      const paths = [...full.files.keys()];
      // The first, one in the middle and the last file, and whatever shares their names.
      const picked = new Set([paths[0], paths[paths.length >> 1], paths[paths.length - 1]].map((p) => baseName(p as string)));
      const wanted = (p: string) => picked.has(baseName(p));
      const expected = paths.filter(wanted);
      for (const chunkBytes of [bytes.length, 1 << 16, 4093, 997]) {
        const document = find(shape, bytes, wanted, chunkBytes);
        assert.ok(document !== undefined, `chunks of ${chunkBytes}`);
        const early = parse(format, document);
        assert.deepEqual([...early.files.keys()].sort(), expected.slice(0, MAX_PRIORITY_SECTIONS).sort(), `chunks of ${chunkBytes}`);
        for (const p of early.files.keys()) assert.deepEqual(shown(early.files.get(p)), shown(full.files.get(p)), `${p}, chunks of ${chunkBytes}`);
        assert.deepEqual(early.sourceRoots ?? [], format === 'cobertura' ? full.sourceRoots : [], 'Cobertura keeps its <source> roots');
      }
    });
  }

  it('finds nothing when no file is wanted', () => {
    assert.equal(find(COBERTURA_SHAPE, readFixtureReport('generated/cobertura-c8-eslint.xml'), () => false, 1 << 16), undefined);
  });

  it('tells <class> from <classes>, reads single quotes and character references, and reads a JaCoCo file inside its package', () => {
    const cobertura = `<coverage><sources><source>/r&amp;d</source></sources><packages><package name="p"><classes><class name='x' filename='src/a&amp;b.py'><lines><line number="3" hits="2"/></lines></class><class name="y" filename="src/c.py"/></classes></package></packages></coverage>`;
    const document = find(COBERTURA_SHAPE, Buffer.from(cobertura), (p) => p === 'src/a&b.py', 5) ?? '';
    const report = parse('cobertura', document);
    assert.deepEqual([...report.files.keys()], ['src/a&b.py']);
    assert.deepEqual(report.sourceRoots, ['/r&d']);
    const jacoco = `<?xml version="1.0"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="r"><package name="org/x"><class name="org/x/A" sourcefilename="A.java"><method name="m" desc="()V" line="4"><counter type="METHOD" missed="0" covered="1"/></method></class><sourcefile name="A.java"><line nr="4" mi="0" ci="3" mb="0" cb="0"/></sourcefile></package><package name="org/y"><sourcefile name="A.java"><line nr="9" mi="1" ci="0" mb="0" cb="0"/></sourcefile></package></report>`;
    const jacocoReport = parse('jacoco', find(JACOCO_SHAPE, Buffer.from(jacoco), (p) => p === 'org/x/A.java', 7) ?? '');
    assert.deepEqual([...jacocoReport.files.keys()], ['org/x/A.java']);
    assert.deepEqual(shown(jacocoReport.files.get('org/x/A.java')), shown(parse('jacoco', jacoco).files.get('org/x/A.java')));
  });

  it('keeps at most MAX_PRIORITY_SECTIONS files', () => {
    const classes = Array.from({ length: MAX_PRIORITY_SECTIONS * 2 }, (_, i) => `<class name="c" filename="f${i}.py"><lines><line number="1" hits="1"/></lines></class>`).join('');
    const document = find(COBERTURA_SHAPE, Buffer.from(`<coverage><packages><package name="p"><classes>${classes}</classes></package></packages></coverage>`), () => true, 64) ?? '';
    assert.equal(parse('cobertura', document).files.size, MAX_PRIORITY_SECTIONS);
  });

  /** Feeds `bytes` in chunks until the finder is full, checking what it holds after each push; the bytes fed. */
  function feedChecked(finder: XmlRecordFinder, bytes: Uint8Array, chunkBytes: number): number {
    let fed = 0;
    for (let at = 0; at < bytes.length && !finder.full; at += chunkBytes) {
      const chunk = Buffer.from(bytes.subarray(at, at + chunkBytes));
      finder.push(chunk);
      chunk.fill(0x78);
      fed += chunk.length;
      assert.ok(finder.heldBytes <= MAX_PRIORITY_SECTION_BYTES, `${finder.heldBytes} bytes held after ${fed}`);
    }
    return fed;
  }

  it('gives up, holding MAX_PRIORITY_SECTION_BYTES at most, on millions of copies of a wanted record, of <source>, or of a long context tag', () => {
    // The security trial's report, smaller: 1,000,000 copies of one wanted record (24 MB). Every
    // copy was kept, and all joined into one document parsed again (12 M copies: 2.5 GB, 90 s).
    const cobertura = (inside: string) => Buffer.from(`<coverage><packages><package name="p"><classes>${inside}</classes></package></packages></coverage>`);
    const longName = 'n'.repeat(60_000);
    const reports: [string, XmlRecordShape, Buffer][] = [
      ['records', COBERTURA_SHAPE, cobertura('<class filename="a.js"/>\n'.repeat(1_000_000))],
      ['records with content', COBERTURA_SHAPE, cobertura('<class filename="a.js"><lines><line number="1" hits="1"/></lines></class>\n'.repeat(300_000))],
      ['<source>', COBERTURA_SHAPE, Buffer.from(`<coverage><sources>${'<source>/s</source>'.repeat(1_000_000)}</sources><packages><package name="p"><classes><class filename="a.js"/></classes></package></packages></coverage>`)],
      ['context tags', JACOCO_SHAPE, Buffer.from(`<report name="r">${`<package name="${longName}"><class name="c" sourcefilename="a.js"/></package>`.repeat(300)}</report>`)],
    ];
    for (const [what, shape, bytes] of reports) {
      const finder = new XmlRecordFinder(shape, (p) => baseName(p) === 'a.js');
      const fed = withinHangGuard(() => feedChecked(finder, bytes, 1 << 20), what);
      assert.ok(finder.full, `${what}: the reader may stop`);
      assert.ok(fed < bytes.length, `${what}: the reader stopped early`);
      assert.equal(finder.finish(), undefined, `${what}: left to the full load`);
    }
  });

  it('takes a wanted record of megabytes across many chunks with linear copying, as the whole parse has it', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `<line number="${i + 1}" hits="${i % 3}"/>`).join('');
    const big = `<class name="b" filename="src/a.py"><methods/><lines>${lines}</lines></class>`;
    const bytes = Buffer.from(`<coverage><sources><source>/r</source></sources><packages><package name="p"><classes><class name="c" filename="src/c.py"/>${big}<class name="d" filename="lib/a.py"><lines><line number="1" hits="1"/></lines></class></classes></package></packages></coverage>`);
    const full = parse('cobertura', bytes);
    for (const chunkBytes of [1 << 16, 4093]) {
      const finder = new XmlRecordFinder(COBERTURA_SHAPE, (p) => baseName(p) === 'a.py');
      const fed = withinHangGuard(() => feedChecked(finder, bytes, chunkBytes), `chunks of ${chunkBytes}`);
      // Joining each chunk to the record so far copied it again each time: 1,500 chunks of 4 KiB, 3 MiB on average (700 times the input).
      assert.ok(finder.copiedBytes < 6 * fed, `${finder.copiedBytes} bytes copied for ${fed} fed, chunks of ${chunkBytes}`);
      const early = parse('cobertura', finder.finish() ?? '');
      assert.deepEqual([...early.files.keys()], ['src/a.py', 'lib/a.py'], `chunks of ${chunkBytes}`);
      for (const p of early.files.keys()) assert.deepEqual(shown(early.files.get(p)), shown(full.files.get(p)), `${p}, chunks of ${chunkBytes}`);
    }
  });

  it('reads attributes from a start tag', () => {
    assert.equal(attribute('<class name="a" filename="x/y.py">', 'filename'), 'x/y.py');
    assert.equal(attribute('<class name="a" xfilename="x/y.py">', 'filename'), undefined);
    assert.equal(attribute(`<file path = 'a&#x2F;b&#47;c&lt;'>`, 'path'), 'a/b/c<');
  });
});
