import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodecovSimulator } from '../support/codecovSimulator';
import { resetWorkspace } from './baseline';
import { addWorkspaceFolder, codecovConfig, commitAll, makeRepository, openRepository, removeRepository, startSimulator } from './codecovWorkspace';
import { eventually, folder, HANG_GUARD_MS, openEditor, sentinel } from './helpers';

const NAME = 'codecov-ux-repo';
const MATH = ['function add(a, b) {', '  return a + b;', '}', '', 'function sub(a, b) {', '  return a - b;', '}', ''].join('\n');
const UTIL = ['exports.id = (x) => x;', 'exports.no = () => null;', ''].join('\n');

/** A repository Codecov has coverage for at HEAD; a local LCOV report covers one of its two files. */
async function startCodecovRepo(): Promise<{ simulator: CodecovSimulator; repo: string; head: string }> {
  const repo = makeRepository(NAME, 'https://github.com/acme/ux.git', { 'src/math.js': MATH, 'src/util.js': UTIL, '.gitignore': 'coverage/\n' });
  const head = commitAll(repo, 'first');
  const simulator = await startSimulator([
    {
      service: 'github',
      owner: 'acme',
      repo: 'ux',
      private: false,
      branch: 'main',
      commits: [
        {
          sha: head,
          branch: 'main',
          files: [
            // add() hit, sub() missed.
            { name: 'src/math.js', lines: [[1, 0], [2, 0], [3, 0], [5, 1], [6, 1], [7, 1]] },
            { name: 'src/util.js', lines: [[1, 0], [2, 1]] },
          ],
        },
      ],
    },
  ]);
  return { simulator, repo, head };
}

describe('Codecov coverage as its own run, with every feature (simulator over HTTPS, real git)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  let repo: string;
  let head: string;
  let math: vscode.Uri;
  let util: vscode.Uri;
  let runName: string;

  before(async () => {
    await resetWorkspace();
    ({ simulator, repo, head } = await startCodecovRepo());
    math = vscode.Uri.file(path.join(repo, 'src', 'math.js'));
    util = vscode.Uri.file(path.join(repo, 'src', 'util.js'));
    // util.js also has a local report, which says both its lines ran.
    mkdirSync(path.join(repo, 'coverage'), { recursive: true });
    writeFileSync(path.join(repo, 'coverage', 'lcov.info'), `SF:${util.fsPath}\nDA:1,4\nDA:2,1\nend_of_record\n`);
    await openRepository(repo, NAME, { enable: false });
    runName = `Codecov · ${head.slice(0, 7)}`;
  });

  after(() => removeRepository(repo, simulator));

  it('publishes Codecov’s coverage in a run of its own, named with the commit, apart from the local reports’ run', async () => {
    const api = await sentinel();
    await codecovConfig(vscode.Uri.file(repo)).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
    const runs = await eventually(api, () => (api.codecovRuns().length === 1 && api.publishedCoverage().some((c) => c.uri.fsPath === util.fsPath) ? api.codecovRuns() : undefined), 'the Codecov run', 60_000);
    assert.deepEqual(runs.map((r) => r.name), [runName]);
    const codecovFiles = new Map(runs[0]?.files.map((f) => [f.uri.fsPath, f.statements]));
    assert.deepEqual([...codecovFiles.keys()].sort(), [math.fsPath, util.fsPath]);
    assert.deepEqual(codecovFiles.get(math.fsPath), { covered: 3, total: 6 });
    // Codecov's view of util.js (1 of 2), not the local report's (2 of 2).
    assert.deepEqual(codecovFiles.get(util.fsPath), { covered: 1, total: 2 });
    const local = api.publishedCoverage();
    assert.equal(local.some((c) => c.uri.fsPath === math.fsPath), false, 'the local run holds no Codecov-only file');
    assert.deepEqual(local.find((c) => c.uri.fsPath === util.fsPath)?.statements, { covered: 2, total: 2 });
    assert.equal(local.length, 5, 'the four files of the example reports and util.js');

    const details = await api.loadDetailedCoverage(math, runName);
    const statements = details.filter((d): d is vscode.StatementCoverage => d instanceof vscode.StatementCoverage);
    assert.deepEqual(
      statements.map((s) => [(s.location as vscode.Range).start.line + 1, Number(s.executed) > 0]),
      [[1, true], [2, true], [3, true], [5, false], [6, false], [7, false]],
    );
  });

  it('a file event that leaves HEAD on the same commit reloads nothing: the run keeps its name (no "cached" copy from disk)', async () => {
    const api = await sentinel();
    const head = path.join(repo, '.git', 'HEAD');
    const seen = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(head)), 'HEAD'));
    try {
      const event = new Promise<void>((resolve) => seen.onDidChange(() => resolve()));
      writeFileSync(head, readFileSync(head));
      await event;
      // The extension's watcher may hear of it later than this one: a reload would rename the run within seconds.
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline && api.codecovRuns().every((r) => r.name === runName)) await new Promise((resolve) => setTimeout(resolve, 100));
      await api.whenIdle();
      assert.deepEqual(api.codecovRuns().map((r) => r.name), [runName]);
    } finally {
      seen.dispose();
    }
  });

  it('Next Uncovered Line and the status bar work on a file only Codecov covers', async () => {
    const api = await sentinel();
    const editor = await openEditor(math);
    await eventually(api, () => api.decorations(math), 'Codecov marks on math.js');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('coverageSentinel.nextUncoveredLine');
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 4, 'the cursor on line 5, where sub() starts');
    const text = await eventually(api, () => (api.statusBar().text?.startsWith('$(shield) 50') === true ? api.statusBar().text : undefined), 'the status bar with math.js’s share');
    assert.ok(text.endsWith(runName), text);
  });

  it('Go to Uncovered Code and the Report Summary list Codecov’s files and its commit', async () => {
    const api = await sentinel();
    const regions = await api.uncoveredRegions();
    assert.deepEqual(
      regions.filter((r) => r.uri.fsPath === math.fsPath).map((r) => [r.start, r.end, r.lines]),
      [[5, 7, 3]],
    );
    // util.js: the local report wins, and it covers every line.
    assert.equal(regions.some((r) => r.uri.fsPath === util.fsPath), false);
    const files = api.summaryFiles('path');
    const mathRow = files.find(([relative]) => relative.endsWith('src/math.js'));
    assert.ok(mathRow, JSON.stringify(files));
    assert.match(mathRow[1], /^50(\.0)?% · lines .*3\/6/);
    const reports = api.summaryReports();
    assert.ok(reports.some(([name, description]) => name === runName && /lines .*4\/8/.test(description)), JSON.stringify(reports));
  });
});

