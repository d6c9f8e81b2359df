import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('writes report text to the terminal with its escape sequences and bidi overrides made visible', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspect-terminal-'));
    try {
      // A path that would colour the terminal, set its title (OSC 0) and reverse what follows (U+202E).
      const report = path.join(dir, 'lcov.info');
      writeFileSync(report, 'SF:\u001b[31mred\u001b]0;owned\u0007\u202e.js\nDA:1,1\nFOO:\u001b[2J\nend_of_record\n');
      const { code, stdout } = inspect(report);
      assert.equal(code, 0);
      assert.ok(stdout.includes('  \\u{1b}[31mred\\u{1b}]0;owned\\u{7}\\u{202e}.js  1/1\n'), stdout);
      assert.ok(![...stdout].some((char) => (char < ' ' && char !== '\n') || char === '\u202e'), 'no control character but newlines');
      const broken = path.join(dir, 'broken.json');
      writeFileSync(broken, '{"data": [{"files": 1}], "type": "llvm.coverage.json.export\u001b[2J"}');
      const failed = inspect(broken);
      assert.ok(!(failed.stdout + failed.stderr).includes('\u001b'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--json writes no C1 control or bidi override to the terminal, and parses back to the path as written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspect-json-'));
    try {
      // C1 controls as UTF-8 (xterm, VTE and VS Code's terminal act on them): CSI 2J clears the
      // screen, OSC 52 ... ST writes the clipboard; U+202E reverses what follows.
      const hostile = 'src/a\u009b2J\u009d52;c;ZWNobyBQV05FRA==\u009c\u202eb.ts';
      const report = path.join(dir, 'lcov.info');
      writeFileSync(report, `SF:${hostile}\nDA:1,1\nend_of_record\n`);
      const { code, stdout } = inspect(report, '--json');
      assert.equal(code, 0);
      assert.ok(![...stdout].some((char) => (char >= '\u0080' && char <= '\u009f') || char === '\u202e'), JSON.stringify(stdout));
      assert.ok(stdout.includes('"src/a\\u009b2J\\u009d52;c;ZWNobyBQV05FRA==\\u009c\\u202eb.ts"'), stdout);
      assert.equal((JSON.parse(stdout) as { files: { path: string }[] }).files[0]?.path, hostile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with the reason for an unreadable report and 2 for bad usage', () => {
    const missing = inspect(path.join(example, 'nope.info'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ENOENT/);
    const usage = inspect('--bogus');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: inspect REPORT/);
  });

  it('refuses a --max-mb that is not a positive number instead of turning the size cap off', () => {
    const report = path.join(example, 'coverage', 'lcov.info');
    for (const bad of ['abc', '', '-1', '0', 'NaN', 'Infinity']) {
      const result = inspect(report, '--max-mb', bad);
      assert.equal(result.code, 2, `--max-mb ${JSON.stringify(bad)}`);
      assert.match(result.stderr, /--max-mb takes a positive number of MiB/);
    }
    assert.equal(inspect(report, '--max-mb', '0.5').code, 0);
  });

  describe('output of any size arrives whole', function () {
    this.timeout(60_000);
    let dir: string;
    let report: string;

    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'sentinel-inspect-'));
      report = path.join(dir, 'many.info');
      writeFileSync(report, Array.from({ length: 5_000 }, (_, i) => `SF:src/dir${i % 50}/file${i}.js\nDA:1,1\nDA:2,0\nend_of_record\n`).join(''));
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    const checkJson = (stdout: string) => {
      assert.ok(stdout.length > 2 * 65_536, `far more than a pipe buffer holds (${stdout.length} characters)`);
      let summary: { files: unknown[] } | undefined;
      assert.doesNotThrow(() => (summary = JSON.parse(stdout) as { files: unknown[] }), `the whole JSON arrived (it ends with ${JSON.stringify(stdout.slice(-40))})`);
      assert.equal(summary?.files.length, 5_000);
    };

    it('through a real pipe (node dist/inspect.js REPORT --json | jq .)', async () => {
      const child = spawn(process.execPath, [cli, report, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const chunks: Buffer[] = [];
      // A slow reader, as jq on a big input: the writer has to wait for the pipe to drain.
      child.stdout.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 1);
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      checkJson(Buffer.concat(chunks).toString('utf8'));
    });

    it('into a file', () => {
      const out = path.join(dir, 'out.json');
      const fd = openSync(out, 'w');
      try {
        assert.equal(spawnSync(process.execPath, [cli, report, '--json'], { stdio: ['ignore', fd, 'inherit'] }).status, 0);
      } finally {
        closeSync(fd);
      }
      checkJson(readFileSync(out, 'utf8'));
    });
  });
});
