import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CoverageRatio, LineCoverage } from '../../src/core/compare/compareCoverage';
import { LineStatus } from '../../src/core/model/model';
import { resolveComparisonBase } from '../../src/host/compare/baseBranch';
import { CodecovBaselineSource } from '../../src/host/compare/codecovBaselineSource';
import { type Baseline, type BaselineSource, chooseBaseline } from '../../src/host/compare/baseline';
import { contentHash } from '../../src/host/compare/contentHash';
import { type MatchedReport, ReportBaselineSource } from '../../src/host/compare/reportSource';
import { type CoverageSnapshot, decodeSnapshot, encodeSnapshot, SnapshotFormatError } from '../../src/host/compare/snapshot';
import { SnapshotBaselineSource } from '../../src/host/compare/snapshotSource';
import { SnapshotStore } from '../../src/host/compare/snapshotStore';
import { snapshotAsIs, snapshotIfClean } from '../../src/host/compare/takeSnapshot';
import { compareWorkingTree } from '../../src/host/compare/workingTreeComparison';
import { WorkingFiles } from '../../src/host/compare/workingFile';
import { GitRepository } from '../../src/host/git/gitRepository';
import { GitRunner } from '../../src/host/git/gitRunner';
import { diffTexts } from '../../src/core/lines/lineDiff';
import { LineMapping } from '../../src/core/lines/lineMapping';
import type { BaselineReportResult } from '../../src/shared/protocol';
import { RequestHandlers } from '../../src/worker/handlers';
import { TestRepo } from './gitTestRepo';

const NO_LINES: CoverageRatio = { lines: 0, covered: 0, partial: 0, missed: 0, percent: null };

/** Coverage of lines given as [line, hits] (a hit count of 0 is uncovered). */
function coverage(...entries: [number, number][]): LineCoverage {
  return {
    lines: Uint32Array.from(entries.map(([line]) => line)),
    hits: Float64Array.from(entries.map(([, hits]) => hits)),
    status: Uint8Array.from(entries.map(([, hits]) => (hits > 0 ? LineStatus.Covered : LineStatus.Uncovered))),
  };
}

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const D = 'd'.repeat(40);

function snapshotAt(commit: string, files: [string, LineCoverage][] = [['src/a.js', coverage([1, 3], [2, 0])]]): CoverageSnapshot {
  return { commit, savedAt: Date.UTC(2026, 0, 1), manual: false, files: new Map(files), contentHashes: new Map() };
}

