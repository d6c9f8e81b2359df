import * as path from 'node:path';
import { type ApiOrigin, commitsUrl, repoUrl, reportUrl } from '../../core/codecov/apiUrl';
import { chooseRemote, type GitRemote, slugFromRemote } from '../../core/codecov/remote';
import type { EnterpriseService, RepoSlug } from '../../core/codecov/slug';
import { chooseSlug, type RepositorySetting } from './codecovSettings';
import type { FetchFailure, FetchOutcome, FetchSuccess } from './outcome';
import type { CodecovBody } from '../../shared/codecovBody';
import type { CachedResponseKey } from './responseCache';
import { MAX_WALK_BACK, nearestCommitWithCoverage, noCoverageText } from './walkBack';

/** What the loader needs from git (GitRepository in the editor, a fake in tests). */
export interface CodecovGit {
  /** The repository's top folder. */
  readonly root: string;
  remotes(): Promise<readonly GitRemote[]>;
  head(): Promise<string | undefined>;
  firstParents(from: string, max: number): Promise<readonly string[]>;
  /** The commit id when the clone has that commit, else undefined. */
  resolveCommit(ref: string): Promise<string | undefined>;
}

export interface CodecovFetcher {
  get(url: URL, signal?: AbortSignal): Promise<FetchOutcome>;
}

/** Where responses are kept (ResponseCache on disk): both say where the body lies, for the worker to read. */
export interface CodecovCacheStore {
  get(key: CachedResponseKey): Promise<{ readonly body: CodecovBody } | undefined>;
  /** Undefined when the response was not stored (larger than the whole cache). */
  put(key: CachedResponseKey, body: Uint8Array | readonly Uint8Array[]): Promise<{ readonly body: CodecovBody } | undefined>;
}

export interface CodecovLoadInput {
  /** The workspace folder (inside `git.root`; a monorepo package asks only for its own path prefix). */
  readonly folder: string;
  readonly git: CodecovGit;
  readonly origin: ApiOrigin;
  readonly repository: RepositorySetting | undefined;
  readonly enterpriseHosts: ReadonlyMap<string, EnterpriseService>;
  readonly fetcher: CodecovFetcher;
  readonly cache: CodecovCacheStore;
  /** Show this branch's head instead of the checked-out commit. */
  readonly branch?: string;
  /** Walk back from this commit instead of HEAD (a comparison's merge-base). */
  readonly from?: string;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
}

export type CodecovLoad =
  | {
      readonly kind: 'found';
      readonly slug: RepoSlug;
      readonly sha: string;
      /** First-parent steps from HEAD (0 for a branch's head). */
      readonly behind: number;
      readonly branch: string | undefined;
      /** Where the worker reads the response: the cache file, or the bytes when it could not be cached. */
      readonly body: CodecovBody;
      /** Read from the disk cache; `offline` too when the server could not be reached. */
      readonly cached: boolean;
      readonly offline: boolean;
      /** Path prefix of the workspace folder in the repository ('' at the root). */
      readonly pathPrefix: string;
    }
  /**
   * Nothing to show, and why in plain words. `offerToken`: a token may fix it; `quiet`: not worth
   * a notification (no git, no remote, nothing uploaded yet).
   */
  | { readonly kind: 'problem'; readonly message: string; readonly offerToken: boolean; readonly quiet: boolean; readonly failure?: FetchFailure };

/** The workspace folder's path inside its repository, with `/`, '' at the root (undefined outside it). */
export function pathPrefixOf(root: string, folder: string): string | undefined {
  const relative = path.relative(root, folder);
  if (relative === '') return '';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return `${relative.split(path.sep).join('/')}/`;
}

/**
 * Which Codecov coverage to show for a workspace folder, and its bytes: the repository from the
 * repository setting or the git remote (`origin`, else the only remote); the checked-out commit,
 * else the nearest first parent with coverage (at most 20 back), or a branch's head; the disk
 * cache first (commit data never changes), the server otherwise; when the server cannot be
 * reached, the nearest cached commit, labelled offline.
 */
