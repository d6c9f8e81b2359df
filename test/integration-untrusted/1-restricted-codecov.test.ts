import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CaptureServer, CodecovSimulator } from '../support/codecovSimulator';
import { trustWorkspace } from '../support/userInput';
import { resetWorkspace } from '../integration/baseline';
import { codecovConfig, git, trustedAuthority } from '../integration/codecovWorkspace';
import { eventually, fileIn, folder, HANG_GUARD_MS, openEditor, sentinel } from '../integration/helpers';

/**
 * Runs with workspace trust on (scripts/run-integration.mjs --untrusted): the workspace opens in
 * Restricted Mode. Codecov is turned on in user settings, the folder is a git repository whose
 * remote Codecov knows, and its committed settings point the server URL at a capture server:
 * nothing is sent anywhere until the user grants trust; after that the request goes to the
 * server of the user settings, never to the one the folder names.
 */
describe('Codecov in Restricted Mode (workspace trust on)', function () {
  this.timeout(6 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  let capture: CaptureServer;

  before(async () => {
    await resetWorkspace();
    assert.equal(vscode.workspace.isTrusted, false, 'the runner opened the workspace in Restricted Mode');
    const root = folder('example').uri.fsPath;
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'remote', 'add', 'origin', 'git@github.com:acme/restricted.git');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'first');
    const sha = git(root, 'rev-parse', 'HEAD');
    const tls = trustedAuthority().issue(['localhost']);
    simulator = await CodecovSimulator.start({
      tls,
      tokens: [],
      repos: [{ service: 'github', owner: 'acme', repo: 'restricted', private: false, branch: 'main', commits: [{ sha, branch: 'main', files: [{ name: 'src/untested.js', lines: [[1, 1], [2, 1]] }] }] }],
    });
    capture = await CaptureServer.start(tls);
    mkdirSync(path.join(root, '.vscode'), { recursive: true });
    writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({ 'coverageSentinel.codecov.url': capture.origin(), 'coverageSentinel.codecov.enabled': true }));
    await codecovConfig().update('url', simulator.origin(), vscode.ConfigurationTarget.Global);
    await codecovConfig().update('enabled', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await resetWorkspace();
    await capture.close();
    await simulator.close();
  });

  it('sends nothing while the workspace is untrusted, even with Codecov on in user settings', async () => {
    const api = await sentinel();
    await openEditor(fileIn('example', 'src/untested.js'));
    await api.refreshCodecov();
    await api.whenIdle();
    assert.equal(vscode.workspace.isTrusted, false);
    assert.deepEqual(simulator.requests.map((r) => r.url), []);
    assert.deepEqual(capture.requests.map((r) => r.url), []);
    assert.equal(api.codecov().requests, 0);
    assert.deepEqual(api.codecov().reports, []);
  });

  it('after the user grants trust, asks the server of the user settings (not the folder’s) and shows its marks', async () => {
    const api = await sentinel();
    const granted = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidGrantWorkspaceTrust(() => {
        listener.dispose();
        resolve();
      });
    });
    trustWorkspace();
    await granted;
    assert.equal(vscode.workspace.isTrusted, true);
    await eventually(api, () => (api.codecov().reports.length === 1 ? true : undefined), 'Codecov coverage after trust was granted', 60_000);
    assert.ok(simulator.requests.length > 0);
    assert.deepEqual(capture.requests.map((r) => r.url), [], 'the folder’s server URL is ignored, trusted or not');
  });
});
