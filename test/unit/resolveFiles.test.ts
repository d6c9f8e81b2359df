import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
// The module object itself (not an import namespace), so the spy can replace its functions.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fsPromises = require('node:fs/promises');
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyPathMappings, parsePathMappings, toPortablePath } from '../../src/core/paths/pathMapping';
import { SuffixIndex } from '../../src/core/paths/suffixIndex';
import { type ResolveOptions, ReportPathResolver } from '../../src/worker/resolveFiles';
import { assertNothingOutsideTouched } from './workspaceFsSpy';

describe('path mappings (core)', () => {
  it('normalises Windows paths to a portable form', () => {
    assert.equal(toPortablePath('c:\\build\\src\\a.ts'), 'C:/build/src/a.ts');
    assert.equal(toPortablePath('/app//src/./a.ts'), '/app/src/./a.ts');
  });

  it('applies the longest matching prefix on a segment boundary, with ${workspaceFolder}', () => {
    const mappings = parsePathMappings({ '/app': '${workspaceFolder}', '/app/vendor': '${workspaceFolder}/third_party', 'C:\\ci\\build': '${workspaceFolder}/' });
    assert.equal(applyPathMappings('/app/src/a.ts', mappings, '/ws', false), '/ws/src/a.ts');
    assert.equal(applyPathMappings('/app/vendor/x.ts', mappings, '/ws', false), '/ws/third_party/x.ts');
    assert.equal(applyPathMappings('/application/a.ts', mappings, '/ws', false), undefined);
    assert.equal(applyPathMappings('c:\\CI\\build\\src\\a.ts', mappings, '/ws', false), '/ws/src/a.ts');
    assert.equal(applyPathMappings('/APP/src/a.ts', mappings, '/ws', false), undefined);
    assert.equal(applyPathMappings('/APP/src/a.ts', mappings, '/ws', true), '/ws/src/a.ts');
  });

  it('ignores settings values that are not an object of strings', () => {
    assert.deepEqual(parsePathMappings(['a']), []);
    assert.deepEqual(parsePathMappings({ a: 1, b: 'x' }), [{ from: 'b', to: 'x' }]);
    assert.deepEqual(parsePathMappings(null), []);
  });
});

describe('suffix matching (core)', () => {
  const index = new SuffixIndex(false);
  for (const file of ['/ws/src/app/cart.ts', '/ws/src/lib/cart.ts', '/ws/src/lib/util.ts', '/ws/README.md']) index.add(file);

  it('picks the file sharing the longest unique suffix', () => {
    assert.deepEqual(index.match('/home/runner/work/x/src/lib/util.ts'), { kind: 'unique', path: '/ws/src/lib/util.ts', matchedSegments: 3, root: '/home/runner/work/x\0ws' });
    assert.deepEqual(index.match('D:\\a\\x\\src\\app\\cart.ts'), { kind: 'unique', path: '/ws/src/app/cart.ts', matchedSegments: 3, root: 'D:/a/x\0ws' });
  });

  it('does not guess between same-named files', () => {
    const match = index.match('/elsewhere/cart.ts');
    assert.equal(match.kind, 'ambiguous');
    assert.deepEqual(match.kind === 'ambiguous' ? [...match.paths].sort() : [], ['/ws/src/app/cart.ts', '/ws/src/lib/cart.ts']);
    assert.deepEqual(index.match('/x/nothing.ts'), { kind: 'none' });
  });

  it('compares case-blind only where the platform does', () => {
    assert.equal(index.match('/X/SRC/LIB/UTIL.TS').kind, 'none');
    const blind = new SuffixIndex(true);
    blind.add('/ws/src/lib/util.ts');
    assert.equal(blind.match('/X/SRC/LIB/UTIL.TS').kind, 'unique');
  });
});

