/**
 * A worker thread that reads the second part of large LCOV reports (lcovSecondPart.ts), one job
 * at a time, and stays for the next (its compiled parser stays warm). From the open file
 * descriptor it is given (never by path: the report was opened once, inside the workspace), it
 * finds the split after `from` (LcovSplitFinder), posts it, parses the bytes from the split to the
 * end with a continuation parser, and posts the part (buffers transferred).
 */
import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { LcovParser } from '../core/formats/lcov/lcov';
import { lcovPartTransfers, LcovSplitFinder } from '../core/formats/lcov/lcovParts';
import { ReportParseError } from '../core/model/model';
import type { SecondPartJob, SecondPartMessage } from './lcovSecondPartProtocol';

function post(message: SecondPartMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

function run({ job, fd, from, chunkBytes, stop }: SecondPartJob): void {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  const finder = new LcovSplitFinder();
  let position = from;
  let parser: LcovParser | undefined;
  for (;;) {
    if (Atomics.load(stop, 0) !== 0) {
      post({ job, kind: 'failed', message: 'stopped' });
      return;
    }
    const bytesRead = readSync(fd, buffer, 0, chunkBytes, position);
    if (bytesRead === 0) break;
    const chunk = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
    const chunkStart = position;
    position += bytesRead;
    if (parser !== undefined) {
      parser.push(chunk);
      continue;
    }
    const found = finder.push(chunk);
    if (found < 0) continue;
    const split = from + found;
    post({ job, kind: 'split', at: split });
    parser = new LcovParser(true);
    parser.push(chunk.subarray(split - chunkStart));
  }
  if (parser === undefined) {
    post({ job, kind: 'none' });
    return;
  }
  const part = parser.finishPart();
  post({ job, kind: 'part', part, end: position }, lcovPartTransfers(part));
}

parentPort?.on('message', (job: SecondPartJob) => {
  try {
    run(job);
  } catch (error) {
    if (error instanceof ReportParseError) post({ job: job.job, kind: 'parseError', line: error.line, reason: error.reason });
    else post({ job: job.job, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