describe('baseline snapshots (host/compare)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-snapshots-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips lines, hits (unknown ones too), statuses and content hashes', () => {
    const file: LineCoverage = { lines: Uint32Array.from([2, 7, 4000000]), hits: Float64Array.from([12, -1, 0]), status: Uint8Array.from([2, 1, 0]) };
    const snapshot: CoverageSnapshot = { commit: A, savedAt: 5, manual: true, files: new Map([['x/ü é.js', file]]), contentHashes: new Map([['x/ü é.js', contentHash('text')]]) };
    const back = decodeSnapshot(encodeSnapshot(snapshot));
    assert.equal(back.commit, A);
    assert.equal(back.manual, true);
    assert.deepEqual([...(back.files.get('x/ü é.js')?.lines ?? [])], [2, 7, 4000000]);
    assert.deepEqual([...(back.files.get('x/ü é.js')?.hits ?? [])], [12, -1, 0]);
    assert.deepEqual([...(back.files.get('x/ü é.js')?.status ?? [])], [2, 1, 0]);
    assert.deepEqual(back.contentHashes, snapshot.contentHashes);
  });

  it('refuses a damaged snapshot: lines not ascending, lengths that differ, a bad status, no commit', () => {
    const good = JSON.parse(encodeSnapshot(snapshotAt(A))) as { files: { l: string; h: string; s: string }[]; commit: string };
    const broken = (change: (data: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return JSON.stringify(copy);
    };
    const file = (data: typeof good) => data.files[0] as { l: string; h: string; s: string };
    assert.throws(() => decodeSnapshot(broken((d) => (file(d).l = Buffer.from(Uint32Array.from([1, 0]).buffer).toString('base64')))), SnapshotFormatError);
    assert.throws(() => decodeSnapshot(broken((d) => (file(d).s = Buffer.from([2]).toString('base64')))), SnapshotFormatError);
    assert.throws(() => decodeSnapshot(broken((d) => (file(d).s = Buffer.from([2, 7]).toString('base64')))), SnapshotFormatError);
    assert.throws(() => decodeSnapshot(broken((d) => (d.commit = 'HEAD'))), SnapshotFormatError);
    assert.throws(() => decodeSnapshot('{'), SnapshotFormatError);
  });

  it('keeps the store under its size cap by evicting the oldest snapshots, never the one just saved', async () => {
    const one = Buffer.byteLength(encodeSnapshot(snapshotAt(A)));
    const store = new SnapshotStore(dir, one * 2 + 10);
    await store.save(snapshotAt(A));
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, `${A}.json`), old, old);
    await store.save(snapshotAt(B));
    assert.deepEqual(await store.commits(), [B, A]);
    const evicted = await store.save(snapshotAt(C));
    assert.deepEqual(evicted, [A]);
    assert.deepEqual((await store.commits()).sort(), [B, C]);
    assert.equal(await store.load(A), undefined);
    assert.equal((await store.load(C))?.commit, C);
  });

  it('evicts by when each snapshot was taken, not by file times a copied or restored folder no longer keeps', async () => {
    const at = (commit: string, n: number) => ({ ...snapshotAt(commit), savedAt: Date.UTC(2026, 0, 1) + n });
    const one = Buffer.byteLength(encodeSnapshot(at(A, 1)));
    const store = new SnapshotStore(dir, one * 3 + 10);
    await store.save(at(A, 1));
    await store.save(at(B, 2));
    await store.save(at(C, 3));
    // Restored from a backup: the oldest snapshot's file now looks the newest.
    [A, B, C].forEach((commit, i) => {
      const time = new Date(Date.now() - i * 60_000);
      utimesSync(path.join(dir, `${commit}.json`), time, time);
    });
    const evicted = await store.save(at(D, 4));
    assert.deepEqual(evicted, [A]);
    assert.deepEqual(await store.commits(), [D, C, B]);
  });

  it('counts every file of its folder against the cap: a half-written snapshot left by a crash goes first', async () => {
    const one = Buffer.byteLength(encodeSnapshot(snapshotAt(A)));
    const cap = one * 2 + 10;
    const store = new SnapshotStore(dir, cap);
    await store.save(snapshotAt(B));
    const leftover = path.join(dir, `${C}.json.4242.tmp`);
    writeFileSync(leftover, 'x'.repeat(one * 2));
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(leftover, hourAgo, hourAgo);
    await store.save(snapshotAt(A));
    const onDisk = readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
    assert.ok(onDisk <= cap, `${onDisk} bytes on disk, cap ${cap}`);
    assert.deepEqual(readdirSync(dir).sort(), [`${A}.json`, `${B}.json`]);
  });

  it('remembering a snapshot larger than the whole store keeps the others and says why, without an error', async () => {
    const store = new SnapshotStore(dir, Buffer.byteLength(encodeSnapshot(snapshotAt(A))) + 10);
    await store.save(snapshotAt(A));
    const big = snapshotAt(B, [['src/big.js', coverage(...Array.from({ length: 1000 }, (_, i): [number, number] => [i + 1, 1]))]]);
    const outcome = await store.remember(big);
    assert.equal(outcome.saved, false);
    assert.match(outcome.saved ? '' : outcome.reason, /more than the \d+ bytes allowed/);
    assert.deepEqual(await store.commits(), [A]);
    await assert.rejects(store.save(big), RangeError, 'saving by hand still says it failed');
  });

  it('removes a snapshot file that cannot be read back, and reports it', async () => {
    const warnings: string[] = [];
    const store = new SnapshotStore(dir, 1024 * 1024, (message) => warnings.push(message));
    writeFileSync(path.join(dir, `${A}.json`), '{"v":1,"commit":"nope"');
    assert.equal(await store.load(A), undefined);
    assert.deepEqual(readdirSync(dir), []);
    assert.match(warnings[0] ?? '', /could not be read/);
  });

  it('tries sources in order and notes why one gave nothing or failed', async () => {
    const found: Baseline = { kind: 'snapshot', commit: A, description: 'remembered', files: new Map() };
    const failing: BaselineSource = { kind: 'report', find: () => Promise.reject(new Error('unreadable report')) };
    const none: BaselineSource = { kind: 'codecov', find: () => Promise.resolve(undefined) };
    const snapshot: BaselineSource = { kind: 'snapshot', find: () => Promise.resolve(found) };
    const choice = await chooseBaseline([failing, none, snapshot], { repo: undefined as never, head: B, baseRef: 'main', mergeBase: A });
    assert.equal(choice.baseline, found);
    assert.deepEqual(choice.misses, ['report: unreadable report', 'codecov: none for aaaaaaa']);
  });
});

