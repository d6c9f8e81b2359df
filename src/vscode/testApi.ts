import type * as vscode from 'vscode';
import type { CoverageTotals } from '../core/model';
import type { AppliedMarks } from './decorations';
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
  marksVisible(): boolean;
  /** Milliseconds the last redraw of a document took once its detail was in hand. */
  lastDrawMs(uri: vscode.Uri): number | undefined;
  statusBar(): { readonly text: string | undefined; readonly tooltip: string | undefined };
  publishedCoverage(): readonly PublishedFileCoverage[];
  /** Asks the Coverage profile for a file's details, as VS Code does when the file is opened. */
  loadDetailedCoverage(uri: vscode.Uri): Promise<vscode.FileCoverageDetail[]>;
  /** The same for one test, as VS Code does when coverage is filtered to a test. */
  loadDetailedCoverageForTest(uri: vscode.Uri, test: string): Promise<vscode.FileCoverageDetail[]>;
  /** The controller's test items (per-test coverage), by label. */
  testItems(): readonly string[];
  /** Every warning shown to the user, oldest first. */
  notifications(): readonly string[];
  /** Every offer shown to the user (information messages with a choice), oldest first. */
  offers(): readonly string[];
  /** The file rows of `Coverage: Show Report Summary` in either order: [relative path, description]. */
  summaryFiles(order: 'leastCovered' | 'path'): readonly (readonly [string, string])[];
  /** What `Coverage: Go to Uncovered Code…` lists, in its order. */
  uncoveredRegions(): Promise<readonly UncoveredRegionInfo[]>;
  /** The worker process's id while one runs (the bench reads its memory). */
  workerProcessId(): number | undefined;
}
