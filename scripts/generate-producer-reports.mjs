// Regenerates test/fixtures/producers/*/ reports by running the real coverage tools over the
// tiny projects there. Outputs are the tools' own, with only machine-specific parts made stable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** PRODUCERS_DIR: regenerate into a copy (CI does, to check fresh output) instead of in place. */
const producers = process.env.PRODUCERS_DIR ? resolve(process.env.PRODUCERS_DIR) : join(root, 'test', 'fixtures', 'producers');
const tmp = mkdtempSync(join(tmpdir(), 'coverage-sentinel-producers-'));

function run(command, args, options = {}) {
  process.stderr.write(`$ ${command} ${args.join(' ')}\n`);
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20, ...options });
}

/** Replaces every occurrence of the folder's absolute path (with its separator) by nothing. */
function relativise(text, folder) {
  return text.replaceAll(`${folder}/`, '');
}

function write(file, text) {
  writeFileSync(file, text);
  process.stderr.write(`wrote ${file}\n`);
}

function go() {
  const project = join(producers, 'go');
  const out = join(tmp, 'go.out');
  // Two packages measured with -coverpkg: each test binary reports both, so blocks repeat.
  // go test appends the packages' profiles in the order their tests finish, which varies.
  run('go', ['test', '-count=1', '-covermode=count', '-coverpkg=./...', `-coverprofile=${out}`, './...'], {
    cwd: project,
    env: { ...process.env, GOCACHE: join(tmp, 'gocache'), GOPATH: join(tmp, 'gopath'), GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' },
  });
  write(join(project, 'coverage.out'), relativise(readFileSync(out, 'utf8'), project));
}

function python() {
  const project = join(producers, 'python');
  const out = join(tmp, 'coverage.json');
  const env = { ...process.env, COVERAGE_FILE: join(tmp, '.coverage'), PYTHONDONTWRITEBYTECODE: '1' };
  const coverage = pythonCoverage();
  run(coverage[0], [...coverage.slice(1), 'run', '--rcfile=.coveragerc', '-m', 'unittest', 'discover', '-s', '.', '-p', 'test_*.py'], { cwd: project, env });
  run(coverage[0], [...coverage.slice(1), 'json', '--rcfile=.coveragerc', '--show-contexts', '--include=calc.py', '-o', out], { cwd: project, env });
  const report = JSON.parse(relativise(readFileSync(out, 'utf8'), project));
  report.meta.timestamp = '2000-01-01T00:00:00.000000';
  // coverage.py lists a line's contexts in set order, which varies from run to run.
  for (const file of Object.values(report.files)) for (const contexts of Object.values(file.contexts ?? {})) contexts.sort();
  write(join(project, 'coverage.json'), `${JSON.stringify(report, null, 2)}\n`);
  // The same run as LCOV: coverage.py writes a checksum of each line's text (DA:line,hits,md5).
  const lcov = join(tmp, 'coverage.lcov');
  run(coverage[0], [...coverage.slice(1), 'lcov', '--rcfile=.coveragerc', '--include=calc.py', '-o', lcov], { cwd: project, env });
  write(join(project, 'coverage.lcov'), relativise(readFileSync(lcov, 'utf8'), project));
  // And as Cobertura XML, as `pytest --cov-report=xml` writes beside the others.
  const xml = join(tmp, 'coverage.xml');
  run(coverage[0], [...coverage.slice(1), 'xml', '--rcfile=.coveragerc', '--include=calc.py', '-o', xml], { cwd: project, env });
  const cobertura = readFileSync(xml, 'utf8')
    .replace(/ timestamp="\d+"/, ' timestamp="946684800000"')
    .replaceAll(`<source>${project}</source>`, '<source>.</source>');
  write(join(project, 'coverage.xml'), cobertura);
}

/** Debian's `python3-coverage`, else the module under whichever python3 has it. */
function pythonCoverage() {
  for (const candidate of [['python3-coverage'], ['/usr/bin/python3', '-m', 'coverage'], ['python3', '-m', 'coverage']]) {
    try {
      execFileSync(candidate[0], [...candidate.slice(1), '--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('coverage.py not found: apt-get install python3-coverage');
}

function c() {
  const project = join(producers, 'c');
  const binary = join(tmp, 'calc');
  const profraw = join(tmp, 'calc.profraw');
  const profdata = join(tmp, 'calc.profdata');
  run('clang', ['-O0', '-fprofile-instr-generate', '-fcoverage-mapping', '-fcoverage-compilation-dir=.', 'calc.c', '-o', binary], { cwd: project });
  run(binary, ['-3', '4', '5'], { env: { ...process.env, LLVM_PROFILE_FILE: profraw } });
  run('llvm-profdata', ['merge', '-sparse', profraw, '-o', profdata]);
  const exported = (format) => relativise(run('llvm-cov', ['export', `-format=${format}`, `-instr-profile=${profdata}`, binary], { cwd: project }).toString('utf8'), project);
  write(join(project, 'coverage.json'), exported('text'));
  write(join(project, 'coverage.lcov'), exported('lcov'));
}

/** c8 over a project's node:test files (`test/`), its `src/` measured, the `reporters` written into `out`. */
function c8Run(project, reporters, out, temporary) {
  const c8 = join(root, 'node_modules', 'c8', 'bin', 'c8.js');
  const args = [c8, ...reporters.map((reporter) => `--reporter=${reporter}`), `--reports-dir=${out}`, '--all', '--include=src/**', '--temp-directory', join(tmp, temporary)];
  run(process.execPath, [...args, process.execPath, '--test', 'test/'], { cwd: project });
}

function istanbul() {
  const example = join(root, 'test', 'fixtures', 'example');
  const out = join(producers, 'istanbul');
  c8Run(example, ['json', 'lcovonly'], out, 'c8');
  for (const name of ['coverage-final.json', 'lcov.info']) {
    const file = join(out, name);
    write(file, relativise(readFileSync(file, 'utf8'), example));
  }
}

/** c8's Clover XML beside its coverage-final.json, over a project whose lines have several branches. */
function istanbulClover() {
  const project = join(producers, 'istanbul-clover');
  const out = join(tmp, 'istanbul-clover');
  c8Run(project, ['clover', 'json'], out, 'c8-clover');
  // The report's time (`generated`, `timestamp`) is the only part that changes from run to run.
  const clover = relativise(readFileSync(join(out, 'clover.xml'), 'utf8'), project).replace(/ (generated|timestamp)="\d+"/g, ' $1="946684800000"');
  write(join(project, 'clover.xml'), clover);
  write(join(project, 'coverage-final.json'), relativise(readFileSync(join(out, 'coverage-final.json'), 'utf8'), project));
}

/** Debian's `libjacoco-java` 0.8.6 and the `libasm-java` it is built against. */
const JAVA_JARS = '/usr/share/java';
const REPORT_CLASSPATH = ['org.jacoco.core.jar', 'org.jacoco.report.jar', 'asm.jar', 'asm-commons.jar', 'asm-tree.jar'].map((jar) => join(JAVA_JARS, jar)).join(':');

function java() {
  const project = join(producers, 'java');
  const classes = join(tmp, 'java-classes');
  const tools = join(tmp, 'java-tools');
  const exec = join(tmp, 'jacoco.exec');
  const out = join(tmp, 'jacoco.xml');
  // JaCoCo 0.8.6 reads class files up to Java 15 only.
  const sources = readdirSync(join(project, 'src', 'calc')).filter((name) => name.endsWith('.java')).sort().map((name) => `src/calc/${name}`);
  run('javac', ['--release', '11', '-d', classes, ...sources], { cwd: project });
  // Debian's org.jacoco.agent.rt.jar has no Premain-Class; the runnable agent is the
  // jacocoagent.jar that org.jacoco.agent.jar carries (as AgentJar hands it out).
  run('jar', ['xf', join(JAVA_JARS, 'org.jacoco.agent.jar'), 'jacocoagent.jar'], { cwd: tmp });
  run('java', [`-javaagent:${join(tmp, 'jacocoagent.jar')}=destfile=${exec},sessionid=calc,includes=calc.*`, '-cp', classes, 'calc.CalcMain']);
  run('javac', ['--release', '11', '-cp', REPORT_CLASSPATH, '-d', tools, 'tools/JacocoReport.java'], { cwd: project });
  run('java', ['-cp', `${tools}:${REPORT_CLASSPATH}`, 'JacocoReport', exec, classes, 'src', out], { cwd: project });
  // The session's start and dump times are the only parts that change from run to run.
  const xml = readFileSync(out, 'utf8').replace(/<sessioninfo id="[^"]*" start="\d+" dump="\d+"\/>/g, '<sessioninfo id="calc" start="946684800000" dump="946684800000"/>');
  write(join(project, 'jacoco.xml'), xml);
}

try {
  const only = process.argv.slice(2);
  for (const [name, generate] of Object.entries({ go, python, c, istanbul, istanbulClover, java })) {
    if (only.length === 0 || only.includes(name)) generate();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
