import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodecovSimulator, SimCommit } from '../support/codecovSimulator';
import { typeIntoInputBox } from '../support/userInput';
import { resetWorkspace } from './baseline';
import { codecovConfig, commitAll, git, logFiles, makeRepository, openRepository, removeRepository, startSimulator } from './codecovWorkspace';
import { eventually, HANG_GUARD_MS, openEditor, sentinel } from './helpers';

const NAME = 'codecov-keyring';
const SOURCE = ['const a = 1;', 'const b = 2;', 'const c = 3;', ''].join('\n');
/** A fresh token per run: long enough that no other text holds it by chance. */
const TOKEN = `sentinel-${randomBytes(16).toString('hex')}`;
const SET_TOKEN = 'coverageSentinel.codecov.setToken';
const CLEAR_TOKEN = 'coverageSentinel.codecov.clearToken';

/**
 * What Set Codecov Token… and Clear Codecov Token tell the user: each says once what it did (or
 * that there was nothing to do), names the server the token is for, says what happens next, and
 * never shows the token. The simulator listens on a new port each run, so its origin starts with
 * no token stored.
 */
describe('Codecov token commands say what they did (simulator over HTTPS, real git)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  let repo: string;
  let file: vscode.Uri;
  const commits: SimCommit[] = [];

  /** The information messages `run` gave, and only those. */
  async function saidBy(run: () => Promise<unknown>): Promise<readonly string[]> {
    const api = await sentinel();
    const before = api.informations().length;
    await run();
    await api.whenIdle();
    return api.informations().slice(before);
  }

  const clearToken = () => Promise.resolve(vscode.commands.executeCommand(CLEAR_TOKEN));
  async function setToken(token: string): Promise<void> {
    const command = vscode.commands.executeCommand(SET_TOKEN);
    typeIntoInputBox(token);
    await command;
  }

  before(async () => {
    await resetWorkspace();
    repo = makeRepository(NAME, 'https://github.com/acme/keyring.git', { 'src/app.js': SOURCE });
    commits.push({ sha: commitAll(repo, 'first'), branch: 'main', files: [{ name: 'src/app.js', lines: [[1, 0], [2, 0], [3, 1]] }] });
    file = vscode.Uri.file(path.join(repo, 'src', 'app.js'));
    simulator = await startSimulator([{ service: 'github', owner: 'acme', repo: 'keyring', private: true, branch: 'main', commits }], [TOKEN]);
    await openRepository(repo, NAME, { enable: true });
    await openEditor(file);
  });

  after(async () => {
    await vscode.commands.executeCommand(CLEAR_TOKEN);
    await removeRepository(repo, simulator);
  });

  it('Clear Codecov Token with no token stored says that none was stored for that server, not that one was removed', async () => {
    assert.deepEqual(await saidBy(clearToken), [`Coverage Sentinel: no Codecov token was stored for ${simulator.origin()}, so none was removed.`]);
  });

  it('Set Codecov Token… says once that the token is stored for that server and that coverage is refreshed; the refresh reads with it', async () => {
    const api = await sentinel();
    assert.deepEqual(await saidBy(() => setToken(TOKEN)), [`Coverage Sentinel: the Codecov token for ${simulator.origin()} is stored; Codecov coverage is being refreshed with it.`]);
    const marks = await eventually(api, () => api.decorations(file), 'the marks read with the token', 60_000);
    assert.deepEqual([marks.covered, marks.uncovered], [[1, 2], [3]]);
  });

  it('Clear Codecov Token then says it removed the token and refreshes; once more, that none was stored', async () => {
    const api = await sentinel();
    // A commit not read yet: the one read with the token stays in the response cache.
    const parent = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'after clearing');
    commits.unshift({ sha: git(repo, 'rev-parse', 'HEAD'), parent, branch: 'main', files: [{ name: 'src/app.js', lines: [[1, 0]] }] });
    assert.deepEqual(await saidBy(clearToken), [`Coverage Sentinel: the Codecov token for ${simulator.origin()} is removed; Codecov coverage is being refreshed without it.`]);
    await eventually(api, () => (api.codecov().status === 'Codecov · no coverage' ? true : undefined), 'the private repository unread without the token');
    assert.deepEqual(await saidBy(clearToken), [`Coverage Sentinel: no Codecov token was stored for ${simulator.origin()}, so none was removed.`]);
  });

  it('with Codecov coverage off, Set Codecov Token… says the token is used once it is on; Clear says it is removed', async () => {
    const api = await sentinel();
    await codecovConfig(vscode.Uri.file(repo)).update('enabled', false, vscode.ConfigurationTarget.WorkspaceFolder);
    await eventually(api, () => (api.codecov().reports.length === 0 && api.codecov().status === undefined ? true : undefined), 'Codecov coverage off');
    const requests = simulator.requests.length;
    assert.deepEqual(await saidBy(() => setToken(TOKEN)), [
      `Coverage Sentinel: the Codecov token for ${simulator.origin()} is stored; it is used once Codecov coverage is on (coverageSentinel.codecov.enabled, in a trusted workspace).`,
    ]);
    assert.deepEqual(await saidBy(clearToken), [`Coverage Sentinel: the Codecov token for ${simulator.origin()} is removed.`]);
    assert.equal(simulator.requests.length, requests, 'nothing asked of Codecov while it is off');
  });

  it('no message, warning, status or log line holds the token', async () => {
    const api = await sentinel();
    const shown = [...api.informations(), ...api.notifications(), ...api.codecov().warnings, api.statusBar().text ?? '', api.statusBar().tooltip ?? ''];
    assert.deepEqual(shown.filter((text) => text.includes(TOKEN)), []);
    // Each command logs what it did: wait for the last one's line to reach its file.
    const files = await eventually(api, () => {
      const all = logFiles();
      const noneStored = new RegExp(`Codecov: no token was stored for \\S+:${simulator.port}\\b`);
      return all.some((f) => noneStored.test(f.text)) ? all : undefined;
    }, 'the log line of the clear with no token stored');
    assert.deepEqual(files.filter((f) => f.text.includes(TOKEN)).map((f) => f.file), []);
  });
});
