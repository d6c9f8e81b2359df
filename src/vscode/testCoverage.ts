import * as vscode from 'vscode';
import { codecovRunName, codecovRunsKey } from '../host/codecov/codecovRun';
import { declarationsOf, statementsOf, statementsOfTest } from '../host/coverageDetails';
import { inertLabel } from '../host/inertText';
import { inSlices } from '../host/slices';
import type { FileDetail } from '../shared/protocol';
import type { Activity } from './activity';
import type { CoverageIndex, FileEntry } from './coverageIndex';
import { Disposable } from './disposable';
import type { Settings } from './settings';

const PUBLISH_DEBOUNCE_MS = 50;
/**
 * The first coverage of a session is published again this long after it was published: VS Code
 * shows Explorer percentages only for a run that completed after its workbench finished starting
 * (see TestCoveragePublisher), which on a slow start can be seconds after ours.
 */
export const STARTUP_REPUBLISH_MS: readonly number[] = [10_000, 30_000];

/** VS Code's FileCoverage, remembering which report entry it came from so details load lazily. */
export class ReportFileCoverage extends vscode.FileCoverage {
  constructor(readonly entry: FileEntry) {
    const { totals } = entry;
    super(
      entry.uri,
      new vscode.TestCoverageCount(totals.linesHit, totals.lines),
      totals.branches > 0 ? new vscode.TestCoverageCount(totals.branchesHit, totals.branches) : undefined,
      totals.functions > 0 ? new vscode.TestCoverageCount(totals.functionsHit, totals.functions) : undefined,
    );
  }
}

/** One published run: its name in the Test Coverage view and Test Results, and its files. */
export interface PublishedRun {
  readonly name: string;
  readonly files: readonly ReportFileCoverage[];
}

/**
 * Publishes coverage to VS Code's own Test Coverage view (Explorer bars, inline coverage) as
 * non-persisted runs of one TestController: the local reports in one run (`Coverage reports`
 * profile), each folder's Codecov coverage in a run of its own (`Codecov` profile) named with
 * its commit. Codecov runs are published again only when Codecov's coverage changes, and always
 * before the local run, so that VS Code shows the local run (newer, as in the editor's marks)
 * when both exist. The files are added in slices with yields (host/slices.ts), so that a report
 * of tens of thousands of workspace files never holds the extension host; a newer publish stops
 * an older one.
 *
 * VS Code 1.139 shows a run's coverage in the Explorer only when the run completes after both its
 * coverage service (made lazily: when idle, or first used) and the contribution that registers
 * the Explorer's percentages (made when the workbench is idle after starting) exist: a run that
 * completes earlier is never shown there, even though the editor and the Test Coverage view show
 * it. So the first coverage of a session is published again at STARTUP_REPUBLISH_MS.
 */
export class TestCoveragePublisher extends Disposable {
  private readonly controller: vscode.TestController;
  private readonly profile: vscode.TestRunProfile;
  private readonly codecovProfile: vscode.TestRunProfile;
  private codecovRuns: PublishedRun[] = [];
  /** The Codecov reports the published Codecov runs show ('' = none published). */
  private codecovKey = '';
  private timer: NodeJS.Timeout | undefined;
  private endPending: (() => void) | undefined;
  private published: ReportFileCoverage[] = [];
  private publishGeneration = 0;
  private tests = new Map<string, vscode.TestItem>();
  private readonly republishTimers: NodeJS.Timeout[] = [];

