import * as assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LineMapping } from '../../src/core/lines/lineMapping';
import { moveFileCoverage } from '../../src/core/lines/moveCoverage';
import { type FileCoverageData, LineStatus, UNKNOWN_HITS } from '../../src/core/model/model';
import type { CodecovPayload, FileDetail, LoadedReport, WorkerEnvelope, WorkerRequest, WorkerResponse } from '../../src/shared/protocol';
import { type WireMessage, WireReader } from '../../src/shared/wire';
import type { RepoSlug } from '../../src/core/codecov/slug';
import { type CachedResponseKey, ResponseCache } from '../../src/host/codecov/responseCache';
import type { CodecovBody } from '../../src/shared/codecovBody';
import { workerBundle } from './workerBundle';

function codecovJson(files: Record<string, [number, number][]>): Uint8Array {
  const json = { totals: { coverage: 50 }, files: Object.entries(files).map(([name, lines]) => ({ name, totals: {}, line_coverage: lines })) };
  return new TextEncoder().encode(JSON.stringify(json));
}

const codecovBody = (files: Record<string, [number, number][]>): CodecovBody => ({ kind: 'bytes', bytes: codecovJson(files) });
const slug: RepoSlug = { service: 'github', owner: 'acme', repo: 'shop' };
const cacheKey = (sha: string): CachedResponseKey => ({ origin: 'https://api.codecov.io', slug, sha });

describe('Codecov coverage moved onto today’s lines (core)', () => {
  const file: FileCoverageData = {
    path: 'a.js',
    lines: Uint32Array.from([1, 3, 4, 8]),
    hits: Float64Array.from([UNKNOWN_HITS, 0, UNKNOWN_HITS, UNKNOWN_HITS]),
    status: new Uint8Array(4),
    branchesTotal: new Uint32Array(4),
    branchesCovered: new Uint32Array(4),
    branchDetail: { lines: Uint32Array.from([8]), blocks: Uint32Array.from([0]), branches: Uint32Array.from([0]), taken: Float64Array.from([0]), labels: ['p'] },
    functions: { names: ['f', 'g'], startLines: Uint32Array.from([3, 1]), endLines: Uint32Array.from([4, 0]), hits: Float64Array.from([1, 2]) },
    tests: new Map([['t', Uint32Array.from([1, 4])]]),
  };

  it('keeps unchanged lines at their new position and drops changed ones, branches and functions with them', () => {
    // Old line 3 replaced; two lines inserted before old line 8.
    const mapping = LineMapping.fromHunks([
      { oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 3 },
      { oldStart: 7, oldEnd: 7, newStart: 7, newEnd: 9 },
    ]);
    const moved = moveFileCoverage(file, mapping, 'b.js');
    assert.equal(moved.path, 'b.js');
    assert.deepEqual([...moved.lines], [1, 4, 10]);
    assert.deepEqual([...moved.hits], [UNKNOWN_HITS, UNKNOWN_HITS, UNKNOWN_HITS]);
    assert.deepEqual([...moved.status], [LineStatus.Covered, LineStatus.Covered, LineStatus.Partial]);
    assert.deepEqual([...moved.branchDetail.lines], [10]);
    assert.deepEqual(moved.functions.names, ['g']);
    assert.deepEqual([...(moved.tests.get('t') ?? [])], [1, 4]);
  });

  it('returns the file itself for the identity mapping', () => {
    assert.equal(moveFileCoverage(file, LineMapping.identity()), file);
  });
});

