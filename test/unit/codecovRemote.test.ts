import * as assert from 'node:assert/strict';
import { chooseRemote, parseEnterpriseHosts, slugFromRemote } from '../../src/core/codecov/remote';
import type { EnterpriseService } from '../../src/core/codecov/slug';

const enterprise = new Map<string, EnterpriseService>([
  ['git.corp.example', 'github_enterprise'],
  ['gitlab.corp.example', 'gitlab_enterprise'],
  ['bitbucket.corp.example', 'bitbucket_server'],
]);

function slug(url: string): string {
  const result = slugFromRemote(url, enterprise);
  return result.ok ? `${result.slug.service} ${result.slug.owner} ${result.slug.repo}` : `refused: ${result.reason}`;
}

describe('Codecov: repository from a git remote', () => {
  const accepted: [string, string][] = [
    ['https://github.com/octo/app.git', 'github octo app'],
    ['https://github.com/octo/app', 'github octo app'],
    ['https://github.com/octo/app/', 'github octo app'],
    ['https://github.com/octo/app.git/', 'github octo app'],
    ['http://github.com/octo/app.git', 'github octo app'],
    ['git@github.com:octo/app.git', 'github octo app'],
    ['git@github.com:octo/app', 'github octo app'],
    ['github.com:octo/app.git', 'github octo app'],
    ['ssh://git@github.com/octo/app.git', 'github octo app'],
    ['ssh://git@ssh.github.com:443/octo/app.git', 'github octo app'],
    ['git+ssh://git@github.com/octo/app.git', 'github octo app'],
    ['git://github.com/octo/app.git', 'github octo app'],
    ['  https://GitHub.COM/Octo/App.git\n', 'github Octo App'],
    ['https://github.com./octo/app.git', 'github octo app'],
    ['https://github.com/octo/my.app.js.git', 'github octo my.app.js'],
    ['https://github.com/octo/app%2Dx.git', 'github octo app-x'],
    ['https://gitlab.com/group/project.git', 'gitlab group project'],
    ['git@gitlab.com:group/sub/project.git', 'gitlab group:sub project'],
    ['https://gitlab.com/group/sub/deeper/project', 'gitlab group:sub:deeper project'],
    ['ssh://git@altssh.gitlab.com:443/group/project.git', 'gitlab group project'],
    ['https://bitbucket.org/team/repo.git', 'bitbucket team repo'],
    ['git@bitbucket.org:team/repo.git', 'bitbucket team repo'],
    ['https://git.corp.example/octo/app.git', 'github_enterprise octo app'],
    ['git@git.corp.example:octo/app.git', 'github_enterprise octo app'],
    ['ssh://git@gitlab.corp.example:2222/group/sub/project.git', 'gitlab_enterprise group:sub project'],
    ['https://bitbucket.corp.example/scm/PROJ/repo.git', 'bitbucket_server PROJ repo'],
    ['ssh://git@bitbucket.corp.example:7999/proj/repo.git', 'bitbucket_server proj repo'],
    ['https://bitbucket.corp.example/scm/~alice/repo.git', 'bitbucket_server ~alice repo'],
  ];
  for (const [url, expected] of accepted) {
    it(`${url.trim()} → ${expected}`, () => assert.equal(slug(url), expected));
  }

  const refused: [string, string][] = [
    ['https://github.com.evil.test/octo/app.git', 'github.com.evil.test is not a known Codecov host'],
    ['git@github.com.evil.test:octo/app.git', 'github.com.evil.test is not a known Codecov host'],
    ['https://evilgithub.com/octo/app.git', 'evilgithub.com is not a known Codecov host'],
    ['https://github.com@evil.test/octo/app.git', 'evil.test is not a known Codecov host'],
    ['https://gіthub.com/octo/app.git', 'xn--gthub-n2e.com is not a known Codecov host'],
    ['https://git%68ub.com/octo/app.git', 'no valid host'],
    ['https://evil.test#@github.com/octo/app.git', 'characters a hosted repository URL does not'],
    ['https://evil.test\\@github.com/octo/app.git', 'characters a hosted repository URL does not'],
    ['https://github.com/octo/../victim/app.git', 'dot segment'],
    ['https://github.com/octo/%2e%2e/app.git', 'dot segment'],
    ['https://github.com/octo%2Fvictim/app.git', 'other characters'],
    ['https://github.com/octo/app%2F..%2F..%2Fx', 'other characters'],
    ['https://github.com//app.git', 'empty'],
    ['https://github.com/octo/.git', 'empty'],
    ['https://github.com/octo/app/tree/main', 'not owner/repository'],
    ['https://github.com/octo', 'not owner/repository'],
    ['https://gitlab.com/project', 'not group/…/repository'],
    ['https://github.com/octo/app%zz', 'broken percent-encoding'],
    ['github.com:evil@evil.test:octo/app', 'other characters'],
    ['https://a@b@github.com/octo/app.git', 'no valid host'],
    ['https://github.com:99999/octo/app.git', 'no valid host'],
    ['/srv/git/app.git', 'local path'],
    ['./app', 'local path'],
    ['file:///srv/git/app.git', 'local path'],
    ['ftp://github.com/octo/app.git', 'scheme ftp'],
    ['https://github.com', 'no repository path'],
    ['', 'empty'],
    ['git@[::1]:octo/app.git', '[::1] is not a known Codecov host'],
    // An SSH alias for a second GitHub account, a url.insteadOf shortcut: not a server to add to the enterprise map.
    ['git@github-work:octo/app.git', 'github-work is an alias (an SSH Host in ~/.ssh/config or a url.insteadOf shortcut), not the git server\'s name'],
    ['gh:octo/app', 'gh is an alias'],
  ];
  for (const [url, reason] of refused) {
    it(`refuses ${JSON.stringify(url)}`, () => {
      const result = slug(url);
      assert.ok(result.startsWith('refused: ') && result.includes(reason), result);
    });
  }

  it('never keeps or repeats credentials from the URL', () => {
    const token = 'ghp_SENTINELtoken0123456789';
    for (const url of [
      `https://x-access-token:${token}@github.com/octo/app.git`,
      `https://${token}@github.com/octo/app.git`,
      `https://oauth2:${token}@gitlab.com/group/sub/app.git`,
      `https://x-access-token:${token}@github.com.evil.test/octo/app.git`,
      `https://user:${token}@github.com/octo/../app.git`,
      `ssh://${token}@unknown.example/octo/app.git`,
      `${token}@unknown.example:octo/app.git`,
    ]) {
      const result = slugFromRemote(url, enterprise);
      assert.ok(!JSON.stringify(result).includes(token), JSON.stringify(result));
      assert.ok(!JSON.stringify(result).includes('SENTINEL'), JSON.stringify(result));
    }
    const ok = slugFromRemote(`https://x-access-token:${token}@github.com/octo/app.git`);
    assert.deepEqual(ok, { ok: true, host: 'github.com', slug: { service: 'github', owner: 'octo', repo: 'app' } });
  });

  it('an enterprise map cannot claim a public host, nor a host that is no host name', () => {
    const { hosts, problems } = parseEnterpriseHosts({
      'GIT.Corp.Example': 'github_enterprise',
      'github.com': 'github_enterprise',
      'evil.test/x': 'gitlab_enterprise',
      'host.example:8443': 'gitlab_enterprise',
      'ok.example': 'github',
      __proto__: 'bitbucket_server',
    });
    assert.deepEqual([...hosts], [['git.corp.example', 'github_enterprise']]);
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.deepEqual(parseEnterpriseHosts(['x']).problems, ['the enterprise host map is not an object']);
    assert.equal(parseEnterpriseHosts(undefined).hosts.size, 0);
    assert.equal(slugFromRemote('https://github.com/octo/app', new Map([['github.com', 'github_enterprise']])).ok && 'github', 'github');
  });

  it('asks about origin, else the only remote', () => {
    assert.equal(chooseRemote([{ name: 'upstream', url: 'u' }, { name: 'origin', url: 'o' }])?.url, 'o');
    assert.equal(chooseRemote([{ name: 'fork', url: 'f' }])?.url, 'f');
    assert.equal(chooseRemote([{ name: 'a', url: 'a' }, { name: 'b', url: 'b' }]), undefined);
    assert.equal(chooseRemote([]), undefined);
  });
});
