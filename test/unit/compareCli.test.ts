import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildInspect, commitChange, editLocally, runC8, writeBaseline } from './compareScenario';
import { TestRepo } from './gitTestRepo';

interface Patch {
  lines: number;
  covered: number;
  partial: number;
  missed: number;
  percent: number | null;
}

interface CompareJson {
  base: { ref: string; commit: string };
  patch: Patch;
  files: { path: string; renamedFrom?: string; patch: Patch; uncoveredChanged: number[]; partialChanged: number[]; lost: number[]; gained: number[] }[];
}

/**
 * `inspect REPORT --compare BASELINE --base main` on a real repository with c8 reports made at
 * the baseline commit and on the working tree: committed, staged, unstaged and untracked
 * changes at once, a rename, a deletion. Expectations written by hand from the sources
 * (c8 gives every line of a file a count; an `if` whose block never ran is partial).
 */
describe('inspect --compare (git, c8, working tree with local edits)', function () {
  this.timeout(180_000);
  let repo: TestRepo;
  let out: string;
  let cli: string;
  let baseline: string;
  let current: string;
  let base: string;

  before(() => {
    out = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-compare-cli-'));
    cli = buildInspect(path.join(out, 'cli'));
    repo = new TestRepo();
    writeBaseline(repo);
    base = repo.commit('baseline');
    baseline = runC8(repo, path.join(out, 'baseline'));
    commitChange(repo);
    editLocally(repo);
    current = runC8(repo, path.join(out, 'current'));
  });
  after(() => {
    repo.remove();
    rmSync(out, { recursive: true, force: true });
  });

  const inspect = (cwd: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('prints the comparison as the JSON of issue 11, in working-tree line numbers', () => {
    const { code, stdout, stderr } = inspect(path.join(repo.dir, 'src'), current, '--compare', baseline, '--base', 'main', '--json');
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout) as CompareJson;
    assert.deepEqual(json.base, { ref: 'main', commit: base });
    assert.deepEqual(json.files, [
      {
        // Renamed and edited (committed), then line 14 edited again (unstaged). isEmpty() never runs.
        path: 'src/bag.js',
        renamedFrom: 'src/basket.js',
        patch: { lines: 5, covered: 2, partial: 0, missed: 3, percent: 40 },
        uncoveredChanged: [13, 14, 15],
        partialChanged: [],
        lost: [],
        gained: [],
      },
      {
        // Line 2 staged (everything below moved down one), discount() committed at 15-22:
        // its `if` on 16 is partial, the throw (17) and its closing brace (18) never ran.
        // add() at 4-7 is untouched but its test is gone: lost.
        path: 'src/cart.js',
        patch: { lines: 9, covered: 6, partial: 1, missed: 2, percent: 66.67 },
        uncoveredChanged: [17, 18],
        partialChanged: [16],
        lost: [4, 5, 6, 7],
        gained: [],
      },
      {
        // Untracked: every line is new.
        path: 'src/extra.js',
        patch: { lines: 5, covered: 5, partial: 0, missed: 0, percent: 100 },
        uncoveredChanged: [],
        partialChanged: [],
        lost: [],
        gained: [],
      },
    ]);
    assert.deepEqual(json.patch, { lines: 19, covered: 13, partial: 1, missed: 5, percent: 68.42 });
  });

  it('prints text like diff-cover’s, with the deleted file that had covered lines', () => {
    const { code, stdout } = inspect(repo.dir, current, '--compare', baseline, '--base', 'main');
    assert.equal(code, 0);
    assert.match(stdout, /^src\/bag\.js \(renamed from src\/basket\.js\) \(40\.0%\): Missing lines 13-15$/m);
    assert.match(stdout, /^src\/cart\.js \(66\.7%\): Missing lines 17-18; partial lines 16; lost coverage on lines 4-7$/m);
    assert.match(stdout, /^src\/extra\.js \(100\.0%\)$/m);
    assert.match(stdout, /^src\/legacy\.js \(deleted\): had 7 covered line\(s\)$/m);
    assert.match(stdout, /^Total: {3}19 lines$/m);
    assert.match(stdout, /^Coverage: 68\.4% \(13\/19\)$/m);
    assert.match(stdout, /^Lost coverage: 4 lines$/m);
  });

  it('exits 3 below --fail-under-patch and 0 at or above it', () => {
    const below = inspect(repo.dir, current, '--compare', baseline, '--base', 'main', '--fail-under-patch', '70');
    assert.equal(below.code, 3);
    assert.match(below.stderr, /patch coverage 68\.4% is below 70%/);
    assert.equal(inspect(repo.dir, current, '--compare', baseline, '--base', 'main', '--fail-under-patch', '68.4').code, 0);
  });

  it('refuses bad arguments with a clear message (exit 2) and reports failures (exit 1)', () => {
    const usage: [string[], RegExp][] = [
      [[current, '--compare'], /--compare needs a value/],
      [[current, '--compare', baseline], /--base REF is missing/],
      [[current, '--base', 'main'], /--compare BASELINE_REPORT is missing/],
      [[current, '--compare', baseline, '--base', 'main', '--fail-under-patch', '120'], /--fail-under-patch takes a percentage from 0 to 100/],
      [[current, '--compare', baseline, '--base', 'main', '--fail-under-patch', 'lots'], /takes a percentage/],
      [[current, '--compare', baseline, '--base', '--upload-pack=evil'], /not a branch or commit name/],
      [[current, '--compare', baseline, '--base', 'main', '--workspace', repo.dir], /--workspace does not apply/],
      [[current, '--compare', baseline, '--compare', baseline, '--base', 'main'], /--compare given twice/],
      [['--compare', baseline, '--base', 'main'], /no report given/],
    ];
    for (const [args, message] of usage) {
      const result = inspect(repo.dir, ...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.match(result.stderr, /usage: inspect REPORT --compare BASELINE_REPORT --base REF/);
    }
    const noBranch = inspect(repo.dir, current, '--compare', baseline, '--base', 'no-such-branch');
    assert.equal(noBranch.code, 1);
    assert.match(noBranch.stderr, /--base no-such-branch: no such branch or commit/);
    const outside = inspect(out, current, '--compare', baseline, '--base', 'main');
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /is not inside a git repository/);
    const missing = inspect(repo.dir, current, '--compare', path.join(out, 'nope.info'), '--base', 'main');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.info: ENOENT/);
    const garbage = path.join(out, 'garbage.info');
    writeFileSync(garbage, 'not a report\n');
    assert.equal(inspect(repo.dir, garbage, '--compare', baseline, '--base', 'main').code, 1);
  });
});
