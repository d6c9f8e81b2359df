import * as assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FileDetail, LoadedReport, WorkerEnvelope, WorkerRequest, WorkerResponse } from '../../src/shared/protocol';
import { type WireMessage, WireReader } from '../../src/shared/wire';
import { workerBundle } from './workerBundle';

/** Talks to the real worker bundle, forked as the extension host forks it, over the real message protocol. */
class Client {
  private nextId = 1;
  private readonly pending = new Map<number, (response: WorkerResponse) => void>();

  constructor(readonly worker: ChildProcess) {
    const reader = new WireReader();
    worker.on('message', (message: WireMessage) => {
      const response = reader.accept(message);
      if (response !== undefined) this.pending.get(response.id)?.(response);
    });
  }

  send(request: WorkerRequest): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.send({ ...request, id } satisfies WorkerEnvelope);
    });
  }

  async ok<T>(request: WorkerRequest): Promise<T> {
    const response = await this.send(request);
    if (!response.ok) assert.fail(`expected success, got ${JSON.stringify(response.error)}`);
    return response.result as T;
  }
}

describe('worker protocol (the real worker process)', () => {
  let dir: string;
  let client: Client;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-worker-'));
    mkdirSync(path.join(dir, 'src'));
    mkdirSync(path.join(dir, 'coverage'));
    writeFileSync(path.join(dir, 'src', 'a.js'), 'a\nb\nc\nd\n');
    client = new Client(fork(workerBundle(), [], { serialization: 'advanced', execArgv: [] }));
  });

  after(() => {
    client.worker.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const load = (file: string, maxBytes = 1 << 20): WorkerRequest => ({ type: 'loadReport', reportPath: file, workspaceFolders: [dir], ownerFolder: dir, maxBytes, pathMappings: [] });

  it('loads a report, summarises each file and resolves its path inside the workspace', async () => {
    const report = path.join(dir, 'coverage', 'lcov.info');
    writeFileSync(report, 'TN:\nSF:src/a.js\nDA:1,1\nDA:2,0\nDA:3,4\nBRDA:3,0,0,1\nBRDA:3,0,1,0\nend_of_record\nSF:/etc/passwd\nDA:1,1\nend_of_record\n');
    const loaded = await client.ok<LoadedReport>(load(report));
    assert.equal(loaded.format, 'lcov');
    assert.equal(loaded.complete, true);
    assert.equal(loaded.cached, false);
    assert.deepEqual(
      loaded.files.map((f) => [f.reportPath, f.resolvedPath, f.totals.lines, f.totals.linesHit]),
      [
        ['src/a.js', path.join(dir, 'src', 'a.js'), 3, 2],
        ['/etc/passwd', undefined, 1, 1],
      ],
    );
    assert.equal(loaded.totals.branches, 2);
    assert.equal(loaded.totals.branchesHit, 1);
  });

  it('sends one file’s detail as typed arrays and reuses the cache for unchanged content', async () => {
    const report = path.join(dir, 'coverage', 'lcov.info');
    const loaded = await client.ok<LoadedReport>(load(report));
    assert.equal(loaded.cached, true);
    const detail = await client.ok<FileDetail>({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: 'src/a.js' }] });
    assert.ok(detail.lines instanceof Uint32Array);
    assert.deepEqual([...detail.lines], [1, 2, 3]);
    assert.deepEqual([...detail.hits], [1, 0, 4]);
    assert.deepEqual([...detail.status], [2, 0, 1]);
    assert.deepEqual([...detail.branchesTotal], [0, 0, 2]);
    assert.deepEqual([...detail.branchesCovered], [0, 0, 1]);
    // The worker keeps its copy: a second request still answers.
    const again = await client.ok<FileDetail>({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: 'src/a.js' }] });
    assert.deepEqual([...again.lines], [1, 2, 3]);
  });

  it('answers a malformed report with a typed parse error naming file and line', async () => {
    const report = path.join(dir, 'coverage', 'bad.info');
    writeFileSync(report, 'SF:src/a.js\nDA:1,1\nnot a record\n');
    const response = await client.send(load(report));
    assert.equal(response.ok, false);
    if (response.ok) return;
    assert.equal(response.error.kind, 'parse');
    assert.equal(response.error.file, report);
    assert.equal(response.error.line, 3);
    assert.match(response.error.reason, /record/);
  });

  it('refuses a report over the size cap before reading it', async () => {
    const report = path.join(dir, 'coverage', 'big.info');
    writeFileSync(report, `SF:src/a.js\n${'DA:1,1\n'.repeat(1000)}end_of_record\n`);
    const response = await client.send(load(report, 100));
    assert.ok(!response.ok && response.error.kind === 'tooLarge', JSON.stringify(response));
  });

  it('reports a missing report, an unknown report id and binary garbage as typed errors', async () => {
    const missing = await client.send(load(path.join(dir, 'nope.info')));
    assert.ok(!missing.ok && missing.error.kind === 'missing' && missing.error.reason.startsWith('ENOENT'), JSON.stringify(missing));
    const unknown = await client.send({ type: 'fileDetail', sources: [{ reportId: 'nope', reportPath: 'a' }] });
    assert.ok(!unknown.ok && unknown.error.kind === 'notFound');
    const garbage = path.join(dir, 'coverage', 'garbage.info');
    writeFileSync(garbage, Buffer.from([0, 1, 2, 3, 255, 254, 10, 0]));
    const bad = await client.send(load(garbage));
    assert.ok(!bad.ok && bad.error.kind === 'notCoverage', JSON.stringify(bad));
  });

  it('merges a file covered by two reports: hits summed, a line hit in either is hit', async () => {
    const first = await client.ok<LoadedReport>(load(path.join(dir, 'coverage', 'lcov.info')));
    const other = path.join(dir, 'coverage', 'other.info');
    writeFileSync(other, 'SF:src/a.js\nDA:2,5\nDA:3,0\nDA:4,0\nBRDA:3,0,1,2\nend_of_record\n');
    const second = await client.ok<LoadedReport>(load(other));
    const sources = [
      { reportId: first.reportId, reportPath: 'src/a.js' },
      { reportId: second.reportId, reportPath: 'src/a.js' },
    ];
    const detail = await client.ok<FileDetail>({ type: 'fileDetail', sources });
    assert.deepEqual([...detail.lines], [1, 2, 3, 4]);
    assert.deepEqual([...detail.hits], [1, 5, 4, 0]);
    assert.deepEqual([...detail.status], [2, 2, 2, 0]);
    const { totals } = await client.ok<{ totals: { lines: number; linesHit: number; branches: number; branchesHit: number }[] }>({ type: 'mergeSummaries', groups: [sources] });
    assert.deepEqual([totals[0]?.lines, totals[0]?.linesHit, totals[0]?.branches, totals[0]?.branchesHit], [4, 3, 2, 2]);
  });

  it('drops a report on request', async () => {
    const loaded = await client.ok<LoadedReport>(load(path.join(dir, 'coverage', 'lcov.info')));
    assert.deepEqual(await client.ok({ type: 'dropReport', reportId: loaded.reportId }), { dropped: true });
    const gone = await client.send({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: 'src/a.js' }] });
    assert.ok(!gone.ok && gone.error.kind === 'notFound');
  });

  it('flags a report that ends mid-record as incomplete', async () => {
    const report = path.join(dir, 'coverage', 'partial.info');
    writeFileSync(report, 'SF:src/a.js\nDA:1,1\nDA:2,');
    const loaded = await client.ok<LoadedReport>(load(report));
    assert.equal(loaded.complete, false);
  });
});
