import * as assert from 'node:assert/strict';
import { RepoPathMatcher } from '../../src/core/paths/repoPaths';
import { MAX_LISTED_TIES, SuffixIndex } from '../../src/core/paths/suffixIndex';
import { withinHangGuard } from './hangGuard';

/**
 * Issue 8 §5: the workspace walk reads SuffixIndex.size once per folder, and size recounted
 * every name each time (120,000 files in 30,000 folders: 7.9 s). It is a counter now.
 */
describe('SuffixIndex.size (issue 8 §5)', () => {
  it('counts every file added, same names in other folders included', () => {
    const index = new SuffixIndex(false);
    for (const file of ['/w/a/x.ts', '/w/b/x.ts', '/w/b/y.ts', '/w/c/d/x.ts']) index.add(file);
    index.add('/');
    assert.equal(index.size, 4);
    assert.equal(index.match('d/x.ts').kind, 'unique');
  });

  it('50,000 files, size read 200,000 times: well within a 10 s hang guard', function () {
    // Recounting made each read walk all 50,000 names: 10^10 steps, minutes. Counted, the
    // reads cost nothing and the adds a second or two.
    this.timeout(60_000);
    const index = new SuffixIndex(false);
    for (let i = 0; i < 50_000; i++) index.add(`/w/d${i % 12_500}/f${i}.ts`);
    const started = Date.now();
    let reads = 0;
    for (let i = 0; i < 200_000; i++) reads += index.size;
    assert.equal(reads, 50_000 * 200_000);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });
});

/**
 * A report can tie each of its paths with each of the workspace's same-named files: a large
 * monorepo has thousands of `index.ts`, and 400,000 distinct `/ci/xN/index.ts` cost 4 MB. Each
 * match compared the path with every one of them and listed them all (100,000 paths against
 * 1,000 files: the inspect tool out of memory after 18 s); a match walks back one segment at a
 * time now, and a tie lists a few files and counts the rest.
 */
describe('SuffixIndex: ties with thousands of same-named files', () => {
  const files = Array.from({ length: 5_000 }, (_, i) => `packages/p${i}/src/index.ts`);

  it('400,000 paths against 5,000 same-named files: a few listed, the rest counted, within the hang guard', function () {
    this.timeout(120_000);
    const index = new SuffixIndex(false);
    for (const file of files) index.add(`/w/${file}`);
    withinHangGuard(() => {
      for (let i = 0; i < 400_000; i++) {
        const match = index.match(`/ci/x${i}/index.ts`);
        assert.ok(match.kind === 'ambiguous' && match.count === 5_000 && match.paths.length === MAX_LISTED_TIES && match.matchedSegments === 1, `/ci/x${i}/index.ts`);
      }
    }, '400,000 tied matches');
    // And the walk still finds the one file a longer path names.
    assert.deepEqual(index.match('/ci/app/packages/p4321/src/index.ts'), { kind: 'unique', path: '/w/packages/p4321/src/index.ts', matchedSegments: 4, root: '/ci/app\0w' });
    const tie = index.match('/ci/src/index.ts');
    assert.ok(tie.kind === 'ambiguous' && tie.count === 5_000 && tie.matchedSegments === 2);
  });

  it('RepoPathMatcher.matchAll over them: the ties the report decides broken, the rest left, within the hang guard', function () {
    this.timeout(120_000);
    const matcher = new RepoPathMatcher({ root: '/w', files: [...files, 'index.ts'], reportFolder: '/w' });
    const entries = ['/ci/app/packages/p7/src/index.ts', '/ci/app/index.ts', ...Array.from({ length: 400_000 }, (_, i) => `/ci/x${i}/index.ts`)];
    const matches = withinHangGuard(() => matcher.matchAll(entries), 'matchAll of 400,002 paths');
    assert.deepEqual(matches.slice(0, 2).map((m) => m.path), ['packages/p7/src/index.ts', 'index.ts']);
    assert.ok(matches.slice(2).every((m) => m.path === undefined && m.how === 'ambiguous: 5001 files end in the same 1 segment(s)'));
  });
});
