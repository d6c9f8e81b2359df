import * as assert from 'node:assert/strict';
import { createRedactor, REDACTED, redact } from '../../src/host/codecov/redact';
import { withinHangGuard } from './hangGuard';

const TOKEN = '3f0a9b3c-1d2e-4f50-8a9b-SENTINEL0001';

describe('Codecov: redaction of secrets in log lines', () => {
  const cases: [string, string][] = [
    [`Authorization: Bearer ${TOKEN}`, `Authorization: ${REDACTED}`],
    [`authorization=Bearer ${TOKEN}\nnext line`, `authorization=${REDACTED}\nnext line`],
    [`{"Authorization":"Bearer ${TOKEN}","Accept":"application/json"}`, `{"Authorization":"${REDACTED}","Accept":"application/json"}`],
    [`headers: { authorization: 'bearer ${TOKEN}' }`, `headers: { authorization: '${REDACTED}' }`],
    [`sent with BEARER ${TOKEN} to the server`, `sent with BEARER ${REDACTED} to the server`],
    [`GET https://x.test/api?token=${TOKEN}&page=2`, `GET https://x.test/api?token=${REDACTED}&page=2`],
    [`GET https://x.test/api?page=2&access_token=${TOKEN}#x`, `GET https://x.test/api?page=2&access_token=${REDACTED}#x`],
    [`{"upload_token": "${TOKEN}", "ok": true}`, `{"upload_token": "${REDACTED}", "ok": true}`],
    [`token: ${TOKEN}`, `token: ${REDACTED}`],
  ];
  for (const [input, expected] of cases) {
    it(`redacts ${input.split('\n')[0]?.slice(0, 60) ?? ''}`, () => {
      assert.equal(redact(input), expected);
      assert.ok(!redact(input).includes('SENTINEL'));
    });
  }

  it('redacts every stored secret wherever it appears, and reads the secrets on each call', () => {
    let secrets: string[] = [];
    const redactor = createRedactor(() => secrets);
    assert.equal(redactor(`error: ${TOKEN} was refused`), `error: ${TOKEN} was refused`);
    secrets = [TOKEN];
    assert.equal(redactor(`error: ${TOKEN} was refused (${TOKEN})`), `error: ${REDACTED} was refused (${REDACTED})`);
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['Coverage: Set Codecov Token…', 'no token is stored for https://api.codecov.io', 'GET https://api.codecov.io/api/v2/github/o/repos/r/report/?sha=abc → 200', 'the bearer of bad news']) {
      assert.equal(redact(text, ['ab']), text);
    }
  });

  it('ends on pathological input, within the hang guard', () => {
    withinHangGuard(() => redact('token '.repeat(200_000) + 'authorization'.repeat(100_000) + 'bearer '.repeat(200_000), [TOKEN]), 'redacting');
  });
});