describe('baselines in a real repository (host/compare, real git)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let snapshots: string;
  let first: string;
  let second: string;
  let git: GitRepository;

  before(async () => {
    repo = new TestRepo();
    repo.write('src/cart.js', 'function add(a, b) {\n  return a + b;\n}\nfunction sub(a, b) {\n  return a - b;\n}\n');
    repo.write('src/old.js', 'gone();\n');
    first = repo.commit('first');
    repo.write('README', 'docs\n');
    second = repo.commit('second');
    repo.git('checkout', '-q', '-b', 'feature');
    git = (await GitRepository.open(new GitRunner(), repo.dir)) as GitRepository;
    snapshots = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-snapshots-'));
  });
  after(() => {
    repo.remove();
    rmSync(snapshots, { recursive: true, force: true });
  });

  it('remembers coverage only while the covered files are as HEAD has them', async () => {
    const covered = new Map([['src/cart.js', coverage([2, 4], [5, 0])]]);
    const clean = await snapshotIfClean(git, covered, new Set(), 1);
    assert.equal(clean.snapshot?.commit, second);
    const unsaved = await snapshotIfClean(git, covered, new Set(['src/cart.js']), 1);
    assert.equal(unsaved.snapshot, undefined);
    repo.write('src/cart.js', 'changed();\n');
    const changed = await snapshotIfClean(git, covered, new Set(), 1);
    assert.equal(changed.snapshot, undefined);
    assert.match('reason' in changed ? changed.reason : '', /1 covered file\(s\) differ from HEAD \(src\/cart\.js\)/);
    repo.git('checkout', '--', 'src/cart.js');
  });

  it('finds the merge-base snapshot, else the nearest first-parent ancestor with one', async () => {
    const store = new SnapshotStore(snapshots);
    await store.save(snapshotAt(first));
    const source = new SnapshotBaselineSource(store);
    const walked = await source.find({ repo: git, head: second, baseRef: 'main', mergeBase: second });
    assert.equal(walked?.commit, first);
    await store.save(snapshotAt(second));
    assert.equal((await source.find({ repo: git, head: second, baseRef: 'main', mergeBase: second }))?.commit, second);
  });

  it('resolves the base: the chosen branch, else main, and the merge-base of HEAD with it', async () => {
    repo.write('src/feature.js', 'f();\n');
    const tip = repo.commit('feature work');
    const base = await resolveComparisonBase(git, '');
    assert.deepEqual(base, { ref: 'main', head: tip, mergeBase: second });
    assert.deepEqual(await resolveComparisonBase(git, 'nope'), { reason: 'no branch or commit nope' });
    // Codecov's default branch comes before main; a chosen branch before Codecov's (which is then not asked).
    repo.git('branch', 'trunk', first);
    assert.deepEqual(await resolveComparisonBase(git, '', () => Promise.resolve('trunk')), { ref: 'trunk', head: tip, mergeBase: first });
    assert.deepEqual(await resolveComparisonBase(git, '', () => Promise.resolve(undefined)), { ref: 'main', head: tip, mergeBase: second });
    assert.deepEqual(await resolveComparisonBase(git, 'main', () => Promise.reject(new Error('not asked'))), { ref: 'main', head: tip, mergeBase: second });
    repo.git('branch', '-D', 'trunk');
    repo.git('reset', '-q', '--hard', second);
    repo.git('clean', '-qfd');
  });

  it('a report baseline is made at the set commit, else at the merge-base, its paths matched to that commit', async () => {
    let asked: { root: string; files: readonly string[] } | undefined;
    const read = (_report: string, root: string, files: readonly string[]): Promise<MatchedReport> => {
      asked = { root, files };
      return Promise.resolve({ files: new Map(), unmatched: NO_LINES, notes: [] });
    };
    const atMergeBase = new ReportBaselineSource(() => ({ reportPath: '/r/lcov.info', commit: '', shownPath: 'ci/lcov.info' }), read);
    const found = await atMergeBase.find({ repo: git, head: second, baseRef: 'main', mergeBase: second });
    assert.equal(found?.commit, second);
    assert.equal(found?.description, 'report ci/lcov.info');
    assert.deepEqual([...(asked?.files ?? [])].sort(), ['README', 'src/cart.js', 'src/old.js']);
    const atFirst = new ReportBaselineSource(() => ({ reportPath: '/r/lcov.info', commit: first.slice(0, 10), shownPath: 'x' }), read);
    assert.equal((await atFirst.find({ repo: git, head: second, baseRef: 'main', mergeBase: second }))?.commit, first);
    assert.deepEqual([...(asked?.files ?? [])].sort(), ['src/cart.js', 'src/old.js']);
    const unset = new ReportBaselineSource(() => undefined, read);
    assert.equal(await unset.find({ repo: git, head: second, baseRef: 'main', mergeBase: second }), undefined);
  });

  it('a Codecov baseline: the nearest commit with coverage from the merge-base, its files matched to that commit; nothing when not connected', async () => {
    let walkedFrom: string | undefined;
    let parsedWith: readonly string[] = [];
    const source = (answer: 'found' | 'notConnected' | 'problem') =>
      new CodecovBaselineSource({
        coverageAt: (_root, commit) => {
          walkedFrom = commit;
          if (answer === 'notConnected') return Promise.resolve({ kind: 'notConnected' });
          if (answer === 'problem') return Promise.resolve({ kind: 'problem', message: 'Codecov has no coverage for HEAD or the 20 commits before it.' });
          return Promise.resolve({ kind: 'found', sha: first, behind: 1, body: { kind: 'bytes', bytes: new Uint8Array() }, cached: false, offline: false });
        },
        parse: (_body, files) => {
          parsedWith = files;
          return Promise.resolve({ files: new Map([['src/cart.js', coverage([1, 1])]]), unmatched: NO_LINES, notes: [] });
        },
      });
    const query = { repo: git, head: second, baseRef: 'main', mergeBase: second };
    const found = await source('found').find(query);
    assert.equal(walkedFrom, second);
    assert.equal(found?.kind, 'codecov');
    assert.equal(found?.commit, first);
    assert.equal(found?.description, 'Codecov coverage of 1 commit before the merge-base');
    assert.deepEqual([...(found?.files.keys() ?? [])], ['src/cart.js']);
    assert.deepEqual([...parsedWith].sort(), ['src/cart.js', 'src/old.js']);
    assert.equal(await source('notConnected').find(query), undefined);
    await assert.rejects(source('problem').find(query), /no coverage for HEAD or the 20 commits/);
  });

  it('precedence: a report named in the settings, then Codecov when connected, then remembered coverage — whatever order the sources come in', async () => {
    const store = new SnapshotStore(mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-snapshots-')));
    try {
      await store.save(snapshotAt(second));
      let reportSet = true;
      let codecovConnected = true;
      const report = new ReportBaselineSource(
        () => (reportSet ? { reportPath: '/r/lcov.info', commit: '', shownPath: 'ci/lcov.info' } : undefined),
        () => Promise.resolve({ files: new Map(), unmatched: NO_LINES, notes: [] }),
      );
      const codecov = new CodecovBaselineSource({
        coverageAt: () => Promise.resolve(codecovConnected ? { kind: 'found', sha: second, behind: 0, body: { kind: 'bytes', bytes: new Uint8Array() }, cached: false, offline: false } : { kind: 'notConnected' }),
        parse: () => Promise.resolve({ files: new Map(), unmatched: NO_LINES, notes: [] }),
      });
      const snapshots = new SnapshotBaselineSource(store);
      const query = { repo: git, head: second, baseRef: 'main', mergeBase: second };
      // The issue's list order: Codecov, snapshots, a report file.
      const inIssueOrder = [codecov, snapshots, report];
      assert.equal((await chooseBaseline(inIssueOrder, query)).baseline?.kind, 'report', 'a report file the user set wins');
      reportSet = false;
      assert.equal((await chooseBaseline(inIssueOrder, query)).baseline?.kind, 'codecov');
      codecovConnected = false;
      assert.equal((await chooseBaseline(inIssueOrder, query)).baseline?.kind, 'snapshot');
    } finally {
      rmSync(store.folder, { recursive: true, force: true });
    }
  });

  it('the worker keeps a Codecov response’s files whose exact path the commit has', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ files: [{ name: 'src/cart.js', line_coverage: [[1, 0], [2, 1], [3, 2]] }, { name: 'src/gone.js', line_coverage: [[1, 0]] }] }));
    const result = (await new RequestHandlers().handle({ type: 'codecovBaseline', body: { kind: 'bytes', bytes: body }, files: ['src/cart.js', 'README'] })) as BaselineReportResult;
    assert.deepEqual(result.files.map(([path, file]) => [path, [...file.lines], [...file.status]]), [['src/cart.js', [1, 2, 3], [LineStatus.Covered, LineStatus.Uncovered, LineStatus.Partial]]]);
    assert.deepEqual(result.unmatched, { lines: 1, covered: 1, partial: 0, missed: 0, percent: 100 }, 'the unmatched file’s lines, as one figure');
    assert.deepEqual(result.notes, ['src/gone.js: not a file of the commit']);
  });

  it('a baseline saved from a dirty tree compares a file line for line while its text is the saved text, and leaves it out once it changes', async () => {
    const disk = new WorkingFiles(repo.dir, 1 << 20);
    // Line 2 was covered (3 hits) in the dirty text; now it is not.
    repo.write('src/cart.js', 'function add(a, b) {\n  return a + b; // dirty\n}\nfunction sub(a, b) {\n  return a - b;\n}\n');
    const saved = await snapshotAsIs(git, new Map([['src/cart.js', coverage([2, 3], [5, 0])]]), (file) => disk.read(file), 9);
    assert.equal(saved.commit, second);
    assert.equal(saved.manual, true);
    assert.deepEqual([...saved.contentHashes.keys()], ['src/cart.js']);
    const baseline: Baseline = { kind: 'snapshot', commit: saved.commit, description: 'saved', files: saved.files, contentHashes: saved.contentHashes };
    const current = new Map([['src/cart.js', coverage([2, 0], [5, 0])]]);
    const same = await compareWorkingTree({ repo: git, baseline, current, currentText: (file) => disk.read(file) });
    const file = same.result.files.find((f) => f.path === 'src/cart.js');
    assert.deepEqual(file?.lost.map((lost) => [lost.line, lost.baselineHits]), [[2, 3]]);
    assert.equal(file?.patch.lines, 0, 'nothing changed since the save');
    repo.write('src/cart.js', 'function add(a, b) {\n  return a + b; // edited again\n}\nfunction sub(a, b) {\n  return a - b;\n}\n');
    const after = await compareWorkingTree({ repo: git, baseline, current, currentText: (file) => disk.read(file) });
    assert.deepEqual(after.skipped, [{ path: 'src/cart.js', reason: 'the baseline was saved from uncommitted text that has changed since' }]);
    assert.equal(after.result.files.find((f) => f.path === 'src/cart.js'), undefined);
    repo.git('checkout', '--', 'src/cart.js');
  });

  it('the editor text (unsaved edits of a file unchanged on disk) decides lost and new lines, not the disk', async () => {
    const baseline: Baseline = { kind: 'snapshot', commit: second, description: 'remembered', files: new Map([['src/cart.js', coverage([2, 4], [5, 2])]]) };
    // In the editor: two lines inserted at the top; the report (remapped) says sub's body is not run now.
    const editorText = `// one\n// two\n${'function add(a, b) {\n  return a + b;\n}\nfunction sub(a, b) {\n  return a - b;\n}\n'}`;
    const current = new Map([['src/cart.js', coverage([1, 0], [4, 4], [7, 0])]]);
    const disk = new WorkingFiles(repo.dir, 1 << 20);
    const run = await compareWorkingTree({
      repo: git,
      baseline,
      current,
      currentText: (file) => (file === 'src/cart.js' ? Promise.resolve({ kind: 'text', text: editorText }) : disk.read(file)),
      unsaved: ['src/cart.js'],
    });
    const file = run.result.files.find((f) => f.path === 'src/cart.js');
    assert.deepEqual(file?.lost.map((lost) => [lost.line, lost.baselineLine, lost.baselineHits]), [[7, 5, 2]]);
    assert.deepEqual(file?.uncoveredChanged, [1]);
    assert.equal(run.result.patch.lines, 1);
  });
});

