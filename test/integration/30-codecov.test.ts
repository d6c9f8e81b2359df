import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodecovSimulator } from '../support/codecovSimulator';
import { resetWorkspace } from './baseline';
import { codecovConfig as config, commitAll, hoverAt, makeRepository, openRepository, removeRepository, startSimulator, writeFiles } from './codecovWorkspace';
import { eventually, HANG_GUARD_MS, openEditor, sentinel } from './helpers';

const NAME = 'codecov-repo';
const ORIGINAL = ['function add(a, b) {', '  return a + b;', '}', '', 'function sub(a, b) {', '  return a - b;', '}', ''].join('\n');
/** The next commit inserts two lines at the top and changes `sub`'s body: Codecov has no coverage for it. */
const EDITED = ['// header', '// more', 'function add(a, b) {', '  return a + b;', '}', '', 'function sub(a, b) {', '  return b - a;', '}', ''].join('\n');

describe('Codecov coverage in the editor (simulator over HTTPS, real git)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  let repo: string;
  let first: string;
  let head: string;
  let file: vscode.Uri;

  before(async () => {
    await resetWorkspace();
    repo = makeRepository(NAME, 'git@github.com:acme/shop.git', { 'src/math.js': ORIGINAL });
    first = commitAll(repo, 'first');
    writeFiles(repo, { 'src/math.js': EDITED });
    head = commitAll(repo, 'second');
    file = vscode.Uri.file(path.join(repo, 'src', 'math.js'));
    simulator = await startSimulator([
      {
        service: 'github',
        owner: 'acme',
        repo: 'shop',
        private: false,
        branch: 'main',
        commits: [
          { sha: head, parent: first, branch: 'main' },
          // At the first commit: add() hit (lines 1-3), sub() missed with a partial line 5.
          { sha: first, branch: 'main', files: [{ name: 'src/math.js', lines: [[1, 0], [2, 0], [3, 0], [5, 2], [6, 1], [7, 1]] }] },
        ],
      },
    ]);
    await openRepository(repo, NAME, { enable: false });
  });

  after(() => removeRepository(repo, simulator));

  it('shows the nearest commit’s coverage (1 behind) on today’s lines: unchanged lines moved, changed lines unmarked', async () => {
    const api = await sentinel();
    await config(vscode.Uri.file(repo)).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
    await openEditor(file);
    const marks = await eventually(api, () => api.decorations(file), 'Codecov marks on math.js', 60_000);
    // Old 1-3 → 3-5 (hit); old 5 (partial) → 7; old 6 changed: no mark; old 7 → 9 (miss).
    assert.deepEqual(marks.covered, [3, 4, 5]);
    assert.deepEqual(marks.partial, [7]);
    assert.deepEqual(marks.uncovered, [9]);
    const info = api.codecov();
    assert.deepEqual(info.reports.map((r) => [r.sha, r.behind]), [[first, 1]]);
    assert.equal(api.statusBar().text?.endsWith(`Codecov · ${first.slice(0, 7)} (1 behind)`), true, api.statusBar().text);
    const hover = await hoverAt(file, 3);
    assert.match(hover, new RegExp(`Codecov ${first.slice(0, 7)}, from commit ${first.slice(0, 7)}, 1 commit before HEAD`));
    // Both commits were asked for, HEAD first, public repository: no token.
    const reports = simulator.requests.filter((r) => r.url.includes('/report/'));
    const shas = reports.map((r) => new URL(r.url, 'https://x').searchParams.get('sha'));
    assert.deepEqual(shas.slice(0, 2), [head, first]);
    // Then the comparison's Codecov baseline walks back from the merge-base (HEAD here: its 404 is not cached, \`first\` is).
    assert.ok(shas.slice(2).every((sha) => sha === head), shas.join(' '));
    assert.equal(simulator.requests.some((r) => r.headers.authorization !== undefined), false);
  });

  it('offline (server errors): the cached response is shown, labelled cached', async () => {
    const api = await sentinel();
    simulator.switches = { status: { code: 503, times: 1000 } };
    await api.refreshCodecov();
    const info = await eventually(api, () => (api.codecov().reports[0]?.offline === true ? api.codecov() : undefined), 'the cached copy');
    assert.deepEqual(info.reports.map((r) => [r.sha, r.cached]), [[first, true]]);
    assert.match(api.statusBar().text ?? '', /\(cached\)$/);
    simulator.reset();
  });
});
