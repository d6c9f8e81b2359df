import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { candidatePaths, isInside, isSafeReportPath } from '../../src/core/paths/candidatePaths';

describe('path resolution (core)', () => {
  const ws = '/home/dev/project';
  const lib = '/home/dev/lib';

  it('tries a relative path against the report folder, the owning folder, then the others', () => {
    assert.deepEqual(candidatePaths('src/a.js', `${ws}/coverage/lcov.info`, ws, [ws, lib], path.posix), [
      `${ws}/coverage/src/a.js`,
      `${ws}/src/a.js`,
      `${lib}/src/a.js`,
    ]);
  });

  it('keeps an absolute path only when it lies inside a workspace folder', () => {
    assert.deepEqual(candidatePaths(`${ws}/src/a.js`, `${ws}/lcov.info`, ws, [ws], path.posix), [`${ws}/src/a.js`]);
    assert.deepEqual(candidatePaths('/etc/shadow', `${ws}/lcov.info`, ws, [ws], path.posix), []);
    assert.deepEqual(candidatePaths('/home/dev/project-evil/a.js', `${ws}/lcov.info`, ws, [ws], path.posix), []);
  });

  it('never yields a candidate that escapes the workspace with ..', () => {
    assert.deepEqual(candidatePaths('../../../etc/passwd', `${ws}/coverage/lcov.info`, ws, [ws], path.posix), []);
    assert.deepEqual(candidatePaths('../src/a.js', `${ws}/coverage/lcov.info`, ws, [ws], path.posix), [`${ws}/src/a.js`]);
  });

  it('rejects UNC and device paths, URLs and NUL bytes before any file system access', () => {
    for (const bad of ['\\\\evil\\share\\a.js', '//evil/share/a.js', 'file:///etc/passwd', 'https://evil.test/a.js', 'a\0b', '']) {
      assert.equal(isSafeReportPath(bad), false, bad);
      assert.deepEqual(candidatePaths(bad, `${ws}/lcov.info`, ws, [ws], path.posix), [], bad);
    }
    assert.deepEqual(candidatePaths('\\\\evil\\share\\a.js', 'C:\\ws\\lcov.info', 'C:\\ws', ['C:\\ws'], path.win32), []);
  });

  it('accepts Windows drive paths as paths, not URL schemes', () => {
    assert.equal(isSafeReportPath('C:\\work\\src\\a.js'), true);
    assert.deepEqual(candidatePaths('C:\\ws\\src\\a.js', 'C:\\ws\\lcov.info', 'C:\\ws', ['C:\\ws'], path.win32), ['C:\\ws\\src\\a.js']);
    assert.deepEqual(candidatePaths('D:\\other\\a.js', 'C:\\ws\\lcov.info', 'C:\\ws', ['C:\\ws'], path.win32), []);
  });

  it('isInside treats the folder itself as inside and siblings with a common prefix as outside', () => {
    assert.equal(isInside(ws, ws, path.posix), true);
    assert.equal(isInside(ws, `${ws}/a/b`, path.posix), true);
    assert.equal(isInside(ws, `${ws}2/a`, path.posix), false);
    assert.equal(isInside(ws, '/home/dev', path.posix), false);
  });
});
