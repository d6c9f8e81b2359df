import { readFileSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { diffLines as jsdiffLines } from 'diff';
import { compareCoverage, type FileChange } from '../src/core/compare/compareCoverage';
import { FileCoverageBuilder } from '../src/core/model/fileBuilder';
import { diffLines, diffTexts } from '../src/core/lines/lineDiff';
import { type Hunk, LineMapping } from '../src/core/lines/lineMapping';
import { splitLines } from '../src/core/lines/textLines';
import type { FileCoverageData } from '../src/core/model/model';
import type { Baseline } from '../src/host/compare/baseline';
import { collectLineChanges, type TextDiff } from '../src/host/compare/lineChanges';
import { compareWorkingTree } from '../src/host/compare/workingTreeComparison';
import { WorkingFiles } from '../src/host/compare/workingFile';
import { GitRepository } from '../src/host/git/gitRepository';
import { GitRunner } from '../src/host/git/gitRunner';
// WorkerHost imports only vscode *types*, so it runs in plain node (as in worker.bench.ts).
// eslint-disable-next-line no-restricted-imports
import { WorkerHost } from '../src/vscode/workerHost';
import { TestRepo } from '../test/unit/gitTestRepo';
import { mutateLines, seededRandom, sourcesOfThisRepository } from '../test/unit/lineDiffCorpus';
import { median, table } from './util';

const FILES = 2000;
const RUNS = 3;
/** jsdiff gives up (returns undefined) after this long on one file. */
const JSDIFF_TIMEOUT_MS = 5000;

/** `npm run bench`: our line diff against jsdiff, then a 2,000-file comparison (git part, mapping + compare part). */
export async function runCompareBench(): Promise<void> {
  runDiffBench();
  console.log();
  await runWorkingTreeBench();
}

function runDiffBench(): void {
  const sources = sourcesOfThisRepository().map((file) => splitLines(readFileSync(file, 'utf8')));
  const random = seededRandom(7);
  const edited = sources.map((lines) => [lines, mutateLines(lines, random)] as const);
  const big = sources.flat();
  const cases: [string, (readonly (readonly [readonly string[], readonly string[]])[])][] = [
    [`${edited.length} source files, 1-5 edits each`, edited],
    [`one ${big.length}-line file, 60 rounds of 1-5 edits`, [[big, Array.from({ length: 60 }).reduce<string[]>((lines) => mutateLines(lines, random), big)]]],
    [`one ${Math.min(big.length, 8000)}-line file reversed`, [[big.slice(0, 8000), big.slice(0, 8000).reverse()]]],
  ];
  const rows = cases.map(([name, pairs]) => {
    const texts = pairs.map(([a, b]) => [`${a.join('\n')}\n`, `${b.join('\n')}\n`] as const);
    // One unmeasured call of each first, so that both are compiled before they are timed.
    texts.forEach(([a, b]) => diffTexts(a, b));
    texts.forEach(([a, b]) => jsdiffLines(a, b, { timeout: JSDIFF_TIMEOUT_MS }));
    const oursSamples = Array.from({ length: RUNS }, () => timed(() => texts.forEach(([a, b]) => diffTexts(a, b))));
    const ours = median(oursSamples.map((sample) => sample.wall));
    const oursCpu = median(oursSamples.map((sample) => sample.cpu));
    let gaveUp = 0;
    const theirSamples = Array.from({ length: RUNS }, () =>
      timed(() => {
        gaveUp = 0;
        for (const [a, b] of texts) if (jsdiffLines(a, b, { timeout: JSDIFF_TIMEOUT_MS }) === undefined) gaveUp++;
      }),
    );
    const theirs = median(theirSamples.map((sample) => sample.wall));
    const theirsCpu = median(theirSamples.map((sample) => sample.cpu));
    // How often jsdiff marks the same lines changed as we do (and so as git does: test/unit/lineDiff.test.ts).
    let same = 0;
    for (const [a, b] of pairs) {
      const result = jsdiffLines(`${a.join('\n')}\n`, `${b.join('\n')}\n`, { timeout: JSDIFF_TIMEOUT_MS });
      if (result !== undefined && sameChanges(changedOf(diffLines(a, b)), jsdiffChanges(result))) same++;
    }
    return [name, `${ms(ours)} (${ms(oursCpu)})`, gaveUp > 0 ? `gave up after ${JSDIFF_TIMEOUT_MS} ms` : `${ms(theirs)} (${ms(theirsCpu)})`, `${same} of ${pairs.length}`];
  });
  console.log('Line diff: ours (Myers + git’s set-aside and slider rules) against jsdiff 9 diffLines');
  console.log(table(['input', 'ours ms (CPU)', 'jsdiff ms (CPU)', 'jsdiff marks the lines git marks'], rows));
}

/**
 * A repository of 2,000 files (this repository's sources, copied under new names), every file
 * edited, 50 renamed, 50 deleted, 50 untracked; coverage for every line at both ends. The git
 * part (changes, base blobs, files from disk) and the mapping + compare part, timed apart.
 */
async function runWorkingTreeBench(): Promise<void> {
  const sources = sourcesOfThisRepository().map((file) => readFileSync(file, 'utf8'));
  const random = seededRandom(2000);
  const repo = new TestRepo('coverage-sentinel-compare-bench-');
  try {
    const names = Array.from({ length: FILES }, (_, i) => `pkg${Math.floor(i / 100)}/file${i}.ts`);
    names.forEach((name, i) => repo.write(name, sources[i % sources.length] as string));
    const base = repo.commit('base');
    for (let i = 0; i < FILES; i++) {
      const name = names[i] as string;
      const file = path.join(repo.dir, name);
      if (i % 40 === 0) rmSync(file);
      else {
        const edited = mutateLines(splitLines(sources[i % sources.length] as string), random);
        repo.write(name, `${edited.join('\n')}\n`);
        if (i % 40 === 1) renameSync(file, file.replace('.ts', '-renamed.ts'));
      }
    }
    // Staged, so that the renames are renames for git (untracked files never are).
    repo.git('add', '-A');
    for (let i = 0; i < 50; i++) repo.write(`new/untracked${i}.ts`, sources[i % sources.length] as string);

    const git = new GitRunner();
    const gitRepo = (await GitRepository.open(git, repo.dir)) as GitRepository;
    const baseline = new Map<string, FileCoverageData>(names.map((name, i) => [name, coverageOf(name, splitLines(sources[i % sources.length] as string).length, i)]));
    const gitTimes: number[] = [];
    const patchTimes: number[] = [];
    const mapTimes: { wall: number; cpu: number }[] = [];
    const pipelineTimes: number[] = [];
    const compareTimes: { wall: number; cpu: number }[] = [];
    let changes: FileChange[] = [];
    let deleted: string[] = [];
    const current = new Map<string, FileCoverageData>();
    let diffed = 0;
    for (let run = 0; run < RUNS; run++) {
      // The git part: what changed, the base blobs, the working files (read, not diffed).
      const workingFiles = new WorkingFiles(repo.dir, 8 << 20);
      const pairs: { before: string; after: string }[] = [];
      const gitStarted = performance.now();
      await collectLineChanges(gitRepo, base, (file) => workingFiles.read(file), {
        diff: (before, after) => {
          pairs.push({ before, after });
          return LineMapping.identity();
        },
      });
      gitTimes.push(performance.now() - gitStarted);

      // The mapping part: one line diff per changed file that existed at the base.
      mapTimes.push(timed(() => pairs.forEach(({ before, after }) => diffTexts(before, after))));
      diffed = pairs.length;

      // Both parts as the command line runs them.
      const pipelineStarted = performance.now();
      const collected = await collectLineChanges(gitRepo, base, (file) => workingFiles.read(file));
      pipelineTimes.push(performance.now() - pipelineStarted);
      if (run === 0) {
        ({ changes, deleted } = collected);
        for (const change of changes) {
          const text = await workingFiles.read(change.path);
          if (text.kind === 'text') current.set(change.path, coverageOf(change.path, splitLines(text.text).length, FILES + current.size));
        }
      }

      // The same changes as git's own zero-context patch (the alternative for files on disk).
      const patchStarted = performance.now();
      await gitRepo.patchSince(base);
      patchTimes.push(performance.now() - patchStarted);

      compareTimes.push(timed(() => compareCoverage({ baseline, current, changes, deleted })));
    }
    const lines = [...current.values()].reduce((sum, file) => sum + file.lines.length, 0);
    const renamed = changes.filter((change) => change.basePath !== change.path).length;
    const added = changes.filter((change) => change.added).length;
    console.log(
      `Comparing a working tree: ${changes.length} changed files (${lines} lines; ${renamed} renamed, ${added} new: untracked, or renamed with too many edits for git to call it a rename), ${deleted.length} deleted; coverage on every line`,
    );
    console.log(
      table(
        ['part', 'median ms', 'CPU ms'],
        [
          ['git: diff-index -M + ls-files, base blobs (cat-file --batch), working files read', ms(median(gitTimes)), '(in git)'],
          [`mapping: ${diffed} line diffs, base blob against working file (diffTexts)`, ms(median(mapTimes.map((t) => t.wall))), ms(median(mapTimes.map((t) => t.cpu)))],
          [`compare: ${current.size} files of coverage (compareCoverage)`, ms(median(compareTimes.map((t) => t.wall))), ms(median(compareTimes.map((t) => t.cpu)))],
          ['git + mapping as the command line runs them (collectLineChanges)', ms(median(pipelineTimes)), ''],
          ['for reference: git diff -U0 -M of the same changes, parsed', ms(median(patchTimes)), '(in git)'],
        ],
      ),
    );
    console.log();
    await runHostUpdateBench(gitRepo, repo, base, baseline, current);
  } finally {
    repo.remove();
  }
}

/**
 * The editor's comparison update on the same repository, as ComparisonController runs it
 * outside VS Code: compareWorkingTree with the line diffs sent to the worker process (the
 * shipped WorkerHost and dist/worker.js), a 1 ms heartbeat on the main thread measuring its
 * longest block; then the same update with the diffs on the main thread (what the worker
 * spares the editor), and for reference plain `git diff -M` of the same changes.
 */
async function runHostUpdateBench(gitRepo: GitRepository, repo: TestRepo, base: string, files: ReadonlyMap<string, FileCoverageData>, current: ReadonlyMap<string, FileCoverageData>): Promise<void> {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const worker = new WorkerHost({ scriptPath: path.resolve(__dirname, '..', '..', 'dist', 'worker.js'), timeoutMs: 600_000, maxOldGenerationSizeMb: 4096, log: quiet });
  const inWorker = async (oldText: string, newText: string): Promise<LineMapping> => {
    const { hunks } = await worker.request({ type: 'diffTexts', oldText, newText });
    return LineMapping.fromHunks(Array.from({ length: hunks.length / 4 }, (_, i) => ({ oldStart: hunks[i * 4] as number, oldEnd: hunks[i * 4 + 1] as number, newStart: hunks[i * 4 + 2] as number, newEnd: hunks[i * 4 + 3] as number })));
  };
  try {
    // Started before timing, as the editor's worker is.
    await inWorker('a\n', 'b\n');
    const baseline: Baseline = { kind: 'snapshot', commit: base, description: 'bench', files };
    const update = async (diff: TextDiff | undefined) => {
      const disk = new WorkingFiles(repo.dir, 8 << 20);
      const stall = heartbeat();
      const started = performance.now();
      const run = await compareWorkingTree({ repo: gitRepo, baseline, current, currentText: (file) => disk.read(file), patchBase: base, ...(diff === undefined ? {} : { diff }) });
      const wall = performance.now() - started;
      return { wall, ...blockOf(stall()), files: run.result.files.length };
    };
    const blockOf = (gap: { wall: number; cpu: number }) => ({ block: gap.wall, blockCpu: gap.cpu });
    const workerRuns: { wall: number; block: number; blockCpu: number; files: number }[] = [];
    const mainRuns: { wall: number; block: number; blockCpu: number; files: number }[] = [];
    const gitRuns: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      workerRuns.push(await update(inWorker));
      mainRuns.push(await update(undefined));
      const started = performance.now();
      await gitRepo.git.run(repo.dir, ['diff', '-M', '--no-ext-diff', '--no-color', base, '--'], { maxOutputBytes: 1 << 30 });
      gitRuns.push(performance.now() - started);
    }
    console.log(`The editor's comparison update (compareWorkingTree, as ComparisonController runs it) on the same ${workerRuns[0]?.files ?? 0}-file comparison, ${RUNS} runs`);
    console.log(
      table(
        ['run', 'median ms', 'longest gap between 1 ms heartbeat ticks, wall ms', 'most CPU ms between two ticks (main-thread block)'],
        [
          ['update, line diffs in the worker process (shipped)', ms(median(workerRuns.map((r) => r.wall))), ms(median(workerRuns.map((r) => r.block))), ms(median(workerRuns.map((r) => r.blockCpu)))],
          ['update, line diffs on the main thread (for contrast)', ms(median(mainRuns.map((r) => r.wall))), ms(median(mainRuns.map((r) => r.block))), ms(median(mainRuns.map((r) => r.blockCpu)))],
          ['for reference: git diff -M of the same working tree (output read, not parsed)', ms(median(gitRuns)), '(in git)', ''],
        ],
      ),
    );
  } finally {
    worker.dispose();
  }
}

