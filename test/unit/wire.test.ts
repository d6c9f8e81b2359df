import * as assert from 'node:assert/strict';
import type { FileSummary, LoadedReport, WorkerResponse } from '../../src/shared/protocol';
import { PAGE_FILES, toWire, type WireMessage, WireReader } from '../../src/shared/wire';

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
    const back = response.result as LoadedReport;
    assert.deepEqual(back.files.map((f) => f.reportPath), report.files.map((f) => f.reportPath));
    assert.equal(back.files[1]?.resolvedPath, undefined);
    assert.deepEqual({ ...back, files: [] }, { ...report, files: [] });
  });

  it('keeps an empty report, errors and other results as they are', () => {
    const reader = new WireReader();
    const empty = reader.accept(only(toWire('loadReport', { id: 1, ok: true, result: loaded(0) })));
    assert.deepEqual(empty?.ok === true ? (empty.result as LoadedReport).files : 'an error', []);
    const error: WorkerResponse = { id: 2, ok: false, error: { kind: 'parse', file: 'x', line: 1, reason: 'r' } };
    assert.deepEqual(toWire('loadReport', error), [error]);
    const dropped: WorkerResponse = { id: 3, ok: true, result: { dropped: true } };
    assert.deepEqual(reader.accept(only(toWire('dropReport', dropped))), dropped);
  });
});