describe('Codecov responses in the real worker process', () => {
  let dir: string;
  let repo: string;
  let folder: string;
  let worker: ChildProcess;
  let nextId = 1;
  const pending = new Map<number, (response: WorkerResponse) => void>();

  const send = (request: WorkerRequest): Promise<WorkerResponse> => {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.send({ ...request, id } satisfies WorkerEnvelope);
    });
  };
  const ok = async <T>(request: WorkerRequest): Promise<T> => {
    const response = await send(request);
    if (!response.ok) assert.fail(`expected success, got ${JSON.stringify(response.error)}`);
    return response.result as T;
  };
  const load = (payload: CodecovPayload): WorkerRequest => ({ type: 'loadReport', reportPath: 'codecov:test', workspaceFolders: [folder], ownerFolder: folder, maxBytes: 1 << 20, pathMappings: [], codecov: payload });

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-codecov-worker-'));
    repo = path.join(dir, 'repo');
    // A monorepo: the workspace folder is one package of the repository.
    folder = path.join(repo, 'packages', 'app');
    mkdirSync(path.join(folder, 'src'), { recursive: true });
    mkdirSync(path.join(repo, 'packages', 'other'), { recursive: true });
    writeFileSync(path.join(folder, 'src', 'a.js'), '1\n2\n3\n4\n5\n');
    writeFileSync(path.join(folder, 'src', 'renamed.js'), '1\n2\n');
    writeFileSync(path.join(repo, 'packages', 'other', 'b.js'), 'x\n');
    writeFileSync(path.join(dir, 'secret.js'), 'secret\n');
    symlinkSync(path.join(dir, 'secret.js'), path.join(folder, 'src', 'link.js'));
    worker = fork(workerBundle(), [], { serialization: 'advanced', execArgv: [] });
    const reader = new WireReader();
    worker.on('message', (message: WireMessage) => {
      const response = reader.accept(message);
      if (response !== undefined) pending.get(response.id)?.(response);
    });
  });

  after(() => {
    worker.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the body from the host’s cache file, moves changed files, drops deleted ones and resolves paths only inside the workspace folder', async () => {
    const stored = await new ResponseCache(path.join(dir, 'cache'), 1 << 20).put(cacheKey('a1'), codecovJson({
      'packages/app/src/a.js': [[1, 0], [2, 1], [3, 2], [5, 0]],
      'packages/app/src/old.js': [[1, 1], [2, 0]],
      'packages/app/src/gone.js': [[1, 0]],
      'packages/other/b.js': [[1, 0]],
      '../secret.js': [[1, 0]],
      '/etc/passwd': [[1, 0]],
      'packages/app/src/link.js': [[1, 0]],
    }));
    assert.equal(stored?.body.kind, 'cacheFile');
    const loaded = await ok<LoadedReport>(
      load({
        body: stored?.body ?? assert.fail('not stored'),
        repoRoot: repo,
        changed: [
          // Line 2 of a.js was edited; a line was inserted at the top.
          { path: 'packages/app/src/a.js', basePath: 'packages/app/src/a.js', hunks: [{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 1 }, { oldStart: 1, oldEnd: 2, newStart: 2, newEnd: 3 }] },
          { path: 'packages/app/src/renamed.js', basePath: 'packages/app/src/old.js', hunks: [] },
        ],
        deleted: ['packages/app/src/gone.js'],
      }),
    );
    assert.equal(loaded.format, 'codecov');
    const byPath = new Map(loaded.files.map((f) => [f.reportPath, f]));
    assert.equal(byPath.has('packages/app/src/gone.js'), false);
    assert.equal(byPath.has('packages/app/src/old.js'), false);
    assert.equal(byPath.get('packages/app/src/a.js')?.resolvedPath, path.join(folder, 'src', 'a.js'));
    assert.equal(byPath.get('packages/app/src/renamed.js')?.resolvedPath, path.join(folder, 'src', 'renamed.js'));
    for (const outside of ['packages/other/b.js', '../secret.js', '/etc/passwd', 'packages/app/src/link.js']) {
      assert.equal(byPath.get(outside)?.resolvedPath, undefined, outside);
    }
    const detail = await ok<FileDetail>({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: 'packages/app/src/a.js' }] });
    assert.deepEqual([...detail.lines], [2, 4, 6]);
    assert.deepEqual([...detail.status], [LineStatus.Covered, LineStatus.Partial, LineStatus.Covered]);
  });

  it('a hostile body is a clear parse error, and the worker answers the next request', async () => {
    const response = await send(load({ body: { kind: 'bytes', bytes: new TextEncoder().encode('{"files": [{"name": "a", "line_coverage": [[1, 0]') }, repoRoot: repo, changed: [], deleted: [] }));
    assert.equal(response.ok, false);
    if (!response.ok) assert.equal(response.error.kind, 'parse');
    const loaded = await ok<LoadedReport>(load({ body: codecovBody({ 'packages/app/src/a.js': [[1, 0]] }), repoRoot: repo, changed: [], deleted: [] }));
    assert.equal(loaded.files.length, 1);
  });

  it('the same response moved onto other lines (an edit since) is another report, with its own details', async () => {
    const body = codecovBody({ 'packages/app/src/a.js': [[1, 0], [2, 1]] });
    const asCommitted = await ok<LoadedReport>(load({ body, repoRoot: repo, changed: [], deleted: [] }));
    const lineAdded = { path: 'packages/app/src/a.js', basePath: 'packages/app/src/a.js', hunks: [{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 1 }] };
    const edited = await ok<LoadedReport>(load({ body, repoRoot: repo, changed: [lineAdded], deleted: [] }));
    assert.notEqual(edited.reportId, asCommitted.reportId, 'details are cached by report id: the same id would serve the lines before the edit');
    const detail = await ok<FileDetail>({ type: 'fileDetail', sources: [{ reportId: edited.reportId, reportPath: 'packages/app/src/a.js' }] });
    assert.deepEqual([...detail.lines], [2, 3]);
    const again = await ok<LoadedReport>(load({ body, repoRoot: repo, changed: [lineAdded], deleted: [] }));
    assert.equal(again.reportId, edited.reportId, 'the same response moved the same way is the same report');
  });

  it('reads a cache file only as the host named it: its key, its size, no symlink', async () => {
    const cache = new ResponseCache(path.join(dir, 'named'), 1 << 20);
    const json = codecovJson({ 'packages/app/src/a.js': [[1, 0]] });
    const named = async (sha: string) => (await cache.put(cacheKey(sha), json))?.body ?? assert.fail('not stored');
    const refused = async (body: CodecovBody, kind: string, reason: RegExp) => {
      const response = await send(load({ body, repoRoot: repo, changed: [], deleted: [] }));
      assert.equal(response.ok, false);
      if (!response.ok) {
        assert.equal(response.error.kind, kind);
        assert.match(response.error.reason, reason);
      }
    };
    // Another key's file under this name (replaced or damaged since the host looked).
    const other = await named('b1');
    const asked = await named('b2');
    writeFileSync(asked.file, readFileSync(other.file));
    await refused(asked, 'notAFile', /not the one asked for/);
    // Grown since it was stored.
    const grown = await named('b3');
    appendFileSync(grown.file, ' ');
    await refused(grown, 'notAFile', /changed size/);
    // A symlink planted under the name, to a file with the right header: not followed.
    const planted = await named('b4');
    const elsewhere = path.join(dir, 'elsewhere.codecov');
    writeFileSync(elsewhere, readFileSync(planted.file));
    rmSync(planted.file);
    symlinkSync(elsewhere, planted.file);
    await refused(planted, 'io', /ELOOP/);
    // The worker answers the next request.
    const loaded = await ok<LoadedReport>(load({ body: await named('b5'), repoRoot: repo, changed: [], deleted: [] }));
    assert.equal(loaded.files.length, 1);
  });
});
