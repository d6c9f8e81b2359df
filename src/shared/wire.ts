import type { WorkerRequestType, WorkerResponse, WorkerResults } from './protocol';

/**
 * How a response crosses the worker process's IPC channel (V8 serialisation). A loaded report's
 * summaries are tens of thousands of small objects, which the V8 deserialiser rebuilds slower
 * than JSON.parse does from one string, and on the extension host's main thread: they travel
 * as JSON text. Everything else (the typed arrays of file details) as is.
 */
export type WireResponse = WorkerResponse | { readonly id: number; readonly ok: true; readonly json: string };

export function toWire(type: WorkerRequestType, response: WorkerResponse): WireResponse {
  return type === 'loadReport' && response.ok ? { id: response.id, ok: true, json: JSON.stringify(response.result) } : response;
}

export function fromWire(wire: WireResponse): WorkerResponse {
  return 'json' in wire ? { id: wire.id, ok: true, result: JSON.parse(wire.json) as WorkerResults['loadReport'] } : wire;
}
