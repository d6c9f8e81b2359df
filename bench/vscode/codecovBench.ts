import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as inspector from 'node:inspector/promises';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import type { SentinelApi } from '../../src/vscode/testApi';
import type { CodecovPlan, CodecovSample } from '../loadSample';
import { Heartbeat } from './heartbeat';

const OPEN_FILE = 'src/open.ts';
/** The synthesised report's first file has at most 800 lines 1–3 apart. */
const OPEN_FILE_LINES = 2500;
const SETTLE_MS = 500;
const HANG_GUARD_MS = 300_000;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();
}

/**
 * Runs inside a real VS Code: a git repository whose commit Codecov (the simulator, in a process
 * of its own) has a ~20 MiB report for is added as a workspace folder with one of the report's
 * files open; the clock starts when `coverageSentinel.codecov.enabled` is turned on. The 10 ms
 * heartbeat measures the extension host's longest stall (wall and main-thread CPU) until the
 * open file has Codecov's marks; the simulator says when the report request arrived, so
 * fetch-to-marks is measured apart from the git work and the refresh's debounce before it.
 */
export async function runCodecovBench(api: SentinelApi, plan: CodecovPlan): Promise<void> {
  const caDir = process.env['SENTINEL_TEST_CA_DIR'];
  const first = vscode.workspace.workspaceFolders?.[0];
  if (caDir === undefined || first === undefined) throw new Error('no test CA or no workspace folder');
  const repo = path.join(path.dirname(first.uri.fsPath), 'bench-codecov');
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(path.join(repo, 'src'), { recursive: true });
  writeFileSync(path.join(repo, ...OPEN_FILE.split('/')), Array.from({ length: OPEN_FILE_LINES }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/bench.git');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'bench');
  const sha = git(repo, 'rev-parse', 'HEAD');

  const server = spawn(process.execPath, [plan.serverScript, caDir, sha, OPEN_FILE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const requests: number[] = [];
  const ready = new Promise<{ origin: string; bytes: number; gzipped: number; files: number }>((resolve, reject) => {
    readline.createInterface({ input: server.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice('READY '.length)) as { origin: string; bytes: number; gzipped: number; files: number });
      else if (line.startsWith('REPORT-REQUEST ')) requests.push(Number(line.slice('REPORT-REQUEST '.length)));
    });
    server.on('exit', (code) => reject(new Error(`the simulator exited (${String(code)})`)));
  });
  try {
    const served = await ready;
    await vscode.workspace.getConfiguration('coverageSentinel.codecov').update('url', served.origin, vscode.ConfigurationTarget.Global);
    const added = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => {
        listener.dispose();
        resolve();
      });
    });
    vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: vscode.Uri.file(repo), name: 'bench-codecov' });
    await added;
    const source = vscode.Uri.file(path.join(repo, ...OPEN_FILE.split('/')));
    await vscode.window.showTextDocument(source);
    await api.whenIdle();
    if (api.decorations(source) !== undefined) throw new Error('the file has marks before Codecov is on');
    await new Promise((resolve) => setTimeout(resolve, 2000));

    const heartbeat = new Heartbeat(() => {
      const marks = api.decorations(source);
      return marks !== undefined && marks.covered.length + marks.partial.length + marks.uncovered.length > 0;
    });
    const profiler = await HostProfiler.start(process.env['CODECOV_BENCH_PROFILE']);
    const startedEpoch = Date.now();
    heartbeat.start();
    try {
      await vscode.workspace.getConfiguration('coverageSentinel.codecov', source).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
      const deadline = Date.now() + HANG_GUARD_MS;
      while (heartbeat.doneAt === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (heartbeat.doneAt === undefined) throw new Error(`the open file got no Codecov marks within ${HANG_GUARD_MS / 1000} s`);
      await api.whenIdle();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    } finally {
      heartbeat.stop();
      await profiler?.stop(heartbeat.maxBusyAt);
    }
    const marksEpoch = startedEpoch + (heartbeat.doneAt - heartbeat.startedAt);
    const requestEpoch = requests[0];
    if (requestEpoch === undefined) throw new Error('the simulator saw no report request');
    const sample: CodecovSample = {
      label: plan.label,
      responseBytes: served.bytes,
      gzippedBytes: served.gzipped,
      files: served.files,
      reportRequests: requests.length,
      enableToMarksMs: marksEpoch - startedEpoch,
      fetchToMarksMs: marksEpoch - requestEpoch,
      maxGapMs: heartbeat.maxGapMs,
      maxBusyMs: heartbeat.maxBusyMs,
      maxBusyBeforeMarksMs: heartbeat.doneAt - heartbeat.maxBusyAt,
      gapsOver20: heartbeat.gapsOver20,
      busyOver20: heartbeat.busyOver20,
      hostCpuToMarksMs: heartbeat.cpuToDoneMs,
      hostRssGrowthMiB: heartbeat.rssGrowthAtDoneMiB,
      statusBar: api.statusBar().text,
      codecovRunFiles: api.codecovRuns()[0]?.files.length ?? 0,
    };
    console.log(`BENCH-CODECOV ${JSON.stringify(sample)}`);
  } finally {
    server.stdin.end();
    server.kill();
    await vscode.workspace.getConfiguration('coverageSentinel.codecov').update('url', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
}

/**
 * With CODECOV_BENCH_PROFILE=<folder>: a V8 CPU profile of the extension host's main thread from
 * "on" to the marks, written there as codecov-<epoch>.cpuprofile (open it in Chrome's DevTools), with
 * the end of the longest block (performance.now(), the profile's clock in µs) in its name.
 */
class HostProfiler {
  private constructor(
    private readonly session: inspector.Session,
    private readonly dir: string,
  ) {}

  static async start(dir: string | undefined): Promise<HostProfiler | undefined> {
    if (dir === undefined || dir === '') return undefined;
    const session = new inspector.Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    return new HostProfiler(session, dir);
  }

  async stop(maxBusyAt: number): Promise<void> {
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `codecov-${Date.now()}-maxbusy-${Math.round(maxBusyAt * 1000)}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`BENCH-PROFILE ${file}`);
  }
}
