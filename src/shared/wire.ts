import type { EarlyFiles, FileSummary, LoadedReport, WorkerRequestType, WorkerResponse } from './protocol';

/**
 * How responses cross the worker process's IPC channel (V8 serialisation, so the typed arrays of
 * file details cross as such). A loaded report's summaries are tens of thousands of small
 * objects, most of them often for files that are not in the workspace. Rebuilt in one piece they
 * would hold the extension host's main thread for the whole message, and kept as objects they
 * cost its garbage collector pauses of tens of milliseconds. They travel instead in pages of
 * PAGE_FILES files, one message each, so the host handles them in separate tasks: each page as
 * UTF-8 JSON bytes that the host keeps as they came (an ArrayBuffer outside the V8 heap, so the
 * megabytes of a large report's pages add nothing to what the host's garbage collector walks;
 * parsed only when every file is asked for), beside the page's resolved files as JSON text, which
 * the host parses at once (`JSON.parse` rebuilds them faster than the V8 deserialiser). One last
 * message carries the rest of the report. Before all of them, a
 * load may send the visible editors' files it found early (EarlyFiles), as they are.
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

type ReportFacts = Omit<ReceivedReport, 'files' | 'resolvedFiles'>;

/** The messages that carry `response`, in order. */
export function toWire(type: WorkerRequestType, response: WorkerResponse): ResponseMessage[] {
  if (type !== 'loadReport' || !response.ok) return [response];
  const { files, ...rest } = response.result as LoadedReport;
  const messages: ResponseMessage[] = [];
  for (let start = 0; start < files.length; start += PAGE_FILES) {
    const page = files.slice(start, start + PAGE_FILES);
    messages.push({ id: response.id, filesPage: encoder.encode(JSON.stringify(page)), resolvedPage: JSON.stringify(page.filter(isResolved)) });
  }
  const { unresolvedCount, unresolvedSample, hasTestNames } = factsOf(files);
  const facts: ReportFacts = { ...rest, unresolvedCount, unresolvedSample, hasTestNames };
  messages.push({ id: response.id, ok: true, loadedReport: JSON.stringify(facts) });
  return messages;
}

/** Puts responses back together, message by message: a response once its last message is in. */
export class WireReader {
  private readonly pages = new Map<number, { readonly texts: Uint8Array[]; readonly resolved: FileSummary[] }>();

  /** Early files are no part of a response: the caller routes them (parseProcess.ts); here they are skipped. */
  accept(message: WireMessage): WorkerResponse | undefined {
    if ('early' in message) return undefined;
    if ('filesPage' in message) {
      let pages = this.pages.get(message.id);
      if (pages === undefined) {
        pages = { texts: [], resolved: [] };
        this.pages.set(message.id, pages);
      }
      pages.texts.push(message.filesPage);
      for (const file of JSON.parse(message.resolvedPage) as FileSummary[]) pages.resolved.push(file);
      return undefined;
    }
    if (!('loadedReport' in message)) return message;
    const { texts, resolved } = this.pages.get(message.id) ?? { texts: [], resolved: [] };
    this.pages.delete(message.id);
    const facts = JSON.parse(message.loadedReport) as ReportFacts;
    return { id: message.id, ok: true, result: withFiles({ ...facts, resolvedFiles: resolved }, () => texts.flatMap((bytes) => JSON.parse(decoder.decode(bytes)) as FileSummary[])) };
  }
}

/** A report that did not cross the wire (a worker thread, a test) as the host holds it. */
export function receivedReport(report: LoadedReport | ReceivedReport): ReceivedReport {
  if ('resolvedFiles' in report) return report;
  const { files, ...rest } = report;
  return withFiles({ ...rest, ...factsOf(files), resolvedFiles: files.filter(isResolved) }, () => files);
}

function withFiles(report: Omit<ReceivedReport, 'files'>, files: () => readonly FileSummary[]): ReceivedReport {
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
