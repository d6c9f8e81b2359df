import * as vscode from 'vscode';
import { describeTotals } from './host/coveragePercent';
import { Activity } from './vscode/activity';
import { createRedactor } from './host/codecov/redact';
import { registerCodecovCommands } from './vscode/codecovCommands';
import { CodecovSource } from './vscode/codecovSource';
import { registerCommands } from './vscode/commands';
import { lostCoveragePicks, registerComparisonCommands } from './vscode/compare/comparisonCommands';
import { ComparisonController } from './vscode/compare/comparisonController';
import { CodecovBaselineSource } from './host/compare/codecovBaselineSource';
import { ComparisonHoverProvider } from './vscode/compare/comparisonHover';
import { ComparisonMarksView } from './vscode/compare/comparisonMarks';
import { ComparisonStatusBar } from './vscode/compare/comparisonStatusBar';
import { ComparisonTree } from './vscode/compare/comparisonTree';
import { CodecovOffer } from './vscode/codecovOffer';
import { CoverageGuttersOffer } from './vscode/coverageGuttersOffer';
import { CoverageIndex } from './vscode/coverageIndex';
import { CoverageDecorations } from './vscode/decorations';
import { CoverageHoverProvider } from './vscode/hover';
import { Informer } from './vscode/informer';
import { LiveCoverage } from './vscode/liveCoverage';
import { createLog } from './vscode/log';
import { UncoveredNavigation } from './vscode/navigation';
import { Notifier } from './vscode/notifier';
import { summaryFiles, summaryReports, workspaceUncoveredRegions } from './vscode/quickPicks';
import { ReportWatcher } from './vscode/reportWatcher';
import { Settings } from './vscode/settings';
import { CoverageStatusBar } from './vscode/statusBar';
import type { PublishedFileCoverage, SentinelApi } from './vscode/testApi';
import { TestCoveragePublisher } from './vscode/testCoverage';
import { WorkerHost } from './vscode/workerHost';

const WORKER_TIMEOUT_MS = 120_000;
const WORKER_HEAP_MB = 4096;

