import { type FileDetail, transferablesOf } from '../shared/fileDetail';
import type { EarlyFiles, WorkerEnvelope, WorkerRequestType, WorkerResponse } from '../shared/protocol';
import { RequestHandlers, toWorkerError } from './handlers';

/** How requests arrive and responses leave: a process's IPC channel, or a thread's port (the bench). */
export interface Channel {
  onRequest(listener: (envelope: WorkerEnvelope) => void): void;
  /** `type`: what was asked; `transfer`: the buffers a thread may move instead of copying. */
  respond(response: WorkerResponse, type: WorkerRequestType, transfer: ArrayBuffer[]): void;
  /** A load's priority files, ahead of its response; a channel without it gets none. */
  early?(id: number, files: EarlyFiles): void;
}

/** Answers every request with a result or a typed error; nothing is thrown across the channel. */
export function serve(channel: Channel, handlers = new RequestHandlers()): void {
  channel.onRequest((envelope) => {
    void answer(envelope, handlers, channel).then(({ response, transfer }) => channel.respond(response, envelope.type, transfer));
  });
}

async function answer(envelope: WorkerEnvelope, handlers: RequestHandlers, channel: Channel): Promise<{ response: WorkerResponse; transfer: ArrayBuffer[] }> {
  try {
    const early = channel.early === undefined ? undefined : (files: EarlyFiles) => channel.early?.(envelope.id, files);
    const result = await handlers.handle(envelope, early);
    const transfer = envelope.type === 'fileDetail' ? transferablesOf(result as FileDetail) : [];
    return { response: { id: envelope.id, ok: true, result }, transfer };
  } catch (error) {
    const file = envelope.type === 'loadReport' || envelope.type === 'baselineReport' ? envelope.reportPath : undefined;
    return { response: { id: envelope.id, ok: false, error: toWorkerError(error, file) }, transfer: [] };
  }
}