export async function loadCodecovCoverage(input: CodecovLoadInput): Promise<CodecovLoad> {
  const { git, origin, fetcher, cache, log } = input;
  const pathPrefix = pathPrefixOf(git.root, input.folder);
  if (pathPrefix === undefined) return quiet('The folder is not inside its git repository.');
  const chosen = await chooseRepository(input);
  if ('kind' in chosen) return chosen;
  const { slug } = chosen;
  const fromFailure = (failure: FetchFailure) => failureLoad(failure, chosen);
  const filters = pathPrefix === '' ? {} : { path: pathPrefix };
  const key = (sha: string): CachedResponseKey => ({ origin: origin.origin, slug, sha, path: pathPrefix });
  const found = (sha: string, behind: number, body: CodecovBody, cached: boolean, offline = false): CodecovLoad => ({
    kind: 'found',
    slug,
    sha,
    behind,
    branch: input.branch,
    body,
    cached,
    offline,
    pathPrefix,
  });

  if (input.branch !== undefined) return loadBranch(input, slug, filters, key, found, fromFailure);

  const head = input.from ?? (await git.head());
  if (head === undefined) return quiet('The repository has no commit yet.');
  const atHead = await cache.get(key(head));
  if (atHead !== undefined) {
    log(`Codecov: ${head.slice(0, 7)} from the disk cache`);
    return found(head, 0, atHead.body, true);
  }
  const bodies = new Map<string, { stored: CodecovBody } | { fetched: FetchSuccess }>();
  let repoChecked = false;
  const probe = async (sha: string) => {
    const stored = await cache.get(key(sha));
    if (stored !== undefined) {
      bodies.set(sha, { stored: stored.body });
      return { has: true };
    }
    const outcome = await fetcher.get(reportUrl(origin, slug, { sha }, filters), input.signal);
    if (outcome.kind === 'ok') {
      bodies.set(sha, { fetched: outcome });
      return { has: true };
    }
    if (outcome.kind !== 'notFoundOrPrivate') return { failure: outcome };
    if (!repoChecked) {
      // Codecov answers 404 for a private repository read without a token: ask once whether the repository is there at all.
      repoChecked = true;
      const repo = await fetcher.get(repoUrl(origin, slug), input.signal);
      if (repo.kind !== 'ok') return { failure: repo };
    }
    return { has: false };
  };
  const walk = await nearestCommitWithCoverage(head, (from, count) => git.firstParents(from, count), probe, MAX_WALK_BACK);
  if (walk.kind === 'found') {
    const got = bodies.get(walk.sha) as { stored: CodecovBody } | { fetched: FetchSuccess };
    bodies.clear();
    if ('stored' in got) return found(walk.sha, walk.behind, got.stored, true);
    return found(walk.sha, walk.behind, await storedOrBytes(input, key(walk.sha), got.fetched), false);
  }
  if (walk.kind === 'failed') {
    const failure = walk.failure;
    if (failure.kind === 'offline' || failure.kind === 'proxy' || failure.kind === 'timeout' || failure.kind === 'server' || failure.kind === 'rateLimited') {
      const fallback = await nearestCached(input, head, key);
      if (fallback !== undefined) return found(fallback.sha, fallback.behind, fallback.body, true, true);
    }
    return fromFailure(failure);
  }
  return { kind: 'problem', message: `${noCoverageText(walk.checked)} CI may not have uploaded it yet.`, offerToken: false, quiet: true };
}

/** The repository asked about, where its name came from, and the other remotes' repositories (a fork's upstream). */
interface ChosenRepository {
  readonly slug: RepoSlug;
  /** The remote it came from; undefined when the repository setting named it. */
  readonly remote: GitRemote | undefined;
  readonly otherRemotes: readonly { readonly remote: GitRemote; readonly slug: RepoSlug }[];
}

