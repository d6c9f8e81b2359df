import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { diffTexts } from '../../src/core/lines/lineDiff';
import type { FilePatch } from '../../src/core/lines/unifiedDiff';
import { GitRepository, type WorkingTreeChange } from '../../src/host/git/gitRepository';
import { GitError, GitRunner, gitEnvironment } from '../../src/host/git/gitRunner';
import { TestRepo } from './gitTestRepo';

const NON_ASCII = 'src/naïve café.js';
const ODD = 'src/we"ird $(touch PWNED) name.js';

/**
 * main: a base commit; feature (checked out): a commit that edits, deletes and renames, then
 * a staged edit, an unstaged edit, an untracked file and an ignored one. Cloned, so that
 * origin/HEAD exists, and the tests work in the clone.
 */
function buildRepository(): { origin: TestRepo; clone: string; base: string; featureCommit: string } {
  const origin = new TestRepo();
  origin.write('.gitignore', 'build/\n');
  origin.write('src/a.js', 'const a = 1;\nconst b = 2;\nconst c = 3;\nmodule.exports = { a, b, c };\n');
  origin.write('src/crlf.js', 'one();\r\ntwo();\r\nthree();\r\n');
  origin.write('src/gone.js', 'gone();\n');
  origin.write('src/old-name.js', Array.from({ length: 20 }, (_, i) => `line${i + 1}();\n`).join(''));
  origin.write(NON_ASCII, 'café();\nnaïve();\n');
  origin.write(ODD, 'odd();\n');
  origin.write('docs/logo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]));
  symlinkSync('a.js', path.join(origin.dir, 'src', 'link.js'));
  const base = origin.commit('base');
  origin.git('clone', '-q', origin.dir, path.join(origin.dir, '..', 'clone'));
  const clone = new CloneView(path.join(origin.dir, '..', 'clone'), origin);
  clone.git('checkout', '-q', '-b', 'feature');
  clone.write('src/a.js', 'const a = 1;\nconst b = 20;\nconst c = 3;\nmodule.exports = { a, b, c };\n');
  clone.git('rm', '-q', 'src/gone.js');
  clone.git('mv', 'src/old-name.js', 'src/new-name.js');
  clone.write('src/new-name.js', Array.from({ length: 20 }, (_, i) => (i === 9 ? 'changed();\n' : `line${i + 1}();\n`)).join(''));
  clone.write(NON_ASCII, 'café();\nnaïve();\nencore();\n');
  clone.git('add', '-A');
  clone.git('commit', '-q', '-m', 'feature');
  const featureCommit = clone.git('rev-parse', 'HEAD').trim();
  clone.write('src/crlf.js', 'one();\r\ntwo();\r\ninserted();\r\nthree();\r\n');
  clone.git('add', 'src/crlf.js');
  clone.write('src/a.js', 'const a = 1;\nconst b = 20;\nconst c = 3;\nconst d = 4;\nmodule.exports = { a, b, c };\n');
  clone.write('src/new.js', 'fresh();\n');
  clone.write('build/out.js', 'generated();\n');
  return { origin, clone: clone.dir, base, featureCommit };
}

/** The clone, driven with the origin's deterministic environment. */
class CloneView {
  constructor(
    readonly dir: string,
    private readonly origin: TestRepo,
  ) {}
  git(...args: string[]): string {
    return this.origin.gitIn(this.dir, ...args);
  }
  write(file: string, content: string): void {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), content);
  }
}

const patchSummary = (patches: readonly FilePatch[]) =>
  patches.map((patch) => [patch.oldPath, patch.newPath, patch.binary, Array.from({ length: patch.mapping.hunkCount }, (_, i) => patch.mapping.hunk(i))]);

const byPath = (changes: readonly WorkingTreeChange[]) => [...changes].map((c) => [c.status, c.path, c.basePath]).sort((a, b) => ((a[1] as string) < (b[1] as string) ? -1 : 1));

