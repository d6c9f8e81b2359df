import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildInspect, commitChange, runC8, writeBaseline } from '../unit/compareScenario';
import { TestRepo } from '../unit/gitTestRepo';

/**
 * The oracle for patch coverage: Debian's diff-cover, on committed changes with no local edits
 * (what it numbers right), against `inspect --compare` on the same repository and report.
 * diff-cover reads only a line's hit count, so a partial line is covered for it: its covered
 * lines are our covered + partial, its violations our uncovered changed lines.
 * Run by scripts/check-producers.mjs, which installs diff-cover and python3-coverage.
 */

interface DiffCoverJson {
  src_stats: Record<string, { percent_covered: number; violation_lines: number[] }>;
  total_num_lines: number;
  total_num_violations: number;
}

interface OurPatch {
  lines: number;
  covered: number;
  partial: number;
  missed: number;
  percent: number | null;
}

interface OurJson {
  patch: OurPatch;
  files: { path: string; patch: OurPatch; uncoveredChanged: number[] }[];
}

function compareWithDiffCover(repo: TestRepo, cli: string, current: string, baseline: string, out: string): { ours: OurJson; theirs: DiffCoverJson } {
  const report = path.join(out, 'diff-cover.json');
  execFileSync('diff-cover', [current, '--compare-branch=main', `--json-report=${report}`], { cwd: repo.dir, env: repo.env(), stdio: ['ignore', 'pipe', 'pipe'] });
  const theirs = JSON.parse(readFileSync(report, 'utf8')) as DiffCoverJson;
  const result = spawnSync(process.execPath, [cli, current, '--compare', baseline, '--base', 'main', '--json'], { cwd: repo.dir, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const ours = JSON.parse(result.stdout) as OurJson;

  assert.equal(ours.patch.lines, theirs.total_num_lines, 'changed coverable lines');
  assert.equal(ours.patch.missed, theirs.total_num_violations, 'uncovered changed lines');
  const withLines = ours.files.filter((file) => file.patch.lines > 0);
  assert.deepEqual(withLines.map((file) => file.path).sort(), Object.keys(theirs.src_stats).sort(), 'files with changed coverable lines');
  for (const file of withLines) {
    const stats = theirs.src_stats[file.path] as DiffCoverJson['src_stats'][string];
    assert.deepEqual(file.uncoveredChanged, stats.violation_lines, `${file.path}: missing lines`);
    const runShare = ((file.patch.covered + file.patch.partial) / file.patch.lines) * 100;
    assert.ok(Math.abs(runShare - stats.percent_covered) < 1e-9, `${file.path}: ${runShare}% run, diff-cover says ${stats.percent_covered}%`);
  }
  return { ours, theirs };
}

describe('patch coverage against diff-cover (the oracle), committed changes', function () {
  this.timeout(300_000);
  let out: string;
  let cli: string;
  before(() => {
    out = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-diff-cover-'));
    cli = buildInspect(path.join(out, 'cli'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('c8 (LCOV) over a JavaScript project: edits, a new function, a rename, a deletion; main moved on after the branch', () => {
    const repo = new TestRepo();
    try {
      writeBaseline(repo);
      repo.commit('baseline');
      const baseline = runC8(repo, path.join(out, 'js-baseline'));
      commitChange(repo);
      // main moves on after the branch point: the comparison is with the merge-base, as diff-cover's main...HEAD.
      repo.git('checkout', '-q', 'main');
      repo.write('README.md', 'later on main\n');
      repo.commit('main moves on');
      repo.git('checkout', '-q', 'feature');
      const current = runC8(repo, path.join(out, 'js-current'));
      const { ours } = compareWithDiffCover(repo, cli, current, baseline, out);
      assert.equal(ours.patch.lines, 13);
      assert.equal(ours.patch.partial, 1, 'the partial `if` is covered for diff-cover, partial for us');
    } finally {
      repo.remove();
    }
  });

  it('coverage.py (Cobertura XML, with branches) over a Python project: a changed line, a new function, a new module', () => {
    const repo = new TestRepo();
    const coverageFile = path.join(out, 'py', '.coverage');
    mkdirSync(path.dirname(coverageFile), { recursive: true });
    const env = { ...repo.env(), COVERAGE_FILE: coverageFile, PYTHONDONTWRITEBYTECODE: '1' };
    const coverage = (xml: string) => {
      execFileSync('python3-coverage', ['run', '--branch', '-m', 'unittest', 'discover', '-s', '.', '-p', 'test_*.py'], { cwd: repo.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      execFileSync('python3-coverage', ['xml', '-o', xml], { cwd: repo.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      return xml;
    };
    try {
      repo.write('calc.py', py('def sign(x):', '    if x < 0:', '        return -1', '    if x == 0:', '        return 0', '    return 1', '', '', 'def total(values):', '    result = 0', '    for value in values:', '        result += value', '    return result'));
      repo.write(
        'test_calc.py',
        py('import unittest', 'from calc import sign, total', '', '', 'class CalcTest(unittest.TestCase):', '    def test_sign(self):', '        self.assertEqual(sign(-1), -1)', '        self.assertEqual(sign(5), 1)', '', '    def test_total(self):', '        self.assertEqual(total([1, 2]), 3)'),
      );
      repo.commit('baseline');
      const baseline = coverage(path.join(out, 'py-baseline.xml'));
      repo.git('checkout', '-q', '-b', 'feature');
      repo.write(
        'calc.py',
        py(
          'def sign(x):',
          '    if x < 0:',
          '        return -1',
          '    if x == 0:',
          '        return 0',
          '    return +1',
          '',
          '',
          'def total(values):',
          '    result = 0',
          '    for value in values:',
          '        result += value',
          '    return result',
          '',
          '',
          'def mean(values):',
          '    if not values:',
          '        raise ValueError("empty")',
          '    return total(values) / len(values)',
        ),
      );
      repo.write('stats.py', py('def spread(values):', '    if len(values) < 2:', '        return 0', '    return max(values) - min(values)'));
      repo.write(
        'test_calc.py',
        py(
          'import unittest',
          'from calc import mean, sign',
          'from stats import spread',
          '',
          '',
          'class CalcTest(unittest.TestCase):',
          '    def test_sign(self):',
          '        self.assertEqual(sign(-1), -1)',
          '        self.assertEqual(sign(5), 1)',
          '',
          '    def test_mean(self):',
          '        self.assertEqual(mean([2, 4]), 3)',
          '',
          '    def test_spread(self):',
          '        self.assertEqual(spread([1, 5]), 4)',
        ),
      );
      repo.commit('change');
      const current = coverage(path.join(out, 'py-current.xml'));
      const { ours } = compareWithDiffCover(repo, cli, current, baseline, out);
      // By hand: calc.py 6 (changed), 16-19 (mean: its `if` partial, the raise never runs);
      // stats.py 1-4 (the `if` partial, `return 0` never runs); the test file's changed lines.
      const calc = ours.files.find((file) => file.path === 'calc.py');
      assert.deepEqual(calc?.patch, { lines: 5, covered: 3, partial: 1, missed: 1, percent: 60 });
      assert.deepEqual(calc?.uncoveredChanged, [18]);
      const stats = ours.files.find((file) => file.path === 'stats.py');
      assert.deepEqual(stats?.patch, { lines: 4, covered: 2, partial: 1, missed: 1, percent: 50 });
      assert.deepEqual(stats?.uncoveredChanged, [3]);
      assert.deepEqual(ours.patch, { lines: 15, covered: 11, partial: 2, missed: 2, percent: 73.33 });
    } finally {
      repo.remove();
    }
  });
});

function py(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
