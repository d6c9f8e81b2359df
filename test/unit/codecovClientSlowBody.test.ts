import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseApiOrigin } from '../../src/core/codecov/apiUrl';
import { CodecovClient } from '../../src/host/codecov/client';
import { createTestAuthority, type TestAuthority } from '../support/testCertificates';

const PIECE = Buffer.alloc(16 * 1024, 0x61);

/**
 * A report on a slow but working link: the body arrives piece by piece. The client's time limit is
 * for silence (connecting, waiting for the answer, each stall of the body), not for the length of
 * a transfer that keeps moving; an overall cap still ends a transfer that never finishes.
 */
describe('Codecov client: a body that trickles in (HTTPS on 127.0.0.1)', function () {
  this.timeout(60_000);
  let dir: string;
  let authority: TestAuthority;
  let server: https.Server;
  /** How the server sends the body: `pieces` pieces `everyMs` apart; a stall leaves the response open after them. */
  let plan = { pieces: 0, everyMs: 0, stall: false };
  let requests = 0;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-trickle-'));
    authority = createTestAuthority(dir, 'trickle');
    server = https.createServer(authority.issue(['localhost']), (_request, response) => {
      requests++;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent === plan.pieces) {
          clearInterval(timer);
          if (!plan.stall) response.end();
          return;
        }
        sent++;
        response.write(PIECE);
      }, plan.everyMs);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    requests = 0;
  });

  function client(options: { timeoutMs: number; maxTransferMs?: number }): { client: CodecovClient; url: URL } {
    const origin = parseApiOrigin(`https://localhost:${(server.address() as AddressInfo).port}`);
    assert.ok(origin.ok);
    const made = new CodecovClient({ origin: origin.origin, ca: authority.certPem, maxAttempts: 1, ...options });
    return { client: made, url: new URL('/api/v2/report', origin.origin.origin) };
  }

  it('a body arriving steadily for several times the time limit is received whole', async () => {
    // 2 s of transfer against a 600 ms limit; a piece every 100 ms leaves a loaded machine room to spare.
    plan = { pieces: 20, everyMs: 100, stall: false };
    const { client: c, url } = client({ timeoutMs: 600 });
    const outcome = await c.get(url);
    assert.equal(outcome.kind, 'ok', outcome.kind === 'ok' ? '' : outcome.message);
    assert.equal(outcome.kind === 'ok' ? outcome.body.byteLength : 0, 20 * PIECE.length);
  });

  it('a body that stops arriving half-way ends as a timeout, named with the time limit', async () => {
    plan = { pieces: 3, everyMs: 50, stall: true };
    const { client: c, url } = client({ timeoutMs: 1_000 });
    const outcome = await c.get(url);
    assert.equal(outcome.kind, 'timeout');
    assert.match((outcome as { message: string }).message, /\(1 s\)/);
    assert.equal(requests, 1);
  });

  it('a body that keeps arriving but never ends is cut off at the overall cap', async () => {
    plan = { pieces: 1_000_000, everyMs: 50, stall: false };
    const { client: c, url } = client({ timeoutMs: 1_000, maxTransferMs: 2_000 });
    const outcome = await c.get(url);
    assert.equal(outcome.kind, 'timeout');
    assert.match((outcome as { message: string }).message, /\(2 s\)/);
  });
});
