/**
 * Every setting of the extension, described once: its key, its default as package.json writes
 * it, its scope, whether an untrusted workspace may set it, and how a raw value is read. The
 * vscode layer's `Settings` service reads through this table; `test/unit/manifest.test.ts`
 * compares package.json's contributions with it.
 */
import { DEFAULT_API_URL } from '../core/codecov/apiUrl';
import { type PathMapping, parsePathMappings } from '../core/paths/pathMapping';

export const SETTINGS_SECTION = 'coverageSentinel';

/**
 * The report names each ecosystem's usual tool writes by default, and the names Coverage Gutters
 * users already have. Formats are recognised by content, so a name that matches something else
 * (a `coverage.txt` of prose) costs only a line in the log.
 */
export const DEFAULT_REPORT_NAMES: readonly { readonly glob: string; readonly writtenBy: string }[] = [
  { glob: '**/lcov.info', writtenBy: 'c8, nyc, jest, vitest, Bun, Dart/Flutter, cargo-llvm-cov, tarpaulin, excoveralls (`coverage/lcov.info`)' },
  { glob: '**/*.lcov', writtenBy: 'coverage.py (`coverage.lcov`), SimpleCov LCOV formatter (`coverage/lcov/<project>.lcov`), Deno (`deno coverage --lcov --output=cov.lcov`, as its docs write it)' },
  { glob: '**/coverage.xml', writtenBy: 'coverage.py / pytest-cov (Cobertura), Pester (JaCoCo), gcovr, simplecov-cobertura, Coverage Gutters' },
  { glob: '**/cov.xml', writtenBy: 'Coverage Gutters default name (Cobertura, JaCoCo or Clover)' },
  { glob: '**/coverage.cobertura.xml', writtenBy: 'coverlet (`dotnet test --collect "XPlat Code Coverage"`)' },
  { glob: '**/cobertura*.xml', writtenBy: 'istanbul/c8/jest (`cobertura-coverage.xml`), tarpaulin, cargo-llvm-cov, PHPUnit (`cobertura.xml`)' },
  { glob: '**/jacoco*.xml', writtenBy: 'Maven JaCoCo (`target/site/jacoco/jacoco.xml`), Gradle (`jacocoTestReport.xml`)' },
  { glob: '**/kover/report*.xml', writtenBy: 'Kotlin Kover (`build/reports/kover/report<variant>.xml`, JaCoCo format)' },
  { glob: '**/clover.xml', writtenBy: 'PHPUnit (`--coverage-clover`), istanbul/c8/jest' },
  { glob: '**/coverage-final.json', writtenBy: 'istanbul/nyc/c8/jest/vitest JSON' },
  { glob: '**/coverage.json', writtenBy: 'coverage.py (`coverage json`), llvm-cov export' },
  { glob: '**/coverage.out', writtenBy: 'go test `-coverprofile` (common name)' },
  { glob: '**/cover.out', writtenBy: 'go test `-coverprofile` (common name)' },
  { glob: '**/c.out', writtenBy: 'go test `-coverprofile` (common name)' },
  { glob: '**/coverage.txt', writtenBy: 'go test `-coverprofile` (the name in Codecov\'s Go examples)' },
  { glob: '**/coverprofile.out', writtenBy: 'Ginkgo (`--coverprofile`)' },
  { glob: '**/.build/*/codecov/*.json', writtenBy: 'SwiftPM (`swift test --enable-code-coverage`, llvm-cov JSON)' },
];

export const DEFAULT_REPORT_GLOBS: readonly string[] = DEFAULT_REPORT_NAMES.map((name) => name.glob);

export const DEFAULT_EXCLUDE_GLOB = '**/node_modules/**';

export const DEFAULT_MAX_REPORT_MB = 512;

export const DEFAULT_CODECOV_CACHE_MB = 256;

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