/**
 * From now until the returned function is called, between two ticks of a 1 ms interval: the
 * longest wall time, and the most CPU time this process used (on a loaded machine a wall gap is
 * also time spent waiting for a core; CPU time between two ticks is what the main thread held).
 */
function heartbeat(): () => { wall: number; cpu: number } {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let wall = 0;
  let cpu = 0;
  const tick = () => {
    const now = performance.now();
    const used = process.cpuUsage(lastCpu);
    wall = Math.max(wall, now - last);
    cpu = Math.max(cpu, (used.user + used.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
  };
  const timer = setInterval(tick, 1);
  return () => {
    clearInterval(timer);
    tick();
    return { wall, cpu };
  };
}

/** Every line coverable; about one in four not run, one in ten partial. */
function coverageOf(file: string, lineCount: number, seed: number): FileCoverageData {
  const random = seededRandom(seed + 1);
  const builder = new FileCoverageBuilder(file);
  for (let line = 1; line <= lineCount; line++) {
    const roll = random();
    builder.addLine(line, roll < 0.25 ? 0 : 1 + Math.floor(roll * 10));
    if (roll > 0.9) {
      builder.addBranch(line, 0, 0, 1);
      builder.addBranch(line, 0, 1, 0);
    }
  }
  return builder.build();
}

/** Wall-clock and CPU milliseconds of one call (CPU time is steadier on a shared machine). */
function timed(work: () => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}

function changedOf(hunks: readonly Hunk[]): [number[], number[]] {
  const deleted: number[] = [];
  const added: number[] = [];
  for (const h of hunks) {
    for (let i = h.oldStart; i < h.oldEnd; i++) deleted.push(i);
    for (let i = h.newStart; i < h.newEnd; i++) added.push(i);
  }
  return [deleted, added];
}

function jsdiffChanges(parts: readonly { value: string; added?: boolean; removed?: boolean; count?: number }[]): [number[], number[]] {
  const deleted: number[] = [];
  const added: number[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const part of parts) {
    const count = part.count ?? splitLines(part.value).length;
    for (let i = 0; i < count; i++) {
      if (part.added === true) added.push(newLine++);
      else if (part.removed === true) deleted.push(oldLine++);
      else {
        oldLine++;
        newLine++;
      }
    }
  }
  return [deleted, added];
}

function sameChanges(a: [number[], number[]], b: [number[], number[]]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
