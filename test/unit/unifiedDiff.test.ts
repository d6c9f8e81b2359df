import * as assert from 'node:assert/strict';
import { diffTexts } from '../../src/core/lines/lineDiff';
import type { LineMapping } from '../../src/core/lines/lineMapping';
import { parseHunkHeader, parseUnifiedDiff, unquote, UnifiedDiffError } from '../../src/core/lines/unifiedDiff';
import { GitRepository } from '../../src/host/git/gitRepository';
import { GitRunner } from '../../src/host/git/gitRunner';
import { TestRepo } from './gitTestRepo';

const hunks = (mapping: LineMapping) => Array.from({ length: mapping.hunkCount }, (_, i) => mapping.hunk(i));

describe('unified diff (git diff -U0) reader', () => {
  it('reads hunk headers: a count of 0 sits after the line, a missing count is 1', () => {
    assert.deepEqual(parseHunkHeader('@@ -3 +3,2 @@ function f() {'), { oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 4 });
    assert.deepEqual(parseHunkHeader('@@ -0,0 +1,3 @@'), { oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 3 });
    assert.deepEqual(parseHunkHeader('@@ -5,2 +4,0 @@'), { oldStart: 4, oldEnd: 6, newStart: 4, newEnd: 4 });
    for (const bad of ['@@ -a +1 @@', '@@ -1 1 @@', '@@ -1 +1', '@@ -99999999999 +1 @@']) assert.throws(() => parseHunkHeader(bad), UnifiedDiffError, bad);
  });

  it('undoes git’s C quoting of paths, bytes included', () => {
    assert.equal(unquote('"tab\\there \\303\\244 \\"q\\" \\\\"', 1), 'tab\there ä "q" \\');
    assert.equal(unquote('plain/path.js', 1), 'plain/path.js');
    assert.throws(() => unquote('"bad \\q"', 1), /bad escape/);
    assert.throws(() => unquote('"open', 1), /unterminated/);
  });

  describe('on the output of a real git', () => {
    let repo: TestRepo;
    let base: string;
    const files: Record<string, [string, string]> = {
      'src/edit.js': ['a();\nb();\nc();\nd();\n', 'a();\nB();\nc();\nd();\ne();\n'],
      'src/tricky.js': ['-- a/not-a-header\n++ b/neither\ndiff --git a/x b/x\n@@ -1 +1 @@\nkeep();\n', 'keep();\n+++ b/added\n'],
      'src/with space.js': ['one();\n', 'one();\ntwo();\n'],
      'src/tab\there.js': ['x();\n', 'y();\n'],
      'src/ünïcödé.js': ['u();\n', 'u();\nv();\n'],
    };

    before(function () {
      this.timeout(60_000);
      repo = new TestRepo();
      for (const [file, [before]] of Object.entries(files)) repo.write(file, before);
      repo.write('src/removed.js', 'gone();\n');
      repo.write('src/moved-away.js', 'm1();\nm2();\nm3();\nm4();\nm5();\nm6();\n');
      repo.write('img.bin', Uint8Array.from([0, 1, 2, 3]));
      base = repo.commit('base');
      for (const [file, [, after]] of Object.entries(files)) repo.write(file, after);
      repo.git('rm', '-q', 'src/removed.js');
      repo.git('mv', 'src/moved-away.js', 'src/moved-here.js');
      repo.write('src/moved-here.js', 'm1();\nm2();\nm3();\nm4();\nm5();\nm6();\nm7();\n');
      repo.write('src/added.js', 'new();\n');
      repo.write('img.bin', Uint8Array.from([0, 1, 2, 4]));
      repo.commit('change');
    });
    after(() => repo.remove());

    const check = (patches: ReturnType<typeof parseUnifiedDiff>) => {
      const find = (newPath: string | null, oldPath?: string | null) =>
        patches.find((p) => p.newPath === newPath && (oldPath === undefined || p.oldPath === oldPath)) ?? assert.fail(`no patch for ${newPath}`);
      for (const [file, [before, after]] of Object.entries(files)) {
        const patch = find(file, file);
        assert.deepEqual(hunks(patch.mapping), hunks(diffTexts(before, after)), file);
      }
      assert.deepEqual(hunks(find(null, 'src/removed.js').mapping), [{ oldStart: 0, oldEnd: 1, newStart: 0, newEnd: 0 }]);
      assert.deepEqual(hunks(find('src/added.js', null).mapping), [{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 1 }]);
      assert.deepEqual(hunks(find('src/moved-here.js', 'src/moved-away.js').mapping), [{ oldStart: 6, oldEnd: 6, newStart: 6, newEnd: 7 }]);
      assert.ok(find('img.bin', 'img.bin').binary);
      assert.equal(patches.length, Object.keys(files).length + 4);
    };

    it('reads every file of `git diff -U0 -M` as the pinned runner asks for it', async () => {
      const git = (await GitRepository.open(new GitRunner(), repo.dir)) as GitRepository;
      check(await git.patchSince(base));
    });

    it('reads quoted names too (core.quotepath=true, as a user may have it)', () => {
      const text = repo.git('-c', 'core.quotepath=true', 'diff', '-U0', '-M', '--no-color', '--no-ext-diff', base, 'HEAD');
      assert.match(text, /"a\/src\/\\303\\274n\\303\\257c\\303\\266d\\303\\251\.js"/);
      assert.match(text, /\+\+\+ b\/src\/with space\.js\t\n/);
      check(parseUnifiedDiff(text));
    });
  });

  it('follows git diff with context where git -U0 differs: with no context, git trims a common tail of whole KiB first', function () {
    this.timeout(30_000);
    const repo = new TestRepo();
    try {
      // A blank line inserted after a blank line can be drawn on either. With no context git
      // first trims the common tail in 1,024-byte blocks (here exactly 1,024: the blank line,
      // the newline before it and 1,022 bytes of class body), so the run can only be the first
      // blank; with context, and in our diff, the indent heuristic picks the second.
      const head = 'class A {\n  constructor() {}\n';
      let body = '  get isIdentity() {\n    return 1;\n  }\n';
      for (let i = 0; body.length < 900; i++) body += `  method${i}() {\n    return ${i};\n  }\n`;
      body += '}\n';
      body += `//${'x'.repeat(1022 - body.length - 3)}\n`;
      assert.equal(body.length, 1022);
      const before = `${head}\n${body}`;
      const after = `${head}\n\n${body}`;
      repo.write('f.js', before);
      const base = repo.commit('base');
      repo.write('f.js', after);
      repo.commit('change');
      const zero = parseUnifiedDiff(repo.git('diff', '-U0', '--no-color', base, 'HEAD'))[0]?.mapping as LineMapping;
      const ours = diffTexts(before, after);
      assert.deepEqual([...zero.changedRanges()], [[3, 4]]);
      assert.deepEqual([...ours.changedRanges()], [[4, 5]]);
      const withContext = repo.git('diff', '-U3', '--no-color', base, 'HEAD');
      assert.match(withContext, /^ {3}constructor\(\) \{\}\n \n\+\n/m);
    } finally {
      repo.remove();
    }
  });
});
