import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SentinelApi } from '../../src/vscode/testApi';
import { STARTUP_REPUBLISH_MS } from '../../src/vscode/testCoverage';
import type { ControlSample, LoadPlan, LoadSample, SettledControlSample, SettledWriteSample } from '../loadSample';
import { threadCpuMs } from '../../src/vscode/threadCpu';
import { type BusyTick, Heartbeat, processCpuMs, settled } from './heartbeat';
import { type CpuProfile, type OurCode, ourCode } from '../profileTicks';

const HEARTBEAT_MS = 10;
/** The window goes on this long after the extension is idle: late publishing and GC count. */
const SETTLE_MS = 500;
const HANG_GUARD_MS = 300_000;
/** How long the control window (VS Code without a report to load) is watched. */
const CONTROL_MS = 10_000;
const FOLDER = 'bench-load';
const REPORT_NAME = 'big-report.info';
/** Settled: this long with no heartbeat gap over 20 ms; given up (and said so) after SETTLE_GUARD_MS. */
const QUIET_MS = 2000;
const SETTLE_GUARD_MS = 15_000;
const MiB = 1024 * 1024;

/**
 * Runs inside a real VS Code: a large report is made visible to the extension the way activation
 * finds one (a rescan: `coverageSentinel.reportPaths` gains its glob), while the one file of the
 * report that exists is open in an editor. A 10 ms heartbeat in the extension host measures the
 * longest event-loop stall, both as wall time and as the CPU time the host's main thread spent
 * between two ticks (on a loaded machine a gap is mostly waiting for a CPU, not our work); the
 * same ticks watch for the file's marks and sample the host's RSS.
 */
