import * as assert from 'node:assert/strict';
import { parseApiOrigin } from '../../src/core/codecov/apiUrl';
import { parseRepositorySetting } from '../../src/host/codecov/codecovSettings';
import { type CodecovCacheStore, type CodecovGit, loadCodecovCoverage, pathPrefixOf } from '../../src/host/codecov/codecovLoader';
import { failureMessage, type FetchFailureKind, type FetchOutcome } from '../../src/host/codecov/outcome';
import type { CachedResponseKey } from '../../src/host/codecov/responseCache';

const origin = (() => {
  const parsed = parseApiOrigin('https://api.codecov.io');
  assert.ok(parsed.ok);
  return parsed.origin;
})();
const sha = (n: number) => n.toString(16).padStart(40, 'a');
const history = Array.from({ length: 30 }, (_, i) => sha(i));

function git(remotes = [{ name: 'origin', url: 'git@github.com:acme/shop.git' }], root = '/repo'): CodecovGit {
  return {
    root,
    remotes: () => Promise.resolve(remotes),
    head: () => Promise.resolve(history[0]),
    firstParents: (from, max) => Promise.resolve(history.slice(history.indexOf(from), history.indexOf(from) + max)),
    resolveCommit: (ref) => Promise.resolve(history.includes(ref) ? ref : undefined),
  };
}

function memoryCache(): CodecovCacheStore & { keys: string[] } {
  const stored = new Map<string, Uint8Array<ArrayBuffer>>();
  const text = (key: CachedResponseKey) => JSON.stringify([key.origin, key.slug, key.sha, key.path]);
  return {
    keys: [],
    get: (key) => {
      const bytes = stored.get(text(key));
      return Promise.resolve(bytes === undefined ? undefined : { body: { kind: 'bytes', bytes } });
    },
    put(key, body) {
      this.keys.push(key.sha);
      const bytes = new Uint8Array(body instanceof Uint8Array ? body : Buffer.concat(body));
      stored.set(text(key), bytes);
      return Promise.resolve({ body: { kind: 'bytes', bytes } });
    },
  };
}

const fail = (kind: FetchFailureKind): FetchOutcome => ({ kind, attempts: 1, message: failureMessage(kind, { host: 'api.codecov.io', hadToken: false }) });
const ok = (text: string, fromConfiguredOrigin = true): FetchOutcome => ({ kind: 'ok', status: 200, body: new TextEncoder().encode(text), url: '', fromConfiguredOrigin, attempts: 1 });

/** A server with coverage for the given commits; records every URL asked. */
function server(covered: ReadonlySet<string>, options: { repoMissing?: boolean; down?: FetchFailureKind } = {}) {
  const asked: string[] = [];
  return {
    asked,
    get: (url: URL): Promise<FetchOutcome> => {
      asked.push(`${url.pathname}${url.search}`);
      if (options.down !== undefined) return Promise.resolve(fail(options.down));
      if (url.pathname.endsWith('/shop/')) return Promise.resolve(options.repoMissing === true ? fail('notFoundOrPrivate') : ok('{}'));
      const at = url.searchParams.get('sha') ?? '';
      return Promise.resolve(covered.has(at) ? ok(`report of ${at}`) : fail('notFoundOrPrivate'));
    },
  };
}

const base = { folder: '/repo', origin, repository: undefined, enterpriseHosts: new Map(), log: () => undefined };

