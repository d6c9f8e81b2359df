import * as assert from 'node:assert/strict';
import type { FileSummary, LoadedReport, WorkerResponse } from '../../src/shared/protocol';
import { PAGE_FILES, type ReceivedReport, receivedReport, toWire, UNRESOLVED_SAMPLE, type WireMessage, WireReader } from '../../src/shared/wire';

function only(messages: WireMessage[]): WireMessage {
  assert.equal(messages.length, 1);
  return messages[0] as WireMessage;
}

describe('the worker process wire: a loaded report in pages of summaries', () => {
  const summary = (i: number): FileSummary => ({
    reportPath: `src/f${i}.js`,
    resolvedPath: i % 2 === 0 ? `/ws/src/f${i}.js` : undefined,
    resolution: i % 2 === 0 ? 'direct' : 'not found in the workspace',
    totals: { files: 1, lines: i, linesHit: 0, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 },
    testNames: i % 3 === 0 ? ['t'] : [],
  });
  const loaded = (files: number): LoadedReport => ({
    reportId: 'r#1',
    format: 'lcov',
    contentHash: 'abc',
    totals: { files, lines: 1, linesHit: 1, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 },
    files: Array.from({ length: files }, (_, i) => summary(i)),
    warnings: [{ line: 3, message: 'w' }],
    cached: false,
    complete: true,
  });

  it('sends a big report as one message per page plus one, and puts it back together in order', () => {
    const report = loaded(2 * PAGE_FILES + 5);
    const messages = toWire('loadReport', { id: 7, ok: true, result: report });
    assert.equal(messages.length, 4);
    const reader = new WireReader();
    const answers = messages.map((message) => reader.accept(message));
    assert.deepEqual(answers.slice(0, 3), [undefined, undefined, undefined]);
    const response = answers[3] as WorkerResponse & { ok: true };
    assert.equal(response.id, 7);
    const back = response.result as ReceivedReport;
    assert.deepEqual(back.files.map((f) => f.reportPath), report.files.map((f) => f.reportPath));
    assert.equal(back.files[1]?.resolvedPath, undefined);
    for (const [key, value] of Object.entries(report)) if (key !== 'files') assert.deepEqual(back[key as keyof LoadedReport], value, key);
  });

  it('sends each page as UTF-8 bytes (kept outside the host’s V8 heap), with non-ASCII paths intact', () => {
    const report = { ...loaded(3), files: [{ ...summary(1), reportPath: 'src/é—文件.js' }, summary(2)] };
    const messages = toWire('loadReport', { id: 9, ok: true, result: report });
    const page = messages[0] as WireMessage & { filesPage: unknown };
    assert.ok(page.filesPage instanceof Uint8Array);
    const reader = new WireReader();
    const back = (messages.map((message) => reader.accept(message)).at(-1) as WorkerResponse & { ok: true }).result as ReceivedReport;
    assert.deepEqual(back.files.map((f) => f.reportPath), ['src/é—文件.js', 'src/f2.js']);
  });

  it('gives the host the resolved files as objects, and only a count and a sample of the others', () => {
    const report = loaded(2 * PAGE_FILES + 5);
    const reader = new WireReader();
    const answers = toWire('loadReport', { id: 8, ok: true, result: report }).map((message) => reader.accept(message));
    const back = (answers.at(-1) as WorkerResponse & { ok: true }).result as ReceivedReport;
    const resolved = report.files.filter((f) => f.resolvedPath !== undefined);
    const unresolved = report.files.filter((f) => f.resolvedPath === undefined);
    assert.deepEqual(back.resolvedFiles, resolved);
    assert.equal(back.unresolvedCount, unresolved.length);
    assert.deepEqual(back.unresolvedSample.map((f) => f.reportPath), unresolved.slice(0, UNRESOLVED_SAMPLE).map((f) => f.reportPath));
    assert.equal(back.hasTestNames, true);
    // Every file stays available, built from the kept pages on each read.
    assert.deepEqual(back.files.map((f) => f.reportPath), report.files.map((f) => f.reportPath));
    assert.deepEqual(Object.keys(back).sort(), [...Object.keys(report), 'resolvedFiles', 'unresolvedCount', 'unresolvedSample', 'hasTestNames'].sort());
  });

  it('derives the same facts for a report that did not cross the wire', () => {
    const report = { ...loaded(30), files: loaded(30).files.map((f) => ({ ...f, testNames: [] })) };
    const held = receivedReport(report);
    assert.equal(held.files, report.files);
    assert.deepEqual(held.resolvedFiles, report.files.filter((f) => f.resolvedPath !== undefined));
    assert.equal(held.unresolvedCount, 15);
    assert.equal(held.unresolvedSample.length, 15);
    assert.equal(held.hasTestNames, false);
    assert.equal(receivedReport(held), held);
  });

  it('keeps an empty report, errors and other results as they are', () => {
    const reader = new WireReader();
    const empty = reader.accept(only(toWire('loadReport', { id: 1, ok: true, result: loaded(0) })));
    assert.deepEqual(empty?.ok === true ? (empty.result as ReceivedReport).files : 'an error', []);
    assert.deepEqual(empty?.ok === true ? (empty.result as ReceivedReport).resolvedFiles : 'an error', []);
    const error: WorkerResponse = { id: 2, ok: false, error: { kind: 'parse', file: 'x', line: 1, reason: 'r' } };
    assert.deepEqual(toWire('loadReport', error), [error]);
    const dropped: WorkerResponse = { id: 3, ok: true, result: { dropped: true } };
    assert.deepEqual(reader.accept(only(toWire('dropReport', dropped))), dropped);
  });
});
