import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { looksComplete } from '../../src/core/formats/completeness';
import { detectFormat } from '../../src/core/formats/detect';
import { fixtureReports, PRODUCER_REPORTS_DIR, readFixtureReport } from '../fixtureReports';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('format detection by content', () => {
  for (const fixture of fixtureReports()) {
    it(`detects ${fixture.name} as ${fixture.format} (its provenance line)`, () => {
      assert.equal(detectFormat(readFixtureReport(fixture).subarray(0, 4096)), fixture.format);
    });
  }

  it('detects an llvm-cov export whose "type" comes after its first 4 KiB (llvm-cov writes keys sorted), compact or pretty-printed', () => {
    const producer = JSON.parse(readFileSync(path.join(PRODUCER_REPORTS_DIR, 'c', 'coverage.json'), 'utf8')) as { data: { files: unknown[] }[] };
    const unit = producer.data[0] as { files: unknown[] };
    const large = { ...producer, data: [{ ...unit, files: Array.from({ length: 20 }, () => unit.files[0]) }] };
    for (const text of [JSON.stringify(large), JSON.stringify(large, null, 2)]) {
      assert.ok(text.indexOf('"llvm.coverage.json.export"') > 4096);
      assert.equal(detectFormat(bytes(text)), 'llvm');
    }
    assert.equal(detectFormat(bytes('{"data": [{"files": []}]}')), 'llvm');
    assert.equal(detectFormat(bytes('{"data": {"files": []}}')), undefined);
  });

  it('detects LCOV that starts with SF, TN or a UTF-8 BOM, and rejects garbage', () => {
    assert.equal(detectFormat(bytes('SF:a.js\nDA:1,1\nend_of_record\n')), 'lcov');
    assert.equal(detectFormat(bytes('\uFEFFTN:\nSF:a.js\n')), 'lcov');
    assert.equal(detectFormat(bytes('\x00\x01\x02garbage')), undefined);
    assert.equal(detectFormat(bytes('hello world')), undefined);
  });
});

describe('report completeness', () => {
  it('treats an LCOV report that stops mid-record as still being written', () => {
    assert.equal(looksComplete('lcov', bytes('SF:a.js\nDA:1,1\nend_of_record\n')), true);
    assert.equal(looksComplete('lcov', bytes('SF:a.js\nDA:1,1\nend_of_record')), true);
    assert.equal(looksComplete('lcov', bytes('SF:a.js\nDA:1,1\nDA:2')), false);
    assert.equal(looksComplete('lcov', bytes('')), true);
  });
});
