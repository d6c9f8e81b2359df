const HEARTBEAT_MS = 10;
const MiB = 1024 * 1024;

/**
 * A 10 ms `setInterval` in the extension host: the longest gap between two ticks (wall time) and
 * the most CPU time the host's main thread spent between two ticks (on a loaded machine a gap is
 * mostly waiting for a CPU, not our work); each tick also checks `done` and records when it first
 * holds, with the CPU time and RSS growth until then.
 */
export class Heartbeat {
  maxGapMs = 0;
  maxBusyMs = 0;
  /** When the tick that ended the longest main-thread block ran (performance.now()). */
  maxBusyAt = 0;
  gapsOver20 = 0;
  busyOver20 = 0;
  startedAt = 0;
  doneAt: number | undefined;
  cpuToDoneMs = 0;
  rssGrowthAtDoneMiB = 0;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private lastCpu = 0;

  constructor(private readonly done: () => boolean) {}

  start(): void {
    const rssBefore = process.memoryUsage.rss();
    this.startedAt = this.last = performance.now();
    const cpuStart = (this.lastCpu = threadCpuMs());
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
      if (busy > 20) this.busyOver20++;
      if (this.doneAt === undefined && this.done()) {
        this.doneAt = now;
        this.cpuToDoneMs = cpu - cpuStart;
        this.rssGrowthAtDoneMiB = (process.memoryUsage.rss() - rssBefore) / MiB;
      }
    }, HEARTBEAT_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.maxGapMs = Math.max(this.maxGapMs, performance.now() - this.last);
  }
}

/** CPU time of this thread (the extension host's main thread), in ms (Node ≥ 23.9; code-server runs 24). */
export function threadCpuMs(): number {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
