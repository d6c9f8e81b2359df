import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURE_REPORTS_DIR, fixtureReport, fixtureReportPath, fixtureReports, fixtureReportsNamed, readFixtureReport, unlistedFixtureFiles } from '../fixtureReports';

describe('fixture reports (test/fixtures/reports)', () => {
  it('every report file has a provenance line, and every line names source, tool, how it was made and a licence', () => {
    assert.deepEqual(unlistedFixtureFiles(), []);
    const provenance = readFileSync(path.join(FIXTURE_REPORTS_DIR, 'provenance.tsv'), 'utf8').split('\n').filter(Boolean);
    const columns = (provenance[0] ?? '').split('\t');
    for (const row of provenance.slice(1)) {
      const cells = new Map(row.split('\t').map((cell, i) => [columns[i], cell]));
      for (const column of ['source', 'tool', 'made', 'licence']) assert.ok((cells.get(column) ?? '').length > 0, `${cells.get('file')}: no ${column}`);
    }
    assert.ok(fixtureReports().length >= 17, `only ${fixtureReports().length} reports listed`);
  });

  it('every listed report is present and decompresses to the size and SHA-256 of its provenance line', () => {
    for (const fixture of fixtureReports()) assert.equal(readFixtureReport(fixture).length, fixture.bytes, fixture.name);
  });

  it('a listed report that is missing fails with an error naming the file', () => {
    const missing = { ...fixtureReport('real/lcov-solcov-juicier.info'), name: 'real/missing.info', storedPath: path.join(FIXTURE_REPORTS_DIR, 'real', 'missing.info.gz') };
    assert.throws(() => readFixtureReport(missing), /fixture report missing: test\/fixtures\/reports\/real\/missing\.info\.gz/);
  });

  it('a report that differs from its provenance line fails with an error naming the file', () => {
    const changed = { ...fixtureReport('real/lcov-solcov-juicier.info'), name: 'real/changed.info', sha256: '0'.repeat(64) };
    assert.throws(() => readFixtureReport(changed), /lcov-solcov-juicier\.info\.gz: SHA-256 [0-9a-f]{64}, provenance says 0{64}/);
  });

  it('asking for an unlisted report, or a name no report has, fails instead of giving nothing', () => {
    assert.throws(() => fixtureReport('real/nothing.info'), /real\/nothing\.info is not listed/);
    assert.throws(() => fixtureReportsNamed('nothing-'), /no report named nothing-\* is listed/);
  });

  it('gives code that reads a path a decompressed copy under out/', () => {
    const fixture = fixtureReport('real/go-blocky.out');
    const file = fixtureReportPath(fixture);
    assert.ok(file.includes(`${path.sep}out${path.sep}`), file);
    assert.deepEqual(readFileSync(file), readFixtureReport(fixture));
  });
});