export async function runLoadBench(api: SentinelApi, plan: LoadPlan): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('no workspace folder');
  const dir = vscode.Uri.joinPath(folder.uri, FOLDER);
  const report = vscode.Uri.joinPath(dir, REPORT_NAME);
  const source = vscode.Uri.joinPath(dir, plan.openFile);
  const settings = vscode.workspace.getConfiguration('coverageSentinel', folder.uri);
  const globs = settings.get<string[]>('reportPaths') ?? [];
  await mkdir(dir.fsPath, { recursive: true });
  await writeFile(source.fsPath, Array.from({ length: plan.openFileLines }, (_, i) => `const line${i + 1} = ${i + 1};`).join('\n'));
  await copyFile(plan.report, report.fsPath);
  const reportBytes = (await stat(report.fsPath)).size;
  await vscode.window.showTextDocument(source);
  await api.whenIdle();
  if (api.decorations(source) !== undefined) throw new Error('the file has marks before the report is loaded');
  // Lets the file watcher's events of the copy pass before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const control = await vsCodeAlone(api, settings, globs);

  // Started before the heartbeat: starting the profiler costs the main thread a tick of its own.
  const profiler = plan.profile === undefined ? undefined : await startProfiler();
  const hostRssBefore = process.memoryUsage.rss();
  let hostRssPeak = hostRssBefore;
  let hostRssAtMarks = 0;
  let childRssAtMarks: number | undefined;
  let marksAt: number | undefined;
  let longest = 0;
  let longestBusy = 0;
  let over20 = 0;
  let busyOver20 = 0;
  let last = performance.now();
  let lastCpu = threadCpuMs();
  const hostCpuStart = lastCpu;
  const childCpuStart = processCpuMs(api.workerProcessId());
  let hostCpuAtMarks = 0;
  const busyTicks: BusyTick[] = [];
  let childCpuAtMarks: number | undefined;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const gap = now - last;
    const busy = cpu - lastCpu;
    last = now;
    lastCpu = cpu;
    longest = Math.max(longest, gap);
    longestBusy = Math.max(longestBusy, busy);
    if (gap > 20) over20++;
    if (busy > 20) busyOver20++;
    if (plan.trace === true && (gap > 50 || busy > 20)) console.log(`TRACE gap at ${now.toFixed(0)}: ${gap.toFixed(0)} ms wall, ${busy.toFixed(1)} ms CPU`);
    if (busy > 20) busyTicks.push({ endMs: now, gapMs: gap, busyMs: busy });
    const rss = process.memoryUsage.rss();
    hostRssPeak = Math.max(hostRssPeak, rss);
    if (marksAt === undefined && marked(api, source)) {
      marksAt = now;
      hostRssAtMarks = rss;
      hostCpuAtMarks = cpu;
      childRssAtMarks = procStatusMiB(api.workerProcessId(), 'VmRSS');
      childCpuAtMarks = processCpuMs(api.workerProcessId());
    }
  }, HEARTBEAT_MS);

  const started = performance.now();
  if (plan.trace === true) console.log(`TRACE start at ${started.toFixed(0)}`);
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (plan.trace === true && entry.duration > 10) console.log(`TRACE gc at ${entry.startTime.toFixed(0)}: ${entry.duration.toFixed(1)} ms (kind ${String(((entry as { detail?: { kind?: number } }).detail)?.kind)})`);
  });
  gcs.observe({ entryTypes: ['gc'] });
  let idleAt: number;
  let ours: OurCode | undefined;
  try {
    await settings.update('reportPaths', [...globs, `${FOLDER}/*.info`], vscode.ConfigurationTarget.WorkspaceFolder);
    const deadline = Date.now() + HANG_GUARD_MS;
    while (marksAt === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (marksAt === undefined) throw new Error(`the open file got no marks within ${HANG_GUARD_MS / 1000} s`);
    await api.whenIdle();
    idleAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  } finally {
    clearInterval(timer);
    gcs.disconnect();
    if (profiler !== undefined && plan.profile !== undefined) ours = await profiler.stop(plan.profile, busyTicks, marksAt);
  }
  const windowEnd = performance.now();
  longest = Math.max(longest, windowEnd - last);
  const childPeak = procStatusMiB(api.workerProcessId(), 'VmHWM');
  const hostCpuTotal = threadCpuMs() - hostCpuStart;

  const loaded = api.reports().find((r) => r.reportUri.toString() === report.toString());
  if (loaded === undefined) throw new Error('the report is not among the loaded reports');
  let t = performance.now();
  const summary = api.summaryFiles('leastCovered');
  const summaryMs = performance.now() - t;
  t = performance.now();
  await api.uncoveredRegions();
  const uncoveredMs = performance.now() - t;
  if (summary.length === 0) throw new Error('Show Report Summary lists no file');
  t = performance.now();
  const bare = await readFile(report.fsPath);
  const bareReadMs = performance.now() - t;
  if (bare.length !== reportBytes) throw new Error('the report changed during the run');

  // The session's first coverage is published again a while later (for VS Code's slow start):
  // a settled editor is one past those republishes.
  const republished = (marksAt ?? started) + Math.max(...STARTUP_REPUBLISH_MS) + 1000 - performance.now();
  if (republished > 0) await new Promise((resolve) => setTimeout(resolve, republished));
  const settledWrite = await writeWhenSettled(api, plan, report, source);

  const sample: LoadSample = {
    settledWrite,
    label: plan.label,
    reportBytes,
    files: loaded.files.length,
    resolvedFiles: loaded.files.filter((file) => file.resolvedPath !== undefined).length,
    timeToMarksMs: marksAt - started,
    timeToIdleMs: idleAt - started,
    windowMs: windowEnd - started,
    control,
    maxGapMs: longest,
    maxBusyMs: longestBusy,
    gapsOver20: over20,
    busyOver20,
    hostCpuToMarksMs: hostCpuAtMarks - hostCpuStart,
    hostCpuTotalMs: hostCpuTotal,
    childCpuToMarksMs: childCpuAtMarks === undefined || childCpuStart === undefined ? undefined : childCpuAtMarks - childCpuStart,
    hostRssBeforeMiB: hostRssBefore / MiB,
    hostRssAtMarksMiB: hostRssAtMarks / MiB,
    hostRssPeakMiB: hostRssPeak / MiB,
    childRssAtMarksMiB: childRssAtMarks,
    childPeakRssMiB: childPeak,
    bareReadMs,
    summaryMs,
    uncoveredMs,
    statusBar: api.statusBar().text,
    published: api.publishedCoverage().length,
    ...(ours === undefined ? {} : { ourSampledMs: ours.totalMs, ourLongestRunMs: ours.longestRunMs, busyTicksWithOurCode: ours.busyTicksWithOurCode }),
  };
  console.log(`BENCH-LOAD ${JSON.stringify(sample)}`);

  await settings.update('reportPaths', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await rm(dir.fsPath, { recursive: true, force: true });
  await api.whenIdle();
}

/**
 * The control: the same heartbeat over the same steps with a glob that matches no report (a
 * rescan that finds nothing), for CONTROL_MS: what VS Code's own work in this extension host
 * (other extensions, its protocol, git, port detection) costs the event loop on this machine now.
 */
async function vsCodeAlone(api: SentinelApi, settings: vscode.WorkspaceConfiguration, globs: readonly string[]): Promise<ControlSample> {
  const beat = new Heartbeat(() => false);
  beat.start();
  try {
    await settings.update('reportPaths', [...globs, `${FOLDER}/*.none`], vscode.ConfigurationTarget.WorkspaceFolder);
    await api.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, CONTROL_MS));
  } finally {
    beat.stop();
  }
  const sample = { windowMs: performance.now() - beat.startedAt, maxGapMs: beat.maxGapMs, maxBusyMs: beat.maxBusyMs, busyOver20: beat.busyOver20 };
  await settings.update('reportPaths', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  await api.whenIdle();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return sample;
}