describe('The offer to show Codecov coverage when a folder has a Codecov configuration', function () {
  this.timeout(4 * HANG_GUARD_MS);
  const made: string[] = [];
  const enabledValues = () => codecovConfig().inspect<boolean>('enabled');

  /** A new workspace folder holding a Codecov configuration file at `relative`. */
  async function addFolderUsingCodecov(name: string, relative: string): Promise<void> {
    const dir = path.join(path.dirname(folder('example').uri.fsPath), name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), 'coverage:\n  precision: 2\n');
    made.push(dir);
    await addWorkspaceFolder(dir, name);
  }

  before(async () => {
    const api = await resetWorkspace();
    await api.forgetCodecovOfferAnswers('everywhere');
  });

  after(async () => {
    const api = await resetWorkspace();
    await api.forgetCodecovOfferAnswers('everywhere');
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('offers once, non-modally, for .github/codecov.yml; Yes turns Codecov on in user settings, never the workspace’s', async () => {
    const api = await sentinel();
    const before = api.offers().length;
    await addFolderUsingCodecov('uses-codecov-a', '.github/codecov.yml');
    await eventually(api, () => (api.offers().length === before + 1 ? true : undefined), 'the offer');
    assert.equal(api.offers().at(-1), 'This repository uses Codecov. Show its coverage in the editor?');
    assert.equal(api.answerCodecovOffer('Yes'), true, 'the offer was on screen');
    const values = await eventually(api, () => (enabledValues()?.globalValue === true ? enabledValues() : undefined), 'codecov.enabled in user settings');
    assert.equal(values.workspaceValue, undefined);
    for (const f of vscode.workspace.workspaceFolders ?? []) assert.equal(codecovConfig(f.uri).inspect('enabled')?.workspaceFolderValue, undefined, f.name);
    await codecovConfig().update('enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Not Now is remembered for the workspace: another folder using Codecov brings no second offer', async () => {
    const api = await sentinel();
    await api.forgetCodecovOfferAnswers('workspace');
    const before = api.offers().length;
    await addFolderUsingCodecov('uses-codecov-b', 'dev/codecov.yml');
    await eventually(api, () => (api.offers().length === before + 1 ? true : undefined), 'the offer');
    assert.equal(api.answerCodecovOffer('Not Now'), true);
    await addFolderUsingCodecov('uses-codecov-c', '.codecov.yml');
    await api.whenIdle();
    assert.equal(api.offers().length, before + 1);
    assert.equal(enabledValues()?.globalValue, undefined, 'Not Now leaves Codecov off');
  });

  it('Never is remembered everywhere: a workspace never asked gets no offer', async () => {
    const api = await sentinel();
    await api.forgetCodecovOfferAnswers('workspace');
    const before = api.offers().length;
    await addFolderUsingCodecov('uses-codecov-d', 'codecov.yml');
    await eventually(api, () => (api.offers().length === before + 1 ? true : undefined), 'the offer');
    assert.equal(api.answerCodecovOffer('Never'), true);
    await api.whenIdle();
    // As in a workspace where the offer was never made: only the global Never is left.
    await api.forgetCodecovOfferAnswers('workspace');
    await addFolderUsingCodecov('uses-codecov-e', '.github/.codecov.yml');
    await api.whenIdle();
    assert.equal(api.offers().length, before + 1);
    assert.equal(enabledValues()?.globalValue, undefined);
  });
});
