/** Setting names and defaults shared by package.json, the vscode layer and tests. */
import type { PathMapping } from '../core/pathMapping';

export const SETTINGS_SECTION = 'coverageSentinel';

export const DEFAULT_REPORT_GLOBS: readonly string[] = [
  '**/lcov.info',
  '**/coverage/lcov.info',
  '**/*.lcov',
  '**/coverage.xml',
  '**/cobertura*.xml',
  '**/jacoco*.xml',
  '**/clover.xml',
  '**/coverage-final.json',
  '**/coverage.out',
];

export const DEFAULT_EXCLUDE_GLOB = '**/node_modules/**';

export const DEFAULT_MAX_REPORT_MB = 512;

export interface SentinelSettings {
  readonly reportPaths: readonly string[];
  readonly excludePaths: readonly string[];
  readonly showMarks: boolean;
  readonly lineBackground: boolean;
  readonly overviewRuler: boolean;
  readonly maxReportSizeMB: number;
  readonly mergeReports: boolean;
  /** Longest prefix first. */
  readonly pathMappings: readonly PathMapping[];
  /** Next/Previous Uncovered Line also stop at partial lines. */
  readonly navigationIncludesPartial: boolean;
}