/**
 * The case users live with most: VS Code open, the extension active and idle with the report's
 * glob configured, the host settled; then a new report lands (staged beside it under a name the
 * glob does not match, then renamed into place, as a CI artefact download or a test run writing
 * to a temporary file does). Measured from the rename: the open file's marks, the heartbeat until
 * the extension is idle + SETTLE_MS; then, settled again, a control window of the same length in
 * which nothing is written.
 */
async function writeWhenSettled(api: SentinelApi, plan: LoadPlan, report: vscode.Uri, source: vscode.Uri): Promise<SettledWriteSample> {
  const staged = `${report.fsPath}.part`;
  await rm(report.fsPath);
  await eventually(() => !marked(api, source) && !api.reports().some((r) => r.reportUri.toString() === report.toString()), 'the report to leave the index');
  await copyFile(plan.report, staged);
  // The bench's own watcher of the same glob: when VS Code tells the extension host of the new report.
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(report.fsPath)), '*.info'));
  let eventAt: number | undefined;
  watcher.onDidCreate(() => (eventAt ??= performance.now()));
  watcher.onDidChange(() => (eventAt ??= performance.now()));
  try {
    await api.whenIdle();
    const before = await settled(QUIET_MS, SETTLE_GUARD_MS);
    const pid = api.workerProcessId();
    const childCpuStart = processCpuMs(pid);
    let workerBusyAt: number | undefined;
    let childCpuAtMarks: number | undefined;
    const beat = new Heartbeat(() => marked(api, source), {
      trace: plan.trace === true,
      workerPid: () => api.workerProcessId(),
      onTickBeforeDone: (now) => {
        const cpu = processCpuMs(pid);
        if (workerBusyAt === undefined && cpu !== undefined && childCpuStart !== undefined && cpu > childCpuStart) workerBusyAt = now;
        childCpuAtMarks = cpu;
      },
    });
    const profiler = plan.profile === undefined ? undefined : await startProfiler();
    const perf = await startPerf();
    const heap = plan.heap === undefined ? undefined : await startHeapSampling();
    beat.start();
    if (plan.trace === true) console.log(`TRACE settled write at ${beat.startedAt.toFixed(0)}, host pid ${process.pid}, main thread ${process.pid}, worker ${String(pid)}, CLOCK_MONOTONIC ${process.hrtime.bigint()} ns`);
    const gcs = traceGcs(plan, () => beat.startedAt);
    let idleAt: number;
    let ours: OurCode | undefined;
    try {
      await rename(staged, report.fsPath);
      await beat.whenDone(HANG_GUARD_MS, 'the marks of the written report');
      await api.whenIdle();
      idleAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    } finally {
      beat.stop();
      await perf?.stop();
      if (heap !== undefined && plan.heap !== undefined) await heap.stop(plan.heap);
      gcs?.disconnect();
      if (plan.trace === true) console.log(`TRACE settled write: marks at +${((beat.doneAt ?? 0) - beat.startedAt).toFixed(0)} ms`);
      const windows = plan.trace === true ? [...new Set([...beat.busyTicks, ...beat.longGaps])].sort((a, b) => a.endMs - b.endMs) : beat.busyTicks;
      if (profiler !== undefined && plan.profile !== undefined) ours = await profiler.stop(plan.profile.replace(/\.json$/, '-write.json'), windows, beat.doneAt);
    }
    const doneAt = beat.doneAt as number;
    const windowMs = beat.stoppedAt - beat.startedAt;
    const control = await settledControl(windowMs, plan);
    const since = (at: number | undefined) => (at === undefined ? undefined : at - beat.startedAt);
    return {
      settled: before.settled,
      settleWaitMs: before.waitedMs,
      eventMs: since(eventAt),
      workerBusyMs: since(workerBusyAt),
      timeToMarksMs: doneAt - beat.startedAt,
      timeToIdleMs: idleAt - beat.startedAt,
      windowMs,
      maxGapMs: beat.maxGapMs,
      gapsOver20: beat.gapsOver20,
      maxBusyMs: beat.maxBusyMs,
      busyOver20: beat.busyOver20,
      hostCpuToMarksMs: beat.cpuToDoneMs,
      hostCpuTotalMs: beat.cpuTotalMs,
      childCpuToMarksMs: childCpuAtMarks === undefined || childCpuStart === undefined ? undefined : childCpuAtMarks - childCpuStart,
      hostRssGrowthAtMarksMiB: beat.rssGrowthAtDoneMiB,
      hostRssPeakGrowthMiB: beat.rssPeakGrowthMiB,
      control,
      ...(ours === undefined ? {} : { ourSampledMs: ours.totalMs, ourLongestRunMs: ours.longestRunMs, busyTicksWithOurCode: ours.busyTicksWithOurCode }),
    };
  } finally {
    watcher.dispose();
  }
}

