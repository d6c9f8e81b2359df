/** Setting names and defaults shared by package.json, the vscode layer and tests. */
import type { PathMapping } from '../core/pathMapping';

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
