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
  '**/coverage.json',
  '**/coverage.out',
];

export const DEFAULT_EXCLUDE_GLOB = '**/node_modules/**';

export const DEFAULT_MAX_REPORT_MB = 512;

export const MARK_STYLES = ['gutter', 'bar', 'background'] as const;
export type MarkStyle = (typeof MARK_STYLES)[number];

export const DISPLAY_MODES = ['both', 'sentinel', 'native'] as const;
/** Our marks, VS Code's own coverage display (Test Coverage view, inline coverage), or both. */
export type DisplayMode = (typeof DISPLAY_MODES)[number];

export const MERGE_MODES = ['auto', 'all', 'newest'] as const;
/**
 * When several reports cover one file: `auto` merges reports of different runs and shows one
 * report per run (several formats written by one run are not summed), `all` merges every report,
 * `newest` shows only the newest.
 */
export type MergeMode = (typeof MERGE_MODES)[number];

export const MARK_KIND_NAMES = ['covered', 'partial', 'uncovered'] as const;
export type MarkKindName = (typeof MARK_KIND_NAMES)[number];

export interface SentinelSettings {
  readonly reportPaths: readonly string[];
  readonly excludePaths: readonly string[];
  readonly showMarks: boolean;
  readonly lineBackground: boolean;
  readonly overviewRuler: boolean;
  readonly maxReportSizeMB: number;
  readonly mergeReports: MergeMode;
  /** Longest prefix first. */
  readonly pathMappings: readonly PathMapping[];
  /** Next/Previous Uncovered Line also stop at partial lines. */
  readonly navigationIncludesPartial: boolean;
  readonly markStyle: MarkStyle;
  readonly display: DisplayMode;
  /** The kinds of line that get a mark. */
  readonly showKinds: readonly MarkKindName[];
}
