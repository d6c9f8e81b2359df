import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as https from 'node:https';
import * as net from 'node:net';
import type { LookupFunction } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ApiOrigin, parseApiOrigin, reportUrl, totalsUrl } from '../../src/core/codecov/apiUrl';
import type { RepoSlug } from '../../src/core/codecov/slug';
import { parseCodecovReport } from '../../src/core/formats/codecov/reportParser';
import { UNKNOWN_HITS } from '../../src/core/model/model';
import { type Clock, CodecovClient, type CodecovClientOptions } from '../../src/host/codecov/client';
import type { FetchOutcome } from '../../src/host/codecov/outcome';
import { nearestCommitWithCoverage } from '../../src/host/codecov/walkBack';
import { CaptureServer, CodecovSimulator, type SimRepo } from '../support/codecovSimulator';
import { createTestAuthority, type TestAuthority } from '../support/testCertificates';
import { HttpsProxyAgent } from 'https-proxy-agent';

const TOKEN = 'a1b2c3d4-0000-4000-8000-SENTINELTOKEN';
const SHA = 'c0ffee0000000000000000000000000000000001';
const OLD = 'c0ffee0000000000000000000000000000000000';

const REPOS: SimRepo[] = [
  {
    service: 'github',
    owner: 'octo',
    repo: 'public-app',
    private: false,
    branch: 'main',
    commits: [
      { sha: SHA, parent: OLD, branch: 'main', files: [{ name: 'src/a.ts', lines: [[1, 0], [2, 1], [3, 2], [4, null], [5, -1]] }] },
      { sha: OLD, branch: 'main' },
    ],
  },
  { service: 'github', owner: 'octo', repo: 'private-app', private: true, branch: 'main', commits: [{ sha: SHA, branch: 'main', files: [{ name: 'lib/b.py', lines: [[10, 1]] }] }] },
  {
    service: 'github',
    owner: 'octo',
    repo: 'walk',
    private: false,
    branch: 'main',
    commits: [
      { sha: 'aaaaaaa2', parent: 'aaaaaaa1', branch: 'main' },
      { sha: 'aaaaaaa1', parent: 'aaaaaaa0', branch: 'main', state: 'error' },
      { sha: 'aaaaaaa0', branch: 'main', files: [{ name: 'a.ts', lines: [[1, 0]] }] },
    ],
  },
  { service: 'gitlab', owner: 'group:sub', repo: 'proj', private: false, branch: 'main', commits: [{ sha: SHA, branch: 'main', files: [{ name: 'x.go', lines: [[7, 0]] }] }] },
];

const publicApp: RepoSlug = { service: 'github', owner: 'octo', repo: 'public-app' };
const privateApp: RepoSlug = { service: 'github', owner: 'octo', repo: 'private-app' };