/** A global configuration that changes every output git would give us, and runs a script when it can. */
function hostileHome(repo: TestRepo): { home: string; marker: string; configFile: string } {
  const home = path.join(repo.dir, '..', 'hostile-home');
  mkdirSync(home, { recursive: true });
  const marker = path.join(home, 'RAN');
  const script = path.join(home, 'run.sh');
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\necho hijacked\n`);
  chmodSync(script, 0o755);
  const configFile = path.join(home, '.gitconfig');
  writeFileSync(
    configFile,
    [
      '[core]',
      '\tquotepath = true',
      `\tpager = ${script}`,
      `\tfsmonitor = ${script}`,
      '[color]',
      '\tui = always',
      '[diff]',
      '\tnoprefix = true',
      '\tmnemonicPrefix = true',
      `\texternal = ${script}`,
      '\trenames = false',
      '\talgorithm = histogram',
      '\trelative = true',
      '[status]',
      '\tshowUntrackedFiles = no',
      '[log]',
      '\tshowSignature = true',
      '',
    ].join('\n'),
  );
  return { home, marker, configFile };
}

describe('git runner and repository (real git, temporary repositories)', () => {
  let fixture: ReturnType<typeof buildRepository>;
  const git = new GitRunner();

  before(function () {
    this.timeout(60_000);
    fixture = buildRepository();
  });
  after(() => fixture.origin.remove());

  it('finds the repository root from a subfolder, and nothing outside a repository', async () => {
    const repo = await GitRepository.open(git, path.join(fixture.clone, 'src'));
    assert.equal(repo?.root, fixture.clone);
    assert.equal(await GitRepository.open(git, path.dirname(fixture.clone)), undefined);
  });

  it('resolves HEAD, branches, the merge-base, origin/HEAD and the first-parent walk', async () => {
    const repo = (await GitRepository.open(git, fixture.clone)) as GitRepository;
    const head = await repo.head();
    assert.equal(head, fixture.featureCommit);
    const main = await repo.resolveCommit('origin/main');
    assert.equal(main, fixture.base);
    assert.equal(await repo.mergeBase(head, main), fixture.base);
    assert.equal(await repo.defaultBranch(), 'origin/main');
    assert.deepEqual(await repo.firstParents(head, 5), [fixture.featureCommit, fixture.base]);
    assert.deepEqual(await repo.firstParents(head, 1), [fixture.featureCommit]);
    assert.equal(await repo.resolveCommit('no-such-branch'), undefined);
    await assert.rejects(repo.resolveCommit('--output=/tmp/x'), /not a git ref/);
    await assert.rejects(repo.mergeBase('HEAD', 'main'), /not a commit or object id/);
  });

  it('lists committed, staged, unstaged and untracked changes since the base, renames followed, ignored files left out', async () => {
    const repo = (await GitRepository.open(git, fixture.clone)) as GitRepository;
    assert.deepEqual(byPath(await repo.changesSince(fixture.base)), [
      ['modified', 'src/a.js', 'src/a.js'],
      ['modified', 'src/crlf.js', 'src/crlf.js'],
      ['deleted', 'src/gone.js', 'src/gone.js'],
      ['modified', NON_ASCII, NON_ASCII],
      ['renamed', 'src/new-name.js', 'src/old-name.js'],
      ['untracked', 'src/new.js', 'src/new.js'],
    ]);
  });

  it('reads files at a commit: text (CRLF kept for the diff to normalise), binary, links, missing; non-ASCII and odd names', async () => {
    const repo = (await GitRepository.open(git, fixture.clone)) as GitRepository;
    assert.deepEqual(await repo.showFile(fixture.base, 'src/crlf.js'), { kind: 'text', text: 'one();\r\ntwo();\r\nthree();\r\n' });
    assert.deepEqual(await repo.showFile(fixture.base, NON_ASCII), { kind: 'text', text: 'café();\nnaïve();\n' });
    assert.deepEqual(await repo.showFile(fixture.base, ODD), { kind: 'text', text: 'odd();\n' });
    assert.equal(existsSync(path.join(fixture.clone, 'PWNED')), false);
    assert.deepEqual(await repo.showFile(fixture.base, 'docs/logo.png'), { kind: 'binary' });
    assert.deepEqual(await repo.showFile(fixture.base, 'src/link.js'), { kind: 'notAFile' });
    assert.deepEqual(await repo.showFile(fixture.base, 'src/new.js'), { kind: 'missing' });
    const aAtBase = 'const a = 1;\nconst b = 2;\nconst c = 3;\nmodule.exports = { a, b, c };\n';
    assert.deepEqual(await repo.showFile(fixture.base, 'src/a.js', 10), { kind: 'tooLarge', size: Buffer.byteLength(aAtBase) });
    assert.ok((await repo.filesAt(fixture.base)).includes(NON_ASCII));
    const tree = await repo.workingTreeFiles();
    assert.ok(tree.includes('src/new.js') && tree.includes('src/new-name.js') && !tree.includes('build/out.js'));
  });

  it('gives the same answers under a global configuration that changes every output, and runs none of its commands', async () => {
    const { home, marker, configFile } = hostileHome(fixture.origin);
    const plain = (await GitRepository.open(git, fixture.clone)) as GitRepository;
    const environments: NodeJS.ProcessEnv[] = [
      { ...process.env, HOME: home },
      { ...process.env, GIT_CONFIG_GLOBAL: configFile },
      // What a git hook or a parent git process may leave in the environment.
      {
        ...process.env,
        HOME: home,
        GIT_DIR: path.join(fixture.origin.dir, '.git'),
        GIT_WORK_TREE: fixture.origin.dir,
        GIT_INDEX_FILE: path.join(home, 'index'),
        GIT_CONFIG_PARAMETERS: "'diff.noprefix'='true' 'core.quotepath'='true'",
        GIT_EXTERNAL_DIFF: path.join(home, 'run.sh'),
        GIT_PAGER: path.join(home, 'run.sh'),
      },
    ];
    const expected = {
      changes: byPath(await plain.changesSince(fixture.base)),
      files: await plain.filesAt(fixture.base),
      blob: await plain.showFile(fixture.base, NON_ASCII),
      tree: (await plain.workingTreeFiles()).sort(),
      patch: patchSummary(await plain.patchSince(fixture.base)),
    };
    for (const env of environments) {
      const repo = (await GitRepository.open(new GitRunner({ env }), fixture.clone)) as GitRepository;
      assert.equal(repo.root, fixture.clone);
      assert.deepEqual(
        {
          changes: byPath(await repo.changesSince(fixture.base)),
          files: await repo.filesAt(fixture.base),
          blob: await repo.showFile(fixture.base, NON_ASCII),
          tree: (await repo.workingTreeFiles()).sort(),
          patch: patchSummary(await repo.patchSince(fixture.base)),
        },
        expected,
      );
    }
    assert.equal(existsSync(marker), false, 'a command from the configuration ran');
  });

  it('still reads the user’s global configuration where it must (core.excludesFile)', async () => {
    const home = path.join(fixture.origin.dir, '..', 'excludes-home');
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, 'ignore'), 'new.js\n');
    writeFileSync(path.join(home, '.gitconfig'), `[core]\n\texcludesFile = ${path.join(home, 'ignore')}\n`);
    const repo = (await GitRepository.open(new GitRunner({ env: { ...process.env, HOME: home } }), fixture.clone)) as GitRepository;
    assert.ok(!byPath(await repo.changesSince(fixture.base)).some(([, file]) => file === 'src/new.js'));
  });

  it('keeps only the variables that say where the user’s configuration is', () => {
    const env = gitEnvironment({ PATH: '/bin', HOME: '/h', GIT_DIR: '/x', git_work_tree: '/y', GIT_CONFIG_GLOBAL: '/g', GIT_CONFIG_COUNT: '1', LANG: 'de_DE.UTF-8', PAGER: 'less' });
    assert.deepEqual(env, { PATH: '/bin', HOME: '/h', GIT_CONFIG_GLOBAL: '/g', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' });
  });

  it('fails clearly when git is missing, too slow or too talkative', async () => {
    const notFound = new GitRunner({ gitPath: path.join(fixture.clone, 'no-such-git') });
    await assert.rejects(notFound.run(fixture.clone, ['status']), (error: unknown) => error instanceof GitError && error.kind === 'notFound' && /git not found/.test(error.message));
    await assert.rejects(git.run(path.join(fixture.clone, 'no-such-folder'), ['status']), (error: unknown) => error instanceof GitError && error.kind === 'failed' && /folder not found/.test(error.message));
    const slow = path.join(fixture.clone, '..', 'slow-git.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 20\n');
    chmodSync(slow, 0o755);
    const started = Date.now();
    await assert.rejects(new GitRunner({ gitPath: slow, timeoutMs: 300 }).run(fixture.clone, ['status']), (error: unknown) => error instanceof GitError && error.kind === 'timeout');
    assert.ok(Date.now() - started < 15_000);
    await assert.rejects(
      new GitRunner({ maxOutputBytes: 20 }).run(fixture.clone, ['cat-file', 'blob', `${fixture.base}:src/old-name.js`]),
      (error: unknown) => error instanceof GitError && error.kind === 'tooLarge',
    );
  });

  it('reads many blobs in two processes and they diff like the files on disk', async () => {
    const repo = (await GitRepository.open(git, fixture.clone)) as GitRepository;
    const changes = await repo.changesSince(fixture.base);
    const blobs = await repo.readBlobs(changes.flatMap((c) => (c.baseBlob === undefined ? [] : [c.baseBlob])));
    const crlf = changes.find((c) => c.path === 'src/crlf.js') as WorkingTreeChange;
    const before = blobs.get(crlf.baseBlob as string);
    assert.equal(before?.kind, 'text');
    const mapping = diffTexts((before as { text: string }).text, readFileSync(path.join(fixture.clone, 'src/crlf.js'), 'utf8'));
    assert.deepEqual([...mapping.changedRanges()], [[3, 4]]);
  });
});
