import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { looksComplete } from '../../src/core/completeness';
import { detectFormat } from '../../src/core/detect';
import type { CoverageFormat } from '../../src/core/model';
import { sharedReportsDir } from './sharedReports';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('format detection by content', () => {
  const expected: Record<string, CoverageFormat> = {
    lcov: 'lcov',
    cobertura: 'cobertura',
    jacoco: 'jacoco',
    clover: 'clover',
    istanbul: 'istanbul',
    go: 'go',
  };

  for (const dir of ['real', 'generated']) {
    for (const file of readdirSync(path.join(sharedReportsDir, dir)).filter((f) => !f.endsWith('.tsv'))) {
      const format = expected[file.split('-')[0] as string];
      it(`detects ${dir}/${file} as ${String(format)}`, () => {
        const head = readFileSync(path.join(sharedReportsDir, dir, file)).subarray(0, 4096);
        assert.equal(detectFormat(head), format);
      });
    }
  }

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
