import * as assert from 'node:assert/strict';
import { chooseSlug, type CodecovSettingsInput, parseRepositorySetting, readCodecovSettings, tokenSecretKey } from '../../src/host/codecov/codecovSettings';

const none = {};
const input = (over: Partial<CodecovSettingsInput> = {}): CodecovSettingsInput => ({
  enabled: true,
  repository: '',
  url: none,
  enterpriseHosts: none,
  allowLoopbackHttp: none,
  cacheSizeMB: none,
  ...over,
});

describe('Codecov settings (what a workspace may and may not change)', () => {
  it('defaults to https://api.codecov.io', () => {
    const settings = readCodecovSettings(input());
    assert.ok(settings.server.ok);
    if (settings.server.ok) assert.equal(settings.server.origin.origin, 'https://api.codecov.io');
  });

  it('reads the server, enterprise hosts and testing switch from user settings only: workspace values are ignored and named', () => {
    for (const evil of ['https://codecov.io.evil.test', 'https://evilcodecov.io', 'http://127.0.0.1:9']) {
      const settings = readCodecovSettings(
        input({
          url: { workspaceValue: evil, workspaceFolderValue: evil },
          allowLoopbackHttp: { workspaceValue: true },
          enterpriseHosts: { workspaceValue: { 'evil.test': 'github_enterprise' } },
        }),
      );
      assert.ok(settings.server.ok);
      if (settings.server.ok) assert.equal(settings.server.origin.origin, 'https://api.codecov.io');
      assert.equal(settings.enterpriseHosts.size, 0);
      assert.deepEqual(settings.ignoredWorkspaceValues, ['coverageSentinel.codecov.url', 'coverageSentinel.codecov.enterpriseHosts', 'coverageSentinel.codecov.allowLoopbackHttp']);
    }
  });

  it('allows http only to a loopback host behind the user-level switch', () => {
    assert.equal(readCodecovSettings(input({ url: { globalValue: 'http://127.0.0.1:8080' } })).server.ok, false);
    assert.equal(readCodecovSettings(input({ url: { globalValue: 'http://127.0.0.1:8080' }, allowLoopbackHttp: { globalValue: true } })).server.ok, true);
    assert.equal(readCodecovSettings(input({ url: { globalValue: 'http://example.com' }, allowLoopbackHttp: { globalValue: true } })).server.ok, false);
  });

  it('is off unless enabled is exactly true', () => {
    for (const value of [undefined, 'true', 1, false]) assert.equal(readCodecovSettings(input({ enabled: value })).enabled, false);
  });

  it('reads the repository setting as service/owner/repo or owner/repo, refusing traversal', () => {
    assert.deepEqual(parseRepositorySetting('gitlab/group:sub/app'), { ok: true, service: 'gitlab', owner: 'group:sub', repo: 'app' });
    assert.deepEqual(parseRepositorySetting('acme/shop'), { ok: true, service: undefined, owner: 'acme', repo: 'shop' });
    assert.equal(parseRepositorySetting(''), undefined);
    for (const bad of ['a/../../x', '../x', 'nope/a/b', 'a', 'a/b/c/d', 42]) assert.equal(parseRepositorySetting(bad)?.ok, false, String(bad));
    assert.deepEqual(chooseSlug(parseRepositorySetting('acme/shop'), { service: 'gitlab', owner: 'o', repo: 'r' }), { service: 'gitlab', owner: 'acme', repo: 'shop' });
    assert.deepEqual(chooseSlug(undefined, { service: 'gitlab', owner: 'o', repo: 'r' }), { service: 'gitlab', owner: 'o', repo: 'r' });
    assert.equal(chooseSlug(parseRepositorySetting('a/../x'), { service: 'gitlab', owner: 'o', repo: 'r' }), undefined);
  });

  it('keys the token by the exact origin', () => {
    const a = readCodecovSettings(input({ url: { globalValue: 'https://codecov.example.com/codecov' } }));
    assert.ok(a.server.ok);
    if (a.server.ok) assert.equal(tokenSecretKey(a.server.origin), 'coverageSentinel.codecov.token:https://codecov.example.com');
  });
});
