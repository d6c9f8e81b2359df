import { type RepoSlug, segmentProblem, slugProblem } from './slug';

/** The Codecov API server the user configured, parsed once: where, and only where, its token goes. */
export interface ApiOrigin {
  /** `https://api.codecov.io`: also the key its token is stored under. */
  readonly origin: string;
  readonly protocol: 'https:' | 'http:';
  /** As the URL standard writes it: lower case, IDN as punycode, IPv6 in brackets. */
  readonly hostname: string;
  /** '' for the scheme's default port. */
  readonly port: string;
  /** A path prefix before `/api/v2` (a self-hosted server behind a path), '' for none. */
  readonly basePath: string;
}

export const DEFAULT_API_URL = 'https://api.codecov.io';

export interface OriginOptions {
  /** The testing switch: `http:` to a loopback host. Never for anything else. */
  readonly allowLoopbackHttp?: boolean;
}

export type ParsedOrigin = { readonly ok: true; readonly origin: ApiOrigin } | { readonly ok: false; readonly reason: string };

/** The server URL setting (`https://api.codecov.io`, `https://codecov.example.com/codecov`) as an ApiOrigin, or why not. */
export function parseApiOrigin(setting: string, options: OriginOptions = {}): ParsedOrigin {
  let url: URL;
  try {
    url = new URL(setting.trim());
  } catch {
    return { ok: false, reason: 'the Codecov server URL is not a URL' };
  }
  if (url.protocol === 'http:') {
    if (options.allowLoopbackHttp !== true || !isLoopbackHost(url.hostname)) return { ok: false, reason: 'the Codecov server URL must use https' };
  } else if (url.protocol !== 'https:') {
    return { ok: false, reason: 'the Codecov server URL must use https' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'the Codecov server URL must not hold a user name or password' };
  if (url.search !== '' || url.hash !== '') return { ok: false, reason: 'the Codecov server URL must not hold a query or fragment' };
  let basePath = url.pathname.replace(/\/+$/, '');
  if (basePath.endsWith('/api/v2')) basePath = basePath.slice(0, -'/api/v2'.length);
  return { ok: true, origin: { origin: url.origin, protocol: url.protocol, hostname: url.hostname, port: url.port, basePath } };
}

/** Whether a request to `url` may carry the token of `origin`: same scheme, host and port, compared on the parsed URL. */
export function isTokenOrigin(url: URL, origin: ApiOrigin): boolean {
  return url.protocol === origin.protocol && url.hostname === origin.hostname && url.port === origin.port;
}

/** `localhost`, 127.0.0.0/8 or `[::1]`, as URL hostnames are written. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const octets = hostname.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/** A commit by sha, or the head of a branch. */
export type CommitRef = { readonly sha: string } | { readonly branch: string };

export interface ReportFilters {
  /** Only files whose path starts with this (a monorepo folder). */
  readonly path?: string;
  readonly flag?: string;
  readonly componentId?: string;
}

/** Thrown by the builders for a slug or path segment that no URL may carry (check with slugProblem first). */
export class ApiUrlError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ApiUrlError';
  }
}

/** `GET …/repos/{repo}/`: repository detail (private, default branch, active). */
export function repoUrl(origin: ApiOrigin, slug: RepoSlug): URL {
  return repoPath(origin, slug, []);
}

/** `GET …/repos/{repo}/commits/`: paginated commit list, optionally of one branch. */
export function commitsUrl(origin: ApiOrigin, slug: RepoSlug, query: { branch?: string; page?: number; pageSize?: number } = {}): URL {
  const url = repoPath(origin, slug, ['commits']);
  if (query.branch !== undefined) url.searchParams.set('branch', query.branch);
  if (query.page !== undefined) url.searchParams.set('page', String(positiveInteger(query.page, 'page')));
  if (query.pageSize !== undefined) url.searchParams.set('page_size', String(positiveInteger(query.pageSize, 'page size')));
  return url;
}

/** `GET …/repos/{repo}/report/?sha=|branch=&path=&flag=&component_id=`: every file with its line coverage. */
export function reportUrl(origin: ApiOrigin, slug: RepoSlug, ref: CommitRef, filters: ReportFilters = {}): URL {
  return withFilters(withRef(repoPath(origin, slug, ['report']), ref), filters);
}

/** `GET …/repos/{repo}/totals/?sha=…`: the same filters, totals only (a cheap "has coverage" probe: 404 when none). */
export function totalsUrl(origin: ApiOrigin, slug: RepoSlug, ref: CommitRef, filters: ReportFilters = {}): URL {
  return withFilters(withRef(repoPath(origin, slug, ['totals']), ref), filters);
}

/** `GET …/repos/{repo}/compare/?base=&head=` or `?pullid=`. */
export function compareUrl(origin: ApiOrigin, slug: RepoSlug, what: { base: string; head: string } | { pullid: number }): URL {
  const url = repoPath(origin, slug, ['compare']);
  if ('pullid' in what) {
    url.searchParams.set('pullid', String(positiveInteger(what.pullid, 'pull request id')));
  } else {
    url.searchParams.set('base', nonEmpty(what.base, 'base'));
    url.searchParams.set('head', nonEmpty(what.head, 'head'));
  }
  return url;
}

/** `{base}/api/v2/{service}/{owner}/repos/{repo}/{...rest}/`, each segment encoded on its own. */
function repoPath(origin: ApiOrigin, slug: RepoSlug, rest: readonly string[]): URL {
  const problem = slugProblem(slug);
  if (problem !== undefined) throw new ApiUrlError(`cannot ask Codecov about this repository: ${problem}`);
  const segments = [slug.service, slug.owner, 'repos', slug.repo, ...rest];
  for (const segment of segments) {
    const bad = segmentProblem(segment);
    if (bad !== undefined) throw new ApiUrlError(`a request path segment ${bad}`);
  }
  const url = new URL(origin.origin);
  url.pathname = `${origin.basePath}/api/v2/${segments.map(encodeURIComponent).join('/')}/`;
  return url;
}

function withRef(url: URL, ref: CommitRef): URL {
  if ('sha' in ref) url.searchParams.set('sha', nonEmpty(ref.sha, 'commit'));
  else url.searchParams.set('branch', nonEmpty(ref.branch, 'branch'));
  return url;
}

function withFilters(url: URL, filters: ReportFilters): URL {
  if (filters.path !== undefined && filters.path !== '') url.searchParams.set('path', filters.path);
  if (filters.flag !== undefined && filters.flag !== '') url.searchParams.set('flag', filters.flag);
  if (filters.componentId !== undefined && filters.componentId !== '') url.searchParams.set('component_id', filters.componentId);
  return url;
}

function nonEmpty(value: string, what: string): string {
  if (value === '') throw new ApiUrlError(`the ${what} is empty`);
  return value;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new ApiUrlError(`the ${what} is not a positive whole number`);
  return value;
}
