import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { candidatePaths, isInside } from '../../src/core/paths/candidatePaths';
import { directoryCandidates, joinName, NOT_GROUPED, splitReportPath } from '../../src/core/paths/groupedCandidates';

/**
 * A file's candidates as the grouped resolution sees them: its directory's candidates joined with
 * its name, kept when inside a folder — or undefined when the name is left to the per-path checks.
 */
function grouped(entry: string, reportFile: string, owner: string, folders: readonly string[], api: path.PlatformPath): string[] | undefined {
  const split = splitReportPath(entry, api);
  if (split === NOT_GROUPED) return undefined;
  const name = entry.slice(split + 1);
  if (folders.some((folder) => api.basename(folder) === name)) return undefined;
  return directoryCandidates(entry.slice(0, split + 1), reportFile, owner, folders, api)
    .filter((directory) => folders.some((folder) => isInside(folder, directory, api)))
    .map((directory) => joinName(directory, name, api));
}

describe('candidate paths a directory at a time (core)', () => {
  const cases: { api: path.PlatformPath; reportFile: string; owner: string; folders: string[]; entries: string[] }[] = [
    {
      api: path.posix,
      reportFile: '/ws/coverage/lcov.info',
      owner: '/ws',
      folders: ['/ws', '/other/'],
      entries: [
        'a.js', 'src/a.js', './src/a.js', 'src//a.js', 'src/./lib/../a.js', '../a.js', '../../a.js', '../ws/x/a.js', '../other/a.js',
        '/ws/src/a.js', '/ws//src/a.js', '/ws/src/../a.js', '/ws/../etc/passwd', '/etc/passwd', '/a.js', '/other/b.js', '/other/../ws/c.js',
        'src/a.js/', 'src/.', 'src/..', '.', '..', 'x\\y.js', 'C:\\ci\\a.js', 'ws', '../ws', 'src/other', 'a b/é.js', '/ws/src/',
      ],
    },
    {
      api: path.win32,
      reportFile: 'C:\\ws\\coverage\\lcov.info',
      owner: 'C:\\ws',
      folders: ['C:\\ws', 'D:\\other'],
      entries: [
        'a.js', 'src\\a.js', 'src/a.js', '.\\src\\a.js', 'src\\\\a.js', 'src\\.\\lib\\..\\a.js', '..\\a.js', '..\\..\\a.js', 'C:\\ws\\src\\a.js',
        'c:\\WS\\src\\a.js', 'C:/ws/src/a.js', 'C:\\ws\\..\\secret.txt', 'C:\\a.js', '\\a.js', '/a.js', 'D:\\other\\b.js', 'D:b.js', 'C:b.js',
        'src\\a.js\\', 'src\\.', 'src\\..', 'ws', 'other', 'src\\ADS.js:stream', 'C:\\ws\\src\\',
      ],
    },
  ];

  it('gives every plain name the candidates candidatePaths gives it, in order, on POSIX and Windows paths', () => {
    let grouped_ = 0;
    for (const { api, reportFile, owner, folders, entries } of cases) {
      for (const entry of entries) {
        const mine = grouped(entry, reportFile, owner, folders, api);
        if (mine === undefined) continue;
        grouped_++;
        assert.deepEqual(mine, candidatePaths(entry, reportFile, owner, folders, api), `${api === path.win32 ? 'win32' : 'posix'}: ${entry}`);
      }
    }
    assert.ok(grouped_ >= 35, `most entries are grouped (${grouped_})`);
  });

  it('leaves names that are not plain to the per-path checks', () => {
    for (const entry of ['src/', 'src/.', 'src/..', '.', '..', '']) assert.equal(splitReportPath(entry, path.posix), NOT_GROUPED, entry);
    for (const entry of ['D:b.js', 'src\\x:y', 'src\\..']) assert.equal(splitReportPath(entry, path.win32), NOT_GROUPED, entry);
    assert.equal(splitReportPath('a/b/c.js', path.posix), 3);
    assert.equal(splitReportPath('c.js', path.posix), -1);
    assert.equal(splitReportPath('a\\b.js', path.posix), -1, 'a backslash is a name character on POSIX');
    assert.equal(splitReportPath('a\\b.js', path.win32), 1);
  });
});
