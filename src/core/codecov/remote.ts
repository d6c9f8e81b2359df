import { type EnterpriseService, isEnterpriseService, type PublicService, type RepoSlug } from './slug';

/** One `git remote -v` entry. */
export interface GitRemote {
  readonly name: string;
  readonly url: string;
}

export type RemoteSlug = { readonly ok: true; readonly slug: RepoSlug; readonly host: string } | { readonly ok: false; readonly reason: string };

/** The public hosts (and their documented alternative SSH hosts) of each public service. */
const PUBLIC_HOSTS: ReadonlyMap<string, PublicService> = new Map([
  ['github.com', 'github'],
  ['ssh.github.com', 'github'],
  ['gitlab.com', 'gitlab'],
  ['altssh.gitlab.com', 'gitlab'],
  ['bitbucket.org', 'bitbucket'],
  ['altssh.bitbucket.org', 'bitbucket'],
]);

const URL_SCHEMES = new Set(['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git']);
/** GitLab allows 20 levels of subgroups. */
const MAX_SEGMENTS = 21;
/** What GitHub, GitLab and Bitbucket allow in owner and repository names (`~` for Bitbucket Server's personal projects). */
const NAME_CHARS = /^[A-Za-z0-9._~-]+$/;
/** Host and port as written: no percent-encoding or other characters a URL parser would reinterpret. */
const HOST_CHARS = /^[A-Za-z0-9.\-[\]:\u0080-\uffff]+$/;

/** The remote to ask about: `origin`, else the only remote; undefined when neither exists. */
export function chooseRemote(remotes: readonly GitRemote[]): GitRemote | undefined {
  return remotes.find((remote) => remote.name === 'origin') ?? (remotes.length === 1 ? remotes[0] : undefined);
}

/**
 * Service, owner and repository from a git remote URL: `https://[user[:token]@]host[:port]/owner/repo[.git]`,
 * `ssh://git@host[:port]/owner/repo.git`, `git@host:owner/repo.git`. GitLab subgroups become
 * `group:subgroup`. Hosts are compared exactly (lower case, IDN as punycode, one trailing dot
 * dropped): the public hosts, then `enterpriseHosts`. Anything ambiguous is refused rather than
 * guessed. Credentials in the URL are never kept: reasons name at most the host.
 */
export function slugFromRemote(url: string, enterpriseHosts: ReadonlyMap<string, EnterpriseService> = new Map()): RemoteSlug {
  const parts = splitRemote(url.trim());
  if (typeof parts === 'string') return { ok: false, reason: parts };
  const host = normaliseHost(parts.authority);
  if (host === undefined) return { ok: false, reason: 'the remote URL has no valid host' };
  const service = PUBLIC_HOSTS.get(host) ?? enterpriseHosts.get(host);
  if (service === undefined) return { ok: false, reason: unknownHostReason(host) };
  const segments = pathSegments(parts.path);
  if (typeof segments === 'string') return { ok: false, reason: segments };
  if (service === 'bitbucket_server' && segments[0] === 'scm') segments.shift();
  if (service === 'gitlab' || service === 'gitlab_enterprise') {
    if (segments.length < 2) return { ok: false, reason: 'the remote path is not group/…/repository' };
    const repo = segments.pop() as string;
    return { ok: true, host, slug: { service, owner: segments.join(':'), repo } };
  }
  if (segments.length !== 2) return { ok: false, reason: 'the remote path is not owner/repository' };
  return { ok: true, host, slug: { service, owner: segments[0] as string, repo: segments[1] as string } };
}

/**
 * The enterprise host map from a setting value (`{"git.example.com": "github_enterprise"}`):
 * valid entries, and a plain-words problem for each entry that is not used.
 */
