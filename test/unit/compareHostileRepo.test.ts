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
 * comparison): a shallow CI-style clone, a file name git stores in bytes that are not UTF-8,
 * tags fetched from a remote that are named like the base branch (`main`, `origin/main`).
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
  describe('a tag named like the base branch (tags come with every fetch from the remote)', () => {
    let origin: TestRepo;
    let clone: string;
    let forkPoint: string;
    let tagged: string;
    before(() => {
      origin = new TestRepo('coverage-sentinel-tagged-');
      origin.write('a.js', 'a();\n');
      tagged = origin.commit('old');
      origin.write('a.js', 'a();\nb();\n');
      forkPoint = origin.commit('main today');
      // What the remote's owner publishes: tags that read like the branches everyone compares with.
      origin.git('tag', 'main', tagged);
      origin.git('tag', 'origin/main', tagged);
      clone = path.join(origin.dir, '..', 'clone');
      origin.gitIn(path.dirname(clone), 'clone', '-q', origin.dir, clone);
      origin.gitIn(clone, 'checkout', '-q', '-b', 'feature');
    });
    after(() => origin.remove());

    it('the automatic base (origin/HEAD, then main) is the branch, not the tag', async () => {
      const repo = (await GitRepository.open(git, clone)) as GitRepository;
      const base = await resolveComparisonBase(repo, '');
      assert.ok(!('reason' in base), JSON.stringify(base));
      assert.equal(base.ref, 'origin/main');
      assert.equal(base.mergeBase, forkPoint);
      origin.gitIn(clone, 'remote', 'set-head', 'origin', '--delete');
      try {
        const local = await resolveComparisonBase(repo, '');
        assert.ok(!('reason' in local), JSON.stringify(local));
        assert.equal(local.ref, 'main');
        assert.equal(local.mergeBase, forkPoint);
      } finally {
        origin.gitIn(clone, 'remote', 'set-head', 'origin', 'main');
      }
    });

    it('a name the user typed that is both a branch and a tag fails clearly (editor and CLI), even under core.warnAmbiguousRefs=false', async () => {
      const repo = (await GitRepository.open(git, clone)) as GitRepository;
      for (const name of ['main', 'origin/main']) {
        const base = await resolveComparisonBase(repo, name);
        assert.ok('reason' in base, `${name}: ${JSON.stringify(base)}`);
        assert.match(base.reason, /ambiguous/);
        assert.match(base.reason, /refs\/tags\//);
      }
      const options = { report: 'r.info', baselineReport: 'b.info', base: 'origin/main', failUnderPatch: undefined, mappings: [], json: false, maxMB: 10 };
      await assert.rejects(runComparison(options, clone, git), (error: unknown) => error instanceof CompareError && /ambiguous/.test(error.message));
      origin.gitIn(clone, 'config', 'core.warnAmbiguousRefs', 'false');
      try {
        const base = await resolveComparisonBase(repo, 'main');
        assert.ok('reason' in base && /ambiguous/.test(base.reason), JSON.stringify(base));
      } finally {
        origin.gitIn(clone, 'config', '--unset', 'core.warnAmbiguousRefs');
      }
      // Written in full, each is what it says.
      const branch = await resolveComparisonBase(repo, 'refs/remotes/origin/main');
      assert.ok(!('reason' in branch) && branch.mergeBase === forkPoint, JSON.stringify(branch));
      const tag = await resolveComparisonBase(repo, 'refs/tags/main');
      assert.ok(!('reason' in tag) && tag.mergeBase === tagged, JSON.stringify(tag));
    });

    it('a tag named HEAD changes nothing: HEAD is the checked-out commit, the base is found', async () => {
      origin.gitIn(clone, 'update-ref', 'refs/tags/HEAD', tagged);
      try {
        const repo = (await GitRepository.open(git, clone)) as GitRepository;
        assert.equal(await repo.head(), forkPoint);
        const base = await resolveComparisonBase(repo, '');
        assert.ok(!('reason' in base) && base.mergeBase === forkPoint, JSON.stringify(base));
        assert.equal(await repo.resolveCommit('HEAD~0'), forkPoint);
      } finally {
        origin.gitIn(clone, 'update-ref', '-d', 'refs/tags/HEAD');
      }
    });

    it('an ambiguous name with a suffix (main~0) is refused too', async () => {
      const repo = (await GitRepository.open(git, clone)) as GitRepository;
      const base = await resolveComparisonBase(repo, 'main~0');
      assert.ok('reason' in base && /^main is ambiguous/.test(base.reason), JSON.stringify(base));
    });

    it('a commit id stays that commit even when a tag is named with it', async () => {
      origin.gitIn(clone, 'tag', forkPoint, tagged);
      try {
        const repo = (await GitRepository.open(git, clone)) as GitRepository;
        assert.equal(await repo.resolveCommit(forkPoint), forkPoint);
      } finally {
        origin.gitIn(clone, 'tag', '-d', forkPoint);
      }
    });
  });
});
