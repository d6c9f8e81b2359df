import * as vscode from 'vscode';
import { describeTotals } from './host/coveragePercent';
import { Activity } from './vscode/activity';
import { registerCommands } from './vscode/commands';
import { CoverageGuttersOffer } from './vscode/coverageGuttersOffer';
import { CoverageIndex } from './vscode/coverageIndex';
import { CoverageDecorations } from './vscode/decorations';
import { CoverageHoverProvider } from './vscode/hover';
import { LiveCoverage } from './vscode/liveCoverage';
import { createLog } from './vscode/log';
import { UncoveredNavigation } from './vscode/navigation';
import { Notifier } from './vscode/notifier';
import { summaryFiles, workspaceUncoveredRegions } from './vscode/quickPicks';
import { ReportWatcher } from './vscode/reportWatcher';
import { Settings } from './vscode/settings';
import { CoverageStatusBar } from './vscode/statusBar';
import type { SentinelApi } from './vscode/testApi';
import { TestCoveragePublisher } from './vscode/testCoverage';
import { WorkerHost } from './vscode/workerHost';

const WORKER_TIMEOUT_MS = 120_000;
const WORKER_HEAP_MB = 4096;

/** Composition root: builds every object, wires them, and hands their disposal to VS Code. */
export function activate(context: vscode.ExtensionContext): SentinelApi {
  const log = createLog();
  const settings = new Settings();
  const activity = new Activity();
  const worker = new WorkerHost({
    scriptPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    timeoutMs: WORKER_TIMEOUT_MS,
    maxOldGenerationSizeMb: WORKER_HEAP_MB,
    log,
  });
  const index = new CoverageIndex(worker, activity, log, settings);
  const notifier = new Notifier(log);
  const watcher = new ReportWatcher(index, worker, activity, notifier, log, settings);
  const live = new LiveCoverage(index);
  const decorations = new CoverageDecorations(context.extensionUri, index, live, activity, log, settings);
  const statusBar = new CoverageStatusBar(index, settings);
  const testCoverage = new TestCoveragePublisher(index, activity, () => watcher.rescan(), settings);
  const navigation = new UncoveredNavigation(index, live, settings);
  const coverageGutters = new CoverageGuttersOffer(context.globalState, activity, log, settings);
  context.subscriptions.push(
    log,
    settings,
    worker,
    index,
    watcher,
    live,
    decorations,
    statusBar,
    testCoverage,
    navigation,
    coverageGutters,
    vscode.languages.registerHoverProvider({ scheme: 'file' }, new CoverageHoverProvider(live)),
    ...registerCommands({ decorations, watcher, navigation, index, log, settings }),
  );
  log.info(`Coverage Sentinel ${String((context.extension.packageJSON as { version?: unknown }).version)} activated`);
  const firstScan = watcher.rescan();
  void activity.track(firstScan);
  // Not tracked: the offer waits for the user's answer.
  void firstScan.then(() => coverageGutters.offerOnce());

  return {
    whenIdle: () => activity.whenIdle(),
    reports: () =>
      index.allReports().map((report) => ({
        reportUri: report.reportUri,
        format: report.loaded.format,
        totals: report.loaded.totals,
        files: report.loaded.files.map(({ reportPath, resolvedPath }) => ({ reportPath, resolvedPath })),
        sameRunAs: index.sameRunAs(report.reportUri),
      })),
    decorations: (uri) => decorations.appliedLines(uri),
    marksVisible: () => decorations.marksVisible,
    lastDrawMs: (uri) => decorations.lastDrawMs(uri),
    statusBar: () => ({ text: statusBar.shownText, tooltip: statusBar.shownTooltip }),
    publishedCoverage: () =>
      testCoverage.publishedCoverage().map((coverage) => ({
        uri: coverage.uri,
        statements: { covered: coverage.statementCoverage.covered, total: coverage.statementCoverage.total },
        branches: coverage.branchCoverage && { covered: coverage.branchCoverage.covered, total: coverage.branchCoverage.total },
        declarations: coverage.declarationCoverage && { covered: coverage.declarationCoverage.covered, total: coverage.declarationCoverage.total },
        tests: (coverage.includesTests ?? []).map((item) => item.label),
      })),
    loadDetailedCoverage: async (uri) => {
      const coverage = testCoverage.publishedCoverage().find((c) => c.uri.toString() === uri.toString());
      return coverage === undefined ? [] : testCoverage.loadDetailedCoverage(coverage);
    },
    loadDetailedCoverageForTest: async (uri, test) => {
      const coverage = testCoverage.publishedCoverage().find((c) => c.uri.toString() === uri.toString());
      return coverage === undefined ? [] : testCoverage.loadDetailedCoverageForTest(coverage, test);
    },
    testItems: () => [...testCoverage.testItems().values()].map((item) => item.label),
    notifications: () => notifier.messages(),
    offers: () => coverageGutters.offers(),
    uncoveredRegions: () => workspaceUncoveredRegions(index),
    summaryFiles: (order) => {
      const mode = settings.percentMode();
      return summaryFiles(index, order, mode).map((file) => [vscode.workspace.asRelativePath(file.uri), describeTotals(file.totals, mode)] as const);
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
