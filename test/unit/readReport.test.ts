import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectFormat } from '../../src/core/formats/detect';
import type { CoverageReport } from '../../src/core/model/model';
import { createParser } from '../../src/core/formats/parsers';
import { readReport } from '../../src/worker/readReport';
import { fixtureReportPath, fixtureReports } from '../fixtureReports';

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
  // The fixture reports are decompressed to out/fixture-reports when their test runs.
  const files: [string, () => string][] = [
    ...fixtureReports().map((fixture): [string, () => string] => [fixture.name, () => fixtureReportPath(fixture)]),
    ...['python', 'c'].map((folder): [string, () => string] => [`producers/${folder}/coverage.json`, () => path.join(PRODUCERS, folder, 'coverage.json')]),
  ];

  for (const [name, pathOf] of files) {
    it(`${name}: the same model as parsing the whole file at once`, async () => {
      const file = pathOf();
      const { report, complete } = await readReport(file, { maxBytes: 1024 ** 3, workspaceFolders: undefined }, () => undefined);
      assert.equal(complete, true);
      assert.deepEqual(summary(report), summary(wholeBuffer(file)));
    });
  }
});
