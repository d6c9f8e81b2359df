import * as assert from 'node:assert/strict';
import { codecovRunName, codecovRunsKey } from '../../src/host/codecov/codecovRun';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

describe('Codecov run names in the Test Coverage view', () => {
  it('say Codecov and the commit, with how far behind HEAD it is', () => {
    assert.equal(codecovRunName({ sha: SHA, behind: 0, branch: undefined, cached: false, folderName: 'app' }, false), 'Codecov · a1b2c3d');
    assert.equal(codecovRunName({ sha: SHA, behind: 3, branch: undefined, cached: false, folderName: 'app' }, false), 'Codecov · a1b2c3d (3 behind)');
  });

  it('add a chosen branch, the cached label and, with several folders, the folder', () => {
    assert.equal(codecovRunName({ sha: SHA, behind: 0, branch: 'release/2', cached: true, folderName: 'app' }, false), 'Codecov · a1b2c3d · release/2 (cached)');
    assert.equal(codecovRunName({ sha: SHA, behind: 1, branch: undefined, cached: false, folderName: 'api' }, true), 'Codecov · a1b2c3d (1 behind) · api');
  });

  it('never print a malformed sha', () => {
    assert.equal(codecovRunName({ sha: '$(alert) x', behind: 0, branch: undefined, cached: false, folderName: 'app' }, false), 'Codecov · (unknown commit)');
  });

  it('change key when the reports behind them change, and only then', () => {
    assert.equal(codecovRunsKey(['r1', 'r2']), codecovRunsKey(['r1', 'r2']));
    assert.notEqual(codecovRunsKey(['r1', 'r2']), codecovRunsKey(['r1', 'r3']));
    assert.notEqual(codecovRunsKey(['r1']), codecovRunsKey([]));
  });
});
