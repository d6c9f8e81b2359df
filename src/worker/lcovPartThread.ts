/**
 * A worker thread that reads the second part of a large LCOV report (lcovSecondPart.ts): from
 * the open file descriptor it is given (never by path: the report was opened once, inside the
 * workspace), it finds the split after `from` (LcovSplitFinder), posts it, parses the bytes from
 * the split to the end with a continuation parser, and posts the part (buffers transferred).
 */
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { LcovParser } from '../core/formats/lcov/lcov';
import { lcovPartTransfers, LcovSplitFinder } from '../core/formats/lcov/lcovParts';
import { ReportParseError } from '../core/model/model';
import type { SecondPartData, SecondPartMessage } from './lcovSecondPartProtocol';

function post(message: SecondPartMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

function run({ fd, from, chunkBytes }: SecondPartData): void {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  const finder = new LcovSplitFinder();
  let position = from;
  let parser: LcovParser | undefined;
  for (;;) {
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
    post({ kind: 'split', at: split });
    parser = new LcovParser(true);
    parser.push(chunk.subarray(split - chunkStart));
  }
  if (parser === undefined) {
    post({ kind: 'split', at: undefined });
    return;
  }
  const part = parser.finishPart();
  post({ kind: 'part', part, end: position }, lcovPartTransfers(part));
}

try {
  run(workerData as SecondPartData);
} catch (error) {
  if (error instanceof ReportParseError) post({ kind: 'parseError', line: error.line, reason: error.reason });
  else post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
