import * as assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodecovSimulator, SimCommit } from '../support/codecovSimulator';
import { resetWorkspace } from './baseline';
import { git, hoverAt, makeRepository, openRepository, removeRepository, startSimulator } from './codecovWorkspace';
import { eventually, HANG_GUARD_MS, openEditor, sentinel } from './helpers';

const NAME = 'codecov-together';
const A = ['function a() {', '  return 1;', '}', ''].join('\n');
const B = ['function b() {', '  return 1;', '}', ''].join('\n');
/** The local report (coverage/lcov.info) covers a.js only. */
const LCOV = ['TN:', 'SF:src/a.js', 'DA:1,5', 'DA:2,0', 'DA:3,1', 'LF:3', 'LH:2', 'end_of_record', ''].join('\n');

/**
 * A local report and Codecov in one folder: where the local report covers a file its marks win
 * (they are newer) and the hover shows both sources; elsewhere Codecov's marks show.
 */
describe('Local reports and Codecov together (simulator over HTTPS, real git)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  let repo: string;
  let first: string;
  let fileA: vscode.Uri;
  let fileB: vscode.Uri;
  const commits: SimCommit[] = [];

  before(async () => {
    await resetWorkspace();
    repo = makeRepository(NAME, 'git@github.com:acme/together.git', { 'src/a.js': A, 'src/b.js': B, 'coverage/lcov.info': LCOV });
    // The local report is newer than the sources it describes.
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(repo, 'coverage', 'lcov.info'), later, later);
    git(repo, 'add', 'src');
    git(repo, 'commit', '-q', '-m', 'first');
    first = git(repo, 'rev-parse', 'HEAD');
    fileA = vscode.Uri.file(path.join(repo, 'src', 'a.js'));
    fileB = vscode.Uri.file(path.join(repo, 'src', 'b.js'));
    // Codecov: a.js all hit but line 3 missed (the local report says otherwise); b.js hit, missed, hit.
    commits.push({
      sha: first,
      branch: 'main',
      files: [
        { name: 'src/a.js', lines: [[1, 0], [2, 0], [3, 1]] },
        { name: 'src/b.js', lines: [[1, 0], [2, 1], [3, 0]] },
      ],
    });
    simulator = await startSimulator([{ service: 'github', owner: 'acme', repo: 'together', private: false, branch: 'main', commits }]);
    await openRepository(repo, NAME, { enable: true });
  });

  after(() => removeRepository(repo, simulator));

  it('local marks win where the local report covers the file, the hover shows both; Codecov marks elsewhere', async () => {
    const api = await sentinel();
    await api.refreshCodecov();
    await eventually(api, () => (api.codecov().reports.length === 1 ? true : undefined), 'Codecov coverage of the folder', 60_000);
    assert.deepEqual(api.codecov().reports.map((r) => [r.sha, r.behind]), [[first, 0]]);
    await openEditor(fileA);
    const a = await eventually(api, () => api.decorations(fileA), 'marks on a.js');
    assert.deepEqual([a.covered, a.partial, a.uncovered], [[1, 3], [], [2]], 'the local report’s marks');
    const short = first.slice(0, 7);
    assert.match(await hoverAt(fileA, 2), new RegExp(`local: 0 hits · Codecov ${short}: hit`));
    assert.match(await hoverAt(fileA, 3), new RegExp(`local: 1 hit · Codecov ${short}: miss`));
    await openEditor(fileB);
    const b = await eventually(api, () => api.decorations(fileB), 'marks on b.js');
    assert.deepEqual([b.covered, b.partial, b.uncovered], [[1, 3], [], [2]], 'Codecov’s marks');
    assert.doesNotMatch(await hoverAt(fileB, 1), /local:/);
  });
});
