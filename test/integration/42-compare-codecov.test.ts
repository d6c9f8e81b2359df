import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodecovSimulator, SimFile } from '../support/codecovSimulator';
import { STOCK_MAIN, stockWithRemove } from '../support/compareProject';
import { resetWorkspace } from './baseline';
import { commitAll, git, makeRepository, openRepository, removeRepository, startSimulator, writeFiles } from './codecovWorkspace';
import { eventually, HANG_GUARD_MS, openEditor, sentinel } from './helpers';

const NAME = 'codecov-compare-repo';
/** remove() added (9-12; line 10 partial in Codecov's report), the export line changed (13). */
const STOCK_HEAD = stockWithRemove('  if (name in stock) delete stock[name];');
/** Codecov's coverage of the base: every line hit. */
const BASE_FILES: SimFile[] = [{ name: 'src/stock.js', lines: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((line) => [line, 0] as const) }];
/** Of HEAD: addItem() no longer run (2-5), remove() not run (9, 11, 12) with line 10 partial, the export line hit. */
const HEAD_FILES: SimFile[] = [
  { name: 'src/stock.js', lines: [[1, 0], [2, 1], [3, 1], [4, 1], [5, 1], [6, 0], [7, 0], [8, 0], [9, 1], [10, 2], [11, 1], [12, 1], [13, 0]] },
];

/** GET over HTTPS from the extension host (NODE_EXTRA_CA_CERTS trusts the test CA). */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      })
      .on('error', reject);
  });
}

/**
 * Issue 11's Codecov baseline in a real VS Code against the HTTPS simulator and a real git
 * repository: Codecov's default branch is `trunk` (no origin/HEAD, no main or master: only
 * Codecov can name it); the merge-base B1 has no coverage on Codecov, its parent B0 has; HEAD
 * (on `feature`) has Codecov coverage too and no local report, so the comparison is Codecov
 * against Codecov, and its patch figures must equal Codecov's own `compare` endpoint's.
 */
describe('compare with Codecov’s coverage of the merge-base (issue 11, simulator over HTTPS)', function () {
  this.timeout(4 * HANG_GUARD_MS);
  let simulator: CodecovSimulator;
  let repo: string;
  let b0 = '';
  let b1 = '';
  let head = '';
  const stock = () => vscode.Uri.file(path.join(repo, 'src', 'stock.js'));

  before(async () => {
    await resetWorkspace();
    repo = makeRepository(NAME, 'git@github.com:acme/stock.git', { 'src/stock.js': STOCK_MAIN }, 'trunk');
    b0 = commitAll(repo, 'B0');
    writeFiles(repo, { 'README.md': 'stock\n' });
    b1 = commitAll(repo, 'B1: no coverage uploaded');
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFiles(repo, { 'src/stock.js': STOCK_HEAD });
    head = commitAll(repo, 'feature: remove()');
    simulator = await startSimulator([
      {
        service: 'github',
        owner: 'acme',
        repo: 'stock',
        private: false,
        branch: 'trunk',
        checkout: repo,
        commits: [
          { sha: head, parent: b1, branch: 'feature', files: HEAD_FILES },
          { sha: b1, parent: b0, branch: 'trunk' },
          { sha: b0, branch: 'trunk', files: BASE_FILES },
        ],
      },
    ]);
    await openRepository(repo, NAME, { enable: true });
  });

  after(() => removeRepository(repo, simulator));

  it('takes Codecov’s default branch, walks back from the merge-base to B0, and marks lost and new uncovered lines', async () => {
    const api = await sentinel();
    await openEditor(stock());
    const comparison = await eventually(api, () => (api.comparison().baseline?.kind === 'codecov' ? api.comparison() : undefined), 'a comparison with Codecov’s baseline', 60_000);
    assert.equal(comparison.coverageCommit, b0, `B0, the nearest ancestor of the merge-base ${b1.slice(0, 7)} with coverage`);
    assert.equal(comparison.commit, b1, 'the patch is taken against the merge-base, B0’s coverage moved onto it');
    assert.equal(comparison.baseline?.description, 'Codecov coverage of 1 commit before the merge-base');
    assert.match(comparison.statusBar.tooltip ?? '', /Compared with trunk\*\* at/);
    assert.match(comparison.statusBar.tooltip ?? '', new RegExp(`Coverage measured at ${b0.slice(0, 7)}, moved onto the lines of the merge-base ${b1.slice(0, 7)}`));
    const marks = await eventually(api, () => api.comparison().marks(stock()), 'comparison marks on stock.js');
    assert.deepEqual(marks.lost, [2, 3, 4, 5]);
    assert.deepEqual(marks.newUncovered, [9, 11, 12]);
    assert.deepEqual(marks.newPartial, [10]);
    // Project: 9/9 → 5/13 (lines 1, 6, 7, 8, 13 hit).
    assert.equal(comparison.statusBar.text, '$(git-compare) patch 20% (1/5) · Δ −61.5%');
  });

  it('agrees with Codecov’s compare endpoint on the patch figures', async () => {
    const api = await sentinel();
    const ours = api.comparison().patch;
    assert.ok(ours);
    const answer = (await getJson(`${simulator.origin()}/api/v2/github/acme/repos/stock/compare/?base=${b0}&head=${head}`)) as { totals: { patch: { hits: number; misses: number; partials: number; lines: number; coverage: number } } };
    const theirs = answer.totals.patch;
    assert.deepEqual(
      { lines: ours.lines, covered: ours.covered, partial: ours.partial, missed: ours.missed, percent: ours.percent === null ? null : Math.round(ours.percent * 100) / 100 },
      { lines: theirs.lines, covered: theirs.hits, partial: theirs.partials, missed: theirs.misses, percent: theirs.coverage },
    );
    assert.deepEqual(theirs, { ...theirs, hits: 1, misses: 3, partials: 1, lines: 5, coverage: 20 });
  });
});
