import * as assert from 'node:assert/strict';
import { WarningsPerToken } from '../../src/host/codecov/warningsPerToken';

const ORIGIN = 'https://api.codecov.io';
const UNAUTHORIZED = 'Codecov did not accept the token (401). Set a new one…';

describe('Codecov warnings: once per token', () => {
  it('a second wrong token is warned about again; the same token again is not', () => {
    const warnings = new WarningsPerToken();
    assert.equal(warnings.firstTime(warnings.turnOf(ORIGIN, 'wrong-1'), UNAUTHORIZED), true);
    assert.equal(warnings.firstTime(warnings.turnOf(ORIGIN, 'wrong-1'), UNAUTHORIZED), false);
    assert.equal(warnings.firstTime(warnings.turnOf(ORIGIN, 'wrong-2'), UNAUTHORIZED), true);
    assert.equal(warnings.firstTime(warnings.turnOf(ORIGIN, 'wrong-2'), UNAUTHORIZED), false);
    // Back to the first one, then cleared: each is a change the user made, and is answered.
    assert.equal(warnings.firstTime(warnings.turnOf(ORIGIN, 'wrong-1'), UNAUTHORIZED), true);
    assert.equal(warnings.firstTime(warnings.turnOf(ORIGIN, undefined), 'needs a token'), true);
  });

  it('a refresh still running with the previous token neither repeats its warning nor uses up the new token\'s', () => {
    const warnings = new WarningsPerToken();
    const first = warnings.turnOf(ORIGIN, 'wrong-1');
    assert.equal(warnings.firstTime(first, UNAUTHORIZED), true);
    // A second refresh read wrong-1 too (a HEAD change, a late event), then the user set wrong-2.
    const stale = warnings.turnOf(ORIGIN, 'wrong-1');
    const second = warnings.turnOf(ORIGIN, 'wrong-2');
    // The stale refresh ends after the token changed: silent, as wrong-1 was already warned about.
    assert.equal(warnings.firstTime(stale, UNAUTHORIZED), false);
    assert.equal(warnings.firstTime(second, UNAUTHORIZED), true);
  });

  it('tokens of different servers have turns of their own; problems not about the token (turn 0) are said once', () => {
    const warnings = new WarningsPerToken();
    const a = warnings.turnOf(ORIGIN, 'x');
    const b = warnings.turnOf('https://codecov.example.com', 'x');
    assert.notEqual(a, b);
    assert.equal(warnings.turnOf(ORIGIN, 'x'), a);
    assert.equal(warnings.firstTime(0, 'not a git repository'), true);
    assert.equal(warnings.firstTime(0, 'not a git repository'), false);
  });
});
