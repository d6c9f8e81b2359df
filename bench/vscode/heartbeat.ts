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
      if (this.options.trace === true && (gap > 50 || busy > 20)) console.log(`TRACE gap at ${now.toFixed(0)}: ${gap.toFixed(0)} ms wall, ${busy.toFixed(1)} ms CPU`);
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

/** CPU time of this thread (the extension host's main thread), in ms (Node ≥ 23.9; code-server runs 24). */
export function threadCpuMs(): number {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
