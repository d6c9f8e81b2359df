import * as assert from 'node:assert/strict';
import { RepoPathMatcher } from '../../src/core/paths/repoPaths';
import { withinHangGuard } from './hangGuard';

/**
 * SharedRoots.pick tried every folder that the report's unique matches put under a tie's root,
 * joining each (a workspace file's whole folder, thousands of characters) with the tied tail and
 * looking it up: a report of 1,000 short paths matching one deep file by 1 to 1,000 segments and
 * 10,000 spellings of a tied `f.ts` under the same root (`zz/x1/../f.ts`, 1.2 MB in all) cost
 * 10,000 × 1,000 joins of ~1,000 characters: 25 s of CPU, minutes at 50,000.
 */
describe('SharedRoots: tie breaking bounded by what the report paid', () => {
  it('10,000 ties under a root that 1,000 unique matches scatter: within the hang guard, still tied', function () {
    this.timeout(120_000);
    const depth = 1_000;
    const deep = `${Array<string>(depth).fill('a').join('/')}/u.ts`;
    const entries: string[] = [];
    for (let k = 0; k < depth - 1; k++) entries.push(`zz/${[...Array<string>(k).fill('a'), 'u.ts'].join('/')}`);
    for (let i = 0; i < 10_000; i++) entries.push(`zz/x${i}/../f.ts`);
    const matcher = new RepoPathMatcher({ root: '/r', files: [deep, 'p/f.ts', 'q/f.ts'], reportFolder: '/r' });
    const results = withinHangGuard(() => matcher.matchAll(entries), 'matchAll');
    assert.ok(results[depth - 2]?.path === deep, "the longest spelling names the deep file");
    assert.equal(results[results.length - 1]?.path, undefined);
    assert.match(results[results.length - 1]?.how ?? '', /ambiguous/);
  });

  it('a tie is still broken where the report puts one root', () => {
    const matcher = new RepoPathMatcher({ root: '/r', files: ['app/a.ts', 'app/f.ts', 'lib/f.ts'], reportFolder: '/r' });
    assert.equal(matcher.match('/ci/f.ts').path, undefined);
    const results = matcher.matchAll(['/ci/a.ts', '/ci/f.ts', '/ci/x1/../f.ts']);
    assert.equal(results[1]?.path, 'app/f.ts');
    assert.equal(results[2]?.path, 'app/f.ts');
  });

  it('a root put at more places than MAX_ROOT_FOLDERS (package paths of a 12-module build) still breaks a tie whose files it lists', () => {
    const modules = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const files = [...modules.map((m, i) => `${m}/src/main/java/com/x/A${i}.java`), 'm0/src/main/java/com/x/Util.java', 'tools/src/main/java/com/x/Util.java'];
    const matcher = new RepoPathMatcher({ root: '/r', files, reportFolder: '/r/target' });
    const results = matcher.matchAll([...modules.map((_, i) => `com/x/A${i}.java`), 'com/x/Util.java']);
    assert.equal(results[12]?.path, 'm0/src/main/java/com/x/Util.java');
    assert.equal(matcher.match('com/x/Util.java').path, undefined);
  });
});
