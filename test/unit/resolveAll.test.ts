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
