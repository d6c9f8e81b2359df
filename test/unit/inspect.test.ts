import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const repo = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repo, 'out', 'inspect-under-test', 'inspect.js');
const example = path.join(repo, 'test', 'fixtures', 'example');

function inspect(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the inspect tool (node dist/inspect.js)', () => {
  before(() => {
    buildSync({ entryPoints: [path.join(repo, 'src', 'cli', 'inspect.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'silent' });
  });

  it('prints format, totals and how each path resolves as JSON', () => {
    const { code, stdout } = inspect(path.join(example, 'coverage', 'lcov.info'), '--workspace', example, '--json');
    assert.equal(code, 0);
    const summary = JSON.parse(stdout) as {
      format: string;
      totals: Record<string, number>;
      files: { path: string; resolved: string | null; lines: number; linesHit: number }[];
      warnings: unknown[];
    };
    assert.equal(summary.format, 'lcov');
    assert.deepEqual(summary.totals, { files: 3, lines: 59, linesHit: 42, branches: 17, branchesHit: 13, functions: 6, functionsHit: 4 });
    assert.deepEqual(
      summary.files.map((f) => [f.path, f.resolved, f.lines, f.linesHit]),
      [
        ['src/cart.js', path.join(example, 'src/cart.js'), 30, 20],
        ['src/format.js', path.join(example, 'src/format.js'), 19, 18],
        ['src/untested.js', path.join(example, 'src/untested.js'), 10, 4],
      ],
    );
    assert.deepEqual(summary.warnings, []);
  });

  it('says why a path does not resolve', () => {
    const { code, stdout } = inspect(path.join(example, 'coverage', 'lcov.info'), '--workspace', path.join(repo, 'test', 'fixtures', 'example-lib'));
    assert.equal(code, 0);
    assert.match(stdout, /resolved 0 of 3 file\(s\)/);
    assert.match(stdout, /src\/cart\.js {2}20\/30 {2}→ not resolved \(not found in the workspace\)/);
  });

  it('exits 1 with the reason for an unreadable report and 2 for bad usage', () => {
    const missing = inspect(path.join(example, 'nope.info'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ENOENT/);
    const usage = inspect('--bogus');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: inspect REPORT/);
  });
});
