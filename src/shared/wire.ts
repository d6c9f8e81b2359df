import type { FileSummary, LoadedReport, WorkerRequestType, WorkerResponse } from './protocol';

/**
 * How responses cross the worker process's IPC channel (V8 serialisation, so the typed arrays of
 * file details cross as such). A loaded report's summaries are tens of thousands of small
 * objects; rebuilt in one piece they would hold the extension host's main thread for the whole
 * message. They travel instead as JSON text (which `JSON.parse` rebuilds faster than the V8
 * deserialiser) in pages of PAGE_FILES files, one message each, so the host handles them in
 * separate tasks, then one message with the rest of the report.
 */
export type WireMessage =
  | WorkerResponse
  | { readonly id: number; readonly filesPage: string }
  | { readonly id: number; readonly ok: true; readonly loadedReport: string };

export const PAGE_FILES = 1000;

/** The messages that carry `response`, in order. */
export function toWire(type: WorkerRequestType, response: WorkerResponse): WireMessage[] {
  if (type !== 'loadReport' || !response.ok) return [response];
  const { files, ...rest } = response.result as LoadedReport;
  const messages: WireMessage[] = [];
  for (let start = 0; start < files.length; start += PAGE_FILES) messages.push({ id: response.id, filesPage: JSON.stringify(files.slice(start, start + PAGE_FILES)) });
  messages.push({ id: response.id, ok: true, loadedReport: JSON.stringify(rest) });
  return messages;
}

/** Puts responses back together, message by message: a response once its last message is in. */
export class WireReader {
  private readonly pages = new Map<number, FileSummary[][]>();

  accept(message: WireMessage): WorkerResponse | undefined {
    if ('filesPage' in message) {
      const pages = this.pages.get(message.id) ?? [];
      pages.push(JSON.parse(message.filesPage) as FileSummary[]);
      this.pages.set(message.id, pages);
      return undefined;
    }
    if (!('loadedReport' in message)) return message;
    const files = (this.pages.get(message.id) ?? []).flat();
    this.pages.delete(message.id);
    return { id: message.id, ok: true, result: { ...(JSON.parse(message.loadedReport) as Omit<LoadedReport, 'files'>), files } };
  }
}
