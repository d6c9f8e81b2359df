import { createHash } from 'node:crypto';
import { DEFAULT_REPORT_GLOBS } from '../shared/settings';
import { importCoverageGutters, type ImportedSettings } from './coverageGutters';

/**
 * The settings scopes, as VS Code's `ConfigurationTarget` numbers them (stable API values): the
 * offer's fingerprint has always hashed these numbers, so a decided offer stays decided.
 */
export const SCOPE = { user: 1, workspace: 2, folder: 3 } as const;
export type Scope = (typeof SCOPE)[keyof typeof SCOPE];

/** A setting's values per scope, as `WorkspaceConfiguration.inspect` gives them. */
export interface ScopedValues<T> {
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/** A workspace folder as the offer needs it. */
export interface OfferFolder {
  readonly name: string;
  /** Its URI as a string (part of the fingerprint). */
  readonly uri: string;
}

/** Coverage Gutters settings of one scope, and where ours go. */
export interface FoundSettings<F extends OfferFolder> {
  readonly scope: Scope;
  readonly folder: F | undefined;
  readonly imported: ImportedSettings;
}

/** The Coverage Gutters keys the offer reads. */
export const COVERAGE_GUTTERS_KEYS = ['coverageFileNames', 'coverageBaseDir', 'remotePathResolve'] as const;
export type CoverageGuttersKey = (typeof COVERAGE_GUTTERS_KEYS)[number];

/** The value a scope itself sets (not one it inherits). */
export function valueAt<T>(inspected: ScopedValues<T> | undefined, scope: Scope): T | undefined {
  if (inspected === undefined) return undefined;
  if (scope === SCOPE.user) return inspected.globalValue;
  if (scope === SCOPE.workspace) return inspected.workspaceValue;
  return inspected.workspaceFolderValue;
}

/**
 * Every scope (user, workspace, then each folder) whose own Coverage Gutters settings mean
 * something in our terms. `inspect` reads one Coverage Gutters key at a folder (or none).
 */
export function findCoverageGuttersSettings<F extends OfferFolder>(
  folders: readonly F[],
  inspect: (key: CoverageGuttersKey, folder: F | undefined) => ScopedValues<unknown> | undefined,
): FoundSettings<F>[] {
  const found: FoundSettings<F>[] = [];
  const scopes: [Scope, F | undefined][] = [[SCOPE.user, undefined], [SCOPE.workspace, undefined], ...folders.map((folder): [Scope, F] => [SCOPE.folder, folder])];
  for (const [scope, folder] of scopes) {
    const values: Record<string, unknown> = {};
    for (const key of COVERAGE_GUTTERS_KEYS) values[key] = valueAt(inspect(key, folder), scope);
    const imported = importCoverageGutters(values);
    if (imported !== undefined) found.push({ scope, folder, imported });
  }
  return found;
}

/** The memento key that records an offer of exactly these settings. */
export function offerKey(found: readonly FoundSettings<OfferFolder>[]): string {
  const text = JSON.stringify(found.map(({ scope, folder, imported }) => [scope, folder?.uri, imported.reportGlobs, Object.entries(imported.pathMappings)]));
  return `coverageGuttersOffered:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** What to write into one scope: our settings there merged with the imported ones; a key is absent when nothing changes. */
export function settingsToWrite(
  imported: ImportedSettings,
  current: { readonly reportPaths: readonly string[] | undefined; readonly pathMappings: Readonly<Record<string, string>> | undefined },
): { reportPaths?: string[]; pathMappings?: Record<string, string> } {
  const write: { reportPaths?: string[]; pathMappings?: Record<string, string> } = {};
  const currentGlobs = current.reportPaths ?? [...DEFAULT_REPORT_GLOBS];
  const reportPaths = [...new Set([...currentGlobs, ...imported.reportGlobs])];
  if (reportPaths.length !== currentGlobs.length) write.reportPaths = reportPaths;
  if (Object.keys(imported.pathMappings).length > 0) write.pathMappings = { ...(current.pathMappings ?? {}), ...imported.pathMappings };
  return write;
}

/** The scope for the log: `user settings`, `workspace settings`, `folder app`. */
export function scopeName(scope: Scope, folder: OfferFolder | undefined): string {
  if (folder !== undefined) return `folder ${folder.name}`;
  return scope === SCOPE.user ? 'user settings' : 'workspace settings';
}