/** The repository on Codecov: the repository setting, else the git remote's. */
async function chooseRepository(input: CodecovLoadInput): Promise<ChosenRepository | Extract<CodecovLoad, { kind: 'problem' }>> {
  let remoteSlug: RepoSlug | undefined;
  const remotes = await input.git.remotes();
  const remote = chooseRemote(remotes);
  if (remote !== undefined) {
    const parsed = slugFromRemote(remote.url, input.enterpriseHosts);
    if (parsed.ok) remoteSlug = parsed.slug;
    else if (input.repository === undefined) return quiet(`The git remote "${remote.name}" does not name a repository Codecov knows: ${parsed.reason}. Set coverageSentinel.codecov.repository.`);
  }
  if (input.repository !== undefined && !input.repository.ok) return quiet(`The setting coverageSentinel.codecov.repository ${input.repository.reason}.`);
  const slug = chooseSlug(input.repository, remoteSlug);
  if (slug === undefined) return quiet('The repository has no "origin" remote (nor a single remote): set coverageSentinel.codecov.repository to service/owner/repo.');
  const otherRemotes = remotes.flatMap((other) => {
    const parsed = other === remote ? undefined : slugFromRemote(other.url, input.enterpriseHosts);
    return parsed?.ok === true && slugName(parsed.slug) !== slugName(slug) ? [{ remote: other, slug: parsed.slug }] : [];
  });
  return { slug, remote: input.repository === undefined ? remote : undefined, otherRemotes };
}

/** `github/acme/shop`: a repository as the repository setting writes it. */
function slugName(slug: RepoSlug): string {
  return `${slug.service}/${slug.owner}/${slug.repo}`;
}

/** A remote's name for a message, when it is a plain one (a repository's config could hold any text). */
function remoteName(remote: GitRemote): string | undefined {
  return /^[A-Za-z0-9][\w.-]{0,39}$/.test(remote.name) ? `"${remote.name}"` : undefined;
}

/**
 * "Not found" names the repository asked about and where that name came from: a fork's clone
 * asks about the fork, which Codecov may not know, while the coverage is the upstream's.
 * Another remote naming another repository is offered as the setting's value.
 */
function notFoundText(failure: FetchFailure, chosen: ChosenRepository): string {
  const from = chosen.remote === undefined ? 'the setting coverageSentinel.codecov.repository' : `the remote ${remoteName(chosen.remote) ?? 'chosen'}`;
  const other = chosen.otherRemotes[0];
  const hint =
    other === undefined
      ? ''
      : ` If Codecov has it under ${remoteName(other.remote) === undefined ? 'another remote' : `the remote ${remoteName(other.remote)}`}'s name (a fork's upstream), set coverageSentinel.codecov.repository to ${slugName(other.slug)}.`;
  return `Asked Codecov about ${slugName(chosen.slug)} (from ${from}): ${failure.message}${hint}`;
}

/** Codecov's default branch of the repository (its repository endpoint's `branch`), when it names one. */
export async function loadCodecovDefaultBranch(input: CodecovLoadInput): Promise<string | undefined> {
  const chosen = await chooseRepository(input);
  if ('kind' in chosen) return undefined;
  const outcome = await input.fetcher.get(repoUrl(input.origin, chosen.slug), input.signal);
  if (outcome.kind !== 'ok') return undefined;
  try {
    const branch = (JSON.parse(new TextDecoder().decode(outcome.body)) as { branch?: unknown }).branch;
    return typeof branch === 'string' && /^[\w./-]{1,200}$/.test(branch) && !branch.startsWith('-') && !branch.includes('..') ? branch : undefined;
  } catch {
    return undefined;
  }
}

