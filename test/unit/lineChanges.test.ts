import * as assert from 'node:assert/strict';
import { rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { collectLineChanges } from '../../src/host/compare/lineChanges';
import { WorkingFiles } from '../../src/host/compare/workingFile';
import { GitRepository } from '../../src/host/git/gitRepository';
import { GitRunner } from '../../src/host/git/gitRunner';
import { TestRepo } from './gitTestRepo';

describe('line changes of a working tree (host/compare, real git)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let base: string;

  before(() => {
    repo = new TestRepo();
    repo.write('text.js', 'a();\nb();\n');
    repo.write('crlf.js', 'a();\r\nb();\r\n');
    repo.write('image.png', Uint8Array.from([0x89, 0, 1, 2]));
    repo.write('big.js', `${'x();\n'.repeat(100)}`);
    repo.write('becomes-link.js', 'a();\n');
    repo.write('outside.js', 'o();\n');
    base = repo.commit('base');
    repo.write('text.js', 'a();\nB();\n');
    repo.write('crlf.js', 'a();\nb();\nc();\n');
    repo.write('image.png', Uint8Array.from([0x89, 0, 1, 3]));
    repo.write('big.js', `${'x();\n'.repeat(101)}`);
    rmSync(path.join(repo.dir, 'becomes-link.js'));
    symlinkSync('text.js', path.join(repo.dir, 'becomes-link.js'));
    repo.write('outside.js', 'o();\np();\n');
    repo.write('fresh.js', 'f();\ng();\n');
  });
  after(() => repo.remove());

  it('maps text files, counts untracked ones as added, skips binary and oversized ones with the reason, and a file turned link is gone', async () => {
    const git = (await GitRepository.open(new GitRunner(), repo.dir)) as GitRepository;
    const files = new WorkingFiles(repo.dir, 300);
    const result = await collectLineChanges(git, base, (file) => files.read(file), { maxBytes: 300, wanted: (file) => file !== 'outside.js' });
    const summary = result.changes.map((change) => [change.path, change.added, change.mapping === undefined ? 'no mapping' : [...change.mapping.changedRanges()]]);
    assert.deepEqual(summary, [
      ['crlf.js', false, [[3, 4]]],
      ['fresh.js', true, [[1, 3]]],
      ['outside.js', false, 'no mapping'],
      ['text.js', false, [[2, 3]]],
    ]);
    assert.deepEqual(result.deleted, ['becomes-link.js']);
    assert.deepEqual(result.skipped, [
      { path: 'big.js', reason: 'too large (505 bytes)' },
      { path: 'image.png', reason: 'binary' },
    ]);
  });
});
