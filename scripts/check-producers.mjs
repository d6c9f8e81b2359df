// Runs the real coverage tools (go, coverage.py, clang/llvm-cov, c8, JaCoCo) over the producer fixtures
// into a fresh copy, then checks the fresh reports with test/unit/producers.test.ts, and runs
// test/oracle/diffCover.test.ts (inspect --compare against Debian's diff-cover).
// Installs the Debian tools when missing (as root; otherwise says what to install).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './workspace.mjs';

const TOOLS = [
  { command: 'go', pkg: 'golang-go' },
  { command: 'python3-coverage', pkg: 'python3-coverage' },
  { command: 'clang', pkg: 'clang' },
  { command: 'llvm-cov', pkg: 'llvm' },
  { command: 'java', pkg: 'default-jdk-headless' },
  { command: 'javac', pkg: 'default-jdk-headless' },
  { command: 'jar', pkg: 'default-jdk-headless' },
  { command: 'diff-cover', pkg: 'diff-cover' },
];

/** Jars that generate-producer-reports.mjs takes from /usr/share/java. */
const JARS = [
  { file: 'org.jacoco.agent.jar', pkg: 'libjacoco-java' },
  { file: 'org.jacoco.core.jar', pkg: 'libjacoco-java' },
  { file: 'org.jacoco.report.jar', pkg: 'libjacoco-java' },
  { file: 'asm.jar', pkg: 'libasm-java' },
  { file: 'asm-commons.jar', pkg: 'libasm-java' },
  { file: 'asm-tree.jar', pkg: 'libasm-java' },
];

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = [
  ...new Set([
    ...TOOLS.filter((tool) => !has(tool.command)).map((tool) => tool.pkg),
    ...JARS.filter((jar) => !existsSync(join('/usr/share/java', jar.file))).map((jar) => jar.pkg),
  ]),
];
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(`Debian packages missing for the real-producer check: ${missing.join(' ')} (sudo apt-get install -y ${missing.join(' ')})`);
    process.exit(1);
  }
  console.log(`installing Debian packages: ${missing.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const dir = mkdtempSync(join(tmpdir(), 'coverage-sentinel-producers-check-'));
try {
  cpSync(join(repoRoot, 'test', 'fixtures', 'producers'), dir, { recursive: true });
  const env = { ...process.env, PRODUCERS_DIR: dir };
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-producer-reports.mjs')], { stdio: 'inherit', env });
  // Run from the copy, so that the project's .mocharc.json does not add every unit test.
  const mocha = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const tests = [join(repoRoot, 'out', 'test', 'unit', 'producers.test.js'), join(repoRoot, 'out', 'test', 'oracle', 'diffCover.test.js')];
  const result = spawnSync(process.execPath, [mocha, '--timeout', '60000', ...tests], {
    cwd: dir,
    stdio: 'inherit',
    env,
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