describe('comparison requests in the worker (worker/baselineReport)', () => {
  it('diffs two texts into hunks that rebuild the same mapping as core', async () => {
    const before = 'a\nb\nc\nd\n';
    const after = 'a\nx\nc\nd\ne\n';
    const { hunks } = (await new RequestHandlers().handle({ type: 'diffTexts', oldText: before, newText: after })) as { hunks: Int32Array };
    const rebuilt = LineMapping.fromHunks(Array.from({ length: hunks.length / 4 }, (_, i) => ({ oldStart: hunks[i * 4] as number, oldEnd: hunks[i * 4 + 1] as number, newStart: hunks[i * 4 + 2] as number, newEnd: hunks[i * 4 + 3] as number })));
    assert.deepEqual([...rebuilt.changedRanges()], [...diffTexts(before, after).changedRanges()]);
  });

  it('reads a baseline report inside the workspace and matches its paths to the commit, not to the disk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coverage-sentinel-baseline-report-'));
    try {
      writeFileSync(path.join(dir, 'lcov.info'), 'SF:/ci/work/app/src/gone.js\nDA:1,4\nDA:2,0\nend_of_record\nSF:elsewhere/x.js\nDA:1,1\nend_of_record\n');
      const result = (await new RequestHandlers().handle({
        type: 'baselineReport',
        reportPath: path.join(dir, 'lcov.info'),
        workspaceFolders: [dir],
        maxBytes: 1 << 20,
        root: '/repo',
        files: ['src/gone.js', 'src/kept.js'],
        pathMappings: [],
      })) as BaselineReportResult;
      assert.deepEqual(result.files.map(([file, lines]) => [file, [...lines.lines], [...lines.hits], [...lines.status]]), [['src/gone.js', [1, 2], [4, 0], [2, 0]]]);
      assert.deepEqual(result.unmatched, { lines: 1, covered: 1, partial: 0, missed: 0, percent: 100 }, 'the unmatched file’s lines, as one figure');
      assert.match(result.notes[0] ?? '', /^elsewhere\/x\.js: not in the repository/);
      await assert.rejects(
        new RequestHandlers().handle({ type: 'baselineReport', reportPath: path.join(dir, 'lcov.info'), workspaceFolders: [path.join(dir, 'sub')], maxBytes: 1 << 20, root: '/repo', files: [], pathMappings: [] }),
        'a report outside the workspace folders is not read',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
