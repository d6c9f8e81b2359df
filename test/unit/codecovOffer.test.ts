import * as assert from 'node:assert/strict';
import { CODECOV_CONFIG_PATHS, shouldOfferCodecov } from '../../src/host/codecov/codecovOffer';

describe('the offer to show Codecov coverage', () => {
  it('looks for the configuration where Codecov reads it: root, .github/ and dev/', () => {
    for (const path of ['codecov.yml', '.codecov.yml', '.github/codecov.yml', '.github/.codecov.yml', 'dev/codecov.yml', 'dev/.codecov.yml', 'codecov.yaml']) {
      assert.ok(CODECOV_CONFIG_PATHS.includes(path), path);
    }
    assert.equal(CODECOV_CONFIG_PATHS.length, 12);
    assert.equal(CODECOV_CONFIG_PATHS.includes('.github/workflows/codecov.yml'), false);
  });

  const facts = { trusted: true, foldersUsingCodecov: 1, never: false, offeredHere: false };

  it('is made in a trusted workspace with a folder that uses Codecov while it is off', () => {
    assert.equal(shouldOfferCodecov(facts), true);
  });

  it('is not made again, after Never, with no such folder, or in Restricted Mode', () => {
    assert.equal(shouldOfferCodecov({ ...facts, offeredHere: true }), false);
    assert.equal(shouldOfferCodecov({ ...facts, never: true }), false);
    assert.equal(shouldOfferCodecov({ ...facts, foldersUsingCodecov: 0 }), false);
    assert.equal(shouldOfferCodecov({ ...facts, trusted: false }), false);
  });
});
