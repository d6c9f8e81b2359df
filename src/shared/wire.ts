import type { EarlyFiles, FileSummary, LoadedReport, WorkerRequestType, WorkerResponse } from './protocol';

/**
 * How responses cross the worker process's IPC channel (V8 serialisation, so the typed arrays of
 * file details cross as such). A loaded report has tens of thousands of files, up to millions,
 * most of them often not in the workspace. What the extension host needs of them is the resolved
 * files' summaries (the index, the views) and, for the others, a count and a sample for the log;
 * every file's summary stays available (the test API). So a load travels in pages
 * of PAGE_FILES files, one message each (the host handles them in separate tasks), each with its
 * resolved files' summaries as JSON text, which the host parses at once (`JSON.parse` rebuilds them
 * faster than the V8 deserialiser), and the page's listing — every file's path, and a resolution
 * note (an index into the page's few distinct notes), six counts and any test names for those
 * that did not resolve — as UTF-8 JSON bytes that the host keeps as they came (an ArrayBuffer
 * outside the V8 heap, about the size of the paths plus a dozen bytes a file: no object per file)
 * and decodes only when every file is asked for. One last message carries the rest of the report. Before all of them, a load may send
 * the visible editors' files it found early (EarlyFiles), as they are.
 *
 * The worker does not build a FileSummary per file either: a load's result carries its files as
 * columns (FILE_COLUMNS: paths, resolutions, a summary made on request) that toWire reads by
 * index; its `files` array is built only if something reads it (a worker thread's structured
 * clone, a unit test).
 */
export type WireMessage = ResponseMessage | { readonly id: number; readonly early: EarlyFiles };

/** The messages that carry a response. */
export type ResponseMessage =
  | WorkerResponse
  | { readonly id: number; readonly filesPage: Uint8Array; readonly resolvedPage: string }
  | { readonly id: number; readonly ok: true; readonly loadedReport: string };

export const PAGE_FILES = 1000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Files that did not resolve, received as objects for the log to name (the rest are counted). */
export const UNRESOLVED_SAMPLE = 20;

/** A loaded report as the extension host holds it: what the index needs at hand, every file on demand. */
export interface ReceivedReport extends LoadedReport {
  /** Every file, in report order; built afresh from the kept pages at each read (tests, the API). */
  readonly files: readonly FileSummary[];
  /** The files that resolved to a workspace file, in report order. */
  readonly resolvedFiles: readonly FileSummary[];
  readonly unresolvedCount: number;
  /** The first UNRESOLVED_SAMPLE files that did not resolve, in report order. */
  readonly unresolvedSample: readonly FileSummary[];
  /** Whether any file (resolved or not) names the tests that ran it. */
  readonly hasTestNames: boolean;
}

/** A load's files as the worker holds them, read by index: no object per file until one is asked for. */
export interface FileColumns {
  readonly count: number;
  pathAt(index: number): string;
  resolutionAt(index: number): { readonly resolvedPath: string | undefined; readonly note: string };
  /** The file's whole summary (asked only of the files that resolved, and of a few others). */
  summaryAt(index: number): FileSummary;
  /** Pushes the file's lines, lines hit, branches, branches hit, functions, functions hit. */
  countsInto(index: number, into: number[]): void;
  /** The tests the report names for the file (most files of a large report: none). */
  testNamesAt(index: number): readonly string[];
  readonly hasTestNames: boolean;
}

/** Where a worker's LoadedReport keeps its FileColumns (a symbol: a structured clone leaves it out). */
export const FILE_COLUMNS = Symbol('file columns');

/** A LoadedReport whose files are columns; `files` is built from them when read. */
export function withFileColumns(report: Omit<LoadedReport, 'files'>, columns: FileColumns): LoadedReport {
  const files = (): FileSummary[] => Array.from({ length: columns.count }, (_, i) => columns.summaryAt(i));
  return Object.defineProperties(report, {
    files: { get: files, enumerable: true },
    [FILE_COLUMNS]: { value: columns, enumerable: false },
  }) as LoadedReport;
}

function columnsOf(report: LoadedReport): FileColumns {
  const columns = (report as { [FILE_COLUMNS]?: FileColumns })[FILE_COLUMNS];
  if (columns !== undefined) return columns;
  const files = report.files;
  const resolution = (file: FileSummary) => ({ resolvedPath: file.resolvedPath, note: file.resolution });
  return {
    count: files.length,
    pathAt: (i) => (files[i] as FileSummary).reportPath,
    resolutionAt: (i) => resolution(files[i] as FileSummary),
    summaryAt: (i) => files[i] as FileSummary,
    countsInto: (i, into) => {
      const { lines, linesHit, branches, branchesHit, functions, functionsHit } = (files[i] as FileSummary).totals;
      into.push(lines, linesHit, branches, branchesHit, functions, functionsHit);
    },
    testNamesAt: (i) => (files[i] as FileSummary).testNames,
    hasTestNames: files.some((file) => file.testNames.length > 0),
  };
}

type ReportFacts = Omit<ReceivedReport, 'files' | 'resolvedFiles'>;
/**
 * A page's listing on the wire: every path; the distinct notes; each file's note, or -1 for a
 * resolved file (whose summary is in the page's resolved files); six counts per file that did not
 * resolve (COUNTS order); and [index in the page, names] of those of them that name tests.
 */
type ListingPage = [paths: string[], notes: string[], noteOf: number[], counts: number[], tests: [number, readonly string[]][]];
const COUNTS = 6;