export function parseEnterpriseHosts(raw: unknown): { hosts: Map<string, EnterpriseService>; problems: string[] } {
  const hosts = new Map<string, EnterpriseService>();
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { hosts, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { hosts, problems: ['the enterprise host map is not an object'] };
  for (const key of Object.keys(raw)) {
    const value: unknown = (raw as Record<string, unknown>)[key];
    const host = /^[A-Za-z0-9.-]+$/.test(key) ? normaliseHost(key) : undefined;
    if (host === undefined) problems.push(`"${key.slice(0, 80)}" is not a host name`);
    else if (!isEnterpriseService(value)) problems.push(`${host}: the service must be github_enterprise, gitlab_enterprise or bitbucket_server`);
    else if (PUBLIC_HOSTS.has(host)) problems.push(`${host} is a public host and keeps its public service`);
    else hosts.set(host, value);
  }
  return { hosts, problems };
}

/**
 * Why a host names no Codecov service. A name without a dot is no server's (`git@github-work:…`,
 * `gh:…`) but an alias git resolves through `~/.ssh/config` or `url.<base>.insteadOf`: the
 * enterprise host map would give it a self-hosted service, wrong for github.com.
 */
function unknownHostReason(host: string): string {
  if (!host.includes('.') && !host.startsWith('[') && host !== 'localhost') {
    return `${host} is an alias (an SSH Host in ~/.ssh/config or a url.insteadOf shortcut), not the git server's name`;
  }
  return `${host} is not a known Codecov host (add it to the enterprise host map)`;
}

/** The authority (userinfo, host, port) and the raw path of a remote URL, or why it is not one. */
function splitRemote(url: string): { authority: string; path: string } | string {
  if (url === '') return 'the remote URL is empty';
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x5c /* \ */ || c === 0x3f /* ? */ || c === 0x23 /* # */) return 'the remote URL holds characters a hosted repository URL does not';
  }
  const schemeEnd = url.indexOf('://');
  if (schemeEnd >= 0) {
    const scheme = url.slice(0, schemeEnd).toLowerCase();
    if (scheme === 'file') return 'the remote is a local path, not a hosted repository';
    if (!URL_SCHEMES.has(scheme)) return `the remote URL scheme ${scheme.slice(0, 20)} is not one git uses for hosted repositories`;
    const rest = url.slice(schemeEnd + 3);
    const slash = rest.indexOf('/');
    if (slash < 0) return 'the remote URL has no repository path';
    return { authority: rest.slice(0, slash), path: rest.slice(slash + 1) };
  }
  // scp-like `[user@]host:path`: a colon before any slash (git's own rule); else a local path.
  const colon = scpColon(url);
  if (colon < 0) return 'the remote is a local path, not a hosted repository';
  const path = url.slice(colon + 1);
  return { authority: url.slice(0, colon), path: path.startsWith('/') ? path.slice(1) : path };
}

/** Where an scp-like remote's host ends (after a bracketed IPv6 host), or -1 for a local path. */
function scpColon(url: string): number {
  const at = url.lastIndexOf('@', firstIndex(url, ':'));
  const hostStart = at + 1;
  if (url.charCodeAt(hostStart) === 0x5b /* [ */) {
    const close = url.indexOf(']', hostStart);
    if (close < 0 || url.charCodeAt(close + 1) !== 0x3a) return -1;
    return url.slice(0, close).includes('/') ? -1 : close + 1;
  }
  const colon = url.indexOf(':');
  if (colon < 0) return -1;
  const slash = url.indexOf('/');
  return slash >= 0 && slash < colon ? -1 : colon;
}

function firstIndex(text: string, char: string): number {
  const at = text.indexOf(char);
  return at < 0 ? text.length : at;
}

/** The host of an authority (`user:secret@host:port`) as URLs compare it, or undefined. */
function normaliseHost(authority: string): string | undefined {
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort === '' || authority.indexOf('@') !== authority.lastIndexOf('@') || !HOST_CHARS.test(hostAndPort)) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`https://${hostAndPort}/`).hostname;
  } catch {
    return undefined;
  }
  if (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  return hostname === '' || hostname.endsWith('.') ? undefined : hostname;
}

/** The repository path's segments, percent-decoded and checked, `.git` dropped; or why not. */
function pathSegments(rawPath: string): string[] | string {
  const path = rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const raw = path.split('/');
  if (raw.length > MAX_SEGMENTS) return 'the remote path has too many segments';
  const segments: string[] = [];
  for (const [i, part] of raw.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return 'the remote path has a broken percent-encoding';
    }
    if (i === raw.length - 1 && segment.endsWith('.git')) segment = segment.slice(0, -4);
    if (segment === '' || segment === '.' || segment === '..' || !NAME_CHARS.test(segment)) {
      return 'the remote path has a segment that is no owner or repository name (empty, a dot segment, or other characters)';
    }
    segments.push(segment);
  }
  return segments;
}