/** The kinds of mark a line gets, in the order they are drawn and offered. */
export const MARK_KINDS = ['covered', 'partial', 'uncovered'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

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
  readonly showKinds: readonly MarkKind[];
  /** Codecov as a source of coverage (restricted: off in Restricted Mode). */
  readonly codecovEnabled: boolean;
  /** `service/owner/repo` or `owner/repo` (empty: the git remote decides); the Codecov reader checks it. */
  readonly codecovRepository: string;
  /**
   * The application-scoped Codecov settings as effective values. No request uses these:
   * `Settings.codecov()` reads them from user settings only (`inspect().globalValue`).
   */
  readonly codecovUrl: string;
  readonly codecovEnterpriseHosts: Readonly<Record<string, unknown>>;
  readonly codecovCacheSizeMB: number;
  readonly codecovAllowLoopbackHttp: boolean;
  /** Compare coverage with a baseline. */
  readonly compareEnabled: boolean;
  readonly compareBaseBranch: string;
  readonly compareBaselineReport: string;
  readonly compareBaselineCommit: string;
  readonly compareRememberCoverage: boolean;
  readonly compareShowGained: boolean;
}

export type SettingName = keyof SentinelSettings;

/** One setting as package.json contributes it, and how its raw value is read. */
export interface SettingSpec<T> {
  /** The key under `coverageSentinel.`. */
  readonly key: string;
  /** The default exactly as package.json writes it. */
  readonly default: unknown;
  /** package.json's `scope`; absent means VS Code's default (`window`). */
  readonly scope?: 'application' | 'window' | 'resource';
  /** Listed in `capabilities.untrustedWorkspaces.restrictedConfigurations`. */
  readonly restricted?: boolean;
  /** The allowed values (of the items, for an array setting). */
  readonly enum?: readonly string[];
  /** The raw value (undefined when unset) as the typed setting; anything malformed reads as the default. */
  readonly read: (raw: unknown) => T;
}

