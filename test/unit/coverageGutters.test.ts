import * as assert from 'node:assert/strict';
import { importCoverageGutters } from '../../src/host/coverageGutters';

describe('Coverage Gutters settings in Coverage Sentinel terms', () => {
  it('file names under the default base folder become ** globs', () => {
    const imported = importCoverageGutters({ coverageFileNames: ['lcov.info', 'my-report.xml'] });
    assert.deepEqual(imported?.reportGlobs, ['**/lcov.info', '**/my-report.xml']);
    assert.deepEqual(Object.entries(imported?.pathMappings ?? {}), []);
  });

  it('a base folder scopes every name, its own defaults included when only the folder is set', () => {
    assert.deepEqual(importCoverageGutters({ coverageFileNames: ['cov.info'], coverageBaseDir: 'build/coverage/' })?.reportGlobs, ['build/coverage/cov.info']);
    assert.deepEqual(importCoverageGutters({ coverageBaseDir: 'out' })?.reportGlobs, ['out/lcov.info', 'out/cov.xml', 'out/coverage.xml', 'out/jacoco.xml', 'out/coverage.cobertura.xml']);
  });

  it('remotePathResolve becomes a path mapping', () => {
    const imported = importCoverageGutters({ remotePathResolve: ['/var/www/app/', '/home/me/app/'] });
    assert.deepEqual(imported?.reportGlobs, []);
    assert.deepEqual(Object.entries(imported?.pathMappings ?? {}), [['/var/www/app/', '/home/me/app/']]);
  });

  it('nothing usable, nothing to import; malformed values are ignored', () => {
    assert.equal(importCoverageGutters({}), undefined);
    assert.equal(importCoverageGutters({ coverageFileNames: 'lcov.info', remotePathResolve: ['/only-one'] }), undefined);
    assert.deepEqual(importCoverageGutters({ coverageFileNames: ['ok.info', 7, ''] })?.reportGlobs, ['**/ok.info']);
  });

  it('a __proto__ remote prefix is plain data', () => {
    const imported = importCoverageGutters({ remotePathResolve: ['__proto__', '/x'] });
    assert.deepEqual(Object.keys(imported?.pathMappings ?? {}), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});
