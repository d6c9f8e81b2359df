import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { KnownReports } from '../../src/host/knownReports';
import { NewFolderSearch } from '../../src/host/newFolderSearch';

/** The report watcher's work per file event of the workspace, counted (host/knownReports, host/newFolderSearch). */
describe('report watcher cost per file event (host)', () => {
  const root = path.resolve('/ws');
  const at = (...segments: string[]) => path.join(root, ...segments);

  const searchWith = (folders: ReadonlySet<string>) => {
    const counts = { looks: 0, searches: 0, busy: 0 };
    const search = new NewFolderSearch(
      {
        isDirectory: (fsPath) => {
          counts.looks++;
          return Promise.resolve(folders.has(fsPath));
        },
        search: () => {
          counts.searches++;
          return Promise.resolve();
        },
        begin: () => {
          counts.busy++;
          return () => counts.busy--;
        },
      },
      5,
    );
    return { search, counts };
  };

  it('a build writing 5,000 files into folders that exist: no search of the report globs', async () => {
    const { search, counts } = searchWith(new Set());
    for (let i = 0; i < 5_000; i++) search.add(at('dist', `chunk${i}.js`));
    await search.whenIdle();
    assert.equal(counts.searches, 0);
    assert.ok(counts.looks <= 5_000, `one look at each path at most (${counts.looks})`);
    assert.equal(counts.busy, 0);
  });

  it('a folder made with 5,000 files in it: one search, one look', async () => {
    const { search, counts } = searchWith(new Set([at('packages', 'new')]));
    search.add(at('packages', 'new'));
    for (let i = 0; i < 5_000; i++) search.add(at('packages', 'new', `f${i}.ts`));
    await search.whenIdle();
    assert.equal(counts.searches, 1);
    assert.equal(counts.looks, 1);
  });

  it('a folder made while a check runs is checked after it', async () => {
    const folders = new Set([at('a'), at('b')]);
    const { search, counts } = searchWith(folders);
    search.add(at('a'));
    await search.whenIdle();
    search.add(at('b'));
    await search.whenIdle();
    assert.equal(counts.searches, 2);
    search.dispose();
  });

  it('an event finds the known reports strictly below its path, and only those', () => {
    const known = new KnownReports<string>();
    for (let i = 0; i < 1_000; i++) known.add(`r${i}`, at('packages', `p${i}`, 'coverage', 'lcov.info'), `r${i}`);
    assert.deepEqual([...known.below(at('dist', 'x.js'))], []);
    assert.deepEqual([...known.below(at('packages', 'p7', 'coverage'))], ['r7']);
    assert.deepEqual([...known.below(at('packages', 'p7'))], ['r7']);
    assert.equal([...known.below(at('packages'))].length, 1_000);
    assert.deepEqual([...known.below(at('packages', 'p7', 'coverage', 'lcov.info'))], [], 'the report itself is not below itself');
    assert.deepEqual([...known.below(at('packages', 'p7', 'cov'))], [], 'a name that only starts the same');
    known.add('late', at('late', 'coverage', 'lcov.info'), 'late');
    assert.deepEqual([...known.below(at('late'))], ['late']);
    known.clear();
    assert.deepEqual([...known.below(at('packages'))], []);
  });
});
