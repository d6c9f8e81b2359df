import * as assert from 'node:assert/strict';
import { createReportExclusion } from '../../src/host/reportExclusion';

describe('report exclusion (coverageSentinel.excludePaths)', () => {
  it('excludes by the default node_modules glob at any depth', () => {
    const excluded = createReportExclusion(['**/node_modules/**']);
    assert.equal(excluded('node_modules/pkg/coverage/lcov.info'), true);
    assert.equal(excluded('packages/a/node_modules/pkg/lcov.info'), true);
    assert.equal(excluded('coverage/lcov.info'), false);
    assert.equal(excluded('src/node_modules_like/lcov.info'), false);
  });

  it('honours user globs, dot folders and several globs at once', () => {
    const excluded = createReportExclusion(['**/node_modules/**', 'vendor/**', '**/.tox/**', '**/old-*.info']);
    assert.equal(excluded('vendor/lib/coverage.xml'), true);
    assert.equal(excluded('app/vendor/coverage.xml'), false);
    assert.equal(excluded('.tox/py311/coverage.xml'), true);
    assert.equal(excluded('reports/old-run.info'), true);
    assert.equal(excluded('reports/new-run.info'), false);
  });

  it('reads Windows separators as folder boundaries', () => {
    assert.equal(createReportExclusion(['build/**'])('build\\reports\\jacoco.xml'), true);
  });

  it('excludes nothing without globs', () => {
    assert.equal(createReportExclusion([])('node_modules/lcov.info'), false);
  });
});
