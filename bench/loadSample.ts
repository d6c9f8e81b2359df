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
}

/** One run's figures, printed as `BENCH-LOAD <json>` for the bench to take medians of. */
export interface LoadSample {
  readonly label: string;
  readonly reportBytes: number;
  readonly files: number;
  readonly resolvedFiles: number;
  readonly timeToMarksMs: number;
  readonly timeToIdleMs: number;
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
}