  constructor(
    private readonly index: CoverageIndex,
    private readonly activity: Activity,
    private readonly reload: () => Promise<void>,
    private readonly settings: Settings,
    private readonly refreshCodecov: () => Promise<void> = () => Promise.resolve(),
  ) {
    super();
    this.controller = this.register(vscode.tests.createTestController('coverageSentinel', 'Coverage Sentinel'));
    this.profile = this.register(
      this.controller.createRunProfile('Coverage reports', vscode.TestRunProfileKind.Coverage, (_request, token) => this.runProfile(token), true),
    );
    this.profile.loadDetailedCoverage = (_run, coverage, token) => this.loadDetailedCoverage(coverage, token);
    this.profile.loadDetailedCoverageForTest = (_run, coverage, test, token) => this.loadDetailedCoverageForTest(coverage, test.id, token);
    this.codecovProfile = this.register(
      this.controller.createRunProfile('Codecov', vscode.TestRunProfileKind.Coverage, (_request, token) => this.runCodecovProfile(token), false),
    );
    this.codecovProfile.loadDetailedCoverage = (_run, coverage, token) => this.loadDetailedCoverage(coverage, token);
    this.register(index.onDidChange(() => this.schedulePublish()));
    this.register(
      settings.onDidChange((change) => {
        if (change.affects('display')) this.schedulePublish();
      }),
    );
  }

  /** The FileCoverage objects of the last published run (for the test API). */
  publishedCoverage(): readonly ReportFileCoverage[] {
    return this.published;
  }

  /** The Codecov runs last published, one per workspace folder with Codecov coverage. */
  publishedCodecovRuns(): readonly PublishedRun[] {
    return this.codecovRuns;
  }

  /** The test items of the last published run, by test name. */
  testItems(): ReadonlyMap<string, vscode.TestItem> {
    return this.tests;
  }

  /** What one test ran in a file: every line of the file, executed only where that test ran it. */
  async loadDetailedCoverageForTest(coverage: vscode.FileCoverage, testName: string, token?: vscode.CancellationToken): Promise<vscode.FileCoverageDetail[]> {
    if (!(coverage instanceof ReportFileCoverage)) return [];
    const detail = await this.index.detail(coverage.entry);
    if (token?.isCancellationRequested === true) return [];
    return statementsOfTest(detail, testName).map(({ line, executed }) => new vscode.StatementCoverage(executed, wholeLine(line)));
  }

  async loadDetailedCoverage(coverage: vscode.FileCoverage, token?: vscode.CancellationToken): Promise<vscode.FileCoverageDetail[]> {
    if (!(coverage instanceof ReportFileCoverage)) return [];
    const detail = await this.index.detail(coverage.entry);
    if (token?.isCancellationRequested === true) return [];
    return [...toStatementCoverage(detail), ...toDeclarationCoverage(detail)];
  }

