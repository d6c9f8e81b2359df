import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CaptureServer, CodecovSimulator, type RecordedRequest, type ServerTls, type SimCommit, type SimStatus } from '../support/codecovSimulator';
import { createTestAuthority } from '../support/testCertificates';
import { typeIntoInputBox } from '../support/userInput';
import { resetWorkspace } from './baseline';
import { codecovConfig, commitAll, git, logFiles, makeRepository, openRepository, startSimulator, trustedAuthority } from './codecovWorkspace';
import { eventually, HANG_GUARD_MS, openEditor, plainMarkdown, sentinel } from './helpers';

const NAME = 'codecov-vault';
const SOURCE = ['const a = 1;', 'const b = 2;', 'const c = 3;', 'const d = 4;', ''].join('\n');
/** A fresh token per run: printable, no spaces, long enough that no other text holds it by chance. */
const TOKEN = `sentinel-${randomBytes(16).toString('hex')}`;
const SET_TOKEN = 'coverageSentinel.codecov.setToken';
const CLEAR_TOKEN = 'coverageSentinel.codecov.clearToken';

const authorizationOf = (request: RecordedRequest): string | undefined => request.headers.authorization;
const shaOf = (request: RecordedRequest): string | null => new URL(request.url, 'https://x').searchParams.get('sha');
/** Requests for a commit's report: the comparison also asks for the repository (its default branch), which names no commit. */
const reportRequests = (requests: readonly RecordedRequest[]): RecordedRequest[] => requests.filter((request) => shaOf(request) !== null);
/** Distinct values in first-seen order: a moved HEAD schedules a refresh of its own beside the test's, which may ask again. */
const distinct = <T>(values: readonly T[]): T[] => [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];

/**
 * The promises of SECURITY.md that touch the network and the token, in a real VS Code against
 * the Codecov simulator: the token set through the real command's input box goes to the
 * configured origin only, never across a redirect to another origin, never where a repository's
 * settings point, never into a log; an untrusted certificate fails in plain words; the disk cache
 * serves when the server is gone. A private repository, so that marks appear only when the token
 * was sent. Each step that must reach the server makes a new commit (cached commits are not asked
 * for again).
 */
