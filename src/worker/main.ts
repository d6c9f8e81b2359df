import { parentPort } from 'node:worker_threads';
import { transferablesOf, type FileDetail, type WorkerEnvelope, type WorkerResponse } from '../shared/protocol';
import { RequestHandlers, toWorkerError } from './handlers';

const port = parentPort;
if (port === null) throw new Error('worker.js must run as a worker thread');

const handlers = new RequestHandlers();

port.on('message', (envelope: WorkerEnvelope) => {
  void answer(envelope);
});

async function answer(envelope: WorkerEnvelope): Promise<void> {
  let response: WorkerResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = await handlers.handle(envelope);
    response = { id: envelope.id, ok: true, result };
    if (envelope.type === 'fileDetail') transfer = transferablesOf(result as FileDetail);
  } catch (error) {
    const file = envelope.type === 'loadReport' ? envelope.reportPath : undefined;
    response = { id: envelope.id, ok: false, error: toWorkerError(error, file) };
  }
  port?.postMessage(response, transfer);
}
