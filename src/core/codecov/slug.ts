/** Which repository Codecov is asked about: its service, owner and name, as Codecov spells them. */

export const PUBLIC_SERVICES = ['github', 'gitlab', 'bitbucket'] as const;
export const ENTERPRISE_SERVICES = ['github_enterprise', 'gitlab_enterprise', 'bitbucket_server'] as const;

export type PublicService = (typeof PUBLIC_SERVICES)[number];
export type EnterpriseService = (typeof ENTERPRISE_SERVICES)[number];
export type CodecovService = PublicService | EnterpriseService;

export interface RepoSlug {
  readonly service: CodecovService;
  /** GitLab subgroups are joined with `:` (`group:subgroup`), as Codecov writes them. */
  readonly owner: string;
  readonly repo: string;
}

export function isCodecovService(value: unknown): value is CodecovService {
  return typeof value === 'string' && ((PUBLIC_SERVICES as readonly string[]).includes(value) || (ENTERPRISE_SERVICES as readonly string[]).includes(value));
}

export function isEnterpriseService(value: unknown): value is EnterpriseService {
  return typeof value === 'string' && (ENTERPRISE_SERVICES as readonly string[]).includes(value);
}

/**
 * Why a value cannot be one path segment of a request URL, or undefined when it can. Empty
 * and dot segments (`.`, `..`) are refused: the URL standard resolves them (even `%2e%2e`),
 * so no encoding keeps them in place. Everything else is encoded by the URL builders.
 */
export function segmentProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value === '.' || value === '..') return 'is a dot segment';
  if (value.length > 1024) return 'is longer than 1024 characters';
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20 || value.charCodeAt(i) === 0x7f) return 'holds a control character';
  return undefined;
}

/** Why a slug cannot be asked about (plain words), or undefined when it can. */
export function slugProblem(slug: RepoSlug): string | undefined {
  if (!isCodecovService(slug.service)) return 'the service is not one Codecov knows';
  const owner = segmentProblem(slug.owner);
  if (owner !== undefined) return `the owner ${owner}`;
  const repo = segmentProblem(slug.repo);
  if (repo !== undefined) return `the repository name ${repo}`;
  return undefined;
}
