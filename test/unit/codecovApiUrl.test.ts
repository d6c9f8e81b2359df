import * as assert from 'node:assert/strict';
import {
  type ApiOrigin,
  ApiUrlError,
  commitsUrl,
  compareUrl,
  DEFAULT_API_URL,
  isLoopbackHost,
  isTokenOrigin,
  parseApiOrigin,
  repoUrl,
  reportUrl,
  totalsUrl,
} from '../../src/core/codecov/apiUrl';
import type { RepoSlug } from '../../src/core/codecov/slug';

function origin(setting: string, allowLoopbackHttp = false): ApiOrigin {
  const parsed = parseApiOrigin(setting, { allowLoopbackHttp });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  return parsed.origin;
}

const codecov = origin(DEFAULT_API_URL);
const octo: RepoSlug = { service: 'github', owner: 'octo', repo: 'app' };

describe('Codecov: API URLs and the token origin', () => {
  describe('the server URL setting', () => {
    const accepted: [string, Partial<ApiOrigin>][] = [
      ['https://api.codecov.io', { origin: 'https://api.codecov.io', hostname: 'api.codecov.io', port: '', basePath: '' }],
      ['https://api.codecov.io/', { origin: 'https://api.codecov.io', basePath: '' }],
      ['https://API.Codecov.IO:443', { origin: 'https://api.codecov.io', port: '' }],
      ['https://codecov.example.com:8443/api/v2/', { origin: 'https://codecov.example.com:8443', port: '8443', basePath: '' }],
      ['https://example.com/codecov/', { origin: 'https://example.com', basePath: '/codecov' }],
      [' https://example.com/codecov/api/v2 ', { basePath: '/codecov' }],
    ];
    for (const [setting, expected] of accepted) {
      it(`accepts ${setting}`, () => {
        const parsed = origin(setting);
        for (const [key, value] of Object.entries(expected)) assert.equal(parsed[key as keyof ApiOrigin], value, key);
      });
    }

    const refused: [string, string][] = [
      ['http://api.codecov.io', 'https'],
      ['http://127.0.0.1:8080', 'https'],
      ['ftp://api.codecov.io', 'https'],
      ['file:///etc/passwd', 'https'],
      ['javascript:alert(1)', 'https'],
      ['api.codecov.io', 'not a URL'],
      ['https://user:secret@api.codecov.io', 'user name or password'],
      ['https://api.codecov.io/?token=x', 'query'],
      ['https://api.codecov.io/#x', 'fragment'],
    ];
    for (const [setting, reason] of refused) {
      it(`refuses ${setting}`, () => {
        const parsed = parseApiOrigin(setting);
        assert.ok(!parsed.ok && parsed.reason.includes(reason), JSON.stringify(parsed));
        assert.ok(!JSON.stringify(parsed).includes('secret'));
      });
    }

    it('http: only to a loopback host, and only behind the testing switch', () => {
      assert.equal(origin('http://127.0.0.1:8080', true).origin, 'http://127.0.0.1:8080');
      assert.equal(origin('http://localhost:9', true).protocol, 'http:');
      assert.equal(origin('http://[::1]:9', true).hostname, '[::1]');
      for (const host of ['http://127.0.0.1.evil.test', 'http://api.codecov.io', 'http://10.0.0.1', 'http://localhost.evil.test', 'http://0x7f.1']) {
        const parsed = parseApiOrigin(host, { allowLoopbackHttp: true });
        assert.ok(!parsed.ok || parsed.origin.hostname === '127.0.0.1', `${host}: ${JSON.stringify(parsed)}`);
      }
      assert.equal(isLoopbackHost('127.0.0.1'), true);
      assert.equal(isLoopbackHost('127.1.2.3'), true);
      assert.equal(isLoopbackHost('127.0.0.256'), false);
      assert.equal(isLoopbackHost('128.0.0.1'), false);
    });
  });

  describe('the token goes only to the configured origin', () => {
    const sameOrigin = ['https://api.codecov.io/api/v2/github/o/repos/r/', 'https://API.CODECOV.IO/x', 'https://api.codecov.io:443/x', 'https://api.codecov.io\\@evil.test/',
      // Full-width letters: the URL standard maps them to the same ASCII host, where the request then goes.
      'https://\uff41\uff50\uff49.codecov.io/'];
    for (const candidate of sameOrigin) {
      it(`same origin: ${candidate}`, () => assert.equal(isTokenOrigin(new URL(candidate), codecov), true));
    }
    const lookalikes = [
      'https://codecov.io.evil.test/',
      'https://api.codecov.io.evil.test/',
      'https://evilcodecov.io/',
      'https://evilapi.codecov.io/',
      'https://api.codecov.io@evil.test/',
      'https://api.codecov.io:secret@evil.test/',
      'https://evil.test/api.codecov.io',
      'https://evil.test/?u=https://api.codecov.io',
      'https://evil.test#api.codecov.io',
      'https://api.codecov.io./',
      'https://api.codecov.io../',
      'https://api.codecov.io%2eevil.test/',
      'https://api.c\u043edecov.io/',
      'https://api.xn--cdecov-wqf.io/',
      'https://api.codecov.io:8443/',
      'https://api.codecov.io:80/',
      'http://api.codecov.io/',
      'wss://api.codecov.io/',
      'https://codecov.io/',
      'https://app.codecov.io/',
      'https://127.0.0.1/',
    ];
    for (const candidate of lookalikes) {
      it(`not the origin: ${candidate}`, () => assert.equal(isTokenOrigin(new URL(candidate), codecov), false));
    }

    it('a loopback origin is matched by port too', () => {
      const local = origin('https://127.0.0.1:4443');
      assert.equal(isTokenOrigin(new URL('https://127.0.0.1:4443/api/v2/'), local), true);
      assert.equal(isTokenOrigin(new URL('https://127.0.0.1:4444/api/v2/'), local), false);
      assert.equal(isTokenOrigin(new URL('https://localhost:4443/api/v2/'), local), false);
      assert.equal(isTokenOrigin(new URL('http://127.0.0.1:4443/api/v2/'), local), false);
    });
  });

  describe('request URLs', () => {
    it('builds the endpoints issue 10 and the comparison need', () => {
      assert.equal(repoUrl(codecov, octo).href, 'https://api.codecov.io/api/v2/github/octo/repos/app/');
      assert.equal(commitsUrl(codecov, octo, { branch: 'main', page: 2, pageSize: 50 }).href, 'https://api.codecov.io/api/v2/github/octo/repos/app/commits/?branch=main&page=2&page_size=50');
      assert.equal(
        reportUrl(codecov, octo, { sha: 'a1b2c3d' }, { path: 'packages/web/' }).href,
        'https://api.codecov.io/api/v2/github/octo/repos/app/report/?sha=a1b2c3d&path=packages%2Fweb%2F',
      );
      assert.equal(reportUrl(codecov, octo, { branch: 'feature/x y' }, { flag: 'unit', componentId: 'c1' }).search, '?branch=feature%2Fx+y&flag=unit&component_id=c1');
      assert.equal(totalsUrl(codecov, octo, { sha: 'abc1234' }).href, 'https://api.codecov.io/api/v2/github/octo/repos/app/totals/?sha=abc1234');
      assert.equal(compareUrl(codecov, octo, { base: 'b1', head: 'h2' }).search, '?base=b1&head=h2');
      assert.equal(compareUrl(codecov, octo, { pullid: 42 }).search, '?pullid=42');
    });

    it('a self-hosted base path and GitLab subgroups', () => {
      const selfHosted = origin('https://example.com/codecov');
      assert.equal(
        repoUrl(selfHosted, { service: 'gitlab_enterprise', owner: 'group:sub', repo: 'app' }).href,
        'https://example.com/codecov/api/v2/gitlab_enterprise/group%3Asub/repos/app/',
      );
    });

    it('a slug a/../../x stays escaped: every segment is encoded on its own', () => {
      const url = repoUrl(codecov, { service: 'github', owner: 'a/../../x', repo: '../../../admin?x=1#y' });
      assert.equal(url.pathname, '/api/v2/github/a%2F..%2F..%2Fx/repos/..%2F..%2F..%2Fadmin%3Fx%3D1%23y/');
      assert.equal(url.search, '');
      assert.equal(url.hash, '');
      assert.equal(url.origin, 'https://api.codecov.io');
      const encoded = reportUrl(codecov, { service: 'github', owner: '%2e%2e', repo: 'r%2Fx' }, { sha: 'a&token=1' });
      assert.equal(encoded.pathname, '/api/v2/github/%252e%252e/repos/r%252Fx/report/');
      assert.equal(encoded.searchParams.get('sha'), 'a&token=1');
      assert.equal(encoded.searchParams.get('token'), null);
    });

    it('dot, empty and control-character segments are refused: no encoding survives URL normalisation', () => {
      for (const bad of [
        { service: 'github', owner: '..', repo: 'x' },
        { service: 'github', owner: 'o', repo: '.' },
        { service: 'github', owner: '', repo: 'x' },
        { service: 'github', owner: 'o\nHost: evil', repo: 'x' },
        { service: 'gitea', owner: 'o', repo: 'x' },
      ]) {
        assert.throws(() => repoUrl(codecov, bad as RepoSlug), ApiUrlError, JSON.stringify(bad));
      }
      assert.throws(() => reportUrl(codecov, octo, { sha: '' }), ApiUrlError);
      assert.throws(() => commitsUrl(codecov, octo, { page: 0 }), ApiUrlError);
      assert.throws(() => compareUrl(codecov, octo, { pullid: 1.5 }), ApiUrlError);
    });
  });
});
