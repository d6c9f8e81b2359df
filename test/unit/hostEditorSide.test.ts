import * as assert from 'node:assert/strict';
import { LineStatus, NEVER_EVALUATED, UNKNOWN_HITS } from '../../src/core/model/model';
import { lineChecksum } from '../../src/core/lines/lineChecksum';
import { declarationsOf, statementsOf, statementsOfTest } from '../../src/host/coverageDetails';
import { DetailCache, groupFileSources, type ReportFacts } from '../../src/host/fileSources';
import { insertedAtLineEnd, LiveLines, staleness, toLineEdit } from '../../src/host/liveLines';
import { lineRuns, linesByKind, marksToShow } from '../../src/host/marks';
import { combinedGlobs, excludedIn } from '../../src/host/reportExclusion';
import { ReportLoads } from '../../src/host/reportLoad';
import type { FileDetail } from '../../src/shared/fileDetail';
import { type FileSource, type LoadedReport, WorkerRequestError } from '../../src/shared/protocol';
import { receivedReport } from '../../src/shared/wire';
import { detailOf, FakeClock, FakeFiles, loadedReport } from './hostFakes';

const { Covered, Partial, Uncovered } = LineStatus;
const silentLog = { debug: () => undefined, warn: () => undefined };
const parseError = () => new WorkerRequestError({ kind: 'parse', file: '/ws/lcov.info', line: 3, reason: 'bad record' });

