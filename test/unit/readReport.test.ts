import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectFormat } from '../../src/core/detect';
import type { CoverageReport } from '../../src/core/model';
import { createParser } from '../../src/core/parsers';
import { readReport } from '../../src/worker/readReport';
import { sharedReportsDir } from './sharedReports';

const PRODUCERS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'producers');

function wholeBuffer(file: string): CoverageReport {
  const bytes = readFileSync(file);
  const parser = createParser(detectFormat(bytes) ?? 'lcov');
  parser.push(bytes);
  return parser.finish();
}

function summary(report: CoverageReport) {
  return {
    format: report.format,
    totals: report.totals,
    files: [...report.files.values()].map((f) => [f.path, [...f.lines].join(','), [...f.hits].join(','), [...f.branchDetail.taken].join(',')].join('|')),
    sourceRoots: report.sourceRoots ?? [],
  };
}

describe('reading reports from disk in 1 MiB chunks through one reused buffer', function () {
  this.timeout(60_000);
  const files = [
    ...['real', 'generated'].flatMap((dir) => readdirSync(path.join(sharedReportsDir, dir)).filter((f) => !f.endsWith('.tsv')).map((f) => path.join(sharedReportsDir, dir, f))),
    path.join(PRODUCERS, 'python', 'coverage.json'),
    path.join(PRODUCERS, 'c', 'coverage.json'),
  ];

  for (const file of files) {
    it(`${path.basename(file)}: the same model as parsing the whole file at once`, async () => {
      const { report, complete } = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined }, () => undefined);
      assert.equal(complete, true);
      assert.deepEqual(summary(report), summary(wholeBuffer(file)));
    });
  }
});
