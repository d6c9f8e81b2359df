import type * as vscode from 'vscode';
import type { CoverageTotals } from '../core/model/model';
import type { ComparisonMarks } from './compare/comparisonMarks';
import type { AppliedMarks, DrawCost } from './decorations';
import type { UncoveredRegionInfo } from './quickPicks';

/** Published coverage of one file as VS Code sees it. */
export interface PublishedFileCoverage {
  readonly uri: vscode.Uri;
  readonly statements: { readonly covered: number; readonly total: number };
  readonly branches: { readonly covered: number; readonly total: number } | undefined;
  readonly declarations: { readonly covered: number; readonly total: number } | undefined;
  /** Labels of the test items in `includesTests`. */
  readonly tests: readonly string[];
}

export interface LoadedReportInfo {
  readonly reportUri: vscode.Uri;
  readonly format: string;
  readonly totals: CoverageTotals;
  readonly files: readonly { readonly reportPath: string; readonly resolvedPath: string | undefined }[];
  /** Set when this report is another format of the same test run as the report shown instead. */
  readonly sameRunAs: vscode.Uri | undefined;
}

/**
 * What `activate` returns: a small, read-only window into the extension's state, used by the
 * integration tests to assert what a user sees without reaching into private objects.
 */
export interface SentinelApi {
  /** Resolves when no report load, redraw or publish is pending. */
  whenIdle(): Promise<void>;
  reports(): readonly LoadedReportInfo[];
  /** Lines (1-based) marked in a visible editor's document, by kind, as last drawn. */
  decorations(uri: vscode.Uri): AppliedMarks | undefined;
  /** A visible document's first marks since it last had none, and whether a loading report's early files gave them. */
  firstMarks(uri: vscode.Uri): { readonly marks: AppliedMarks; readonly early: boolean } | undefined;
  marksVisible(): boolean;
  /** What the last redraw of a document cost once its detail was in hand (wall and thread CPU time). */
  lastDraw(uri: vscode.Uri): DrawCost | undefined;
  statusBar(): { readonly text: string | undefined; readonly tooltip: string | undefined };
  /** The local reports' run in VS Code's Test Coverage view. */
  publishedCoverage(): readonly PublishedFileCoverage[];
  /** The Codecov runs in VS Code's Test Coverage view (one per folder), by name. */
  codecovRuns(): readonly { readonly name: string; readonly files: readonly PublishedFileCoverage[] }[];
  /** Asks a Coverage profile for a file's details, as VS Code does when the file is opened: the local run's, or the named Codecov run's. */
  loadDetailedCoverage(uri: vscode.Uri, codecovRun?: string): Promise<vscode.FileCoverageDetail[]>;
  /** The same for one test, as VS Code does when coverage is filtered to a test. */
  loadDetailedCoverageForTest(uri: vscode.Uri, test: string): Promise<vscode.FileCoverageDetail[]>;
  /** The controller's test items (per-test coverage), by label. */
  testItems(): readonly string[];
  /** Every warning shown to the user, oldest first. */
  notifications(): readonly string[];
  /** Every information message a command gave for having nothing to do or to confirm what it did, oldest first. */
  informations(): readonly string[];
  /** Codecov: the status bar's part, requests sent, and the Codecov coverage shown per folder. */
  codecov(): CodecovInfo;
  /** Fetches Codecov coverage again now (as a moved HEAD or a settings change does). */
  refreshCodecov(): Promise<void>;
  /** Every offer shown to the user (information messages with a choice), oldest first. */
  offers(): readonly string[];
  /** Answers the Codecov offer on screen as a click on a button would (undefined: closed); false when none is shown. */
  answerCodecovOffer(choice: string | undefined): boolean;
  /** Forgets that the Codecov offer was made in this workspace (and, `everywhere`, a Never). */
  forgetCodecovOfferAnswers(which: 'workspace' | 'everywhere'): Promise<void>;
  /** The report rows of `Coverage: Show Report Summary`: [name, description]; Codecov's by commit. */
  summaryReports(): readonly (readonly [string, string])[];
  /** The file rows of `Coverage: Show Report Summary` in either order: [relative path, description]. */
  summaryFiles(order: 'leastCovered' | 'path'): readonly (readonly [string, string])[];
  /** What `Coverage: Go to Uncovered Code…` lists, in its order. */
  uncoveredRegions(): Promise<readonly UncoveredRegionInfo[]>;
  /** The comparison with the base branch (issue 11) as shown. */
  comparison(): ComparisonInfo;
  /** The worker process's id while one runs (the bench reads its memory). */
  workerProcessId(): number | undefined;
}

export interface ComparisonInfo {
  /** The comparison's status bar item; undefined while there is no comparison. */
  readonly statusBar: { readonly text: string | undefined; readonly tooltip: string | undefined };
  /** Why there is no comparison ('' when there is one). */
  readonly reason: string;
  /** Comparisons run so far, and the last one's failure. */
  readonly updates: number;
  readonly lastError: string | undefined;
  /** The commit the patch is taken against (the merge-base). */
  readonly commit: string | undefined;
  /** The commit the baseline's coverage was measured at, when it was moved onto `commit` (an ancestor's). */
  readonly coverageCommit: string | undefined;
  /** The comparison view's rows in its current order. */
  readonly rows: readonly { readonly path: string; readonly status: string; readonly description: string }[];
  /** Comparison marks drawn in a visible editor. */
  marks(uri: vscode.Uri): ComparisonMarks | undefined;
  /** The comparison hover's markdown of a line (1-based). */
  hover(uri: vscode.Uri, line: number): string | undefined;
  /** What `Coverage: Go to Lost Coverage…` lists, in its order. */
  readonly lostCoverage: readonly { readonly label: string; readonly description: string }[];
  /** Files left out of the comparison, and why. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  /** The baseline's kind and our words for it. */
  readonly baseline: { readonly kind: string; readonly description: string } | undefined;
  /** The patch figures (Codecov's definition). */
  readonly patch: { readonly lines: number; readonly covered: number; readonly partial: number; readonly missed: number; readonly percent: number | null } | undefined;
  /** The folder snapshots are kept in (workspace storage), when there is one. */
  readonly snapshotFolder: string | undefined;
  /** Each repository holding covered files: compared (against what, which files) or why not. */
  readonly repositories: readonly { readonly root: string; readonly name: string; readonly ref?: string; readonly commit?: string; readonly paths?: readonly string[]; readonly reason?: string }[];
}

export interface CodecovInfo {
  readonly status: string | undefined;
  readonly requests: number;
  /** The warnings Codecov coverage showed, oldest first. */
  readonly warnings: readonly string[];
  readonly reports: readonly { readonly sha: string | undefined; readonly behind: number | undefined; readonly cached: boolean | undefined; readonly offline: boolean | undefined }[];
}