  override dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const timer of this.republishTimers) clearTimeout(timer);
    this.endPending?.();
    super.dispose();
  }

  private async runProfile(token: vscode.CancellationToken): Promise<void> {
    await this.reload();
    if (!token.isCancellationRequested) await this.publish();
  }

  private async runCodecovProfile(token: vscode.CancellationToken): Promise<void> {
    await this.refreshCodecov();
    this.codecovKey = '';
    if (!token.isCancellationRequested) await this.publish();
  }

  private schedulePublish(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.endPending ??= this.activity.begin();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const end = this.endPending;
      this.endPending = undefined;
      void this.publish().finally(() => end?.());
    }, PUBLISH_DEBOUNCE_MS);
  }

  private async publish(): Promise<void> {
    const generation = ++this.publishGeneration;
    if (this.settings.get().display === 'sentinel') {
      // Only our own marks: take the coverage back out of VS Code's display.
      if (this.published.length > 0 || this.codecovRuns.length > 0) void vscode.commands.executeCommand('testing.coverage.close');
      this.published = [];
      this.codecovRuns = [];
      this.codecovKey = '';
      return;
    }
    const cancelled = () => generation !== this.publishGeneration || this.isDisposed;
    if (!(await this.publishCodecov(cancelled))) return;
    const files = this.index.localFiles();
    const tests = testItemsFor(this.controller, files);
    this.tests = tests;
    if (files.length === 0) {
      this.published = [];
      this.scheduleStartupRepublish();
      return;
    }
    const reports = this.index.allReports().length;
    const published = await this.publishRun(this.profile, `Coverage reports (${reports})`, files, cancelled, tests);
    if (published !== undefined) this.published = published;
    this.scheduleStartupRepublish();
  }

  /** Once a session, after the first coverage was published: the same coverage again, Codecov's included. */
  private scheduleStartupRepublish(): void {
    if (this.republishTimers.length > 0 || (this.published.length === 0 && this.codecovRuns.length === 0)) return;
    for (const ms of STARTUP_REPUBLISH_MS) {
      this.republishTimers.push(
        setTimeout(() => {
          this.codecovKey = '';
          void this.publish();
        }, ms),
      );
    }
  }

  /** One run per folder's Codecov coverage, when it changed; false when a newer publish took over. */
  private async publishCodecov(cancelled: () => boolean): Promise<boolean> {
    const servers = this.index.serverReports();
    const key = codecovRunsKey(servers.map((report) => report.loaded.reportId));
    if (key === this.codecovKey) return true;
    const runs: PublishedRun[] = [];
    for (const report of servers) {
      const origin = report.codecov;
      if (origin === undefined) continue;
      const name = inertLabel(codecovRunName({ ...origin, folderName: report.folder.name }, servers.length > 1));
      const files = await this.publishRun(this.codecovProfile, name, this.index.serverFiles(report), cancelled, new Map());
      if (files === undefined) return false;
      runs.push({ name, files });
    }
    this.codecovRuns = runs;
    this.codecovKey = key;
    return true;
  }

  /** Adds `files` to a new run in slices; undefined when cancelled before every file was added. */
  private async publishRun(
    profile: vscode.TestRunProfile,
    name: string,
    files: readonly FileEntry[],
    cancelled: () => boolean,
    tests: ReadonlyMap<string, vscode.TestItem>,
  ): Promise<ReportFileCoverage[] | undefined> {
    const request = new vscode.TestRunRequest(undefined, undefined, profile);
    const run = this.controller.createTestRun(request, name, false);
    const published: ReportFileCoverage[] = [];
    try {
      const complete = await inSlices(
        files,
        (entry) => {
          const coverage = new ReportFileCoverage(entry);
          if (entry.testNames.length > 0) coverage.includesTests = entry.testNames.map((test) => tests.get(test) as vscode.TestItem);
          published.push(coverage);
          run.addCoverage(coverage);
        },
        { cancelled },
      );
      return complete ? published : undefined;
    } finally {
      run.end();
    }
  }
}

/** Per-test coverage: one test item per test a report names (LCOV `TN`, coverage.py contexts). */
function testItemsFor(controller: vscode.TestController, files: readonly FileEntry[]): Map<string, vscode.TestItem> {
  const items = new Map<string, vscode.TestItem>();
  for (const entry of files) {
    for (const name of entry.testNames) {
      // The Test Explorer and the coverage filter render `$(icon)` in labels: a report's name is text.
      if (!items.has(name)) items.set(name, controller.createTestItem(name, inertLabel(name)));
    }
  }
  controller.items.replace([...items.values()]);
  return items;
}

/** Statement (line) coverage with branches, 0-based ranges as the API wants. */
export function toStatementCoverage(detail: FileDetail): vscode.StatementCoverage[] {
  return statementsOf(detail).map(
    ({ line, executed, branches }) =>
      new vscode.StatementCoverage(
        executed,
        wholeLine(line),
        branches.map((branch) => new vscode.BranchCoverage(branch.executed, undefined, branch.label)),
      ),
  );
}

/** Functions as declarations, spanning their lines when the report gives an end. */
export function toDeclarationCoverage(detail: FileDetail): vscode.DeclarationCoverage[] {
  return declarationsOf(detail).map(({ name, hits, startLine, endLine }) => new vscode.DeclarationCoverage(name, hits, new vscode.Range(startLine, 0, endLine, 0)));
}

/** A 1-based report line as the API's 0-based range over the whole line. */
function wholeLine(line: number): vscode.Range {
  return new vscode.Range(line - 1, 0, line - 1, Number.MAX_SAFE_INTEGER);
}
