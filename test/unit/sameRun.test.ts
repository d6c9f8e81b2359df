import * as assert from 'node:assert/strict';
import type { CoverageFormat } from '../../src/core/model/model';
import { oneReportPerRun, type RunFacts, SAME_RUN_WINDOW_MS, withoutCopies } from '../../src/host/sameRun';

const FILES = ['/ws/src/a.js', '/ws/src/b.js', '/ws/src/c.js'];

function report(key: string, format: CoverageFormat, overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    key,
    folder: '/ws/coverage',
    format,
    contentHash: `hash of ${key}`,
    modifiedMs: 1_000_000,
    files: new Set(FILES),
    hasPerTest: false,
    branches: 10,
    functions: 5,
    lines: 100,
    ...overrides,
  };
}

const keys = (facts: readonly RunFacts[]) => facts.map((f) => f.key);

describe('one report per test run', () => {
  it('keeps one of the formats one c8 run writes into one folder, and says which were set aside', () => {
    const reports = [
      report('lcov.info', 'lcov', { modifiedMs: 1_000_100 }),
      report('cobertura-coverage.xml', 'cobertura', { modifiedMs: 1_000_200, functions: 5 }),
      report('clover.xml', 'clover', { modifiedMs: 1_000_300, lines: 90 }),
      report('coverage-final.json', 'istanbul', { modifiedMs: 1_000_400, lines: 100 }),
    ];
    const { shown, setAside } = oneReportPerRun(reports);
    assert.equal(shown.length, 1);
    const kept = (shown[0] as RunFacts).key;
    assert.deepEqual(setAside.map((s) => s.key).sort(), keys(reports).filter((k) => k !== kept).sort());
    assert.ok(setAside.every((s) => s.shownKey === kept));
  });

  it('prefers per-test data, then branches, then functions, then more lines', () => {
    const withContexts = report('coverage.json', 'coveragepy', { hasPerTest: true, branches: 0, functions: 0, lines: 10 });
    assert.deepEqual(keys(oneReportPerRun([report('coverage.xml', 'cobertura'), withContexts, report('coverage.lcov', 'lcov')]).shown), ['coverage.json']);
    const noBranches = report('a.xml', 'cobertura', { branches: 0 });
    assert.deepEqual(keys(oneReportPerRun([noBranches, report('b.info', 'lcov', { functions: 0 })]).shown), ['b.info']);
    assert.deepEqual(keys(oneReportPerRun([report('a.xml', 'cobertura', { functions: 0 }), report('b.json', 'istanbul')]).shown), ['b.json']);
    assert.deepEqual(keys(oneReportPerRun([report('a.xml', 'cobertura', { lines: 99 }), report('b.json', 'istanbul')]).shown), ['b.json']);
  });

  it('shows a report found twice (through a symlinked folder, or copied) once: the same bytes and the same files', () => {
    const real = report('build/cov/lcov.info', 'lcov', { contentHash: 'h1' });
    const link = report('coverage-link/lcov.info', 'lcov', { contentHash: 'h1' });
    const other = report('integration/lcov.info', 'lcov', { contentHash: 'h2' });
    const { shown, setAside } = oneReportPerRun([real, link, other]);
    assert.deepEqual(keys(shown), ['build/cov/lcov.info', 'integration/lcov.info']);
    assert.deepEqual(setAside, [{ key: 'coverage-link/lcov.info', shownKey: 'build/cov/lcov.info', reason: 'same report' }]);
    // The same bytes resolved to other files (two clones of one repository in one workspace): both shown.
    const clone = report('clone/coverage/lcov.info', 'lcov', { contentHash: 'h1', files: new Set(FILES.map((f) => f.replace('/ws/', '/clone/'))) });
    assert.deepEqual(keys(oneReportPerRun([real, clone]).shown), ['build/cov/lcov.info', 'clone/coverage/lcov.info']);
    // Unhashed reports are never taken for copies.
    assert.equal(oneReportPerRun([report('a', 'lcov', { contentHash: '' }), report('b', 'lcov', { contentHash: '' })]).shown.length, 2);
    assert.deepEqual(withoutCopies([real, link]).setAside, [{ key: 'coverage-link/lcov.info', shownKey: 'build/cov/lcov.info', reason: 'same report' }]);
  });

  it('merges reports of different runs: the same format twice (unit and integration LCOV)', () => {
    const { shown, setAside } = oneReportPerRun([report('unit.lcov', 'lcov'), report('integration.lcov', 'lcov')]);
    assert.equal(shown.length, 2);
    assert.deepEqual(setAside, []);
  });

  it('merges reports written further apart than a run takes', () => {
    const { shown } = oneReportPerRun([report('lcov.info', 'lcov'), report('coverage.xml', 'cobertura', { modifiedMs: 1_000_000 + SAME_RUN_WINDOW_MS + 1 })]);
    assert.equal(shown.length, 2);
  });

  it('merges reports covering different files (two suites over different parts)', () => {
    const { shown } = oneReportPerRun([
      report('unit/lcov.info', 'lcov', { files: new Set(['/ws/src/a.js']) }),
      report('e2e/coverage.xml', 'cobertura', { files: new Set(['/ws/src/b.js']) }),
    ]);
    assert.equal(shown.length, 2);
  });

  it('in different folders, only an identical file set makes one run', () => {
    const elsewhere = { folder: '/ws/build/reports' };
    assert.equal(oneReportPerRun([report('lcov.info', 'lcov'), report('coverage.xml', 'cobertura', elsewhere)]).shown.length, 1);
    const almost = new Set([...FILES, '/ws/src/d.js']);
    assert.equal(oneReportPerRun([report('lcov.info', 'lcov'), report('coverage.xml', 'cobertura', { ...elsewhere, files: almost })]).shown.length, 2);
  });

  it('ignores reports that cover no workspace file', () => {
    const { shown } = oneReportPerRun([report('lcov.info', 'lcov', { files: new Set() }), report('coverage.xml', 'cobertura', { files: new Set() })]);
    assert.equal(shown.length, 2);
  });

  it('groups transitively and keeps the input order of what it shows', () => {
    const reports = [report('x.lcov', 'lcov', { files: new Set(['/ws/x.js']) }), report('lcov.info', 'lcov'), report('coverage.xml', 'cobertura', { hasPerTest: true }), report('clover.xml', 'clover')];
    assert.deepEqual(keys(oneReportPerRun(reports).shown), ['x.lcov', 'coverage.xml']);
  });
});

describe('one report per test run: a run writes each format once', () => {
  it('never folds two reports of one format into one run through a third', () => {
    const reports = [report('unit.lcov', 'lcov'), report('coverage.xml', 'cobertura'), report('integration.lcov', 'lcov')];
    const { shown, setAside } = oneReportPerRun(reports);
    // The cobertura report joins the first LCOV run; the second LCOV stays a run of its own.
    assert.equal(shown.length, 2);
    assert.ok(keys(shown).includes('integration.lcov'));
    assert.deepEqual(setAside.length, 1);
    assert.notEqual(setAside[0]?.key, 'integration.lcov');
  });
});
