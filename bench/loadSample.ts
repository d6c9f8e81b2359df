/** The VS Code load bench's plan and sample (bench/vscode/loadBench.ts), shared with its driver. */

/** What bench/vscodeLoad.bench.ts asks of one run (written to out/bench/vscode-plan.json). */
export interface LoadPlan {
  readonly kind: 'load';
  readonly label: string;
  /** The synthesised report, outside the workspace; copied in before the clock starts. */
  readonly report: string;
  /** The last section's SF path (relative to the report's folder): the one file that exists. */
  readonly openFile: string;
  readonly openFileLines: number;
  /** Prints every heartbeat gap over 50 ms. */
  readonly trace?: boolean;
  /** Writes a CPU profile of the host's main thread over the window here, with the busy ticks. */
  readonly profile?: string | undefined;
  /** Writes a sampling heap profile of the host over the settled write here (garbage included). */
  readonly heap?: string | undefined;
}

/** One run's figures, printed as `BENCH-LOAD <json>` for the bench to take medians of. */
export interface LoadSample {
  /** The same report written into place while VS Code and the extension were settled. */
  readonly settledWrite: SettledWriteSample;
  readonly label: string;
  readonly reportBytes: number;
  readonly files: number;
  readonly resolvedFiles: number;
  readonly timeToMarksMs: number;
  readonly timeToIdleMs: number;
  /** From the start to the end of the heartbeat window (idle, then SETTLE_MS more). */
  readonly windowMs: number;
  /** The same heartbeat in the same VS Code just before, with no report to load. */
  readonly control: ControlSample;
  /** Longest wall time between two heartbeat ticks. */
  readonly maxGapMs: number;
  /** Most CPU time the host's main thread spent between two ticks (its own work, not waiting for a CPU). */
  readonly maxBusyMs: number;
  /** Heartbeat gaps over 20 ms between the start and the end of the window, by wall time and by CPU time. */
  readonly gapsOver20: number;
  readonly busyOver20: number;
  /** CPU time of the host's main thread from the start to the marks, and to the end of the window. */
  readonly hostCpuToMarksMs: number;
  readonly hostCpuTotalMs: number;
  /** CPU time of the worker process from the start to the marks. */
  readonly childCpuToMarksMs: number | undefined;
  readonly hostRssBeforeMiB: number;
  readonly hostRssAtMarksMiB: number;
  readonly hostRssPeakMiB: number;
  readonly childRssAtMarksMiB: number | undefined;
  readonly childPeakRssMiB: number | undefined;
  readonly bareReadMs: number;
  /** After the load: Show Report Summary's rows, Go to Uncovered Code's list, the status bar. */
  readonly summaryMs: number;
  readonly uncoveredMs: number;
  readonly statusBar: string | undefined;
  readonly published: number;
  /** With a profile (LOAD_BENCH_PROFILE): our extension's code in the window, estimated from its samples (bench/profileTicks.ts). */
  readonly ourSampledMs?: number;
  readonly ourLongestRunMs?: number;
  /** Ticks over 20 ms of main-thread CPU during which a sample was in our extension's code. */
  readonly busyTicksWithOurCode?: number;
}

/** VS Code alone: the heartbeat over a rescan that finds no report, then CONTROL_MS of waiting. */
export interface ControlSample {
  readonly windowMs: number;
  readonly maxGapMs: number;
  readonly maxBusyMs: number;
  readonly busyOver20: number;
}

/**
 * The report renamed into place in a settled VS Code whose extension already watches its glob;
 * times in ms from the rename.
 */
export interface SettledWriteSample {
  /** False when the host never had QUIET_MS without a gap over 20 ms before the guard. */
  readonly settled: boolean;
  readonly settleWaitMs: number;
  /** When the bench's own watcher of the same glob heard of the new file. */
  readonly eventMs: number | undefined;
  /** The first heartbeat tick at which the worker process had used CPU time since the rename. */
  readonly workerBusyMs: number | undefined;
  readonly timeToMarksMs: number;
  readonly timeToIdleMs: number;
  readonly windowMs: number;
  readonly maxGapMs: number;
  readonly gapsOver20: number;
  readonly maxBusyMs: number;
  readonly busyOver20: number;
  readonly hostCpuToMarksMs: number;
  readonly hostCpuTotalMs: number;
  readonly childCpuToMarksMs: number | undefined;
  readonly hostRssGrowthAtMarksMiB: number;
  readonly hostRssPeakGrowthMiB: number;
  readonly control: SettledControlSample;
  readonly ourSampledMs?: number;
  readonly ourLongestRunMs?: number;
  readonly busyTicksWithOurCode?: number;
}

/** The same settled VS Code for as long as the write's window, nothing written. */
export interface SettledControlSample {
  readonly settled: boolean;
  readonly windowMs: number;
  readonly maxGapMs: number;
  readonly gapsOver20: number;
  readonly maxBusyMs: number;
  readonly busyOver20: number;
  readonly hostCpuTotalMs: number;
}

/** What bench/vscodeCodecov.bench.ts asks of one run. */
export interface CodecovPlan {
  readonly kind: 'codecov';
  readonly label: string;
  /** out/bench/codecovServer.js: the simulator, run by the extension host's node in a process of its own. */
  readonly serverScript: string;
}

/** One Codecov run's figures, printed as `BENCH-CODECOV <json>`. */
export interface CodecovSample {
  readonly label: string;
  /** The report response's JSON, and as sent (gzip, as the client asks). */
  readonly responseBytes: number;
  readonly gzippedBytes: number;
  readonly files: number;
  readonly reportRequests: number;
  /** From turning Codecov on (git, the refresh's 300 ms debounce, the fetch) to the open file's marks. */
  readonly enableToMarksMs: number;
  /** From the report request reaching the server to the open file's marks. */
  readonly fetchToMarksMs: number;
  readonly maxGapMs: number;
  readonly maxBusyMs: number;
  /** How long before the marks the longest main-thread block ended. */
  readonly maxBusyBeforeMarksMs: number;
  readonly gapsOver20: number;
  readonly busyOver20: number;
  readonly hostCpuToMarksMs: number;
  readonly hostRssGrowthMiB: number;
  readonly statusBar: string | undefined;
  readonly codecovRunFiles: number;
}
