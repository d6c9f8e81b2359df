/** Coverage Gutters' own defaults (its package.json), to tell settings a user chose from defaults. */
export const COVERAGE_GUTTERS_DEFAULTS = {
  coverageFileNames: ['lcov.info', 'cov.xml', 'coverage.xml', 'jacoco.xml', 'coverage.cobertura.xml'],
  coverageBaseDir: '**',
} as const;

/** The values of one scope's `coverage-gutters.*` settings, as read (anything a settings file holds). */
export interface CoverageGuttersValues {
  readonly coverageFileNames?: unknown;
  readonly coverageBaseDir?: unknown;
  readonly remotePathResolve?: unknown;
}

/** What those settings mean in Coverage Sentinel's terms. */
export interface ImportedSettings {
  /** Globs for `coverageSentinel.reportPaths`: each file name under the base folder glob. */
  readonly reportGlobs: readonly string[];
  /** Entries for `coverageSentinel.pathMappings`: remote prefix → local prefix. */
  readonly pathMappings: Readonly<Record<string, string>>;
}

/**
 * Translates Coverage Gutters settings: `coverageFileNames` under `coverageBaseDir` (a glob,
 * `**` by default) become report globs; `remotePathResolve` (`[remote, local]`) becomes a path
 * mapping. Returns undefined when nothing usable is set; malformed values are ignored.
 */
export function importCoverageGutters(values: CoverageGuttersValues): ImportedSettings | undefined {
  const names = stringList(values.coverageFileNames);
  const baseDir = typeof values.coverageBaseDir === 'string' && values.coverageBaseDir.trim() !== '' ? values.coverageBaseDir.trim() : undefined;
  const base = (baseDir ?? COVERAGE_GUTTERS_DEFAULTS.coverageBaseDir).replace(/\/+$/, '');
  const globNames = names ?? (baseDir !== undefined ? COVERAGE_GUTTERS_DEFAULTS.coverageFileNames : []);
  const reportGlobs = [...new Set(globNames.map((name) => (base === '' ? name : `${base}/${name}`)))];
  const pathMappings: Record<string, string> = Object.create(null) as Record<string, string>;
  const pair = stringList(values.remotePathResolve);
  if (pair !== undefined && pair.length === 2) pathMappings[pair[0] as string] = pair[1] as string;
  if (reportGlobs.length === 0 && Object.keys(pathMappings).length === 0) return undefined;
  return { reportGlobs, pathMappings };
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
  return strings.length > 0 ? strings : undefined;
}
