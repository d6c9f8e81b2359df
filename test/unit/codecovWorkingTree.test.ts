import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isBranchName } from '../../src/host/codecov/branchName';
import { repoPathsUnder } from '../../src/host/codecov/workingTreePaths';

describe('src/host/codecov: what Show Branch accepts and which unsaved files count', () => {
  it('isBranchName: names git allows; spaces, control characters, ~^:?*[\\, a leading dash or over 200 characters are refused', () => {
    for (const name of ['main', 'release/1.2', 'feature/x-y_z', 'a'.repeat(200)]) assert.equal(isBranchName(name), true, name);
    for (const name of ['with space', 'tab\there', 'del\x7f', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', '-x', 'a'.repeat(201)]) {
      assert.equal(isBranchName(name), false, JSON.stringify(name));
    }
  });

  it('repoPathsUnder: files under the root as `/` paths; the root itself, a parent and a sibling are left out', () => {
    const root = path.resolve('/work/repo');
    const inside = [path.join(root, 'src', 'a.ts'), path.join(root, '..repo-like')];
    const outside = [root, path.resolve('/work'), path.resolve('/work/other/b.ts')];
    assert.deepEqual(repoPathsUnder(root, [...inside, ...outside]), ['src/a.ts', '..repo-like']);
  });
});
