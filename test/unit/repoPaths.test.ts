import * as assert from 'node:assert/strict';
import { parsePathMappings } from '../../src/core/paths/pathMapping';
import { RepoPathMatcher } from '../../src/core/paths/repoPaths';

const files = ['src/cart.js', 'src/util/format.js', 'lib/format.js', 'pkg/app/main.py', 'Docs/Read.md'];

describe('report paths → files of a git tree (no disk access)', () => {
  const matcher = new RepoPathMatcher({ root: '/work/repo', files, reportFolder: '/work/repo/coverage', sourceRoots: ['../pkg'] });

  it('matches absolute paths under the root, relative paths from the report folder, the root and source roots', () => {
    assert.deepEqual(matcher.match('/work/repo/src/cart.js'), { path: 'src/cart.js', how: 'absolute' });
    assert.deepEqual(matcher.match('../src/cart.js'), { path: 'src/cart.js', how: 'relative to the report' });
    assert.deepEqual(matcher.match('src/./util/../cart.js'), { path: 'src/cart.js', how: 'relative to the repository' });
    assert.deepEqual(matcher.match('app/main.py'), { path: 'pkg/app/main.py', how: 'source root ../pkg' });
    assert.deepEqual(matcher.match('src\\util\\format.js'), { path: 'src/util/format.js', how: 'relative to the repository' });
  });

  it('falls back to the longest unique suffix, and never guesses between equals', () => {
    assert.deepEqual(matcher.match('/home/runner/work/app/app/src/cart.js'), { path: 'src/cart.js', how: 'longest suffix (2 segments)' });
    assert.deepEqual(matcher.match('/ci/util/format.js'), { path: 'src/util/format.js', how: 'longest suffix (2 segments)' });
    assert.equal(matcher.match('/ci/other/format.js').path, undefined);
    assert.match(matcher.match('/ci/other/format.js').how, /ambiguous: 2 files/);
  });

  it("breaks a tie in matchAll by where the report's other paths put their root, never in match alone", () => {
    // A Go module's root package and a subpackage both have format.js's like: lib/format.js vs src/util/format.js here.
    const entries = ['example.com/app/v2/lib/format.js', 'example.com/app/v2/src/cart.js', 'example.com/app/v2/format.js'];
    const tree = new RepoPathMatcher({ root: '/work/repo', files: ['format.js', 'lib/format.js', 'src/cart.js', 'src/util/format.js'], reportFolder: '/work/repo' });
    assert.match(tree.match('example.com/app/v2/format.js').how, /ambiguous: 3 files/);
    assert.deepEqual(tree.matchAll(entries), [
      { path: 'lib/format.js', how: 'longest suffix (2 segments)' },
      { path: 'src/cart.js', how: 'longest suffix (2 segments)' },
      { path: 'format.js', how: "longest suffix (1 segments) where the report's other paths put their root (example.com/app/v2)" },
    ]);
    assert.match(tree.matchAll([entries[2] as string])[0]?.how ?? '', /ambiguous: 3 files/);
  });

  it("leaves out in matchAll a suffix match of a file that another path names directly (a dependency's src/lib.rs beside the crate's)", () => {
    const crate = new RepoPathMatcher({ root: '/work/crate', files: ['src/lib.rs', 'src/main.rs'], reportFolder: '/work/crate' });
    const registry = '/home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.210/src/lib.rs';
    assert.deepEqual(crate.matchAll([registry, '/work/crate/src/lib.rs', '/ci/x/src/main.rs', 'D:\\ci\\y\\src\\main.rs']), [
      { path: undefined, how: 'another file: /work/crate/src/lib.rs names src/lib.rs directly, this path only its last 2 segment(s)' },
      { path: 'src/lib.rs', how: 'absolute' },
      { path: 'src/main.rs', how: 'longest suffix (2 segments)' },
      { path: 'src/main.rs', how: 'longest suffix (2 segments)' },
    ]);
    assert.equal(crate.match(registry).path, 'src/lib.rs');
  });

  it('refuses what is not a plain path, and what climbs out of the tree', () => {
    assert.equal(matcher.match('\\\\evil\\share\\cart.js').path, undefined);
    assert.equal(matcher.match('https://example.com/src/cart.js').path, undefined);
    assert.equal(matcher.match('/work/repo/../elsewhere/nothing.js').path, undefined);
    assert.equal(matcher.match('../../../../etc/passwd').path, undefined);
  });

  it('uses path mappings instead of suffixes when the user set some', () => {
    const mapped = new RepoPathMatcher({ root: '/work/repo', files, reportFolder: '/tmp', mappings: parsePathMappings({ '/build/agent/src': '${workspaceFolder}/lib' }) });
    assert.deepEqual(mapped.match('/build/agent/src/format.js'), { path: 'lib/format.js', how: 'path mapping' });
    assert.equal(mapped.match('/elsewhere/src/cart.js').path, undefined);
  });

  it('compares case-blind where the file system does', () => {
    const blind = new RepoPathMatcher({ root: 'C:\\Work\\Repo', files, reportFolder: 'C:\\Work\\Repo', caseInsensitive: true });
    assert.deepEqual(blind.match('c:\\work\\repo\\docs\\read.md'), { path: 'Docs/Read.md', how: 'absolute' });
  });
});