describe('Codecov security in a real VS Code (token, redirects, workspace settings, certificates, cache)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let tls: ServerTls;
  let simulator: CodecovSimulator;
  let capture: CaptureServer;
  let repo: string;
  let file: vscode.Uri;
  const commits: SimCommit[] = [];
  /** The commit whose coverage came through a same-origin redirect: the offline test reads it from the cache. */
  let within = '';

  /** A new commit (no change to the file) whose coverage the simulator has: these lines of src/vault.js. */
  function newCommit(lines: readonly (readonly [number, SimStatus])[] | undefined, message: string): string {
    const parent = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'commit', '-q', '--allow-empty', '-m', message);
    const sha = git(repo, 'rev-parse', 'HEAD');
    commits.unshift({ sha, parent, branch: 'main', ...(lines === undefined ? {} : { files: [{ name: 'src/vault.js', lines }] }) });
    return sha;
  }

  async function refresh(): Promise<void> {
    const api = await sentinel();
    await api.refreshCodecov();
    await api.whenIdle();
  }

  async function tooltip(): Promise<string> {
    return plainMarkdown((await sentinel()).statusBar().tooltip ?? '');
  }

  function reset(): void {
    simulator.reset();
    capture.requests.length = 0;
  }

  before(async () => {
    await resetWorkspace();
    tls = trustedAuthority().issue(['localhost']);
    repo = makeRepository(NAME, 'https://github.com/acme/vault.git', { 'src/vault.js': SOURCE });
    commits.push({ sha: commitAll(repo, 'first'), branch: 'main', files: [{ name: 'src/vault.js', lines: [[1, 0], [2, 0], [3, 1]] }] });
    file = vscode.Uri.file(path.join(repo, 'src', 'vault.js'));
    simulator = await startSimulator([{ service: 'github', owner: 'acme', repo: 'vault', private: true, branch: 'main', commits }], [TOKEN]);
    capture = await CaptureServer.start(tls);
    await openRepository(repo, NAME, { enable: false });
  });

  after(async () => {
    await codecovConfig().update('url', simulator.origin(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(CLEAR_TOKEN);
    await resetWorkspace();
    rmSync(repo, { recursive: true, force: true });
    await capture.close();
    await simulator.close().catch(() => undefined);
  });

  it('sends no Authorization while no token is stored: the private repository reads as not found, a token is offered', async () => {
    const api = await sentinel();
    await codecovConfig(vscode.Uri.file(repo)).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
    await openEditor(file);
    await refresh();
    await eventually(api, () => (api.codecov().status === 'Codecov · no coverage' ? true : undefined), 'the not-found status');
    assert.ok(simulator.requests.length > 0, 'the simulator was asked');
    assert.deepEqual(simulator.requests.map(authorizationOf).filter((value) => value !== undefined), []);
    assert.match(await tooltip(), /private and needs a token/);
  });

  it('Set Codecov Token… through its real input box: the token goes as a bearer token to the configured origin only', async () => {
    const api = await sentinel();
    reset();
    const command = vscode.commands.executeCommand(SET_TOKEN);
    typeIntoInputBox(TOKEN);
    await command;
    await refresh();
    const marks = await eventually(api, () => api.decorations(file), 'Codecov marks read with the token', 60_000);
    assert.deepEqual([marks.covered, marks.uncovered], [[1, 2], [3]]);
    assert.ok(simulator.requests.length > 0);
    for (const request of simulator.requests) assert.equal(authorizationOf(request), `Bearer ${TOKEN}`, request.url);
    assert.equal(capture.requests.length, 0);
  });

  it('a redirect to another origin loses the token; a redirect within the origin keeps it', async () => {
    const api = await sentinel();
    const away = newCommit([[1, 0]], 'redirected away');
    reset();
    simulator.switches = { redirectTo: capture.origin() };
    await refresh();
    assert.deepEqual(distinct(reportRequests(simulator.requests).map((r) => [shaOf(r), authorizationOf(r)])), [[away, `Bearer ${TOKEN}`]]);
    assert.ok(capture.requests.length > 0, 'the redirect was followed');
    assert.deepEqual(distinct(reportRequests(capture.requests).map((r) => [shaOf(r), authorizationOf(r)])), [[away, undefined]], 'no token on the hop to another origin');
    assert.deepEqual(capture.requests.filter((r) => authorizationOf(r) !== undefined), [], 'no token on any hop to another origin');

    within = newCommit([[1, 0], [2, 1], [3, 0]], 'redirected within');
    reset();
    simulator.switches = { redirectTo: simulator.origin(), redirectOnce: true };
    await refresh();
    assert.deepEqual(
      distinct(reportRequests(simulator.requests).map((r) => [r.url.includes('hop=1'), shaOf(r), authorizationOf(r)])),
      [
        [false, within, `Bearer ${TOKEN}`],
        [true, within, `Bearer ${TOKEN}`],
      ],
    );
    const marks = await eventually(api, () => (api.codecov().reports[0]?.sha === within ? api.decorations(file) : undefined), 'the marks fetched through the redirect');
    assert.deepEqual([marks.covered, marks.uncovered], [[1, 3], [2]]);
    assert.equal(capture.requests.length, 0);
  });

  it('the token appears in no log file, output channel or message, after requests that succeeded, were refused (401) and failed (500)', async () => {
    const api = await sentinel();
    newCommit([[1, 0]], 'refused');
    reset();
    simulator.switches = { status: { code: 401, times: 1000 } };
    await refresh();
    await eventually(api, () => (/\(401\)/.test(plainMarkdown(api.statusBar().tooltip ?? '')) ? true : undefined), 'the 401 message');
    const refused = await tooltip();
    reset();
    simulator.switches = { status: { code: 500, times: 1000 } };
    await refresh();
    // Three tries, then the nearest cached commit.
    await eventually(api, () => (api.codecov().reports[0]?.offline === true ? true : undefined), 'the cached copy after the 500s', 60_000);
    assert.ok(simulator.requests.length >= 3, `three tries, not ${simulator.requests.length}`);
    for (const request of simulator.requests) assert.equal(authorizationOf(request), `Bearer ${TOKEN}`);
    // The log reaches its file asynchronously: wait for the line of the last failure.
    const files = await eventually(
      api,
      () => {
        const all = logFiles();
        return all.some((f) => f.text.includes('(with token) → 500')) && all.some((f) => f.text.includes('(with token) → 401')) ? all : undefined;
      },
      'the Coverage Sentinel log file with the 401 and 500 lines',
    );
    const leaks = files.filter((f) => f.text.includes(TOKEN)).map((f) => f.file);
    assert.deepEqual(leaks, [], 'log files holding the token');
    const shown = [refused, api.statusBar().tooltip ?? '', api.statusBar().text ?? '', ...api.notifications(), api.codecov().status ?? ''];
    assert.deepEqual(shown.filter((text) => text.includes(TOKEN)), []);
  });

  it('a repository’s .vscode/settings.json cannot send the token elsewhere: server URL, lookalike hosts, loopback http, enterprise hosts, slug', async () => {
    const api = await sentinel();
    const folderUri = vscode.Uri.file(repo);
    const settingsFile = path.join(repo, '.vscode', 'settings.json');
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    const cases: { what: string; settings: Record<string, unknown>; reaches: 'configured' | 'nothing' }[] = [
      { what: 'server URL of a capture server', settings: { 'coverageSentinel.codecov.url': capture.origin() }, reaches: 'configured' },
      { what: 'lookalike host codecov.io.evil.test', settings: { 'coverageSentinel.codecov.url': `https://codecov.io.evil.test:${capture.port}` }, reaches: 'configured' },
      { what: 'lookalike host evilcodecov.io', settings: { 'coverageSentinel.codecov.url': 'https://evilcodecov.io' }, reaches: 'configured' },
      {
        what: 'loopback http with the testing switch',
        settings: { 'coverageSentinel.codecov.url': `http://127.0.0.1:${capture.port}`, 'coverageSentinel.codecov.allowLoopbackHttp': true },
        reaches: 'configured',
      },
      { what: 'enterprise host map', settings: { 'coverageSentinel.codecov.enterpriseHosts': { 'github.com': 'github_enterprise', 'codecov.io.evil.test': 'gitlab_enterprise' } }, reaches: 'configured' },
      { what: 'slug with path traversal', settings: { 'coverageSentinel.codecov.repository': 'github/acme/../../../x' }, reaches: 'nothing' },
    ];
    let tabSize = 2;
    for (const { what, settings, reaches } of cases) {
      // A setting VS Code does apply from folder settings tells when it has read the file.
      tabSize++;
      // `enabled` is the folder's own (resource-scoped) setting, which this file also holds.
      writeFileSync(settingsFile, JSON.stringify({ 'coverageSentinel.codecov.enabled': true, ...settings, 'editor.tabSize': tabSize }, null, 2));
      const want = tabSize;
      await eventually(api, () => (vscode.workspace.getConfiguration('editor', folderUri).inspect('tabSize')?.workspaceFolderValue === want ? true : undefined), `VS Code reading the settings for ${what}`);
      const sha = newCommit([[1, 0]], what);
      reset();
      await refresh();
      assert.equal(capture.requests.length, 0, `${what}: the capture server was reached`);
      if (reaches === 'configured') {
        assert.deepEqual(
          distinct(reportRequests(simulator.requests).map((r) => [new URL(r.url, 'https://x').pathname, shaOf(r), authorizationOf(r)])),
          [['/api/v2/github/acme/repos/vault/report/', sha, `Bearer ${TOKEN}`]],
          `${what}: the configured server, for the remote's repository`,
        );
      } else {
        assert.deepEqual(simulator.requests.map((r) => r.url), [], `${what}: nothing is asked for`);
      }
    }
    writeFileSync(settingsFile, JSON.stringify({ 'coverageSentinel.codecov.enabled': true }, null, 2));
    await eventually(api, () => (vscode.workspace.getConfiguration('editor', folderUri).inspect('tabSize')?.workspaceFolderValue === undefined ? true : undefined), 'the folder settings gone');
  });

  it('a server whose certificate no trusted authority signed fails with a clear message, no stack trace, nothing sent', async () => {
    const api = await sentinel();
    const rogueDir = mkdtempSync(path.join(tmpdir(), 'sentinel-rogue-ca-'));
    const rogue = await CodecovSimulator.start({ tls: createTestAuthority(rogueDir, 'rogue').issue(['localhost']), tokens: [TOKEN], repos: [] });
    try {
      newCommit([[1, 0]], 'rogue server');
      await codecovConfig().update('url', rogue.origin(), vscode.ConfigurationTarget.Global);
      await refresh();
      const message = await eventually(api, () => (/certificate/.test(api.statusBar().tooltip ?? '') ? plainMarkdown(api.statusBar().tooltip ?? '') : undefined), 'the certificate message');
      assert.match(message, /The certificate of 127\.0\.0\.1 is not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
      assert.doesNotMatch(message, /\bat .*:\d+:\d+|Error:/, 'no stack trace');
      assert.equal(api.codecov().status, 'Codecov · no coverage');
      assert.equal(rogue.requests.length, 0, 'no request got past the TLS handshake');
    } finally {
      await codecovConfig().update('url', simulator.origin(), vscode.ConfigurationTarget.Global);
      await rogue.close();
      rmSync(rogueDir, { recursive: true, force: true });
    }
  });

  it('Clear Codecov Token: no Authorization afterwards', async () => {
    const api = await sentinel();
    newCommit([[1, 0]], 'after clearing');
    await vscode.commands.executeCommand(CLEAR_TOKEN);
    reset();
    await refresh();
    await eventually(api, () => (api.codecov().status === 'Codecov · no coverage' ? true : undefined), 'the not-found status without a token');
    assert.ok(simulator.requests.length > 0);
    assert.deepEqual(simulator.requests.map(authorizationOf).filter((value) => value !== undefined), []);
  });

  it('offline: with the server gone, a reload shows the cached commit’s marks, labelled cached', async () => {
    const api = await sentinel();
    // Back to the commit fetched through the same-origin redirect, one new commit on top that the server never saw.
    git(repo, 'reset', '-q', '--hard', within);
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'offline');
    await simulator.close();
    const scope = vscode.Uri.file(repo);
    await codecovConfig(scope).update('enabled', false, vscode.ConfigurationTarget.WorkspaceFolder);
    await eventually(api, () => (api.codecov().reports.length === 0 ? true : undefined), 'Codecov coverage gone');
    await codecovConfig(scope).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
    const info = await eventually(api, () => (api.codecov().reports.length === 1 ? api.codecov() : undefined), 'the cached commit shown offline');
    assert.deepEqual(info.reports.map((r) => [r.sha, r.behind, r.cached, r.offline]), [[within, 1, true, true]]);
    assert.match(api.statusBar().text ?? '', /\(cached\)$/);
    const marks = await eventually(api, () => api.decorations(file), 'the cached marks');
    assert.deepEqual([marks.covered, marks.uncovered], [[1, 3], [2]]);
  });
});
