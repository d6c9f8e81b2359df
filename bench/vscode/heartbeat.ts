import { readFileSync } from 'node:fs';
import { threadCpuMs } from '../../src/vscode/threadCpu';
const HEARTBEAT_MS = 10;
const MiB = 1024 * 1024;

/** A heartbeat tick with over 20 ms of main-thread CPU since the tick before. */
export interface BusyTick {
  /** performance.now() of the tick that ended the gap. */
  readonly endMs: number;
  readonly gapMs: number;
  readonly busyMs: number;
}

export interface HeartbeatOptions {
  /** Prints every gap over 50 ms of wall time or 20 ms of CPU time (LOAD_BENCH_TRACE). */
  readonly trace?: boolean;
  /** Called on every tick until `done` first holds (the bench samples the worker's CPU time there). */
  readonly onTickBeforeDone?: (now: number) => void;
  /** With `trace`: the worker process, whose CPU time each long gap also reports. */
  readonly workerPid?: () => number | undefined;
}

/**
 * A 10 ms `setInterval` in the extension host: the longest gap between two ticks (wall time) and
 * the most CPU time the host's main thread spent between two ticks (on a loaded machine a gap is
 * mostly waiting for a CPU, not our work); each tick also checks `done` and records when it first
 * holds, with the CPU time and RSS growth until then, and samples the host's RSS.
 */
export class Heartbeat {
  maxGapMs = 0;
  maxBusyMs = 0;
  /** When the tick that ended the longest main-thread block ran (performance.now()). */
  maxBusyAt = 0;
  gapsOver20 = 0;
  busyOver20 = 0;
  readonly busyTicks: BusyTick[] = [];
  /** With `trace`: every tick after a gap over 20 ms of wall time. */
  readonly longGaps: BusyTick[] = [];
  startedAt = 0;
  stoppedAt = 0;
  doneAt: number | undefined;
  cpuToDoneMs = 0;
  cpuTotalMs = 0;
  rssBeforeMiB = 0;
  rssGrowthAtDoneMiB = 0;
  rssPeakGrowthMiB = 0;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private lastCpu = 0;
  private cpuStart = 0;

  constructor(
    private readonly done: () => boolean,
    private readonly options: HeartbeatOptions = {},
  ) {}

  start(): void {
    const rssBefore = process.memoryUsage.rss();
    this.rssBeforeMiB = rssBefore / MiB;
    this.startedAt = this.last = performance.now();
    this.cpuStart = this.lastCpu = threadCpuMs();
    this.timer = setInterval(() => {
      const now = performance.now();
      const cpu = threadCpuMs();
      const gap = now - this.last;
      const busy = cpu - this.lastCpu;
      this.last = now;
      this.lastCpu = cpu;
      this.maxGapMs = Math.max(this.maxGapMs, gap);
      if (busy > this.maxBusyMs) {
        this.maxBusyMs = busy;
        this.maxBusyAt = now;
      }
      if (gap > 20) this.gapsOver20++;
      if (busy > 20) {
        this.busyOver20++;
        this.busyTicks.push({ endMs: now, gapMs: gap, busyMs: busy });
      }
      if (this.options.trace === true) this.traceTick(now, gap, busy);
      const rssGrowth = (process.memoryUsage.rss() - rssBefore) / MiB;
      this.rssPeakGrowthMiB = Math.max(this.rssPeakGrowthMiB, rssGrowth);
      if (this.doneAt === undefined) {
        this.options.onTickBeforeDone?.(now);
        if (this.done()) {
          this.doneAt = now;
          this.cpuToDoneMs = cpu - this.cpuStart;
          this.rssGrowthAtDoneMiB = rssGrowth;
        }
      }
    }, HEARTBEAT_MS);
  }

  private lastTrace: { process: number; worker: number | undefined; machine: MachineCpu | undefined } | undefined;

  /** Over 20 ms of wall: the gap, main-thread CPU, the host process's CPU (all threads), the worker's and the machine's. */
  private traceTick(now: number, gap: number, busy: number): void {
    const usage = process.cpuUsage();
    const current = { process: (usage.user + usage.system) / 1000, worker: processCpuMs(this.options.workerPid?.()), machine: machineCpu() };
    const before = this.lastTrace;
    this.lastTrace = current;
    if (gap <= 20 || before === undefined) return;
    this.longGaps.push({ endMs: now, gapMs: gap, busyMs: busy });
    const worker = current.worker === undefined || before.worker === undefined ? '?' : (current.worker - before.worker).toFixed(0);
    const machine = current.machine === undefined || before.machine === undefined ? '?' : `${(current.machine.busy - before.machine.busy).toFixed(0)}/${(current.machine.total - before.machine.total).toFixed(0)}`;
    console.log(
      `TRACE gap at +${(now - this.startedAt).toFixed(0)} ms: ${gap.toFixed(0)} ms wall, main thread ${busy.toFixed(1)} ms CPU, host process ${(current.process - before.process).toFixed(1)} ms, worker ${worker} ms, machine busy/total ${machine} ms (all cores)`,
    );
  }

  stop(): void {
    clearInterval(this.timer);
    this.stoppedAt = performance.now();
    this.maxGapMs = Math.max(this.maxGapMs, this.stoppedAt - this.last);
    this.cpuTotalMs = threadCpuMs() - this.cpuStart;
  }

  /** Resolves when `done` holds, or rejects after `guardMs`. */
  async whenDone(guardMs: number, what: string): Promise<number> {
    const deadline = Date.now() + guardMs;
    while (this.doneAt === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (this.doneAt === undefined) throw new Error(`${what} did not happen within ${guardMs / 1000} s`);
    return this.doneAt;
  }
}

/**
 * Waits until the extension host is settled: `quietMs` in a row of heartbeat ticks with no gap
 * over 20 ms of wall time (nothing held the event loop, not even waiting for a CPU). Gives up after
 * `guardMs` (a loaded machine may never be that quiet) and says so.
 */
export async function settled(quietMs: number, guardMs: number): Promise<{ readonly settled: boolean; readonly waitedMs: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    let last = started;
    let quietSince = started;
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - last > 20) quietSince = now;
      last = now;
      const quiet = now - quietSince >= quietMs;
      if (quiet || now - started >= guardMs) {
        clearInterval(timer);
        resolve({ settled: quiet, waitedMs: now - started });
      }
    }, HEARTBEAT_MS);
  });
}

/** CPU time of another process so far (utime + stime from /proc/PID/stat, all its threads), in ms. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

interface MachineCpu {
  readonly busy: number;
  readonly total: number;
}

/** The machine's CPU time so far, every core (the first line of /proc/stat), busy and in all, in ms. */
function machineCpu(): MachineCpu | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
  } catch {
    return undefined;
  }
}