describe('which Codecov coverage to show (host decision, git and network faked)', () => {
  it('shows HEAD when Codecov has it, asking for the folder’s path prefix in a monorepo', async () => {
    const fetcher = server(new Set([history[0] as string]));
    const result = await loadCodecovCoverage({ ...base, folder: '/repo/packages/app', git: git(), fetcher, cache: memoryCache() });
    assert.equal(result.kind, 'found');
    if (result.kind !== 'found') return;
    assert.deepEqual([result.sha, result.behind, result.cached, result.pathPrefix], [history[0], 0, false, 'packages/app/']);
    assert.deepEqual(result.slug, { service: 'github', owner: 'acme', repo: 'shop' });
    assert.deepEqual(fetcher.asked, [`/api/v2/github/acme/repos/shop/report/?sha=${history[0]}&path=packages%2Fapp%2F`]);
  });

  it('walks back along first parents to the nearest commit with coverage, checking the repository once', async () => {
    const fetcher = server(new Set([history[3] as string, history[5] as string]));
    const cache = memoryCache();
    const result = await loadCodecovCoverage({ ...base, git: git(), fetcher, cache });
    assert.equal(result.kind === 'found' && result.behind, 3);
    assert.equal(fetcher.asked.filter((url) => url.endsWith('/shop/')).length, 1);
    assert.deepEqual(cache.keys, [history[3]]);
  });

  it('stops at 20 commits behind and says so', async () => {
    const fetcher = server(new Set([history[21] as string]));
    const result = await loadCodecovCoverage({ ...base, git: git(), fetcher, cache: memoryCache() });
    assert.equal(result.kind, 'problem');
    if (result.kind === 'problem') assert.match(result.message, /no coverage for HEAD or the 20 commits before it/);
    assert.equal(fetcher.asked.filter((url) => url.includes('report')).length, 21);
  });

  it('a private repository read without a token: "not found, or a token is needed", with the offer, after one commit', async () => {
    const fetcher = server(new Set(), { repoMissing: true });
    const result = await loadCodecovCoverage({ ...base, git: git(), fetcher, cache: memoryCache() });
    assert.equal(result.kind, 'problem');
    if (result.kind !== 'problem') return;
    assert.equal(result.offerToken, true);
    assert.match(result.message, /private and needs a token/);
    assert.equal(fetcher.asked.length, 2);
  });

  it('a fork’s clone: "not found" names the repository asked about and its remote, and offers the upstream remote’s repository', async () => {
    const remotes = [
      { name: 'origin', url: 'git@github.com:me/shop.git' },
      { name: 'upstream', url: 'https://github.com/acme/shop.git' },
    ];
    const fetcher = server(new Set([history[0] as string]), { repoMissing: true });
    const result = await loadCodecovCoverage({ ...base, git: git(remotes), fetcher: { get: (url) => (url.pathname.includes('/me/') ? Promise.resolve(fail('notFoundOrPrivate')) : fetcher.get(url)) }, cache: memoryCache() });
    assert.equal(result.kind, 'problem');
    if (result.kind !== 'problem') return;
    assert.match(result.message, /^Asked Codecov about github\/me\/shop \(from the remote "origin"\): Codecov found no such repository/);
    assert.match(result.message, /the remote "upstream".*set coverageSentinel\.codecov\.repository to github\/acme\/shop\.$/);
    const named = await loadCodecovCoverage({ ...base, repository: parseRepositorySetting('github/acme/gone'), git: git(remotes), fetcher: server(new Set(), { repoMissing: true }), cache: memoryCache() });
    assert.match(named.kind === 'problem' ? named.message : '', /^Asked Codecov about github\/acme\/gone \(from the setting coverageSentinel\.codecov\.repository\)/);
    const hostile = [{ name: 'origin', url: 'git@github.com:me/shop.git' }, { name: '[click](https://evil.test)', url: 'git@github.com:acme/shop.git' }];
    const quietName = await loadCodecovCoverage({ ...base, git: git(hostile), fetcher: server(new Set(), { repoMissing: true }), cache: memoryCache() });
    assert.doesNotMatch(quietName.kind === 'problem' ? quietName.message : '', /evil|click/);
  });

  it('uses the disk cache for HEAD without asking the server, and the nearest cached commit when offline', async () => {
    const cache = memoryCache();
    await loadCodecovCoverage({ ...base, git: git(), fetcher: server(new Set([history[2] as string])), cache });
    const offline = server(new Set(), { down: 'offline' });
    const result = await loadCodecovCoverage({ ...base, git: git(), fetcher: offline, cache });
    assert.equal(result.kind, 'found');
    if (result.kind === 'found') assert.deepEqual([result.sha, result.behind, result.cached, result.offline], [history[2], 2, true, true]);
    await cache.put({ origin: origin.origin, slug: { service: 'github', owner: 'acme', repo: 'shop' }, sha: history[0] as string, path: '' }, new Uint8Array(1));
    const never = server(new Set(), { down: 'offline' });
    const atHead = await loadCodecovCoverage({ ...base, git: git(), fetcher: never, cache });
    assert.equal(atHead.kind === 'found' && atHead.cached && !atHead.offline, true);
    assert.deepEqual(never.asked, []);
  });

  it('an unauthorized token stops the walk with the plain message and the offer', async () => {
    const result = await loadCodecovCoverage({ ...base, git: git(), fetcher: server(new Set(), { down: 'unauthorized' }), cache: memoryCache() });
    assert.equal(result.kind === 'problem' && result.offerToken, true);
    if (result.kind === 'problem') assert.match(result.message, /did not accept the token \(401\)/);
  });

  it('no remote, an unknown host or a bad repository setting is a quiet message, and nothing is asked', async () => {
    for (const [remotes, repository] of [
      [[], undefined],
      [[{ name: 'origin', url: 'https://codecov.io.evil.test/a/b.git' }], undefined],
      [[{ name: 'origin', url: 'git@github.com:acme/shop.git' }], parseRepositorySetting('a/../x')],
    ] as const) {
      const fetcher = server(new Set(history));
      const result = await loadCodecovCoverage({ ...base, repository, git: git([...remotes]), fetcher, cache: memoryCache() });
      assert.equal(result.kind === 'problem' && result.quiet, true);
      assert.deepEqual(fetcher.asked, []);
    }
  });

  it('the repository setting overrides the remote', async () => {
    const fetcher = server(new Set([history[0] as string]));
    await loadCodecovCoverage({ ...base, repository: parseRepositorySetting('gitlab/team:web/shop'), git: git(), fetcher, cache: memoryCache() });
    assert.match(fetcher.asked[0] ?? '', /^\/api\/v2\/gitlab\/team%3Aweb\/repos\/shop\/report\//);
  });

  it('a branch: its head from Codecov’s commit list, only when the clone has it', async () => {
    const list = (commit: string): FetchOutcome => ok(JSON.stringify({ results: [{ commitid: commit }] }));
    const fetcher = (commit: string) => ({ get: (url: URL) => Promise.resolve(url.pathname.endsWith('/commits/') ? list(commit) : ok('report')) });
    const shown = await loadCodecovCoverage({ ...base, branch: 'main', git: git(), fetcher: fetcher(history[4] as string), cache: memoryCache() });
    assert.equal(shown.kind === 'found' && shown.sha, history[4]);
    const missing = await loadCodecovCoverage({ ...base, branch: 'main', git: git(), fetcher: fetcher('f'.repeat(40)), cache: memoryCache() });
    assert.equal(missing.kind, 'problem');
    if (missing.kind === 'problem') assert.match(missing.message, /not in your clone: fetch it/);
  });

  it('a branch Codecov has no commit of is named: a second mistyped branch is a new warning, not the first one’s words again', async () => {
    const none = { get: () => Promise.resolve(ok(JSON.stringify({ results: [] }))) };
    const messages: string[] = [];
    for (const branch of ['develop', 'devel']) {
      const load = await loadCodecovCoverage({ ...base, branch, git: git(), fetcher: none, cache: memoryCache() });
      assert.equal(load.kind, 'problem');
      if (load.kind === 'problem') messages.push(load.message);
    }
    assert.deepEqual(messages, ['Codecov has no commit of branch develop.', 'Codecov has no commit of branch devel.']);
  });

  it('a response that came from another origin (a redirect) is shown but never cached as the configured server’s', async () => {
    const cache = memoryCache();
    const lines: string[] = [];
    const redirected = { get: (url: URL) => Promise.resolve(url.pathname.endsWith('/commits/') ? ok(JSON.stringify({ results: [{ commitid: history[1] }] })) : ok('from elsewhere', false)) };
    const atHead = await loadCodecovCoverage({ ...base, log: (line) => lines.push(line), git: git(), fetcher: redirected, cache });
    assert.equal(atHead.kind === 'found' && !atHead.cached && atHead.body.kind === 'bytes' && new TextDecoder().decode(atHead.body.bytes), 'from elsewhere');
    const branch = await loadCodecovCoverage({ ...base, branch: 'main', git: git(), fetcher: redirected, cache });
    assert.equal(branch.kind === 'found' && branch.sha, history[1]);
    assert.deepEqual(cache.keys, []);
    assert.ok(lines.some((line) => /another origin.*not cached/.test(line)), lines.join('\n'));
    // The configured server's own answer is cached as before.
    await loadCodecovCoverage({ ...base, git: git(), fetcher: server(new Set([history[0] as string])), cache });
    assert.deepEqual(cache.keys, [history[0]]);
  });

  it('a report response is cached from the chunks it arrived in: the host never joins it (HEAD, walked back, a branch)', async () => {
    const report = new TextEncoder().encode('{"files":[]}');
    const chunked = (): FetchOutcome => ({
      kind: 'ok',
      status: 200,
      get body(): Uint8Array<ArrayBuffer> {
        throw new Error('the body was joined in the host');
      },
      chunks: [report.subarray(0, 5), report.subarray(5)],
      url: '',
      fromConfiguredOrigin: true,
      attempts: 1,
    });
    const list = ok(JSON.stringify({ results: [{ commitid: history[2] }] }));
    const reports = (covered: string) => ({
      get: (url: URL) => Promise.resolve(url.pathname.endsWith('/commits/') ? list : url.pathname.endsWith('/shop/') ? ok('{}') : url.searchParams.get('sha') === covered ? chunked() : fail('notFoundOrPrivate')),
    });
    for (const [covered, branch] of [[history[0], undefined], [history[1], undefined], [history[2], 'main']] as const) {
      const cache = memoryCache();
      const load = await loadCodecovCoverage({ ...base, ...(branch === undefined ? {} : { branch }), git: git(), fetcher: reports(covered as string), cache });
      assert.equal(load.kind, 'found', `${String(covered)} ${String(branch)}`);
      if (load.kind !== 'found' || load.body.kind !== 'bytes') return;
      assert.equal(new TextDecoder().decode(load.body.bytes), '{"files":[]}');
      assert.deepEqual(cache.keys, [covered]);
    }
  });

  it('path prefixes', () => {
    assert.equal(pathPrefixOf('/repo', '/repo'), '');
    assert.equal(pathPrefixOf('/repo', '/repo/a/b'), 'a/b/');
    assert.equal(pathPrefixOf('/repo', '/other'), undefined);
  });
});