/** Composition root: builds every object, wires them, and hands their disposal to VS Code. */
export function activate(context: vscode.ExtensionContext): SentinelApi {
  let codecovTokens: () => Iterable<string> = () => [];
  const log = createLog(createRedactor(() => codecovTokens()));
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
  const informer = new Informer();
  const codecov = new CodecovSource(context, index, worker, activity, log, () => statusBar.update(), settings, informer);
  codecovTokens = () => codecov.tokens();
  const statusBar = new CoverageStatusBar(index, settings, () => codecovStatusOf(codecov));
  const testCoverage = new TestCoveragePublisher(index, activity, () => watcher.rescan(), settings, () => codecov.refresh());
  const navigation = new UncoveredNavigation(index, live, settings, informer);
  const coverageGutters = new CoverageGuttersOffer(context.globalState, activity, log, settings);
  const codecovOffer = new CodecovOffer(context.globalState, context.workspaceState, activity, log, settings, informer);
  const comparison = new ComparisonController(context.storageUri, index, live, worker, activity, log, settings, [new CodecovBaselineSource(codecov.baselineAccess())], (root) => codecov.defaultBranch(root));
  const comparisonMarks = new ComparisonMarksView(comparison, settings);
  const comparisonStatusBar = new ComparisonStatusBar(comparison);
  const comparisonTree = new ComparisonTree(comparison);
  const comparisonHover = new ComparisonHoverProvider(comparison);
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
    codecovOffer,
    codecov,
    vscode.languages.registerHoverProvider(
      { scheme: 'file' },
      new CoverageHoverProvider(live, (entry) => (entry.codecov === undefined ? Promise.resolve(undefined) : index.detail({ ...entry, sources: [entry.codecov.source] }))),
    ),
    comparison,
    comparisonMarks,
    comparisonStatusBar,
    comparisonTree,
    vscode.languages.registerHoverProvider({ scheme: 'file' }, comparisonHover),
    ...registerComparisonCommands(comparison, comparisonTree, log, settings, informer),
    ...registerCommands({ decorations, watcher, navigation, index, log, settings, informer }),
    ...registerCodecovCommands(codecov, informer),
  );
  log.info(`Coverage Sentinel ${String((context.extension.packageJSON as { version?: unknown }).version)} activated`);
  const firstScan = watcher.rescan();
  void activity.track(firstScan);
  // Not tracked: the offer waits for the user's answer.
  void firstScan.then(() => coverageGutters.offerOnce());
  void codecovOffer.offerOnce();
  codecov.scheduleRefresh();

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
    firstMarks: (uri) => decorations.firstMarks(uri),
    marksVisible: () => decorations.marksVisible,
    lastDraw: (uri) => decorations.lastDraw(uri),
    statusBar: () => ({ text: statusBar.shownText, tooltip: statusBar.shownTooltip }),
    publishedCoverage: () => testCoverage.publishedCoverage().map(publishedFileCoverage),
    codecovRuns: () => testCoverage.publishedCodecovRuns().map((run) => ({ name: run.name, files: run.files.map(publishedFileCoverage) })),
    loadDetailedCoverage: async (uri, run) => {
      const files = run === undefined ? testCoverage.publishedCoverage() : (testCoverage.publishedCodecovRuns().find((r) => r.name === run)?.files ?? []);
      const coverage = files.find((c) => c.uri.toString() === uri.toString());
      return coverage === undefined ? [] : testCoverage.loadDetailedCoverage(coverage);
    },
    loadDetailedCoverageForTest: async (uri, test) => {
      const coverage = testCoverage.publishedCoverage().find((c) => c.uri.toString() === uri.toString());
      return coverage === undefined ? [] : testCoverage.loadDetailedCoverageForTest(coverage, test);
    },
    testItems: () => [...testCoverage.testItems().values()].map((item) => item.label),
    notifications: () => notifier.messages(),
    informations: () => informer.messages(),
    codecov: () => ({ status: codecovStatusOf(codecov)?.text, requests: codecov.requestsSent, warnings: codecov.warnings, reports: index.serverReports().map((report) => ({ sha: report.codecov?.sha, behind: report.codecov?.behind, cached: report.codecov?.cached, offline: report.codecov?.offline })) }),
    refreshCodecov: () => codecov.refresh(),
    offers: () => [...coverageGutters.offers(), ...codecovOffer.offers()],
    answerCodecovOffer: (choice) => codecovOffer.answer(choice),
    forgetCodecovOfferAnswers: (which) => codecovOffer.forget(which),
    uncoveredRegions: () => workspaceUncoveredRegions(index),
    comparison: () => ({
      statusBar: { text: comparisonStatusBar.shownText, tooltip: comparisonStatusBar.shownTooltip },
      reason: comparison.reason,
      updates: comparison.updates,
      lastError: comparison.lastError,
      commit: comparison.state?.withWhat.commit,
      coverageCommit: comparison.state?.withWhat.coverageCommit,
      rows: comparisonTree.rows().map((row) => ({ path: row.path, status: row.status, description: row.description })),
      marks: (uri) => comparisonMarks.appliedLines(uri),
      hover: (uri, line) => comparisonHover.describe(uri, line),
      lostCoverage: lostCoveragePicks(comparison.states).map(({ label, description }) => ({ label, description })),
      skipped: comparison.state?.run.skipped ?? [],
      baseline: comparison.state === undefined ? undefined : { kind: comparison.state.run.baseline.kind, description: comparison.state.withWhat.description },
      snapshotFolder: comparison.snapshotFolder,
      patch: comparison.state?.run.result.patch,
      repositories: comparison.repositories.map((outcome) => ({ root: outcome.root, name: outcome.name, ...('state' in outcome ? { ref: outcome.state.withWhat.ref, commit: outcome.state.withWhat.commit, paths: outcome.state.run.result.files.map((file) => file.path) } : { reason: outcome.reason }) })),
    }),
    workerProcessId: () => worker.processId,
    summaryReports: () => summaryReports(index).map((report) => [report.name, describeTotals(report.totals, settings.percentMode())] as const),
    summaryFiles: (order) => {
      const mode = settings.percentMode();
      return summaryFiles(index, order, mode).map((file) => [vscode.workspace.asRelativePath(file.uri), describeTotals(file.totals, mode)] as const);
    },
  };
}

function publishedFileCoverage(coverage: vscode.FileCoverage): PublishedFileCoverage {
  return {
    uri: coverage.uri,
    statements: { covered: coverage.statementCoverage.covered, total: coverage.statementCoverage.total },
    branches: coverage.branchCoverage && { covered: coverage.branchCoverage.covered, total: coverage.branchCoverage.total },
    declarations: coverage.declarationCoverage && { covered: coverage.declarationCoverage.covered, total: coverage.declarationCoverage.total },
    tests: (coverage.includesTests ?? []).map((item) => item.label),
  };
}

/** The status bar's Codecov part: the active file's folder, else the first folder with a status. */
function codecovStatusOf(codecov: CodecovSource): { text: string; detail: string } | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const folder = uri === undefined ? undefined : vscode.workspace.getWorkspaceFolder(uri);
  return (folder === undefined ? undefined : codecov.status(folder)) ?? codecov.allStatuses()[0];
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
