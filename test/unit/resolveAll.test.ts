import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parsePathMappings } from '../../src/core/paths/pathMapping';
import { type Resolution, type ResolveOptions, ReportPathResolver } from '../../src/worker/resolveFiles';
import { assertNothingOutsideTouched } from './workspaceFsSpy';

/** resolveAll (a directory at a time) against resolve (a path at a time): the same answers, the same containment. */
describe('ReportPathResolver.resolveAll (worker, real files)', () => {
  let root: string;
  let ws: string;
  let other: string;
  let outside: string;
  const options = (overrides: Partial<ResolveOptions> = {}): ResolveOptions => ({
    reportFile: path.join(ws, 'coverage', 'lcov.info'),
    ownerFolder: ws,
    workspaceFolders: [ws, other],
    mappings: [],
    sourceRoots: [],
    caseInsensitive: false,
    ...overrides,
  });

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sentinel-resolve-all-'));
    ws = path.join(root, 'ws');
    other = path.join(root, 'other');
    outside = path.join(root, 'outside');
    for (const dir of ['coverage', 'src/app', 'src/lib', 'pkg/src', 'node_modules/dep', 'other']) mkdirSync(path.join(ws, dir), { recursive: true });
    mkdirSync(path.join(other, 'src', 'lib'), { recursive: true });
    mkdirSync(outside);
    for (const file of ['src/app/cart.ts', 'src/lib/cart.ts', 'src/lib/util.ts', 'pkg/src/main.py', 'node_modules/dep/only-here.js', 'coverage/near.ts']) writeFileSync(path.join(ws, file), '');
    writeFileSync(path.join(other, 'src', 'lib', 'only-other.ts'), '');
    writeFileSync(path.join(outside, 'secret.ts'), '');
    symlinkSync(path.join(outside, 'secret.ts'), path.join(ws, 'src', 'link.ts'));
    symlinkSync(path.join(ws, 'src'), path.join(ws, 'alias'));
    symlinkSync('/etc', path.join(ws, 'etclink'));
    symlinkSync('../outside', path.join(ws, 'outlink'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  const entries = (): string[] => [
    'src/lib/util.ts', 'src/lib/missing.ts', 'src/app/cart.ts', 'near.ts', 'src/lib/only-other.ts', 'lib/only-other.ts', 'alias/lib/util.ts', 'alias/lib/nope.ts',
    'main.py', '/home/runner/work/r/r/src/lib/util.ts', 'C:\\agent\\_work\\1\\s\\src\\app\\cart.ts', '/build/cart.ts', '/x/only-here.js', 'generated/deep/dir/x.ts',
    path.join(outside, 'secret.ts'), '../outside/secret.ts', '../../outside/secret.ts', '/etc/shadow', '\\\\evil\\share\\x.ts', 'file:///etc/passwd', 'src/link.ts',
    'etclink/passwd', 'outlink/secret.ts', 'src/../outlink/secret.ts', 'src/lib/', 'src/lib/.', 'src/..', 'other', '../other', 'src', path.join(ws, 'src', 'lib', 'util.ts'),
    `${ws}/src//lib/../lib/util.ts`, '/ci/src/lib/util.ts', '/ci/src/lib/none.ts', '/build/passwd', '/ci/secret.ts', 'secret.ts', 'passwd', '/elsewhere/x.ts',
    ...Array.from({ length: 200 }, (_, i) => `gen/d${i % 7}/f${i}.ts`),
  ];

  // Functions: the folders exist only once `before` has run.
  const variants: [string, () => Partial<ResolveOptions>][] = [
    ['no mapping', () => ({})],
    ['a mapping', () => ({ mappings: parsePathMappings({ '/ci': '${workspaceFolder}', '/build': '/etc' }) })],
    ['source roots', () => ({ sourceRoots: ['../pkg/src', outside, '../../outside', '/etc'] })],
    ['the report in the second folder', () => ({ reportFile: path.join(other, 'lcov.info'), ownerFolder: other })],
  ];

  for (const [label, overridesOf] of variants) {
    it(`gives the answers resolve gives, path by path, and touches nothing outside (${label})`, async () => {
      const list = entries();
      const overrides = overridesOf();
      const one = new ReportPathResolver(options(overrides));
      const expected: Resolution[] = [];
      for (const entry of list) expected.push(await one.resolve(entry));
      await assertNothingOutsideTouched([ws, other], async () => {
        const all = await new ReportPathResolver(options(overrides)).resolveAll(list);
        assert.equal(all.length, list.length);
        list.forEach((entry, i) => assertSameAnswer(all[i], expected[i], entry));
      });
      assert.ok(expected.some((r) => r.resolvedPath !== undefined), 'some paths resolve');
    });
  }

  it('answers a case-insensitive file system (no listings) path by path, with the same answers', async () => {
    const list = entries();
    const one = new ReportPathResolver(options({ caseInsensitive: true }));
    const expected: Resolution[] = [];
    for (const entry of list) expected.push(await one.resolve(entry));
    const all = await new ReportPathResolver(options({ caseInsensitive: true })).resolveAll(list);
    assert.equal(all.length, list.length);
    list.forEach((entry, i) => assertSameAnswer(all[i], expected[i], entry));
  });
});

/**
 * resolveAll's answer for one entry is resolve's, but for the two rules that need the report's
 * other paths: a suffix match another entry names better is not taken, a tie they decide is broken.
 */
function assertSameAnswer(all: Resolution | undefined, one: Resolution | undefined, entry: string): void {
  if (all?.note.startsWith('not taken: ') === true) {
    assert.match(one?.note ?? '', /^matched by its last \d+ path segment\(s\)$/, entry);
    assert.equal(all.resolvedPath, undefined, entry);
  } else if (all?.note.includes("where the report's other paths put their root") === true) {
    assert.match(one?.note ?? '', /^ambiguous: /, entry);
  } else assert.deepEqual(all, one, entry);
}

/** Reports made on CI (absolute paths, no mapping) in a workspace of several folders that share relative paths. */
describe('ReportPathResolver.resolveAll: the report’s own folder first (several workspace folders)', () => {
  let root: string;
  const folder = (name: string): string => path.join(root, name);
  const resolveIn = async (owner: string, folders: readonly string[], list: readonly string[]): Promise<Resolution[]> =>
    new ReportPathResolver({ reportFile: path.join(owner, 'coverage', 'lcov.info'), ownerFolder: owner, workspaceFolders: folders, mappings: [], sourceRoots: [], caseInsensitive: false }).resolveAll(list);

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sentinel-owner-first-'));
    for (const name of ['a', 'b', 'c', 'n', 'n/packages/inner']) {
      mkdirSync(path.join(folder(name), 'src'), { recursive: true });
      writeFileSync(path.join(folder(name), 'src', 'index.ts'), '');
    }
    writeFileSync(path.join(folder('b'), 'src', 'only-b.ts'), '');
    mkdirSync(path.join(folder('a'), 'src', 'app'));
    mkdirSync(path.join(folder('a'), 'src', 'lib'));
    for (const name of ['a/src/app/twice.ts', 'a/src/lib/twice.ts', 'b/src/twice.ts']) writeFileSync(path.join(root, name), '');
    symlinkSync(folder('a'), folder('a-alias'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  const ci = '/home/runner/work/repo/repo/src/index.ts';
  const windowsCi = 'D:\\a\\repo\\repo\\src\\index.ts';

  it('takes the owner folder’s file of a tie between folders, whichever folder comes first', async () => {
    for (const owner of ['a', 'b', 'c']) {
      for (const folders of [['a', 'b', 'c'], ['c', 'b', 'a']]) {
        const [unix, windows] = await resolveIn(folder(owner), folders.map(folder), [ci, windowsCi]);
        assert.equal(unix?.resolvedPath, path.join(folder(owner), 'src', 'index.ts'), `${owner} of ${folders.join(',')}: ${unix?.note}`);
        assert.match(unix?.note ?? '', /in the report's own workspace folder/);
        assert.equal(windows?.resolvedPath, path.join(folder(owner), 'src', 'index.ts'), `${owner}: ${windows?.note}`);
      }
    }
  });

  it('still resolves a file only another folder has there, and lets the report’s other paths decide a tie first', async () => {
    const [onlyB, index] = await resolveIn(folder('a'), [folder('a'), folder('b')], ['/ci/x/src/only-b.ts', '/ci/x/src/index.ts']);
    assert.equal(onlyB?.resolvedPath, path.join(folder('b'), 'src', 'only-b.ts'));
    assert.equal(index?.resolvedPath, path.join(folder('b'), 'src', 'index.ts'), index?.note);
  });

  it('leaves a tie inside the owner folder a tie', async () => {
    const [twice] = await resolveIn(folder('a'), [folder('a'), folder('b')], ['/ci/twice.ts']);
    assert.equal(twice?.resolvedPath, undefined);
    assert.match(twice?.note ?? '', /^ambiguous: /);
  });

  it('indexes a folder inside another once, as its own', async () => {
    const inner = folder('n/packages/inner');
    const [fromInner] = await resolveIn(inner, [folder('n'), inner], ['/home/runner/work/x/x/src/index.ts']);
    assert.equal(fromInner?.resolvedPath, path.join(inner, 'src', 'index.ts'), fromInner?.note);
    const [fromOuter] = await resolveIn(folder('n'), [folder('n'), inner], ['/home/runner/work/x/x/src/index.ts']);
    assert.equal(fromOuter?.resolvedPath, path.join(folder('n'), 'src', 'index.ts'), fromOuter?.note);
    // The inner folder's own file is one file, not a tie with itself.
    const [deep] = await resolveIn(inner, [folder('n'), inner], ['/ci/packages/inner/src/index.ts']);
    assert.equal(deep?.resolvedPath, path.join(inner, 'src', 'index.ts'), deep?.note);
  });

  it('resolves in a folder opened twice, under the same path or through a symlink', async () => {
    const [same] = await resolveIn(folder('c'), [folder('c'), folder('c')], [ci]);
    assert.equal(same?.resolvedPath, path.join(folder('c'), 'src', 'index.ts'), same?.note);
    const [aliased] = await resolveIn(folder('a-alias'), [folder('a'), folder('a-alias')], [ci]);
    assert.equal(aliased?.resolvedPath, path.join(folder('a-alias'), 'src', 'index.ts'), aliased?.note);
  });
});