export const SETTINGS: { readonly [K in SettingName]: SettingSpec<SentinelSettings[K]> } = {
  reportPaths: { key: 'reportPaths', default: DEFAULT_REPORT_GLOBS, scope: 'resource', restricted: true, read: (raw) => stringArray(raw, DEFAULT_REPORT_GLOBS) },
  excludePaths: { key: 'excludePaths', default: [DEFAULT_EXCLUDE_GLOB], scope: 'resource', read: (raw) => stringArray(raw, [DEFAULT_EXCLUDE_GLOB]) },
  showMarks: { key: 'showMarks', default: true, read: (raw) => boolean(raw, true) },
  lineBackground: { key: 'lineBackground', default: false, read: (raw) => boolean(raw, false) },
  overviewRuler: { key: 'overviewRuler', default: true, read: (raw) => boolean(raw, true) },
  maxReportSizeMB: { key: 'maxReportSizeMB', default: DEFAULT_MAX_REPORT_MB, scope: 'application', read: (raw) => positiveNumber(raw, DEFAULT_MAX_REPORT_MB) },
  mergeReports: { key: 'mergeReports', default: 'auto', scope: 'window', enum: MERGE_MODES, read: mergeMode },
  pathMappings: { key: 'pathMappings', default: {}, scope: 'resource', restricted: true, read: parsePathMappings },
  navigationIncludesPartial: { key: 'navigation.includePartial', default: false, read: (raw) => boolean(raw, false) },
  markStyle: { key: 'markStyle', default: 'gutter', enum: MARK_STYLES, read: (raw) => oneOf(raw, MARK_STYLES, 'gutter') },
  display: { key: 'display', default: 'both', enum: DISPLAY_MODES, read: (raw) => oneOf(raw, DISPLAY_MODES, 'both') },
  showKinds: {
    key: 'showKinds',
    default: MARK_KINDS,
    enum: MARK_KINDS,
    read: (raw) => stringArray(raw, MARK_KINDS).filter((kind): kind is MarkKind => (MARK_KINDS as readonly string[]).includes(kind)),
  },
  codecovEnabled: { key: 'codecov.enabled', default: false, scope: 'resource', restricted: true, read: (raw) => raw === true },
  codecovRepository: { key: 'codecov.repository', default: '', scope: 'resource', restricted: true, read: trimmedText },
  codecovUrl: { key: 'codecov.url', default: DEFAULT_API_URL, scope: 'application', read: (raw) => trimmedText(raw) || DEFAULT_API_URL },
  codecovEnterpriseHosts: { key: 'codecov.enterpriseHosts', default: {}, scope: 'application', read: plainObject },
  codecovCacheSizeMB: { key: 'codecov.cacheSizeMB', default: DEFAULT_CODECOV_CACHE_MB, scope: 'application', read: (raw) => positiveNumber(raw, DEFAULT_CODECOV_CACHE_MB) },
  codecovAllowLoopbackHttp: { key: 'codecov.allowLoopbackHttp', default: false, scope: 'application', read: (raw) => boolean(raw, false) },
  compareEnabled: { key: 'compare.enabled', default: true, read: (raw) => boolean(raw, true) },
  compareBaseBranch: { key: 'compare.baseBranch', default: '', scope: 'resource', restricted: true, read: trimmedText },
  compareBaselineReport: { key: 'compare.baselineReport', default: '', scope: 'resource', restricted: true, read: trimmedText },
  compareBaselineCommit: { key: 'compare.baselineCommit', default: '', scope: 'resource', restricted: true, read: trimmedText },
  compareRememberCoverage: { key: 'compare.rememberCoverage', default: true, scope: 'window', read: (raw) => boolean(raw, true) },
  compareShowGained: { key: 'compare.showGained', default: false, read: (raw) => boolean(raw, false) },
};

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** Every setting read through `get` (the raw value of a key under `coverageSentinel.`, undefined when unset). */
export function readSentinelSettings(get: (key: string) => unknown): SentinelSettings {
  const read = <K extends SettingName>(name: K): SentinelSettings[K] => SETTINGS[name].read(get(SETTINGS[name].key));
  return {
    reportPaths: read('reportPaths'),
    excludePaths: read('excludePaths'),
    showMarks: read('showMarks'),
    lineBackground: read('lineBackground'),
    overviewRuler: read('overviewRuler'),
    maxReportSizeMB: read('maxReportSizeMB'),
    mergeReports: read('mergeReports'),
    pathMappings: read('pathMappings'),
    navigationIncludesPartial: read('navigationIncludesPartial'),
    markStyle: read('markStyle'),
    display: read('display'),
    showKinds: read('showKinds'),
    codecovEnabled: read('codecovEnabled'),
    codecovRepository: read('codecovRepository'),
    codecovUrl: read('codecovUrl'),
    codecovEnterpriseHosts: read('codecovEnterpriseHosts'),
    codecovCacheSizeMB: read('codecovCacheSizeMB'),
    codecovAllowLoopbackHttp: read('codecovAllowLoopbackHttp'),
    compareEnabled: read('compareEnabled'),
    compareBaseBranch: read('compareBaseBranch'),
    compareBaselineReport: read('compareBaselineReport'),
    compareBaselineCommit: read('compareBaselineCommit'),
    compareRememberCoverage: read('compareRememberCoverage'),
    compareShowGained: read('compareShowGained'),
  };
}

/** The settings when nothing is set. */
export const DEFAULT_SETTINGS: SentinelSettings = readSentinelSettings(() => undefined);

/** Before modes existed the setting was a boolean: `true` (merge) reads as `auto`, `false` as `newest`. */
function mergeMode(value: unknown): MergeMode {
  if (value === true) return 'auto';
  if (value === false) return 'newest';
  return oneOf(value, MERGE_MODES, 'auto');
}

function stringArray(value: unknown, fallback: readonly string[]): readonly string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

function plainObject(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function trimmedText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function boolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
