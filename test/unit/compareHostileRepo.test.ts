import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CompareError, runComparison } from '../../src/cli/compare';
import { resolveComparisonBase } from '../../src/host/compare/baseBranch';
import { collectLineChanges } from '../../src/host/compare/lineChanges';
import { WorkingFiles } from '../../src/host/compare/workingFile';
import { GitRepository } from '../../src/host/git/gitRepository';
import { GitRunner } from '../../src/host/git/gitRunner';
import { TestRepo } from './gitTestRepo';

/**
 * Repositories as people get them rather than as tests build them (attack trial 2 on the
 * comparison): a shallow CI-style clone, a file name git stores in bytes that are not UTF-8.
 */
describe('comparison on repositories no one here wrote', function () {
  this.timeout(60_000);
  const git = new GitRunner();

  describe('a shallow clone whose history stops before the merge-base', () => {
    let origin: TestRepo;
    let clone: string;
    before(() => {
      origin = new TestRepo('coverage-sentinel-shallow-');
      origin.write('a.js', 'a();\n');
      origin.commit('one');
      origin.write('a.js', 'a();\nb();\n');
      origin.commit('two');
      origin.git('checkout', '-q', '-b', 'feature');
      origin.write('a.js', 'a();\nb();\nc();\n');
      origin.commit('three');
      origin.git('checkout', '-q', 'main');
      origin.write('a.js', 'z();\na();\nb();\n');
      origin.commit('four');
      clone = path.join(origin.dir, '..', 'shallow');
      origin.gitIn(path.dirname(clone), 'clone', '-q', '--depth', '1', '--no-single-branch', `file://${origin.dir}`, clone);
      origin.gitIn(clone, 'checkout', '-q', 'feature');
    });
    after(() => origin.remove());

    it('says the clone is shallow (and how to deepen it), not that the branches share no history', async () => {
      const repo = (await GitRepository.open(git, clone)) as GitRepository;
      const base = await resolveComparisonBase(repo, 'origin/main');
      assert.ok('reason' in base);
      assert.match(base.reason, /shallow/);
      assert.match(base.reason, /git fetch --unshallow/);
      const options = { report: 'r.info', baselineReport: 'b.info', base: 'origin/main', failUnderPatch: undefined, mappings: [], json: false, maxMB: 10 };
      await assert.rejects(runComparison(options, clone, git), (error: unknown) => error instanceof CompareError && /shallow/.test(error.message) && /git fetch --unshallow/.test(error.message));
    });

    it('still says "share no history" for unrelated branches of a full clone', async () => {
      origin.git('checkout', '-q', '--orphan', 'unrelated');
      origin.commit('unrelated');
      const repo = (await GitRepository.open(git, origin.dir)) as GitRepository;
      const base = await resolveComparisonBase(repo, 'main');
      assert.ok('reason' in base);
      assert.equal(base.reason, 'HEAD and main share no history');
      origin.git('checkout', '-q', 'main');
    });
  });
  describe('a file name that is not UTF-8 (Latin-1 bytes, as old repositories hold)', () => {
    let repo: TestRepo;
    let base: string;
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x73]); // "café.js" in Latin-1
    before(function () {
      if (process.platform === 'darwin' || process.platform === 'win32') this.skip(); // their file systems refuse such names
      repo = new TestRepo('coverage-sentinel-latin1-');
      repo.write('plain.js', 'a();\nb();\nc();\n');
      writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/`), latin1]), 'a();\nb();\nc();\n');
      base = repo.commit('base');
      repo.write('plain.js', 'a();\nB();\nc();\n');
      writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/`), latin1]), 'a();\nB();\nc();\n');
    });
    after(() => repo?.remove());

    it('is left out of the comparison with the reason, not taken for a deleted file', async () => {
      const opened = (await GitRepository.open(git, repo.dir)) as GitRepository;
      const files = new WorkingFiles(opened.root, 1024 * 1024);
      const changes = await collectLineChanges(opened, base, (file) => files.read(file));
      const lossy = latin1.toString('utf8');
      assert.deepEqual(changes.deleted, []);
      assert.deepEqual(changes.skipped, [{ path: lossy, reason: 'its name is not UTF-8' }]);
      assert.deepEqual(
        changes.changes.map((change) => change.path),
        ['plain.js'],
      );
    });
  });
});