/** The same heartbeat in the same settled VS Code for `windowMs`, with nothing written. */
async function settledControl(windowMs: number, plan: LoadPlan): Promise<SettledControlSample> {
  const before = await settled(QUIET_MS, SETTLE_GUARD_MS);
  const beat = new Heartbeat(() => false, { trace: plan.trace === true, workerPid: () => undefined });
  const profiler = plan.profile === undefined ? undefined : await startProfiler();
  beat.start();
  if (plan.trace === true) console.log(`TRACE settled control at ${beat.startedAt.toFixed(0)}`);
  const gcs = traceGcs(plan, () => beat.startedAt);
  try {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
  } finally {
    beat.stop();
    gcs?.disconnect();
    if (profiler !== undefined && plan.profile !== undefined) await profiler.stop(plan.profile.replace(/\.json$/, '-control.json'), beat.busyTicks, undefined);
  }
  return { settled: before.settled, windowMs: beat.stoppedAt - beat.startedAt, maxGapMs: beat.maxGapMs, gapsOver20: beat.gapsOver20, maxBusyMs: beat.maxBusyMs, busyOver20: beat.busyOver20, hostCpuTotalMs: beat.cpuTotalMs };
}

/** LOAD_BENCH_PERF=FILE (diagnosis): `perf sched record` of the whole machine over the window, clock CLOCK_MONOTONIC (as process.hrtime). */
async function startPerf(): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env['LOAD_BENCH_PERF'];
  if (file === undefined) return undefined;
  const perf = spawn('perf', ['sched', 'record', '-k', 'CLOCK_MONOTONIC', '-o', `${file}.${Date.now()}`], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        perf.once('exit', () => resolve());
        perf.kill('SIGINT');
      }),
  };
}

/** With LOAD_BENCH_TRACE: every garbage collection of the host's heap over 1 ms, from `origin()`. */
function traceGcs(plan: LoadPlan, origin: () => number): PerformanceObserver | undefined {
  if (plan.trace !== true) return undefined;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration <= 1) continue;
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      console.log(`TRACE gc at +${(entry.startTime - origin()).toFixed(0)} ms: ${entry.duration.toFixed(1)} ms (kind ${String(kind)}: 1 scavenge, 2 minor mark-sweep, 4 mark-compact, 8 incremental, 16 weak callbacks)`);
    }
  });
  gcs.observe({ entryTypes: ['gc'] });
  return gcs;
}

async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + HANG_GUARD_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${HANG_GUARD_MS / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A V8 CPU profile of the extension host's main thread (this thread: the inspector session is
 * in-process), 250 µs sampling, written with the busy ticks' windows in the profile's own clock
 * for bench/profileTicks.ts to attribute.
 */
async function startProfiler(): Promise<{ stop(file: string, ticks: readonly BusyTick[], marksAt: number | undefined): Promise<OurCode> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  const startedAt = performance.now();
  return {
    async stop(file, ticks, marksAt) {
      const { profile } = (await post('Profiler.stop')) as { profile: { startTime: number } };
      session.disconnect();
      // The profile's clock (µs) and performance.now() (ms) differ by a constant: its start is ours.
      const toProfile = (ms: number) => profile.startTime + (ms - startedAt) * 1000;
      const windows = ticks.map((tick) => ({ startUs: toProfile(tick.endMs - tick.gapMs), endUs: toProfile(tick.endMs), busyMs: tick.busyMs }));
      await writeFile(file, JSON.stringify({ profile, windows, marksAtUs: marksAt === undefined ? undefined : toProfile(marksAt) }));
      return ourCode(profile as CpuProfile, windows);
    },
  };
}

/**
 * LOAD_BENCH_HEAP: a sampling heap profile of the extension host over the settled write's window,
 * objects the garbage collector took back included (who allocated what the GCs had to clear; it
 * slows the GCs it watches, so it runs apart from the CPU profile's figures).
 */
async function startHeapSampling(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return {
    async stop(file) {
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      session.disconnect();
      await writeFile(file, JSON.stringify(profile));
    },
  };
}

function marked(api: SentinelApi, uri: vscode.Uri): boolean {
  const marks = api.decorations(uri);
  return marks !== undefined && marks.covered.length + marks.partial.length + marks.uncovered.length > 0;
}

/** A field of /proc/PID/status (VmRSS: now; VmHWM: the peak) in MiB. */
function procStatusMiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}