/** Resolves every name to 127.0.0.1: lookalike hosts reach the local servers, as an attacker's DNS would make them. */
const loopbackLookup = ((_hostname: string, options: unknown, callback: (error: Error | null, address: unknown, family?: number) => void) => {
  if (typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}) as LookupFunction;

/** A clock whose sleeps return at once and are recorded. */
class TestClock implements Clock {
  readonly sleeps: number[] = [];
  time = Date.parse('2024-06-01T12:00:00Z');
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}

function apiOrigin(url: string): ApiOrigin {
  const parsed = parseApiOrigin(url);
  assert.ok(parsed.ok);
  return parsed.origin;
}

describe('Codecov client against the simulator (HTTPS on 127.0.0.1, test CA)', function () {
  this.timeout(60_000);
  let dir: string;
  let trusted: TestAuthority;
  let simulator: CodecovSimulator;
  let capture: CaptureServer;
  let untrusted: CodecovSimulator;
  let origin: ApiOrigin;
  const logLines: string[] = [];
  const outcomes: FetchOutcome[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-codecov-'));
    trusted = createTestAuthority(dir, 'trusted');
    const names = ['localhost', 'api.codecov.test', 'codecov.io.evil.test', 'evilcodecov.io', 'api.codecov.io.evil.test'];
    simulator = await CodecovSimulator.start({ tls: trusted.issue(names), repos: REPOS, tokens: [TOKEN] });
    capture = await CaptureServer.start(trusted.issue(names));
    // A second authority that no client trusts.
    untrusted = await CodecovSimulator.start({ tls: createTestAuthority(dir, 'untrusted').issue(['localhost']), repos: REPOS, tokens: [TOKEN] });
    origin = apiOrigin(simulator.origin());
  });

  after(async () => {
    await Promise.all([simulator.close(), capture.close(), untrusted.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    simulator.reset();
    capture.requests.length = 0;
    untrusted.reset();
  });

  function client(options: Partial<CodecovClientOptions> = {}): { client: CodecovClient; clock: TestClock } {
    const clock = new TestClock();
    let r = 0;
    const randoms = [0.25, 0.75, 0.5];
    const made = new CodecovClient({
      origin,
      ca: trusted.certPem,
      clock,
      random: () => randoms[r++ % randoms.length] as number,
      log: (line) => logLines.push(line),
      timeoutMs: 10_000,
      ...options,
    });
    return { client: made, clock };
  }

  async function get(c: CodecovClient, url: URL, signal?: AbortSignal): Promise<FetchOutcome> {
    const outcome = await c.get(url, signal);
    outcomes.push(outcome);
    return outcome;
  }

  it('a public repository: no token stored, none sent; the body parses to the right marks', async () => {
    const outcome = await get(client().client, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'ok', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'ok');
    const file = parseCodecovReport(outcome.body).files.get('src/a.ts');
    assert.deepEqual(Array.from(file?.lines ?? []), [1, 2, 3]);
    assert.deepEqual(Array.from(file?.hits ?? []), [UNKNOWN_HITS, 0, UNKNOWN_HITS]);
    assert.equal(simulator.requests.length, 1);
    assert.equal(simulator.requests[0]?.headers.authorization, undefined);
    assert.equal(simulator.requests[0]?.url, `/api/v2/github/octo/repos/public-app/report/?sha=${SHA}`);
  });

  it('the body is its own exact-size ArrayBuffer (transferable to the worker), gzip or not', async () => {
    for (const noGzip of [false, true]) {
      simulator.switches.noGzip = noGzip;
      const outcome = await get(client().client, reportUrl(origin, publicApp, { sha: SHA }));
      assert.ok(outcome.kind === 'ok');
      assert.equal(outcome.body.byteOffset, 0);
      assert.equal(outcome.body.buffer.byteLength, outcome.body.length);
      const moved = structuredClone(outcome.body, { transfer: [outcome.body.buffer] });
      assert.equal(outcome.body.length, 0);
      assert.equal((JSON.parse(new TextDecoder().decode(moved)) as { files: { name: string }[] }).files[0]?.name, 'src/a.ts');
    }
  });

  it('a private repository without a token: 404, said as "not found, or a token is needed"', async () => {
    const outcome = await get(client().client, reportUrl(origin, privateApp, { sha: SHA }));
    assert.equal(outcome.kind, 'notFoundOrPrivate');
    assert.match(outcome.message, /private and needs a token.*Set Codecov Token/);
    assert.equal(simulator.requests.length, 1, 'a 404 is not retried');
  });

  it('with the stored token: sent as a bearer token to the configured origin only', async () => {
    const outcome = await get(client({ token: TOKEN }).client, reportUrl(origin, privateApp, { sha: SHA }));
    assert.equal(outcome.kind, 'ok');
    assert.equal(simulator.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
  });

  it('an invalid token: 401 unauthorized, not retried', async () => {
    const outcome = await get(client({ token: 'wrong-token' }).client, reportUrl(origin, privateApp, { sha: SHA }));
    assert.equal(outcome.kind, 'unauthorized');
    assert.equal(simulator.requests.length, 1);
  });

  it('403 is final too', async () => {
    simulator.switches.status = { code: 403, times: 5 };
    assert.equal((await get(client({ token: TOKEN }).client, reportUrl(origin, publicApp, { sha: SHA }))).kind, 'forbidden');
    assert.equal(simulator.requests.length, 1);
  });

  it('a commit without coverage and an unknown commit: notFoundOrPrivate', async () => {
    assert.equal((await get(client().client, reportUrl(origin, publicApp, { sha: OLD }))).kind, 'notFoundOrPrivate');
    assert.equal((await get(client().client, reportUrl(origin, publicApp, { sha: 'deadbeef' }))).kind, 'notFoundOrPrivate');
  });

  it('GitLab subgroups reach the repository through the encoded owner', async () => {
    const outcome = await get(client().client, reportUrl(origin, { service: 'gitlab', owner: 'group:sub', repo: 'proj' }, { sha: SHA }));
    assert.equal(outcome.kind, 'ok');
    assert.equal(simulator.requests[0]?.url.split('?')[0], '/api/v2/gitlab/group%3Asub/repos/proj/report/');
  });

  it('walk-back probes the totals endpoint: 404 means no coverage, and the walk stops at the first covered commit', async () => {
    const c = client().client;
    const walk: RepoSlug = { service: 'github', owner: 'octo', repo: 'walk' };
    const history = ['aaaaaaa3', 'aaaaaaa2', 'aaaaaaa1', 'aaaaaaa0'];
    const result = await nearestCommitWithCoverage(
      'aaaaaaa3',
      (head, count) => Promise.resolve(history.slice(history.indexOf(head), count)),
      async (sha) => {
        const outcome = await get(c, totalsUrl(origin, walk, { sha }));
        if (outcome.kind === 'ok') return { has: true };
        return outcome.kind === 'notFoundOrPrivate' ? { has: false } : { failure: outcome };
      },
    );
    assert.deepEqual(result, { kind: 'found', sha: 'aaaaaaa0', behind: 3 });
    assert.equal(simulator.requests.length, 4);
  });

  it('5xx: at most 3 tries with jittered backoff, then a server failure', async () => {
    simulator.switches.status = { code: 503, times: 100 };
    const { client: c, clock } = client();
    const outcome = await get(c, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'server');
    assert.equal(outcome.status, 503);
    assert.equal(simulator.requests.length, 3);
    // 1 s then 2 s ceilings, half fixed and half random (random 0.25, then 0.75).
    assert.deepEqual(clock.sleeps, [625, 1750]);
  });

  it('a 5xx then success: the second try answers', async () => {
    simulator.switches.status = { code: 502, times: 1 };
    const outcome = await get(client().client, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'ok');
    assert.ok(outcome.kind === 'ok');
    assert.equal(outcome.attempts, 2);
  });

  it('429: Retry-After in seconds is honoured (injected clock)', async () => {
    simulator.switches.status = { code: 429, times: 1, retryAfter: '7' };
    const { client: c, clock } = client();
    const outcome = await get(c, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'ok');
    assert.deepEqual(clock.sleeps, [7000]);
    assert.equal(simulator.requests.length, 2);
  });

  it('429: Retry-After as an HTTP date, relative to the clock', async () => {
    simulator.switches.status = { code: 429, times: 1, retryAfter: 'Sat, 01 Jun 2024 12:00:30 GMT' };
    const { client: c, clock } = client();
    assert.equal((await get(c, reportUrl(origin, publicApp, { sha: SHA }))).kind, 'ok');
    assert.deepEqual(clock.sleeps, [30_000]);
  });

  it('429 asking for longer than the client waits: rateLimited at once, with the wait', async () => {
    simulator.switches.status = { code: 429, times: 5, retryAfter: '3600' };
    const { client: c, clock } = client();
    const outcome = await get(c, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'rateLimited');
    assert.equal(outcome.retryAfterMs, 3_600_000);
    assert.match(outcome.message, /try again in 3600 s/);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(simulator.requests.length, 1);
  });

  it('a slow server: each try times out, 3 tries, then timeout', async () => {
    // Each try gets 1 s, far more than a local request needs to arrive even on a loaded machine;
    // the answer would come 2 s after that.
    simulator.switches.delayMs = 3_000;
    const outcome = await get(client({ timeoutMs: 1_000 }).client, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'timeout');
    assert.equal(simulator.requests.length, 3);
  });

  it('cancelled through an AbortSignal', async () => {
    simulator.switches.delayMs = 2_000;
    const controller = new AbortController();
    const pending = get(client().client, reportUrl(origin, publicApp, { sha: SHA }), controller.signal);
    // Cancel once the server holds the request, as a user who gives up on a slow answer does.
    while (simulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const outcome = await pending;
    assert.equal(outcome.kind, 'cancelled');
    assert.equal(simulator.requests.length, 1);
  });

  it('a cross-origin redirect loses the token: the second server sees no Authorization', async () => {
    simulator.switches.redirectTo = capture.origin();
    const outcome = await get(client({ token: TOKEN }).client, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'ok');
    // The body is the other origin's, and says so: it is never cached as the configured server's data.
    assert.equal(outcome.kind === 'ok' && new URL(outcome.url).origin, capture.origin());
    assert.equal(outcome.kind === 'ok' && outcome.fromConfiguredOrigin, false);
    assert.equal(simulator.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(capture.requests.length, 1);
    assert.equal(capture.requests[0]?.headers.authorization, undefined);
    assert.ok(!JSON.stringify(capture.requests).includes(TOKEN));
  });

  it('a redirect from a named origin to a lookalike host (codecov.io.evil.test) loses the token', async () => {
    const named = apiOrigin(simulator.origin('api.codecov.test'));
    simulator.switches.redirectTo = capture.origin('codecov.io.evil.test');
    const outcome = await get(client({ origin: named, token: TOKEN, lookup: loopbackLookup }).client, reportUrl(named, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'ok');
    assert.equal(simulator.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(capture.requests[0]?.headers.host, `codecov.io.evil.test:${capture.port}`);
    assert.equal(capture.requests[0]?.headers.authorization, undefined);
  });

  it('a redirect within the origin keeps the token', async () => {
    simulator.switches.redirectTo = simulator.origin();
    const outcome = await get(client({ token: TOKEN, maxRedirects: 2 }).client, reportUrl(origin, publicApp, { sha: SHA }));
    // The simulator redirects every request, so the third hop is one too many.
    assert.equal(outcome.kind, 'tooManyRedirects');
    assert.equal(simulator.requests.length, 3);
    for (const request of simulator.requests) assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
  });

  it('a redirect that ends within the origin: the answer is the configured server’s', async () => {
    simulator.switches = { redirectTo: simulator.origin(), redirectOnce: true };
    const outcome = await get(client({ token: TOKEN }).client, reportUrl(origin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'ok');
    assert.equal(outcome.kind === 'ok' && outcome.fromConfiguredOrigin, true);
    assert.equal(outcome.kind === 'ok' && new URL(outcome.url).searchParams.get('hop'), '1');
  });

  it('a redirect to http: is refused', async () => {
    simulator.switches.redirectTo = `http://127.0.0.1:${capture.port}`;
    assert.equal((await get(client({ token: TOKEN }).client, reportUrl(origin, publicApp, { sha: SHA }))).kind, 'refused');
    assert.equal(capture.requests.length, 0);
  });

  it('lookalike and other origins are never contacted: nothing reaches the capture server', async () => {
    const named = apiOrigin(simulator.origin('api.codecov.test'));
    const { client: c } = client({ origin: named, token: TOKEN, lookup: loopbackLookup });
    for (const host of ['codecov.io.evil.test', 'evilcodecov.io', 'api.codecov.io.evil.test', 'api.codecov.test.', '127.0.0.1', 'localhost']) {
      const lookalike = new URL(reportUrl(named, publicApp, { sha: SHA }).href.replace(`api.codecov.test:${simulator.port}`, `${host}:${capture.port}`));
      const outcome = await get(c, lookalike);
      assert.equal(outcome.kind, 'refused', host);
    }
    const userinfo = new URL(`https://api.codecov.test:${simulator.port}@codecov.io.evil.test:${capture.port}/api/v2/`);
    assert.equal((await get(c, userinfo)).kind, 'refused');
    assert.equal(capture.requests.length, 0);
    assert.equal(simulator.requests.length, 0);
  });

  it('a response past the size cap is abandoned: streamed, declared, or a gzip bomb', async () => {
    const cap = 1024 * 1024;
    for (const switches of [{ oversizeBytes: 4 * cap }, { oversizeBytes: 4 * cap, declareLength: true }, { gzipBombBytes: 64 * cap }]) {
      simulator.reset();
      simulator.switches = switches;
      const outcome = await get(client({ maxResponseBytes: cap }).client, reportUrl(origin, publicApp, { sha: SHA }));
      assert.equal(outcome.kind, 'tooLarge', JSON.stringify(switches));
      assert.match(outcome.message, /larger than 1 MiB/);
      assert.equal(simulator.requests.length, 1, 'not retried');
    }
  });

  it('an untrusted certificate fails with a clear, typed error and is not retried', async () => {
    const untrustedOrigin = apiOrigin(untrusted.origin());
    const outcome = await get(client({ origin: untrustedOrigin, token: TOKEN }).client, reportUrl(untrustedOrigin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'badCertificate');
    assert.match(outcome.message, /certificate of 127\.0\.0\.1 is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\).*NODE_EXTRA_CA_CERTS/);
    assert.equal(outcome.attempts, 1);
    assert.equal(untrusted.requests.length, 0, 'the request never got past TLS');
  });

  it('without the test CA, even the simulator is untrusted: verification is never off', async () => {
    const clientWithoutCa = new CodecovClient({ origin, token: TOKEN, log: (line) => logLines.push(line) });
    const outcome = await clientWithoutCa.get(reportUrl(origin, publicApp, { sha: SHA }));
    outcomes.push(outcome);
    assert.equal(outcome.kind, 'badCertificate');
    assert.equal(simulator.requests.length, 0);
  });

  it("NODE_TLS_REJECT_UNAUTHORIZED=0 (a dev container's remoteEnv can set it) does not turn verification off: the token never reaches an untrusted server", async () => {
    const before = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    const warnings = process.listeners('warning');
    process.removeAllListeners('warning'); // node warns once that the variable makes TLS insecure
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    try {
      const untrustedOrigin = apiOrigin(untrusted.origin());
      const outcome = await get(client({ origin: untrustedOrigin, token: TOKEN }).client, reportUrl(untrustedOrigin, privateApp, { sha: SHA }));
      assert.equal(outcome.kind, 'badCertificate');
      assert.equal(untrusted.requests.length, 0, 'the request never got past TLS');
    } finally {
      if (before === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = before;
      for (const listener of warnings) process.on('warning', listener);
    }
  });

  it('behind a proxy (https.request patched with a proxy agent, as VS Code does): a tunnel works; a refused tunnel is the proxy\'s answer, not Codecov\'s', async () => {
    const refuseWith: { status?: number } = {};
    const proxy = http.createServer((_request, response) => response.writeHead(502).end());
    const tunnels = new Set<net.Socket>();
    proxy.on('connect', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      tunnels.add(socket);
      socket.on('error', () => undefined);
      if (refuseWith.status !== undefined) {
        socket.end(`HTTP/1.1 ${refuseWith.status} Refused\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      const [, port] = (request.url ?? '').split(':');
      const upstream = net.connect(Number(port), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
    const agent = new HttpsProxyAgent(`http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`);
    // The module itself, as VS Code patches it (the import's namespace object is read-only).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const httpsModule = require('node:https') as { request: typeof https.request };
    const original = httpsModule.request;
    httpsModule.request = ((options: https.RequestOptions, callback: (response: http.IncomingMessage) => void) => original({ ...options, agent }, callback)) as typeof https.request;
    try {
      const tunnelled = await get(client({ token: TOKEN }).client, reportUrl(origin, privateApp, { sha: SHA }));
      assert.equal(tunnelled.kind, 'ok', JSON.stringify(tunnelled));
      for (const status of [403, 407]) {
        refuseWith.status = status;
        simulator.reset();
        const refused = await get(client({ token: TOKEN }).client, reportUrl(origin, privateApp, { sha: SHA }));
        assert.deepEqual([refused.kind, refused.status, refused.attempts], ['proxy', status, 1]);
        assert.ok(refused.kind !== 'ok');
        assert.match(refused.message, /^The proxy answered instead of 127\.0\.0\.1 \(\d+.*\): check VS Code's http\.proxy setting/);
        assert.doesNotMatch(refused.message, /token/);
        assert.equal(simulator.requests.length, 0);
      }
    } finally {
      httpsModule.request = original;
      agent.destroy();
      for (const tunnel of tunnels) tunnel.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('a server that is not there: offline, said in plain words', async () => {
    const closed = await CaptureServer.start(trusted.issue(['localhost']));
    const closedOrigin = apiOrigin(closed.origin());
    await closed.close();
    const outcome = await get(client({ origin: closedOrigin }).client, reportUrl(closedOrigin, publicApp, { sha: SHA }));
    assert.equal(outcome.kind, 'offline');
    assert.match(outcome.message, /Could not reach 127\.0\.0\.1/);
  });

  it('the token appears in no log line and no outcome', () => {
    assert.ok(logLines.length > 20, `only ${logLines.length} log lines`);
    assert.ok(logLines.some((line) => line.includes('(with token)')));
    for (const line of logLines) assert.ok(!line.includes(TOKEN) && !line.includes('SENTINELTOKEN'), line);
    for (const outcome of outcomes) {
      const text = JSON.stringify(outcome.kind === 'ok' ? { ...outcome, body: undefined } : outcome);
      assert.ok(!text.includes('SENTINELTOKEN'), text);
    }
  });
});
