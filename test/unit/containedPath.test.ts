import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ContainedPaths } from '../../src/worker/containedPath';

describe('ContainedPaths: real paths inside the workspace, one component at a time', () => {
  let root: string;
  let ws: string;
  let second: string;

  before(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'sentinel-contained-')));
    ws = path.join(root, 'ws');
    second = path.join(root, 'second');
    for (const dir of ['ws/src/lib', 'ws/gen', 'second/pkg', 'outside']) mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(ws, 'src', 'lib', 'a.ts'), '');
    writeFileSync(path.join(second, 'pkg', 'b.ts'), '');
    writeFileSync(path.join(root, 'outside', 'secret.ts'), '');
    symlinkSync(path.join(ws, 'src'), path.join(ws, 'abs-inside'));
    symlinkSync('../src/lib/../lib', path.join(ws, 'gen', 'dotdot'));
    symlinkSync('hop2', path.join(ws, 'hop1'));
    symlinkSync('src/lib/a.ts', path.join(ws, 'hop2'));
    symlinkSync('../second/pkg', path.join(ws, 'to-second'));
    symlinkSync('loop-b', path.join(ws, 'loop-a'));
    symlinkSync('loop-a', path.join(ws, 'loop-b'));
    symlinkSync('../outside/../ws/src', path.join(ws, 'out-and-back'));
    symlinkSync('..', path.join(ws, 'parent'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  const resolve = (candidate: string) => new ContainedPaths([ws, second]).resolve(candidate);

  it('agrees with realpath for paths that stay inside: absolute and relative links, `..` in a target, chains, another folder', async () => {
    for (const relative of ['src/lib/a.ts', 'abs-inside/lib/a.ts', 'gen/dotdot/a.ts', 'hop1', 'to-second/b.ts', 'src']) {
      const candidate = path.join(ws, relative);
      const found = await resolve(candidate);
      assert.equal(found.kind, 'inside', relative);
      assert.equal(found.kind === 'inside' ? found.realPath : '', realpathSync(candidate), relative);
    }
  });

  it('refuses links that lead out, even when they would come back in', async () => {
    for (const relative of ['parent/outside/secret.ts', 'out-and-back/lib/a.ts']) {
      assert.deepEqual(await resolve(path.join(ws, relative)), { kind: 'outside' }, relative);
    }
    assert.deepEqual(await resolve(path.join(root, 'outside', 'secret.ts')), { kind: 'outside' });
  });

  it('reports missing components and link loops as missing, with the errno code', async () => {
    assert.deepEqual(await resolve(path.join(ws, 'src', 'nope.ts')), { kind: 'missing', code: 'ENOENT' });
    assert.deepEqual(await resolve(path.join(ws, 'loop-a')), { kind: 'missing', code: 'ELOOP' });
  });
});