/** The messages that carry `response`, in order. */
export function toWire(type: WorkerRequestType, response: WorkerResponse): ResponseMessage[] {
  if (type !== 'loadReport' || !response.ok) return [response];
  const report = response.result as LoadedReport;
  // Not `...rest`: that would read `files`, and build what the columns are there to spare.
  const { reportId, format, contentHash, totals, warnings, cached, complete } = report;
  const columns = columnsOf(report);
  const messages: ResponseMessage[] = [];
  const unresolvedSample: FileSummary[] = [];
  let unresolvedCount = 0;
  for (let start = 0; start < columns.count; start += PAGE_FILES) {
    const end = Math.min(columns.count, start + PAGE_FILES);
    const paths: string[] = [];
    const notes: string[] = [];
    const noteIds = new Map<string, number>();
    const noteOf: number[] = [];
    const resolved: FileSummary[] = [];
    const counts: number[] = [];
    const tests: [number, readonly string[]][] = [];
    for (let i = start; i < end; i++) {
      const reportPath = columns.pathAt(i);
      paths.push(reportPath);
      const { resolvedPath, note } = columns.resolutionAt(i);
      if (resolvedPath !== undefined) {
        noteOf.push(-1);
        resolved.push(columns.summaryAt(i));
        continue;
      }
      let id = noteIds.get(note);
      if (id === undefined) {
        id = notes.length;
        notes.push(note);
        noteIds.set(note, id);
      }
      noteOf.push(id);
      columns.countsInto(i, counts);
      const testNames = columns.testNamesAt(i);
      if (testNames.length > 0) tests.push([i - start, testNames]);
      unresolvedCount++;
      if (unresolvedSample.length < UNRESOLVED_SAMPLE) unresolvedSample.push(columns.summaryAt(i));
    }
    const listing: ListingPage = [paths, notes, noteOf, counts, tests];
    messages.push({ id: response.id, filesPage: encoder.encode(JSON.stringify(listing)), resolvedPage: JSON.stringify(resolved) });
  }
  const facts: ReportFacts = { reportId, format, contentHash, totals, warnings, cached, complete, unresolvedCount, unresolvedSample, hasTestNames: columns.hasTestNames };
  messages.push({ id: response.id, ok: true, loadedReport: JSON.stringify(facts) });
  return messages;
}

/** Puts responses back together, message by message: a response once its last message is in. */
export class WireReader {
  private readonly pages = new Map<number, { readonly listings: Uint8Array[]; readonly resolved: FileSummary[][] }>();

  /** Early files are no part of a response: the caller routes them (parseProcess.ts); here they are skipped. */
  accept(message: WireMessage): WorkerResponse | undefined {
    if ('early' in message) return undefined;
    if ('filesPage' in message) {
      let pages = this.pages.get(message.id);
      if (pages === undefined) {
        pages = { listings: [], resolved: [] };
        this.pages.set(message.id, pages);
      }
      pages.listings.push(message.filesPage);
      pages.resolved.push(JSON.parse(message.resolvedPage) as FileSummary[]);
      return undefined;
    }
    if (!('loadedReport' in message)) return message;
    const { listings, resolved } = this.pages.get(message.id) ?? { listings: [], resolved: [] };
    this.pages.delete(message.id);
    const facts = JSON.parse(message.loadedReport) as ReportFacts;
    return { id: message.id, ok: true, result: withListings({ ...facts, resolvedFiles: resolved.flat() }, () => listingsOf(listings, resolved)) };
  }

  /** Responses still being received (their pages kept). */
  get pending(): number {
    return this.pages.size;
  }
}

/** Every file from the kept pages, the resolved files' summaries in their places. */
function listingsOf(pages: readonly Uint8Array[], resolved: readonly (readonly FileSummary[])[]): FileSummary[] {
  const files: FileSummary[] = [];
  pages.forEach((bytes, page) => {
    const [paths, notes, noteOf, counts, tests] = JSON.parse(decoder.decode(bytes)) as ListingPage;
    const testNames = new Map(tests);
    let nextResolved = 0;
    let at = 0;
    paths.forEach((reportPath, i) => {
      const note = noteOf[i] as number;
      if (note < 0) {
        files.push(resolved[page]?.[nextResolved++] as FileSummary);
        return;
      }
      const [lines, linesHit, branches, branchesHit, functions, functionsHit] = counts.slice(at, (at += COUNTS)) as [number, number, number, number, number, number];
      const totals = { files: 1, lines, linesHit, branches, branchesHit, functions, functionsHit };
      files.push({ reportPath, resolvedPath: undefined, resolution: notes[note] as string, totals, testNames: testNames.get(i) ?? [] });
    });
  });
  return files;
}

/** A report that did not cross the wire (a worker thread, a test) as the host holds it. */
export function receivedReport(report: LoadedReport | ReceivedReport): ReceivedReport {
  if ('resolvedFiles' in report) return report;
  const { files, ...rest } = report;
  return withListings({ ...rest, ...factsOf(files), resolvedFiles: files.filter(isResolved) }, () => files);
}

function withListings(report: Omit<ReceivedReport, 'files'>, files: () => readonly FileSummary[]): ReceivedReport {
  return Object.defineProperty(report, 'files', { get: files, enumerable: true }) as ReceivedReport;
}

function factsOf(files: readonly FileSummary[]): Pick<ReceivedReport, 'unresolvedCount' | 'unresolvedSample' | 'hasTestNames'> {
  const unresolvedSample: FileSummary[] = [];
  let unresolvedCount = 0;
  let hasTestNames = false;
  for (const file of files) {
    if (file.testNames.length > 0) hasTestNames = true;
    if (isResolved(file)) continue;
    unresolvedCount++;
    if (unresolvedSample.length < UNRESOLVED_SAMPLE) unresolvedSample.push(file);
  }
  return { unresolvedCount, unresolvedSample, hasTestNames };
}

function isResolved(file: FileSummary): boolean {
  return file.resolvedPath !== undefined;
}