describe('ReportPathResolver (worker, real files)', () => {
  let root: string;
  let ws: string;
  let outside: string;
  const options = (overrides: Partial<ResolveOptions> = {}): ResolveOptions => ({
    reportFile: path.join(ws, 'coverage', 'lcov.info'),
    ownerFolder: ws,
    workspaceFolders: [ws],
    mappings: [],
    sourceRoots: [],
    caseInsensitive: false,
    ...overrides,
  });

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sentinel-resolve-'));
    ws = path.join(root, 'ws');
    outside = path.join(root, 'outside');
    for (const dir of ['coverage', 'src/app', 'src/lib', 'pkg/src', 'node_modules/dep']) mkdirSync(path.join(ws, dir), { recursive: true });
    mkdirSync(outside);
    for (const file of ['src/app/cart.ts', 'src/lib/cart.ts', 'src/lib/util.ts', 'pkg/src/main.py', 'node_modules/dep/only-here.js']) writeFileSync(path.join(ws, file), '');
    writeFileSync(path.join(outside, 'secret.ts'), '');
    symlinkSync(path.join(outside, 'secret.ts'), path.join(ws, 'src', 'link.ts'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('resolves relative paths directly, under source roots, and through mappings', async () => {
    const resolver = new ReportPathResolver(options({ sourceRoots: ['../pkg/src', '/ci/checkout/pkg/src'] }));
    assert.deepEqual(await resolver.resolve('src/lib/util.ts'), { resolvedPath: path.join(ws, 'src/lib/util.ts'), note: 'direct' });
    assert.equal((await resolver.resolve('main.py')).resolvedPath, path.join(ws, 'pkg/src/main.py'));
    const mapped = new ReportPathResolver(options({ mappings: parsePathMappings({ '/ci/checkout': '${workspaceFolder}' }) }));
    assert.deepEqual(await mapped.resolve('/ci/checkout/src/app/cart.ts'), { resolvedPath: path.join(ws, 'src/app/cart.ts'), note: 'path mapping' });
    assert.equal((await mapped.resolve('/other/src/app/cart.ts')).resolvedPath, undefined);
  });

  it('matches absolute paths from another machine by suffix, and explains ambiguity with a mapping', async () => {
    const resolver = new ReportPathResolver(options());
    assert.equal((await resolver.resolve('/home/runner/work/r/r/src/lib/util.ts')).resolvedPath, path.join(ws, 'src/lib/util.ts'));
    assert.equal((await resolver.resolve('C:\\agent\\_work\\1\\s\\src\\app\\cart.ts')).resolvedPath, path.join(ws, 'src/app/cart.ts'));
    const ambiguous = await resolver.resolve('/build/cart.ts');
    assert.equal(ambiguous.resolvedPath, undefined);
    assert.match(ambiguous.note, /^ambiguous: /);
    assert.match(ambiguous.note, /"coverageSentinel\.pathMappings": \{"\/build": "\$\{workspaceFolder\}\/src\/(app|lib)"\}/);
    // A relative path matched whole: no mapping (an empty key is no mapping) can pick one.
    const whole = await resolver.resolve('cart.ts');
    assert.match(whole.note, /^ambiguous: .*; no path mapping can pick one for a path that is matched whole$/);
    assert.equal((await resolver.resolve('/x/only-here.js')).resolvedPath, undefined, 'node_modules is not indexed');
    // A path through node_modules (or a VCS folder) names a file the index left out, never the workspace's own of that name.
    for (const entry of ['/home/runner/work/r/r/node_modules/lib/src/lib/util.ts', 'C:\\ci\\node_modules\\x\\src\\app\\cart.ts', '/r/.git/src/lib/util.ts']) {
      assert.deepEqual(await resolver.resolve(entry), { resolvedPath: undefined, note: 'not found in the workspace' }, entry);
      assert.equal((await resolver.resolveAll([entry]))[0]?.resolvedPath, undefined, entry);
    }
  });

  it("breaks a tie between same-named files by where the report's other paths put their root, and only then", async () => {
    // A CI report of a checkout whose folder here is named otherwise: index.ts is at the root and in test/.
    const app = path.join(root, 'app-local');
    for (const dir of ['src', 'test']) mkdirSync(path.join(app, dir), { recursive: true });
    for (const file of ['index.ts', 'test/index.ts', 'src/cart.ts', 'go.mod', 'test/x.ts']) writeFileSync(path.join(app, file), '');
    const resolver = () => new ReportPathResolver(options({ reportFile: path.join(app, 'lcov.info'), ownerFolder: app, workspaceFolders: [app] }));
    const ci = ['/home/runner/work/app/app/index.ts', '/home/runner/work/app/app/src/cart.ts'];
    for (const caseInsensitive of [false, true]) {
      const all = await new ReportPathResolver(options({ reportFile: path.join(app, 'lcov.info'), ownerFolder: app, workspaceFolders: [app], caseInsensitive })).resolveAll(ci);
      assert.deepEqual(all.map((r) => r.resolvedPath), [path.join(app, 'index.ts'), path.join(app, 'src/cart.ts')], `case-insensitive: ${caseInsensitive}`);
      assert.match(all[0]?.note ?? '', new RegExp(`^matched by its last 1 path segment\\(s\\) where the report's other paths put their root \\(/home/runner/work/app/app is ${app}\\)$`, 'i'));
    }
    // Alone, the path stays a tie (resolve, and resolveAll with nothing else to go by).
    assert.match((await resolver().resolve(ci[0] as string)).note, /^ambiguous: /);
    assert.equal((await resolver().resolveAll([ci[0] as string]))[0]?.resolvedPath, undefined);
    // The report's other paths put the root at both candidates' folders: still a tie.
    const both = await resolver().resolveAll(['/ci/index.ts', '/ci/x.ts', '/ci/go.mod']);
    assert.equal(both[0]?.resolvedPath, undefined);
    assert.match(both[0]?.note ?? '', /^ambiguous: /);
    assert.deepEqual(both.slice(1).map((r) => r.resolvedPath), [path.join(app, 'test/x.ts'), path.join(app, 'go.mod')]);
  });

  it("does not put a dependency's or the toolchain's same-named file on the crate's own when the report names that file directly", async () => {
    const crate = path.join(root, 'mycrate');
    mkdirSync(path.join(crate, 'src'), { recursive: true });
    writeFileSync(path.join(crate, 'src', 'lib.rs'), '');
    const resolver = () => new ReportPathResolver(options({ reportFile: path.join(crate, 'lcov.info'), ownerFolder: crate, workspaceFolders: [crate] }));
    const own = path.join(crate, 'src', 'lib.rs');
    // RUSTFLAGS=-Cinstrument-coverage instruments every crate: the report names the registry's and std's lib.rs too.
    const registry = '/home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.210/src/lib.rs';
    const std = '/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/std/src/lib.rs';
    const local = await resolver().resolveAll([registry, own, std]);
    assert.deepEqual(local.map((r) => r.resolvedPath), [undefined, own, undefined]);
    assert.match(local[0]?.note ?? '', /^not taken: the report's .*mycrate\/src\/lib\.rs names .*mycrate\/src\/lib\.rs \(direct\); this path matches only its last 2 segment\(s\)/);
    // Suffix matches alone all stand, whatever the segments each matched: a report merged from a Linux
    // and a Windows runner, in a checkout named like the Linux runner's (mycrate/src/lib.rs: 3 segments, the Windows path 2).
    const twoMachines = await resolver().resolveAll(['/home/runner/work/mycrate/mycrate/src/lib.rs', 'D:\\a\\_work\\1\\s\\src\\lib.rs']);
    assert.deepEqual(twoMachines.map((r) => r.resolvedPath), [own, own]);
    // One path at a time knows nothing of the others.
    assert.equal((await resolver().resolve(registry)).resolvedPath, own);
  });

  it("takes a monorepo package's report paths from the package's folder, nearest first, one at a time and a directory at a time", async () => {
    const mono = path.join(root, 'mono');
    for (const dir of ['src', 'packages/a/src', 'packages/b/src', 'packages/b/coverage', 'coverage']) mkdirSync(path.join(mono, dir), { recursive: true });
    for (const file of ['src/index.ts', 'packages/a/src/index.ts', 'packages/b/src/index.ts', 'packages/b/src/only-b.ts']) writeFileSync(path.join(mono, file), '');
    const packageReport = new ReportPathResolver(options({ reportFile: path.join(mono, 'packages/b/coverage/lcov.info'), ownerFolder: mono, workspaceFolders: [mono] }));
    const entries = ['src/index.ts', 'src/only-b.ts', 'packages/a/src/index.ts'];
    const expected = [path.join(mono, 'packages/b/src/index.ts'), path.join(mono, 'packages/b/src/only-b.ts'), path.join(mono, 'packages/a/src/index.ts')];
    assert.deepEqual(await Promise.all(entries.map(async (entry) => (await packageReport.resolve(entry)).resolvedPath)), expected);
    assert.deepEqual((await packageReport.resolveAll(entries)).map((r) => r.resolvedPath), expected);
    // A report at the root still names the root's files.
    const rootReport = new ReportPathResolver(options({ reportFile: path.join(mono, 'coverage/lcov.info'), ownerFolder: mono, workspaceFolders: [mono] }));
    assert.equal((await rootReport.resolve('src/index.ts')).resolvedPath, path.join(mono, 'src/index.ts'));
  });

  it("never gives a monorepo package's report path to another package's same-named file when the package no longer has it", async () => {
    const mono = path.join(root, 'mono-moved');
    for (const dir of ['packages/a/src', 'packages/a/coverage', 'packages/b/src', 'go', 'src']) mkdirSync(path.join(mono, dir), { recursive: true });
    // packages/a renamed its src/util.ts since its report was written; packages/b has one of its own.
    for (const file of ['packages/a/src/index.ts', 'packages/b/src/index.ts', 'packages/b/src/util.ts', 'go/handler.go', 'src/root.ts']) writeFileSync(path.join(mono, file), '');
    const packageReport = new ReportPathResolver(options({ reportFile: path.join(mono, 'packages/a/coverage/lcov.info'), ownerFolder: mono, workspaceFolders: [mono] }));
    const [index, util, sibling] = await packageReport.resolveAll(['src/index.ts', 'src/util.ts', '../b/src/index.ts']);
    assert.equal(index?.resolvedPath, path.join(mono, 'packages/a/src/index.ts'));
    assert.equal(util?.resolvedPath, undefined, util?.note);
    assert.match(util?.note ?? '', /relative to .*packages[/\\]a, which has no such file/);
    // A path it names relative to the package, into another package, is still that file.
    assert.equal(sibling?.resolvedPath, path.join(mono, 'packages/b/src/index.ts'));
    // Paths written from elsewhere (a CI runner's, a Go module's) are still matched by their suffix.
    const [ciFile] = await packageReport.resolveAll(['/home/runner/work/m/m/packages/b/src/util.ts', 'src/index.ts']);
    assert.equal(ciFile?.resolvedPath, path.join(mono, 'packages/b/src/util.ts'));
    const [goFile] = await packageReport.resolveAll(['example.com/m/go/handler.go', 'example.com/m/packages/b/src/util.ts']);
    assert.equal(goFile?.resolvedPath, path.join(mono, 'go/handler.go'));
    // A report at the workspace folder's root has no package: its suffix matches stand.
    const rootReport = new ReportPathResolver(options({ reportFile: path.join(mono, 'lcov.info'), ownerFolder: mono, workspaceFolders: [mono] }));
    assert.deepEqual((await rootReport.resolveAll(['src/root.ts', 'src/util.ts'])).map((r) => r.resolvedPath), [path.join(mono, 'src/root.ts'), path.join(mono, 'packages/b/src/util.ts')]);
  });

  it('takes `..` in a path from another machine as a step up, not as nothing (src/util/../x.ts is src/x.ts)', async () => {
    const dots = path.join(root, 'dots');
    mkdirSync(path.join(dots, 'src/util'), { recursive: true });
    mkdirSync(path.join(dots, '..generated'));
    for (const file of ['src/x.ts', 'src/util/x.ts', '..generated/api.ts']) writeFileSync(path.join(dots, file), '');
    const resolver = new ReportPathResolver(options({ reportFile: path.join(dots, 'lcov.info'), ownerFolder: dots, workspaceFolders: [dots] }));
    assert.equal((await resolver.resolve('/home/runner/work/app/app/src/util/../x.ts')).resolvedPath, path.join(dots, 'src/x.ts'));
    assert.equal((await resolver.resolve('/home/runner/work/app/app/src/./util/x.ts')).resolvedPath, path.join(dots, 'src/util/x.ts'));
    // A folder whose name starts with `..` is inside.
    assert.deepEqual(await resolver.resolve('..generated/api.ts'), { resolvedPath: path.join(dots, '..generated/api.ts'), note: 'direct' });
  });

  it('takes a relative path written on Windows (src\\lib\\util.ts) as the file it names, with or without mappings, under a mapped source root too', async () => {
    const entries = ['src\\lib\\util.ts', 'src\\app\\cart.ts'];
    const expected = [path.join(ws, 'src/lib/util.ts'), path.join(ws, 'src/app/cart.ts')];
    // coverlet on Windows: <source>D:\a\shop\shop\</source>, filename="src\lib\util.ts", and the mapping the README suggests.
    const coverlet = options({ sourceRoots: ['D:\\a\\shop\\shop\\'], mappings: parsePathMappings({ 'D:\\a\\shop\\shop': '${workspaceFolder}' }) });
    for (const resolverOptions of [options(), options({ mappings: parsePathMappings({ '/ci': '${workspaceFolder}' }) }), coverlet]) {
      const resolver = new ReportPathResolver(resolverOptions);
      assert.deepEqual(await Promise.all(entries.map(async (entry) => (await resolver.resolve(entry)).resolvedPath)), expected);
      assert.deepEqual((await resolver.resolveAll(entries)).map((r) => r.resolvedPath), expected);
    }
  });

  it("takes a Cobertura filename from its <source> first: gcovr's report of lib/ names lib/src/util.c as src/util.c", async () => {
    const proj = path.join(root, 'proj');
    for (const dir of ['src', 'lib/src', 'build']) mkdirSync(path.join(proj, dir), { recursive: true });
    for (const file of ['src/util.c', 'lib/src/util.c', 'src/main.c']) writeFileSync(path.join(proj, file), '');
    const resolver = new ReportPathResolver(
      options({ reportFile: path.join(proj, 'build/coverage-lib.xml'), ownerFolder: proj, workspaceFolders: [proj], sourceRoots: ['/home/runner/work/proj/proj/lib'], mappings: parsePathMappings({ '/home/runner/work/proj/proj': '${workspaceFolder}' }) }),
    );
    assert.deepEqual(await resolver.resolve('src/util.c'), { resolvedPath: path.join(proj, 'lib/src/util.c'), note: `source root ${path.join(proj, 'lib')}` });
    // A file only the workspace's own folder has is still found there.
    assert.deepEqual((await resolver.resolveAll(['src/util.c', 'src/main.c'])).map((r) => r.resolvedPath), [path.join(proj, 'lib/src/util.c'), path.join(proj, 'src/main.c')]);
  });

  it('resolves through a symlinked folder that stays inside the workspace', async () => {
    const alias = path.join(ws, 'alias');
    symlinkSync(path.join(ws, 'src'), alias);
    try {
      const resolver = new ReportPathResolver(options());
      assert.deepEqual(await resolver.resolve('alias/lib/util.ts'), { resolvedPath: path.join(alias, 'lib', 'util.ts'), note: 'direct' });
      assert.equal((await resolver.resolve('alias/lib/nope.ts')).resolvedPath, undefined);
    } finally {
      rmSync(alias);
    }
  });

  it('rules out missing paths from directory listings, and still checks the real path of existing ones', async () => {
    const calls = { lstat: 0, readdir: 0 };
    const fsp = fsPromises as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = { lstat: fsp['lstat'] as (...args: unknown[]) => unknown, readdir: fsp['readdir'] as (...args: unknown[]) => unknown };
    for (const name of ['lstat', 'readdir'] as const) {
      fsp[name] = (...args: unknown[]) => {
        calls[name]++;
        return originals[name](...args);
      };
    }
    try {
      const resolver = new ReportPathResolver(options({ mappings: parsePathMappings({ '/ci': '${workspaceFolder}' }) }));
      for (let i = 0; i < 50; i++) {
        assert.equal((await resolver.resolve(`src/lib/missing${i}.ts`)).resolvedPath, undefined);
        assert.equal((await resolver.resolve(`generated/deep/dir/missing${i}.ts`)).resolvedPath, undefined);
      }
      assert.equal(calls.lstat, 0, 'no lstat for a path a listing rules out');
      assert.ok(calls.readdir <= 4, `one listing per directory, not per path (${calls.readdir})`);
      assert.equal((await resolver.resolve('src/lib/util.ts')).resolvedPath, path.join(ws, 'src/lib/util.ts'));
      assert.ok(calls.lstat > 0, 'an existing file still has its real path checked, one component at a time');
    } finally {
      fsp['lstat'] = originals.lstat;
      fsp['readdir'] = originals.readdir;
    }
  });

  it('prefers the report’s own folder for a path that exists in several folders, also when it is not the first', async () => {
    const other = path.join(root, 'other');
    mkdirSync(path.join(other, 'src', 'lib'), { recursive: true });
    writeFileSync(path.join(other, 'src', 'lib', 'util.ts'), '');
    try {
      const fromOther = new ReportPathResolver(options({ reportFile: path.join(other, 'lcov.info'), ownerFolder: other, workspaceFolders: [ws, other] }));
      assert.deepEqual(await fromOther.resolve('src/lib/util.ts'), { resolvedPath: path.join(other, 'src/lib/util.ts'), note: 'direct' });
      // From a report outside the folders (as the command-line tool may read), the owner decides too.
      const ownedByOther = new ReportPathResolver(options({ reportFile: path.join(root, 'elsewhere', 'lcov.info'), ownerFolder: other, workspaceFolders: [ws, other] }));
      assert.equal((await ownedByOther.resolve('src/lib/util.ts')).resolvedPath, path.join(other, 'src/lib/util.ts'));
      const fromWs = new ReportPathResolver(options({ workspaceFolders: [ws, other] }));
      assert.equal((await fromWs.resolve('src/lib/util.ts')).resolvedPath, path.join(ws, 'src/lib/util.ts'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('never resolves to, or touches, anything outside the workspace', async () => {
    await assertNothingOutsideTouched([ws], async () => {
      const resolver = new ReportPathResolver(options());
      for (const hostile of [path.join(outside, 'secret.ts'), '../outside/secret.ts', '../../outside/secret.ts', '/etc/shadow', '\\\\evil\\share\\x.ts', 'file:///etc/passwd', 'src/link.ts']) {
        assert.equal((await resolver.resolve(hostile)).resolvedPath, undefined, hostile);
      }
    });
  });

  it('does not follow a symlinked folder out of the workspace (etclink -> /etc, SF:etclink/passwd)', async () => {
    const etclink = path.join(ws, 'etclink');
    const outLink = path.join(ws, 'outlink');
    symlinkSync('/etc', etclink);
    symlinkSync('../outside', outLink);
    try {
      await assertNothingOutsideTouched([ws], async () => {
        const resolver = new ReportPathResolver(options());
        for (const hostile of ['etclink/passwd', 'outlink/secret.ts', 'src/../outlink/secret.ts']) {
          assert.equal((await resolver.resolve(hostile)).resolvedPath, undefined, hostile);
        }
      });
    } finally {
      rmSync(etclink);
      rmSync(outLink);
    }
  });

  it('a path through a symlinked folder that leads out is refused, not matched by its name to another file (vendor -> ../sdk, SF:vendor/util.ts)', async () => {
    const vendor = path.join(ws, 'vendor');
    writeFileSync(path.join(outside, 'util.ts'), '');
    symlinkSync('../outside', vendor);
    try {
      await assertNothingOutsideTouched([ws], async () => {
        const resolver = new ReportPathResolver(options());
        // src/lib/util.ts shares the name: the suffix match would have taken it.
        assert.deepEqual(await resolver.resolve('vendor/util.ts'), { resolvedPath: undefined, note: 'refused: a symlink on its way leads out of the workspace' });
        assert.equal((await resolver.resolveAll(['vendor/util.ts', 'src/lib/util.ts']))[0]?.resolvedPath, undefined);
      });
    } finally {
      rmSync(vendor);
      rmSync(path.join(outside, 'util.ts'));
    }
  });

  it('a relative path that leads out of every workspace folder names a file outside, not one found by its name (../../outside/src/lib/util.ts)', async () => {
    await assertNothingOutsideTouched([ws], async () => {
      const resolver = new ReportPathResolver(options());
      const entry = '../../outside/src/lib/util.ts';
      const outsideNote = { resolvedPath: undefined, note: 'outside the workspace: the path leads out of every workspace folder' };
      assert.deepEqual(await resolver.resolve(entry), outsideNote);
      assert.deepEqual((await resolver.resolveAll([entry, 'src/lib/util.ts']))[0], outsideNote);
      // From another machine, absolute: still found by its suffix.
      assert.equal((await resolver.resolve('/home/runner/work/r/r/src/lib/util.ts')).resolvedPath, path.join(ws, 'src/lib/util.ts'));
    });
  });

  it('touches nothing outside for source roots and mappings that point outside', async () => {
    await assertNothingOutsideTouched([ws], async () => {
      const roots = new ReportPathResolver(options({ sourceRoots: [outside, '../../outside', '/etc'] }));
      for (const entry of ['secret.ts', 'passwd']) assert.equal((await roots.resolve(entry)).resolvedPath, undefined, entry);
      const mapped = new ReportPathResolver(options({ mappings: parsePathMappings({ '/ci': outside, '/build': '/etc' }) }));
      for (const entry of ['/ci/secret.ts', '/build/passwd']) assert.equal((await mapped.resolve(entry)).resolvedPath, undefined, entry);
    });
  });
});
