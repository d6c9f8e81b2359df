import * as assert from 'node:assert/strict';
import { createParser } from '../../src/core/formats/parsers';
import type { CoverageFormat, FileCoverageData } from '../../src/core/model/model';
import { baseName } from '../../src/worker/prioritySections';

/** A whole report parsed by the format's parser. */
export function parseReport(format: CoverageFormat, bytes: Uint8Array | string) {
  const parser = createParser(format);
  parser.push(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
  return parser.finish();
}

/** What the marks, hover and Test Coverage view show of a file. */
export function shown(file: FileCoverageData | undefined) {
  if (file === undefined) return undefined;
  return {
    lines: [...file.lines],
    hits: [...file.hits],
    status: [...file.status],
    branchesTotal: [...file.branchesTotal],
    branchesCovered: [...file.branchesCovered],
    functions: file.functions.names.map((name, i) => [name, file.functions.startLines[i], file.functions.hits[i]]),
  };
}

/**
 * An early pass's finder against the whole parse of a report: for the base names of its first,
 * middle and last file, the document `find` builds (chunks of several sizes) gives every file of
 * those names (up to `maxFiles`) exactly what the whole parse does.
 */
export function assertFindsAsWholeParse(format: CoverageFormat, bytes: Uint8Array, maxFiles: number, find: (bytes: Uint8Array, names: string[], chunkBytes: number) => string | undefined): void {
  const full = parseReport(format, bytes);
  const paths = [...full.files.keys()];
  const names = [...new Set([paths[0], paths[paths.length >> 1], paths[paths.length - 1]].map((p) => baseName(p as string)))];
  const expected = paths.filter((p) => names.includes(baseName(p))).slice(0, maxFiles);
  for (const chunkBytes of [bytes.length, 1 << 16, 4093, 997]) {
    const document = find(bytes, names, chunkBytes);
    assert.ok(document !== undefined, `chunks of ${chunkBytes}`);
    const early = parseReport(format, document);
    assert.deepEqual([...early.files.keys()].sort(), [...expected].sort(), `chunks of ${chunkBytes}`);
    for (const p of early.files.keys()) assert.deepEqual(shown(early.files.get(p)), shown(full.files.get(p)), `${p}, chunks of ${chunkBytes}`);
  }
}

/** Feeds `bytes` to an early pass's finder in chunks until it is full, overwriting each chunk after its push (a finder must copy what it keeps: the worker reuses its buffer). */
export function feedInChunks(finder: { readonly full: boolean; push(chunk: Uint8Array): void }, bytes: Uint8Array, chunkBytes: number): void {
  for (let at = 0; at < bytes.length && !finder.full; at += chunkBytes) {
    const chunk = Buffer.from(bytes.subarray(at, at + chunkBytes));
    finder.push(chunk);
    chunk.fill(0x78);
  }
}
