// The previous design, kept for the worker bench's comparison only: the same request handlers
// served from a worker thread (bundled by the bench; never shipped).
import { parentPort } from 'node:worker_threads';
import type { WorkerEnvelope } from '../src/shared/protocol';
import { serve } from '../src/worker/serve';

const port = parentPort;
if (port === null) throw new Error('threadWorker.js runs as a worker thread');
serve({
  onRequest: (listener) => port.on('message', (envelope: WorkerEnvelope) => listener(envelope)),
  respond: (response, _type, transfer) => port.postMessage(response, transfer),
});