describe('src/host: the editor side without vscode', () => {
  describe('per-file sources (fileSources.ts)', () => {
    const facts = (key: string, loaded: LoadedReport, loadedAtMs: number, folder = `/ws/${key}`): ReportFacts => ({ key, reportFolder: folder, loaded: receivedReport(loaded), loadedAtMs, reportModifiedMs: loadedAtMs });
    const identity = (resolvedPath: string) => `file://${resolvedPath}`;
    const unit = facts('unit', loadedReport('u', [{ reportPath: 'a.ts', resolvedPath: '/ws/a.ts', testNames: ['t1'] }, { reportPath: 'gone.ts' }]), 2);
    const integration = facts('integration', loadedReport('i', [{ reportPath: 'src/a.ts', resolvedPath: '/ws/a.ts', testNames: ['t1', 't2'] }, { reportPath: 'b.ts', resolvedPath: '/ws/b.ts' }]), 1);

    it('all: every report covering a file, oldest first, tests named once; unresolved paths left out', () => {
      const { files, setAside } = groupFileSources([unit, integration], (r) => r, 'all', identity);
      assert.deepEqual([...files.keys()].sort(), ['file:///ws/a.ts', 'file:///ws/b.ts']);
      const a = files.get('file:///ws/a.ts');
      assert.deepEqual(a?.sources, [
        { reportId: 'i', reportPath: 'src/a.ts' },
        { reportId: 'u', reportPath: 'a.ts' },
      ]);
      assert.deepEqual(a?.testNames, ['t1', 't2']);
      assert.deepEqual(setAside, []);
    });

    it('newest: only the last loaded report of a file', () => {
      const { files } = groupFileSources([unit, integration], (r) => r, 'newest', identity);
      assert.deepEqual(files.get('file:///ws/a.ts')?.sources, [{ reportId: 'u', reportPath: 'a.ts' }]);
      assert.deepEqual(files.get('file:///ws/b.ts')?.sources, [{ reportId: 'i', reportPath: 'b.ts' }]);
    });

    it('auto: two formats of one run count once; the other is set aside and named', () => {
      const lcov = facts('lcov', loadedReport('l', [{ reportPath: 'a.ts', resolvedPath: '/ws/a.ts', lines: 3 }]), 10, '/ws/coverage');
      const cobertura = facts('xml', { ...loadedReport('x', [{ reportPath: 'a.ts', resolvedPath: '/ws/a.ts', lines: 3 }]), format: 'cobertura' }, 20, '/ws/coverage');
      const { files, setAside } = groupFileSources([lcov, cobertura], (r) => r, 'auto', identity);
      assert.equal(files.get('file:///ws/a.ts')?.sources.length, 1);
      assert.equal(setAside.length, 1);
      assert.notEqual(setAside[0]?.report.key, setAside[0]?.shownInstead.key);
      assert.equal(groupFileSources([lcov, cobertura], (r) => r, 'all', identity).files.get('file:///ws/a.ts')?.sources.length, 2);
    });

    it('DetailCache asks the worker once per set of sources, again after a failure, and forgets what no file uses', async () => {
      const asked: string[] = [];
      let fail = true;
      const cache = new DetailCache((sources: readonly FileSource[]) => {
        asked.push(sources.map((s) => s.reportId).join('+'));
        if (fail) return Promise.reject(new Error('worker restarted'));
        return Promise.resolve(detailOf({}));
      });
      const one = [{ reportId: 'r1', reportPath: 'a' }];
      await assert.rejects(cache.get(one));
      fail = false;
      const first = cache.get(one);
      assert.equal(cache.get(one), first);
      await first;
      cache.retain([]);
      await cache.get(one);
      assert.deepEqual(asked, ['r1', 'r1', 'r1']);
    });
  });

  describe('load policy (reportLoad.ts) with a fake clock, file view and worker', () => {
    function setUp() {
      const clock = new FakeClock();
      const files = new FakeFiles();
      // Written just now, as when a file event announces it.
      files.files.set('/ws/lcov.info', { size: 10, mtimeMs: clock.time });
      const loads = new ReportLoads(files, clock, silentLog);
      return { clock, files, loads };
    }
    const ask = (asked: number[], clock: FakeClock) => () => {
      asked.push(clock.time);
      return Promise.resolve(loadedReport('r', []));
    };

    it('reads at once a file still as it was at the file event (a debounce ago)', async () => {
      const { clock, loads } = setUp();
      const seen = await loads.signature('/ws/lcov.info');
      const asked: number[] = [];
      assert.equal((await loads.load('k', '/ws/lcov.info', ask(asked, clock), seen)).kind, 'loaded');
      assert.deepEqual(clock.delays, []);
      assert.deepEqual(asked, [1_000_000]);
    });

    it('waits for the writer when the file changed after the file event, and asks only once it is stable', async () => {
      const { clock, files, loads } = setUp();
      const seen = await loads.signature('/ws/lcov.info');
      files.files.set('/ws/lcov.info', { size: 20, mtimeMs: clock.time + 50 });
      let writes = 2;
      clock.onDelay = () => {
        if (writes-- > 0) files.files.set('/ws/lcov.info', { size: 30 + writes, mtimeMs: clock.time });
      };
      const asked: number[] = [];
      await loads.load('k', '/ws/lcov.info', ask(asked, clock), seen);
      assert.deepEqual(clock.delays, [100, 100, 100]);
      assert.deepEqual(asked, [1_000_300]);
    });

    it('reads at once a file last modified 3 s ago or more (a report found at activation); a newer or future one is checked', async () => {
      for (const [age, delays] of [
        [3000, []],
        [60_000, []],
        [2999, [100]],
        [-60_000, [100]],
      ] as const) {
        const { clock, files, loads } = setUp();
        files.files.set('/ws/lcov.info', { size: 10, mtimeMs: clock.time - age });
        await loads.load('k', '/ws/lcov.info', ask([], clock));
        assert.deepEqual(clock.delays, delays, `modified ${age} ms ago`);
      }
    });

    it('a retry after a parse error checks the file again even when it was unchanged at the event', async () => {
      const { clock, loads } = setUp();
      const seen = await loads.signature('/ws/lcov.info');
      await loads.load('k', '/ws/lcov.info', () => Promise.reject(parseError()), seen);
      assert.deepEqual(clock.delays, [400, 100, 800, 100]);
    });

    it('waits until size and modification time stop changing before it asks the worker', async () => {
      const { clock, files, loads } = setUp();
      let writes = 3;
      clock.onDelay = () => {
        if (writes-- > 0) files.files.set('/ws/lcov.info', { size: 10 + writes, mtimeMs: clock.time });
      };
      let askedAt = 0;
      const outcome = await loads.load('k', '/ws/lcov.info', () => {
        askedAt = clock.time;
        return Promise.resolve(loadedReport('r', []));
      });
      assert.equal(outcome.kind, 'loaded');
      // Three writes seen, then one check with nothing new.
      assert.deepEqual(clock.delays, [100, 100, 100, 100]);
      assert.equal(askedAt, 1_000_400);
      assert.equal(outcome.kind === 'loaded' && outcome.reportModifiedMs, files.files.get('/ws/lcov.info')?.mtimeMs);
    });

    it('gives up waiting after 20 checks of a file that keeps changing', async () => {
      const { clock, files, loads } = setUp();
      clock.onDelay = () => files.files.set('/ws/lcov.info', { size: 1, mtimeMs: clock.time });
      await loads.load('k', '/ws/lcov.info', () => Promise.resolve(loadedReport('r', [])));
      assert.equal(clock.delays.length, 20);
    });

    it('retries a parse error twice with growing delays, then fails with the worker error', async () => {
      const { clock, loads } = setUp();
      let asked = 0;
      const outcome = await loads.load('k', '/ws/lcov.info', () => {
        asked++;
        return Promise.reject(parseError());
      });
      assert.equal(asked, 3);
      assert.deepEqual(clock.delays.filter((ms) => ms !== 100), [400, 800]);
      assert.equal(outcome.kind, 'failed');
      assert.equal(outcome.kind === 'failed' && outcome.error.reason, 'bad record');
    });

    it('a report cut short is asked for again; the third time it is shown as it is', async () => {
      const { loads } = setUp();
      let asked = 0;
      const outcome = await loads.load('k', '/ws/lcov.info', () => {
        asked++;
        return Promise.resolve(loadedReport('r', [], { complete: false }));
      });
      assert.equal(asked, 3);
      assert.equal(outcome.kind, 'loaded');
    });

    it('missing, not coverage, and any other error are not retried', async () => {
      const { loads } = setUp();
      const answer = (kind: 'missing' | 'io' | 'notCoverage' | 'tooLarge', reason: string) => loads.load('k', '/ws/lcov.info', () => Promise.reject(new WorkerRequestError({ kind, file: undefined, line: 0, reason })));
      assert.equal((await answer('missing', 'ENOENT: the report is not there')).kind, 'missing');
      // Only the kind counts: an io error whose text happens to start with ENOENT is a failure.
      assert.equal((await answer('io', 'ENOENT-like text')).kind, 'failed');
      assert.deepEqual(await answer('notCoverage', 'no format'), { kind: 'notCoverage', reason: 'no format' });
      assert.equal((await answer('tooLarge', 'over 512 MiB')).kind, 'failed');
    });

    it('a newer load of the same report supersedes an older one still in flight', async () => {
      const { loads } = setUp();
      let release: (report: LoadedReport) => void = () => undefined;
      const older = loads.load('k', '/ws/lcov.info', () => new Promise<LoadedReport>((resolve) => (release = resolve)));
      // Let the older load reach the worker before the newer one starts.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      const newer = loads.load('k', '/ws/lcov.info', () => Promise.resolve(loadedReport('new', [])));
      release(loadedReport('old', []));
      assert.equal((await older).kind, 'superseded');
      const outcome = await newer;
      assert.equal(outcome.kind === 'loaded' && outcome.loaded.reportId, 'new');
    });

    it('an error that is not the worker answering is not swallowed', async () => {
      const { loads } = setUp();
      await assert.rejects(
        loads.load('k', '/ws/lcov.info', () => Promise.reject(new TypeError('bug'))),
        TypeError,
      );
    });
  });

  describe('exclusion and search globs (reportExclusion.ts)', () => {
    it('excludedIn matches paths relative to the folder', () => {
      const excluded = excludedIn('/ws/app', ['**/node_modules/**']);
      assert.equal(excluded('/ws/app/node_modules/x/lcov.info'), true);
      assert.equal(excluded('/ws/app/coverage/lcov.info'), false);
    });

    it('combinedGlobs puts plain globs in one group and keeps braced ones apart', () => {
      assert.deepEqual(combinedGlobs(['**/lcov.info', '**/{a,b}.xml', '**/c.out']), ['{**/lcov.info,**/c.out}', '**/{a,b}.xml']);
      assert.deepEqual(combinedGlobs(['**/lcov.info']), ['**/lcov.info']);
    });
  });

  describe('live remap, checksums and staleness (liveLines.ts)', () => {
    const detail = () =>
      detailOf({
        lines: [
          [1, 1, Covered],
          [3, 0, Uncovered],
          [5, 2, Partial],
        ],
        branches: [[5, 0]],
        functions: [['f', 1, 5, 1]],
        checksums: [
          [1, lineChecksum('one')],
          [3, lineChecksum('three')],
        ],
      });
    const insertLine = (line: number) => ({ startLine: line - 1, startCharacter: 0, endLine: line - 1, endCharacter: 0, isEmpty: true, text: 'new\n' });

    it('toLineEdit: a whole line inserted before a line only moves lines; a typed character edits one', () => {
      assert.deepEqual(toLineEdit(insertLine(2)), { startLine: 2, endLine: 2, newLineCount: 2, insertsBefore: true });
      assert.deepEqual(toLineEdit({ startLine: 2, startCharacter: 4, endLine: 2, endCharacter: 4, isEmpty: true, text: 'x' }), { startLine: 3, endLine: 3, newLineCount: 1, insertsBefore: false });
    });

    it('toLineEdit: a deleted whole line, or whole lines replaced, leave the line after them unedited (Ctrl+Shift+K)', () => {
      // Line 3 (0-based 2) deleted with its line break: only line 3 is edited; line 4 moves up.
      assert.deepEqual(toLineEdit({ startLine: 2, startCharacter: 0, endLine: 3, endCharacter: 0, isEmpty: false, text: '' }), { startLine: 3, endLine: 3, newLineCount: 0, insertsBefore: false });
      // Lines 3-4 replaced by three whole lines: line 5 moves down one.
      assert.deepEqual(toLineEdit({ startLine: 2, startCharacter: 0, endLine: 4, endCharacter: 0, isEmpty: false, text: 'a\nb\nc\n' }), { startLine: 3, endLine: 4, newLineCount: 3, insertsBefore: false });
      // The end of line 3 and all of line 4 replaced by a line break: line 3 is edited, line 5 stays whole.
      assert.deepEqual(toLineEdit({ startLine: 2, startCharacter: 6, endLine: 4, endCharacter: 0, isEmpty: false, text: 'x\n' }), { startLine: 3, endLine: 4, newLineCount: 1, insertsBefore: false });
      // Line 4 joined to line 3 (Backspace at its start): both edited.
      assert.deepEqual(toLineEdit({ startLine: 2, startCharacter: 6, endLine: 3, endCharacter: 0, isEmpty: false, text: '' }), { startLine: 3, endLine: 4, newLineCount: 1, insertsBefore: false });
      const live = new LiveLines<string>();
      live.edit('doc', 'e', [{ startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 0, isEmpty: false, text: '' }]);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [1, 2, 4], 'line 2 deleted: lines 3 and 5 keep their marks, one higher');
    });

    it('toLineEdit: Enter at the end of a line leaves that line unedited; in its middle, the line is split', () => {
      const enter = (character: number, atEnd?: boolean) => ({ startLine: 2, startCharacter: character, endLine: 2, endCharacter: character, isEmpty: true, text: '\n    ', ...(atEnd === undefined ? {} : { insertedAtLineEnd: atEnd }) });
      assert.deepEqual(toLineEdit(enter(9, true)), { startLine: 4, endLine: 4, newLineCount: 2, insertsBefore: true });
      assert.deepEqual(toLineEdit(enter(4, false)), { startLine: 3, endLine: 3, newLineCount: 2, insertsBefore: false });
      assert.deepEqual(toLineEdit(enter(9)), { startLine: 3, endLine: 3, newLineCount: 2, insertsBefore: false }, 'unknown: edited');
      // An empty line: Enter at its start (and end) moves it down, as a line inserted above it.
      assert.deepEqual(toLineEdit({ ...enter(0, true), text: '\n' }), { startLine: 3, endLine: 3, newLineCount: 2, insertsBefore: true });
      const live = new LiveLines<string>();
      live.edit('doc', 'e', [{ ...enter(5, true), startLine: 2, text: '\n' }]);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [1, 3, 6], 'Enter at the end of line 3: line 3 keeps its mark, line 5 moves');
    });

    it('an undo that puts back what the latest edit replaced gives its lines their marks back, before or after the marks were drawn', () => {
      // Line 1 typed in (edited), then Enter in the middle of line 3 (edited), then that Enter undone.
      const typed = { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, isEmpty: true, text: 'x' };
      const split = { startLine: 2, startCharacter: 4, endLine: 2, endCharacter: 4, isEmpty: true, text: '\n  ', insertedAtLineEnd: false };
      const undoSplit = { startLine: 2, startCharacter: 4, endLine: 3, endCharacter: 2, isEmpty: false, text: '' };
      for (const drawnBetween of [false, true]) {
        const live = new LiveLines<string>();
        live.edit('doc', 'e', [typed]);
        if (drawnBetween) live.remap('doc', 'e', detail());
        live.edit('doc', 'e', [split]);
        assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [6]);
        live.edit('doc', 'e', [undoSplit], true);
        assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [3, 5], 'line 3 back; line 1 stays edited');
      }
      // Line 3 deleted (Delete Line on it, range 2:0-3:0 with nothing): its undo puts a line back there.
      const live = new LiveLines<string>();
      live.edit('doc', 'e', [{ startLine: 2, startCharacter: 0, endLine: 3, endCharacter: 0, isEmpty: false, text: '' }]);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [1, 4]);
      live.edit('doc', 'e', [{ startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 0, isEmpty: true, text: 'three\n' }], true);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [1, 3, 5], 'the deleted line 3 back with its mark');
      // Not an undo of the latest edit (another range, or not told as an undo): counted as an edit.
      const other = new LiveLines<string>();
      other.edit('doc', 'e', [split]);
      other.edit('doc', 'e', [{ ...undoSplit, endCharacter: 3 }], true);
      assert.deepEqual([...other.remap('doc', 'e', detail()).lines], [1, 5]);
      const notUndo = new LiveLines<string>();
      notUndo.edit('doc', 'e', [split]);
      notUndo.edit('doc', 'e', [undoSplit]);
      assert.deepEqual([...notUndo.remap('doc', 'e', detail()).lines], [1, 5]);
    });

    it('insertedAtLineEnd tells an insertion at a line’s end from the line that holds its last part afterwards', () => {
      // "  if (x) {" + Enter with indent: line 3 now "  if (x) {", line 4 "    ".
      assert.equal(insertedAtLineEnd('\n    ', 10, '    '), true);
      // Enter before "return;": line 4 now "    return;".
      assert.equal(insertedAtLineEnd('\n    ', 2, '    return;'), false);
      assert.equal(insertedAtLineEnd('\r\n', 3, ''), true);
      // Without a line break: the line itself holds it.
      assert.equal(insertedAtLineEnd('ab', 3, 'xyzab'), true);
      assert.equal(insertedAtLineEnd('ab', 3, 'xyzabq'), false);
    });

    it('edits move the report lines; an edited line loses its mark; a new entry starts afresh', () => {
      const live = new LiveLines<string>();
      live.edit('doc', 'entry1', [insertLine(2)]);
      assert.deepEqual([...live.remap('doc', 'entry1', detail()).lines], [1, 4, 6]);
      live.edit('doc', 'entry1', [{ startLine: 3, startCharacter: 0, endLine: 3, endCharacter: 5, isEmpty: false, text: 'changed' }]);
      const remapped = live.remap('doc', 'entry1', detail());
      assert.deepEqual([...remapped.lines], [1, 6]);
      assert.deepEqual([...remapped.functionEndLines], [6]);
      assert.deepEqual([...live.remap('doc', 'entry2', detail()).lines], [1, 3, 5]);
    });

    it('several changes of one event apply lowest-down first', () => {
      const live = new LiveLines<string>();
      // Both positions are in the text before the event: line 3 moves once, line 5 twice.
      live.edit('doc', 'e', [insertLine(2), insertLine(4)]);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [1, 4, 7]);
    });

    it('reverted to the file on disk, the report lines hold again; not once a save came between', () => {
      const live = new LiveLines<string>();
      live.edit('doc', 'e', [insertLine(1)]);
      assert.equal(live.reverted('doc'), true);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [1, 3, 5]);
      live.edit('doc', 'e', [insertLine(1)]);
      live.saved('doc');
      assert.equal(live.reverted('doc'), false);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [2, 4, 6]);
      live.retain((entry) => (entry === 'e' ? undefined : entry));
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [1, 3, 5]);
    });

    it('a rebuild that gives the same coverage a new entry keeps the edits, moved onto it', () => {
      const live = new LiveLines<string>();
      live.edit('doc', 'e', [insertLine(1)]);
      assert.deepEqual([...live.remap('doc', 'e', detail()).lines], [2, 4, 6]);
      live.retain((entry) => (entry === 'e' ? 'e (rebuilt)' : undefined));
      assert.deepEqual([...live.remap('doc', 'e (rebuilt)', detail()).lines], [2, 4, 6]);
      live.edit('doc', 'e (rebuilt)', [insertLine(1)]);
      assert.deepEqual([...live.remap('doc', 'e (rebuilt)', detail()).lines], [3, 5, 7]);
    });

    it('a line whose text no longer matches its checksum loses its mark; cached per document version', () => {
      const live = new LiveLines<string>();
      const texts = ['one', 'two', 'THREE', 'four', 'five'];
      let reads = 0;
      const doc = (version: number) => ({ version, lineCount: texts.length, lineText: (line: number) => (reads++, texts[line - 1] as string) });
      assert.deepEqual([...live.withoutChangedLines('doc', 'e', detail(), doc(1)).lines], [1, 5]);
      const readsAfterFirst = reads;
      live.withoutChangedLines('doc', 'e', detail(), doc(1));
      assert.equal(reads, readsAfterFirst);
      texts[2] = 'three';
      assert.deepEqual([...live.withoutChangedLines('doc', 'e', detail(), doc(2)).lines], [1, 3, 5]);
      assert.deepEqual([...live.withoutChangedLines('doc', 'e', detail(), { version: 3, lineCount: 2, lineText: (line) => texts[line - 1] as string }).lines], [1, 5]);
    });

    it('a new version of a long document hashes only the line texts it has not hashed (one keystroke: one line, not the whole file)', () => {
      const count = 20_000;
      const texts = Array.from({ length: count }, (_, i) => `    value_${i} = compute(${i})`);
      const long = detailOf({
        lines: texts.map((_, i) => [i + 1, 1, Covered] as [number, number, number]),
        checksums: texts.map((text, i) => [i + 1, lineChecksum(text)] as [number, string]),
      });
      let hashed = 0;
      const live = new LiveLines<string>((text) => (hashed++, lineChecksum(text)));
      const doc = (version: number) => ({ version, lineCount: texts.length, lineText: (line: number) => texts[line - 1] as string });
      assert.equal(live.withoutChangedLines('doc', 'e', long, doc(1)).lines.length, count);
      assert.equal(hashed, count);
      texts[99] = `${texts[99] as string}x`;
      assert.deepEqual(live.withoutChangedLines('doc', 'e', long, doc(2)).lines.includes(100), false, 'the typed-in line loses its mark');
      assert.equal(hashed, count + 1, 'only the changed line was hashed again');
      texts[99] = texts[99]?.slice(0, -1);
      assert.equal(live.withoutChangedLines('doc', 'e', long, doc(3)).lines.length, count, 'typed back: marked again');
      live.closed('doc');
      live.withoutChangedLines('doc', 'e', long, doc(4));
      assert.equal(hashed, 2 * count + 2, 'a closed document starts afresh');
    });

    it('staleness: a file written more than 2 s after the newest report', () => {
      assert.equal(staleness(undefined, [1000]), undefined);
      assert.equal(staleness(3000, [1000]), undefined);
      assert.deepEqual(staleness(3001, [500, 1000]), { fileModified: new Date(3001), reportModified: new Date(1000) });
    });
  });

  describe('marks by kind and line runs (marks.ts)', () => {
    const detail = detailOf({
      lines: [
        [1, 1, Covered],
        [2, 1, Covered],
        [3, 0, Uncovered],
        [4, 1, Partial],
        [6, 1, Covered],
      ],
    });

    it('lines by kind, only the kinds asked for', () => {
      assert.deepEqual(linesByKind(detail), { covered: [1, 2, 6], partial: [4], uncovered: [3] });
      assert.deepEqual(marksToShow(detail, ['uncovered'], true), { covered: [], partial: [], uncovered: [3], stale: true });
    });

    it('one run per stretch of consecutive lines, none past the last line', () => {
      assert.deepEqual(lineRuns([1, 2, 3, 5, 7, 8, 20], 10), [
        { start: 1, end: 3 },
        { start: 5, end: 5 },
        { start: 7, end: 8 },
      ]);
      assert.deepEqual(lineRuns([], 10), []);
    });
  });

  describe('statements, branches and declarations (coverageDetails.ts)', () => {
    const detail: FileDetail = detailOf({
      lines: [
        [2, 3, Partial],
        [4, UNKNOWN_HITS, Covered],
        [5, UNKNOWN_HITS, Uncovered],
      ],
      branches: [
        [2, 1, 'x > 0'],
        [2, NEVER_EVALUATED],
        [4, 0],
      ],
      functions: [
        ['f', 2, 5, 3],
        ['g', 4, 0, 0],
      ],
      tests: [['t', [4]]],
    });

    it('a statement per line with its branches; unknown hits read as ran or not from the status', () => {
      assert.deepEqual(statementsOf(detail), [
        {
          line: 2,
          executed: 3,
          branches: [
            { executed: 1, label: 'x > 0' },
            { executed: false, label: undefined },
          ],
        },
        { line: 4, executed: true, branches: [{ executed: 0, label: undefined }] },
        { line: 5, executed: false, branches: [] },
      ]);
    });

    it('declarations are 0-based and never end before they start', () => {
      assert.deepEqual(declarationsOf(detail), [
        { name: 'f', hits: 3, startLine: 1, endLine: 4 },
        { name: 'g', hits: 0, startLine: 3, endLine: 3 },
      ]);
    });

    it('function names and branch labels reach VS Code with their controls and bidi overrides as visible escapes', () => {
      // The Test Coverage view shows a declaration's name as plain text (innerText): U+202E
      // reversed what follows, a newline broke the row. VS Code's branch hover drops a label's
      // backticks and newlines, not its bidi overrides.
      const names = declarationsOf(detailOf({ lines: [[1, 1, Covered]], functions: [['p\u202eq\nr', 1, 1, 1]] })).map((d) => d.name);
      assert.deepEqual(names, ['p\\u{202e}q\\nr']);
      const labels = statementsOf(detailOf({ lines: [[1, 1, Partial]], branches: [[1, 0, 'x\u202e > 0']] }))[0]?.branches.map((b) => b.label);
      assert.deepEqual(labels, ['x\\u{202e} > 0']);
    });

    it('what one test ran: every line, executed only where it ran', () => {
      assert.deepEqual(statementsOfTest(detail, 't'), [
        { line: 2, executed: false },
        { line: 4, executed: true },
        { line: 5, executed: false },
      ]);
      assert.ok(statementsOfTest(detail, 'other').every((statement) => !statement.executed));
    });
  });
});