/** A branch's head commit (Codecov's commit list), which the clone must have for its lines to be moved onto today's. */
async function loadBranch(
  input: CodecovLoadInput,
  slug: RepoSlug,
  filters: { path?: string },
  key: (sha: string) => CachedResponseKey,
  found: (sha: string, behind: number, body: CodecovBody, cached: boolean) => CodecovLoad,
  fromFailure: (failure: FetchFailure) => CodecovLoad,
): Promise<CodecovLoad> {
  const { origin, fetcher, cache, git } = input;
  const branch = input.branch as string;
  const list = await fetcher.get(commitsUrl(origin, slug, { branch, pageSize: 1 }), input.signal);
  if (list.kind !== 'ok') return fromFailure(list);
  const sha = firstCommitId(list.body);
  if (sha === undefined) return { kind: 'problem', message: `Codecov has no commit of branch ${branch}.`, offerToken: false, quiet: false };
  if ((await git.resolveCommit(sha)) !== sha) {
    return { kind: 'problem', message: `The head of branch ${branch} on Codecov, commit ${sha.slice(0, 7)}, is not in your clone: fetch it (git fetch) and try again.`, offerToken: false, quiet: false };
  }
  const stored = await cache.get(key(sha));
  if (stored !== undefined) return found(sha, 0, stored.body, true);
  const report = await fetcher.get(reportUrl(origin, slug, { sha }, filters), input.signal);
  if (report.kind !== 'ok') {
    if (report.kind === 'notFoundOrPrivate') return { kind: 'problem', message: `Codecov has no coverage for the head of branch ${branch} (commit ${sha.slice(0, 7)}).`, offerToken: false, quiet: false };
    return fromFailure(report);
  }
  return found(sha, 0, await storedOrBytes(input, key(sha), report), false);
}

/** The nearest first parent of HEAD whose response is on disk. */
async function nearestCached(input: CodecovLoadInput, head: string, key: (sha: string) => CachedResponseKey): Promise<{ sha: string; behind: number; body: CodecovBody } | undefined> {
  const commits = await input.git.firstParents(head, MAX_WALK_BACK + 1);
  for (const [behind, sha] of commits.entries()) {
    const stored = await input.cache.get(key(sha));
    if (stored !== undefined) return { sha, behind, body: stored.body };
  }
  return undefined;
}

/** The commit list's first `commitid`, when it is a commit id (the response is small: one page of one commit). */
function firstCommitId(body: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { results?: unknown };
    const first = Array.isArray(parsed.results) ? (parsed.results[0] as { commitid?: unknown } | undefined) : undefined;
    const sha = first?.commitid;
    return typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

const NOT_CACHED = 'Codecov: the response came from another origin (a redirect): shown, not cached as the configured server\'s';

/**
 * A report response as the worker reads it: from the disk cache when it is the configured
 * server's and could be stored there (written from the chunks it arrived in), else as its bytes.
 */
async function storedOrBytes(input: CodecovLoadInput, key: CachedResponseKey, response: FetchSuccess): Promise<CodecovBody> {
  if (!response.fromConfiguredOrigin) input.log(NOT_CACHED);
  else {
    const stored = await store(input, key, response.chunks ?? response.body);
    if (stored !== undefined) return stored;
  }
  return { kind: 'bytes', bytes: response.body };
}

/** Caches a response of the configured server: where it lies, or undefined when it was not stored (a failure to write is logged, not fatal). */
async function store(input: CodecovLoadInput, key: CachedResponseKey, body: Uint8Array | readonly Uint8Array[]): Promise<CodecovBody | undefined> {
  try {
    return (await input.cache.put(key, body))?.body;
  } catch (error) {
    input.log(`Codecov: could not cache the response (${describe(error)})`);
    return undefined;
  }
}

function failureLoad(failure: FetchFailure, chosen: ChosenRepository): CodecovLoad {
  return {
    kind: 'problem',
    message: failure.kind === 'notFoundOrPrivate' ? notFoundText(failure, chosen) : failure.message,
    offerToken: failure.kind === 'notFoundOrPrivate' || failure.kind === 'unauthorized',
    quiet: failure.kind === 'cancelled',
    failure,
  };
}

function quiet(message: string): Extract<CodecovLoad, { kind: 'problem' }> {
  return { kind: 'problem', message, offerToken: false, quiet: true };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
