import { DEFAULT_API_URL, type ApiOrigin, parseApiOrigin } from '../../core/codecov/apiUrl';
import { parseEnterpriseHosts } from '../../core/codecov/remote';
import { DEFAULT_CODECOV_CACHE_MB } from '../../shared/settings';
import { type CodecovService, type EnterpriseService, isCodecovService, type RepoSlug, slugProblem } from '../../core/codecov/slug';

/** A setting as VS Code's `inspect` gives it: the value at each level. */
export interface InspectedValue {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/**
 * The Codecov settings as read from VS Code. The server, the enterprise host map, the cache size
 * and the loopback testing switch are application-scoped: only their user-settings value
 * (`globalValue`) is read, whatever a workspace writes, so that nothing a repository can commit
 * changes where a token goes. `enabled` and `repository` are the effective values for the folder
 * (VS Code already ignores them in Restricted Mode; the caller also makes no request there).
 */
export interface CodecovSettingsInput {
  readonly enabled: unknown;
  readonly repository: unknown;
  readonly url: InspectedValue;
  readonly enterpriseHosts: InspectedValue;
  readonly allowLoopbackHttp: InspectedValue;
  readonly cacheSizeMB: InspectedValue;
}

export interface CodecovSettings {
  readonly enabled: boolean;
  /** The configured server, or why it cannot be used. */
  readonly server: { readonly ok: true; readonly origin: ApiOrigin } | { readonly ok: false; readonly reason: string };
  /** The repository setting: undefined when empty (the git remote decides). */
  readonly repository: RepositorySetting | undefined;
  readonly enterpriseHosts: ReadonlyMap<string, EnterpriseService>;
  readonly cacheBytes: number;
  /** Settings a workspace wrote that are user-settings only, ignored (for the log). */
  readonly ignoredWorkspaceValues: readonly string[];
  /** Values that could not be used, in plain words (for the log). */
  readonly problems: readonly string[];
}

/** `service/owner/repo`, or `owner/repo` whose service comes from the remote's host. */
export type RepositorySetting =
  | { readonly ok: true; readonly service: CodecovService | undefined; readonly owner: string; readonly repo: string }
  | { readonly ok: false; readonly reason: string };

export const DEFAULT_CACHE_MB = DEFAULT_CODECOV_CACHE_MB;
const APPLICATION_SETTINGS = ['url', 'enterpriseHosts', 'allowLoopbackHttp', 'cacheSizeMB'] as const;

export function readCodecovSettings(input: CodecovSettingsInput): CodecovSettings {
  const problems: string[] = [];
  const ignoredWorkspaceValues = APPLICATION_SETTINGS.filter((name) => input[name].workspaceValue !== undefined || input[name].workspaceFolderValue !== undefined).map(
    (name) => `coverageSentinel.codecov.${name}`,
  );
  const url = input.url.globalValue;
  const allowLoopbackHttp = input.allowLoopbackHttp.globalValue === true;
  const server = parseApiOrigin(typeof url === 'string' && url.trim() !== '' ? url : DEFAULT_API_URL, { allowLoopbackHttp });
  if (!server.ok) problems.push(`coverageSentinel.codecov.url: ${server.reason}`);
  const enterprise = parseEnterpriseHosts(input.enterpriseHosts.globalValue ?? {});
  for (const problem of enterprise.problems) problems.push(`coverageSentinel.codecov.enterpriseHosts: ${problem}`);
  const cacheMb = input.cacheSizeMB.globalValue;
  const repository = parseRepositorySetting(input.repository);
  if (repository !== undefined && !repository.ok) problems.push(`coverageSentinel.codecov.repository: ${repository.reason}`);
  return {
    enabled: input.enabled === true,
    server,
    repository,
    enterpriseHosts: enterprise.hosts,
    cacheBytes: Math.round((typeof cacheMb === 'number' && Number.isFinite(cacheMb) && cacheMb >= 1 ? Math.min(cacheMb, 16 * 1024) : DEFAULT_CACHE_MB) * 1024 * 1024),
    ignoredWorkspaceValues,
    problems,
  };
}

/** The repository setting's value, undefined when empty. Every segment is checked as a URL path segment would be. */
export function parseRepositorySetting(value: unknown): RepositorySetting | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  if (typeof value !== 'string') return { ok: false, reason: 'is not text' };
  const parts = value.trim().split('/');
  if (parts.length !== 2 && parts.length !== 3) return { ok: false, reason: 'is not service/owner/repo or owner/repo' };
  const service = parts.length === 3 ? parts[0] : undefined;
  if (service !== undefined && !isCodecovService(service)) return { ok: false, reason: `${JSON.stringify(service)} is not a Codecov service` };
  const owner = parts[parts.length - 2] as string;
  const repo = parts[parts.length - 1] as string;
  const problem = slugProblem({ service: service ?? 'github', owner, repo });
  if (problem !== undefined) return { ok: false, reason: problem };
  return { ok: true, service, owner, repo };
}

/** The slug to ask about: the setting over the remote's, the setting's service falling back to the remote's, then GitHub. */
export function chooseSlug(setting: RepositorySetting | undefined, fromRemote: RepoSlug | undefined): RepoSlug | undefined {
  if (setting === undefined || !setting.ok) return setting === undefined ? fromRemote : undefined;
  return { service: setting.service ?? fromRemote?.service ?? 'github', owner: setting.owner, repo: setting.repo };
}

/** Where a server's token is kept in SecretStorage: one entry per exact origin. */
export function tokenSecretKey(origin: ApiOrigin): string {
  return `coverageSentinel.codecov.token:${origin.origin}`;
}
