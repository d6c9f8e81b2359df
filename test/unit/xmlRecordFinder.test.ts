import * as assert from 'node:assert/strict';
import type { CoverageFormat } from '../../src/core/model/model';
import { baseName, MAX_PRIORITY_SECTIONS } from '../../src/worker/prioritySections';
import { attribute, CLOVER_SHAPE, COBERTURA_SHAPE, JACOCO_SHAPE, XmlRecordFinder, type XmlRecordShape } from '../../src/worker/xmlRecordFinder';
import { readFixtureReport } from '../fixtureReports';
import { feedInChunks, parseReport as parse, shown } from '../support/shownCoverage';

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

  it('reads attributes from a start tag', () => {
    assert.equal(attribute('<class name="a" filename="x/y.py">', 'filename'), 'x/y.py');
    assert.equal(attribute('<class name="a" xfilename="x/y.py">', 'filename'), undefined);
    assert.equal(attribute(`<file path = 'a&#x2F;b&#47;c&lt;'>`, 'path'), 'a/b/c<');
  });
});
