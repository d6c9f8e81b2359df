import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { perlBuildSources } from '../../src/core/paths/candidatePaths';
import { type ResolveOptions, ReportPathResolver } from '../../src/worker/resolveFiles';

/**
 * Devel::Cover run the usual CPAN way (`cover -test`, `make test` with -MDevel::Cover) names the
 * build copy, `blib/lib/Grade.pm`, that ExtUtils::MakeMaker made of `lib/Grade.pm`. The copy
 * exists after the build, so the path resolved to it: the marks went to a file nobody edits.
 */
describe('a Perl build copy (blib/lib/…) resolves to its source in lib/', () => {
  let root: string;
  let ws: string;
  const options = (caseInsensitive = false): ResolveOptions => ({
    reportFile: path.join(ws, 'cover_db', 'clover.xml'),
    ownerFolder: ws,
    workspaceFolders: [ws],
    mappings: [],
    sourceRoots: [],
    caseInsensitive,
  });

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sentinel-blib-'));
    ws = path.join(root, 'dist');
    for (const dir of ['cover_db', 'lib/Grade', 'blib/lib/Grade', 'blib/lib/Generated', 'src/blib/lib']) mkdirSync(path.join(ws, dir), { recursive: true });
    for (const file of ['lib/Grade.pm', 'lib/Grade/Util.pm', 'blib/lib/Grade.pm', 'blib/lib/Grade/Util.pm', 'blib/lib/Generated/Only.pm', 'src/blib/lib/X.pm', 'cover_db/clover.xml']) {
      writeFileSync(path.join(ws, file), '');
    }
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  const entries = ['blib/lib/Grade.pm', 'blib/lib/Grade/Util.pm', './blib/lib/Grade.pm', 'blib/lib/Generated/Only.pm', 'src/blib/lib/X.pm', 'lib/Grade.pm'];
  const expected = (): [string | undefined, string][] => [
    [path.join(ws, 'lib/Grade.pm'), 'source of the build copy blib/lib/Grade.pm'],
    [path.join(ws, 'lib/Grade/Util.pm'), 'source of the build copy blib/lib/Grade/Util.pm'],
    [path.join(ws, 'lib/Grade.pm'), 'source of the build copy ./blib/lib/Grade.pm'],
    // No lib/Generated/Only.pm: the copy is all there is.
    [path.join(ws, 'blib/lib/Generated/Only.pm'), 'direct'],
    [path.join(ws, 'src/blib/lib/X.pm'), 'direct'],
    [path.join(ws, 'lib/Grade.pm'), 'direct'],
  ];

  it('one at a time', async () => {
    const resolver = new ReportPathResolver(options());
    const got = [];
    for (const entry of entries) got.push(await resolver.resolve(entry));
    assert.deepEqual(
      got.map((r) => [r.resolvedPath, r.note]),
      expected(),
    );
  });

  it('a directory at a time, and where listings prove nothing (case-insensitive)', async () => {
    for (const caseInsensitive of [false, true]) {
      const got = await new ReportPathResolver(options(caseInsensitive)).resolveAll(entries);
      assert.deepEqual(
        got.map((r) => [r.resolvedPath, r.note]),
        expected(),
      );
    }
  });

  it('a path that climbs out of blib/lib/ is not a build copy: blib/lib/../x.txt is blib/x.txt, not x.txt', async () => {
    writeFileSync(path.join(ws, 'blib/x.txt'), '');
    writeFileSync(path.join(ws, 'x.txt'), '');
    try {
      const entries = ['blib/lib/../x.txt', 'blib/lib/Grade/../../x.txt', 'blib/lib/..\\x.txt'];
      assert.deepEqual(entries.map(perlBuildSources), [[], [], []]);
      const want = path.join(ws, 'blib/x.txt');
      for (const caseInsensitive of [false, true]) {
        const got = await new ReportPathResolver(options(caseInsensitive)).resolveAll(entries.slice(0, 2));
        assert.deepEqual(got.map((r) => r.resolvedPath), [want, want]);
      }
      assert.equal((await new ReportPathResolver(options()).resolve('blib/lib/../x.txt')).resolvedPath, want);
    } finally {
      rmSync(path.join(ws, 'blib/x.txt'));
      rmSync(path.join(ws, 'x.txt'));
    }
  });

  it('only a relative path that starts with blib/lib/ has one', () => {
    assert.deepEqual(perlBuildSources('blib/lib/A/B.pm'), ['lib/A/B.pm']);
    assert.deepEqual(perlBuildSources('./blib/lib/A.pm'), ['lib/A.pm']);
    assert.deepEqual(
      ['src/blib/lib/A.pm', '/build/blib/lib/A.pm', 'blib/arch/auto/A/A.so', 'blib/lib/', 'lib/A.pm'].map(perlBuildSources),
      [[], [], [], [], []],
    );
  });
});
