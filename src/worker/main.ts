// dist/worker.js: the worker process, forked by the extension host (src/vscode/parseProcess.ts).
import type { WorkerEnvelope } from '../shared/protocol';
import { toWire, type WireMessage } from '../shared/wire';
import { serve } from './serve';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('worker.js runs as a child process with an IPC channel (child_process.fork)');

// The extension host is gone (closed, crashed or killed): so is the reason to run.
process.on('disconnect', () => process.exit(0));

serve({
  onRequest: (listener) => process.on('message', (envelope: WorkerEnvelope) => listener(envelope)),
  respond: (response, type) => {
    // A closed channel (the host went away) is not an error worth dying of: 'disconnect' ends us.
    for (const message of toWire(type, response)) if (process.connected) send(message, undefined, {}, () => undefined);
  },
  early: (id, files) => {
    const message: WireMessage = { id, early: files };
    if (process.connected) send(message, undefined, {}, () => undefined);
  },
});
