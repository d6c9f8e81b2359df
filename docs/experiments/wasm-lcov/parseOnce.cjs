'use strict';
// node parseOnce.cjs MODE FILE: one fresh process that reads an LCOV file and parses it, MODE
// js1 / wasm1 in one thread, js2 / wasm2 in two (a worker thread reads and parses the second
// half, from the first section end after the middle). VERBOSE=1 prints files and lines.
const fs = require('node:fs');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const END = Buffer.from('end_of_record\n');

function readRange(file, from, length) {
  const bytes = Buffer.allocUnsafe(length);
  const fd = fs.openSync(file, 'r');
  for (let done = 0; done < length; ) done += fs.readSync(fd, bytes, done, length - done, from + done);
  fs.closeSync(fd);
  return bytes;
}

function sectionEnd(bytes, from) {
  const at = bytes.indexOf(END, from);
  return at < 0 ? bytes.length : at + END.length;
}

/** Reads [from, from + length) of the file for 1/k of the report: { bytes, parse(start, end) → [files, lines] }. */
function load(mode, file, from, length, k) {
  if (mode.startsWith('wasm')) return require('./wasmParse.cjs').load(file, from, length, k);
  const { parseInto, columns } = require('./leanParse.cjs');
  const bytes = readRange(file, from, length);
  const parse = (start, end) => {
    const out = columns(k);
    return [parseInto(bytes.subarray(start, end), end - start, out), out.counts[2]];
  };
  return { bytes, parse };
}

/**
 * Parses [from, to) of the file: from its first section end when `from` is past the start (the
 * second part), up to the first section end after `stopAfter` when given (the first part).
 */
function parsePart(mode, file, from, to, k, stopAfter) {
  const { bytes, parse } = load(mode, file, from, to - from, k);
  const start = from > 0 ? sectionEnd(bytes, 0) : 0;
  const end = stopAfter === undefined ? bytes.length : sectionEnd(bytes, stopAfter);
  return parse(start, end);
}

if (!isMainThread) {
  const { mode, file, from, to } = workerData;
  parentPort.postMessage(parsePart(mode, file, from, to, 2));
} else {
  const [mode, file] = process.argv.slice(2);
  if (!['js1', 'js2', 'wasm1', 'wasm2'].includes(mode) || file === undefined) throw new Error('usage: node parseOnce.cjs js1|js2|wasm1|wasm2 FILE');
  const size = fs.statSync(file).size;
  const report = ([files, lines]) => { if (process.env.VERBOSE) console.log(`${files} files, ${lines} lines`); };
  if (mode.endsWith('1')) report(parsePart(mode, file, 0, size, 1));
  else {
    // The first part reads 1 MiB past the middle and stops at the first section end there.
    const middle = Math.floor(size / 2);
    const worker = new Worker(__filename, { workerData: { mode, file, from: middle, to: size } });
    const first = parsePart(mode, file, 0, Math.min(size, middle + (1 << 20)), 2, middle);
    worker.once('message', (second) => { report([first[0] + second[0], first[1] + second[1]]); void worker.terminate(); });
  }
}
