import * as assert from 'node:assert/strict';
import { MAX_WALK_BACK, nearestCommitWithCoverage, noCoverageText, originText, statusText } from '../../src/host/codecov/walkBack';

const history = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')}${'a'.repeat(38)}`);

function git(asked: number[]): (head: string, count: number) => Promise<readonly string[]> {
  return (head, count) => {
    asked.push(count);
    const start = history.indexOf(head);
    return Promise.resolve(history.slice(start, start + count));
  };
}

function codecov(covered: Set<string>, probed: string[], failing?: string): (sha: string) => Promise<{ has: boolean } | { failure: string }> {
  return (sha) => {
    probed.push(sha);
    if (sha === failing) return Promise.resolve({ failure: 'offline' });
    return Promise.resolve({ has: covered.has(sha) });
  };
}

describe('Codecov: walking back along first parents', () => {
  it('HEAD itself when it has coverage: one probe', async () => {
    const probed: string[] = [];
    const result = await nearestCommitWithCoverage(history[0] as string, git([]), codecov(new Set([history[0] as string]), probed));
    assert.deepEqual(result, { kind: 'found', sha: history[0], behind: 0 });
    assert.equal(probed.length, 1);
  });

  it('the nearest covered ancestor, probed newest first, stopping there', async () => {
    const probed: string[] = [];
    const result = await nearestCommitWithCoverage(history[0] as string, git([]), codecov(new Set([history[3] as string, history[5] as string]), probed));
    assert.deepEqual(result, { kind: 'found', sha: history[3], behind: 3 });
    assert.deepEqual(probed, history.slice(0, 4));
  });

  it('at most 20 commits behind HEAD: 21 probes, then none', async () => {
    const probed: string[] = [];
    const asked: number[] = [];
    const result = await nearestCommitWithCoverage(history[0] as string, git(asked), codecov(new Set([history[21] as string]), probed));
    assert.deepEqual(result, { kind: 'none', checked: 21 });
    assert.equal(probed.length, MAX_WALK_BACK + 1);
    assert.deepEqual(asked, [21]);
    const found = await nearestCommitWithCoverage(history[0] as string, git([]), codecov(new Set([history[20] as string]), []));
    assert.deepEqual(found, { kind: 'found', sha: history[20], behind: 20 });
  });

  it('a short history ends the walk; a lister that returns too many is cut', async () => {
    const result = await nearestCommitWithCoverage(history[37] as string, git([]), codecov(new Set(), []));
    assert.deepEqual(result, { kind: 'none', checked: 3 });
    const probed: string[] = [];
    await nearestCommitWithCoverage('x', () => Promise.resolve(history), codecov(new Set(), probed), 2);
    assert.equal(probed.length, 3);
  });

  it('a failed probe stops the walk and is reported with where it happened', async () => {
    const probed: string[] = [];
    const result = await nearestCommitWithCoverage(history[0] as string, git([]), codecov(new Set([history[5] as string]), probed, history[2]));
    assert.deepEqual(result, { kind: 'failed', sha: history[2], behind: 2, failure: 'offline' });
    assert.equal(probed.length, 3);
  });

  it('says where the marks come from', () => {
    const sha = 'A1B2C3D4E5F6';
    assert.equal(statusText(sha, 0), 'Codecov · a1b2c3d');
    assert.equal(statusText(sha, 3), 'Codecov · a1b2c3d (3 behind)');
    assert.equal(originText(sha, 3), 'from commit a1b2c3d, 3 commits before HEAD');
    assert.equal(originText(sha, 1), 'from commit a1b2c3d, 1 commit before HEAD');
    assert.equal(originText(sha, 0), 'from commit a1b2c3d (HEAD)');
    assert.equal(statusText('[x](command:evil)', 1), 'Codecov · (unknown commit) (1 behind)');
    assert.equal(noCoverageText(21), 'Codecov has no coverage for HEAD or the 20 commits before it.');
  });
});
