import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CodecovSimulator, type SimCommit } from '../support/codecovSimulator';
import { createTestAuthority } from '../support/testCertificates';
import { typeIntoInputBox } from '../support/userInput';
import { resetWorkspace } from './baseline';
import { codecovConfig, commitAll, git, logFiles, makeRepository, openRepository, removeRepository, startSimulator, trustedAuthority } from './codecovWorkspace';
import { eventually, HANG_GUARD_MS, openEditor, plainMarkdown, sentinel } from './helpers';

const NAME = 'codecov-newcomer';
const SOURCE = ['const a = 1;', 'const b = 2;', 'const c = 3;', ''].join('\n');
const TOKEN = `sentinel-${randomBytes(16).toString('hex')}`;
const SET_TOKEN = 'coverageSentinel.codecov.setToken';
const CLEAR_TOKEN = 'coverageSentinel.codecov.clearToken';
/**
 * Names only the proxy resolves (to 127.0.0.1): VS Code sends 127.0.0.1 and localhost directly
 * whatever http.proxy says, so a server the proxy must carry has a name of its own.
 */
const PROXIED = '.proxied.test';

/** A forward proxy on 127.0.0.1 as corporate networks have: CONNECT tunnels, every request line and header recorded. */
class ConnectProxy {
  readonly seen: { method: string; target: string; headers: http.IncomingHttpHeaders }[] = [];
  /** Answer every CONNECT with this status instead of tunnelling. */
  refuseWith: number | undefined;
  private readonly sockets = new Set<net.Socket>();
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ConnectProxy> {
    const server = http.createServer();
    const proxy = new ConnectProxy(server);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      proxy.seen.push({ method: request.method ?? '', target: request.url ?? '', headers: { ...request.headers } });
      response.writeHead(502).end();
    });
    server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      proxy.seen.push({ method: 'CONNECT', target: request.url ?? '', headers: { ...request.headers } });
      proxy.sockets.add(client);
      client.on('error', () => undefined);
      if (proxy.refuseWith !== undefined) {
        client.end(`HTTP/1.1 ${proxy.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      const [host, port] = (request.url ?? '').split(':');
      // The test's names resolve here, in the proxy, as a company proxy resolves names the client cannot.
      const upstream = net.connect(Number(port), host?.endsWith(PROXIED) === true ? '127.0.0.1' : (host), () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      proxy.sockets.add(upstream);
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Codecov as a new user meets it: a private repository, tokens typed wrong before the right one,
 * then a company network where VS Code's `http.proxy` points at a CONNECT proxy.
 */
describe('Codecov for a new user: token mistakes and a proxy (simulator over HTTPS, real git)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  /** The server behind the proxy, under a name only the proxy resolves. */
  let proxied: CodecovSimulator | undefined;
  let proxy: ConnectProxy;
  let repo: string;
  let file: vscode.Uri;
  const commits: SimCommit[] = [];
  const repository = { service: 'github', owner: 'acme', repo: 'newcomer', private: true, branch: 'main', commits } as const;

  function newCommit(message: string): string {
    const parent = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'commit', '-q', '--allow-empty', '-m', message);
    const sha = git(repo, 'rev-parse', 'HEAD');
    commits.unshift({ sha, parent, branch: 'main', files: [{ name: 'src/app.js', lines: [[1, 0], [2, 1]] }] });
    return sha;
  }

  async function refresh(): Promise<void> {
    const api = await sentinel();
    await api.refreshCodecov();
    await api.whenIdle();
  }

  async function setToken(token: string): Promise<void> {
    const command = vscode.commands.executeCommand(SET_TOKEN);
    typeIntoInputBox(token);
    await command;
  }

  const httpConfig = () => vscode.workspace.getConfiguration('http');

  before(async () => {
    await resetWorkspace();
    repo = makeRepository(NAME, 'https://github.com/acme/newcomer.git', { 'src/app.js': SOURCE });
    commits.push({ sha: commitAll(repo, 'first'), branch: 'main', files: [{ name: 'src/app.js', lines: [[1, 0], [2, 0], [3, 1]] }] });
    file = vscode.Uri.file(path.join(repo, 'src', 'app.js'));
    simulator = await startSimulator([repository], [TOKEN]);
    proxy = await ConnectProxy.start();
    await openRepository(repo, NAME, { enable: true });
    await openEditor(file);
  });

  after(async () => {
    await httpConfig().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(CLEAR_TOKEN);
    await codecovConfig().update('url', simulator.origin(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(CLEAR_TOKEN);
    await proxy.close();
    await proxied?.close();
    await removeRepository(repo, simulator);
  });

  it('a wrong token, then another wrong one: each is answered with the 401 warning once; the right one then shows the marks', async () => {
    const api = await sentinel();
    await refresh();
    await eventually(api, () => (api.codecov().warnings.some((w) => /needs a token/.test(w)) ? true : undefined), 'the warning offering a token');
    // Counted from here: other files of the suite may have shown a 401 warning for their own server.
    const before = api.codecov().warnings.length;
    const unauthorized = () => api.codecov().warnings.slice(before).filter((w) => /did not accept the token \(401\)/.test(w)).length;
    // Set Token schedules the refresh before it returns and waiting until idle includes that refresh:
    // no polling, and an exact count (a stale refresh or a late secrets event must not add one).
    await setToken(`wrong-${randomBytes(8).toString('hex')}`);
    await api.whenIdle();
    assert.equal(unauthorized(), 1, 'the 401 warning for the first wrong token');
    await setToken(`wrong-${randomBytes(8).toString('hex')}`);
    await api.whenIdle();
    assert.equal(unauthorized(), 2, 'the 401 warning again for the second wrong token');
    await refresh();
    assert.equal(unauthorized(), 2, 'a refresh with the same wrong token says nothing new');
    await setToken(TOKEN);
    const marks = await eventually(api, () => api.decorations(file), 'the marks with the right token', 60_000);
    assert.deepEqual([marks.covered, marks.uncovered], [[1, 2], [3]]);
  });

  it('with http.proxy set, the request goes through the proxy as a CONNECT tunnel: the token reaches the server, never the proxy', async () => {
    const api = await sentinel();
    const host = `codecov${PROXIED}`;
    proxied = await CodecovSimulator.start({ tls: trustedAuthority().issue([host]), tokens: [TOKEN], repos: [repository] });
    await codecovConfig().update('url', proxied.origin(host), vscode.ConfigurationTarget.Global);
    // The token is kept per server: this one needs its own.
    await setToken(TOKEN);
    await httpConfig().update('proxy', proxy.url(), vscode.ConfigurationTarget.Global);
    const sha = newCommit('through the proxy');
    proxy.seen.length = 0;
    await refresh();
    await eventually(api, () => (api.codecov().reports[0]?.sha === sha ? true : undefined), 'the commit fetched through the proxy', 60_000);
    assert.ok(
      proxy.seen.some((s) => s.method === 'CONNECT' && s.target === `${host}:${proxied?.port}`),
      `a CONNECT to the server: ${JSON.stringify(proxy.seen.map((s) => `${s.method} ${s.target}`))}`,
    );
    assert.ok(proxied.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`), 'the token reached the server inside the tunnel');
    assert.deepEqual(proxy.seen.filter((s) => JSON.stringify(s).includes(TOKEN)), [], 'the proxy saw no token');
  });

  it('through the proxy, a server no trusted authority signed still fails its certificate check; nothing reaches it', async () => {
    const api = await sentinel();
    const host = `rogue${PROXIED}`;
    const rogueDir = mkdtempSync(path.join(tmpdir(), 'sentinel-proxy-rogue-'));
    const rogue = await CodecovSimulator.start({ tls: createTestAuthority(rogueDir, 'rogue').issue([host]), tokens: [TOKEN], repos: [repository] });
    try {
      newCommit('rogue behind the proxy');
      proxy.seen.length = 0;
      await codecovConfig().update('url', rogue.origin(host), vscode.ConfigurationTarget.Global);
      await refresh();
      const message = await eventually(api, () => (/certificate/.test(api.statusBar().tooltip ?? '') ? plainMarkdown(api.statusBar().tooltip ?? '') : undefined), 'the certificate message');
      assert.match(message, /The certificate of rogue\.proxied\.test is not trusted/);
      assert.ok(proxy.seen.some((s) => s.method === 'CONNECT' && s.target === `${host}:${rogue.port}`), 'the tunnel was asked for');
      assert.equal(rogue.requests.length, 0, 'no request got past the TLS handshake');
    } finally {
      await codecovConfig().update('url', proxied?.origin(`codecov${PROXIED}`), vscode.ConfigurationTarget.Global);
      await rogue.close();
      rmSync(rogueDir, { recursive: true, force: true });
    }
  });

  it('a proxy that refuses the tunnel (403): the cached copy as when offline, the log names the proxy, not Codecov refusing the token; the token in no message or log', async () => {
    const api = await sentinel();
    newCommit('proxy refuses');
    proxy.refuseWith = 403;
    try {
      await refresh();
      // Like a network that is down: the nearest cached commit, labelled so; the log names the proxy.
      await eventually(api, () => (api.codecov().reports[0]?.offline === true ? true : undefined), 'the cached copy while the proxy refuses', 60_000);
      const lines = await eventually(api, () => {
        const found = logFiles().flatMap((f) => f.text.split('\n').filter((l) => l.includes('The proxy answered instead of')));
        return found.length > 0 ? found : undefined;
      }, 'the log line naming the proxy');
      const message = lines[0] as string;
      assert.match(message, /The proxy answered instead of codecov\.proxied\.test \(403\): check VS Code's http\.proxy setting/);
      assert.ok(!api.codecov().warnings.some((w) => /refused access \(403\)/.test(w)), 'not blamed on the token');
      assert.doesNotMatch(message, /\bat .*:\d+:\d+|Error:/, 'no stack trace');
      const shown = [message, ...api.codecov().warnings, ...api.notifications(), api.statusBar().text ?? ''];
      assert.deepEqual(shown.filter((text) => text.includes(TOKEN)), []);
      assert.deepEqual(logFiles().filter((f) => f.text.includes(TOKEN)).map((f) => f.file), []);
    } finally {
      proxy.refuseWith = undefined;
    }
  });
});
