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

/** Parses [from, to) of the file, starting at the first section end at or after `skipTo` (relative). */
function parsePart(mode, file, from, to, splitAfter, k) {
  if (mode.startsWith('wasm')) {
    const { load, parseRange, sectionEnd: wasmSectionEnd } = require('./wasmParse.cjs');
    const loaded = load(file, from, to - from, k);
    const start = splitAfter === undefined ? 0 : wasmSectionEnd(loaded, splitAfter);
    const end = k === 1 || from > 0 ? to - from : wasmSectionEnd(loaded, to - from - (1 << 20));
    return parseRange(loaded, start, end);
  }
  const { parseInto, columns } = require('./leanParse.cjs');
  const bytes = readRange(file, from, to - from);
  const start = splitAfter === undefined ? 0 : sectionEnd(bytes, splitAfter);
  const end = k === 1 || from > 0 ? bytes.length : sectionEnd(bytes, bytes.length - (1 << 20));
  const part = bytes.subarray(start, end);
  const out = columns(k);
  return [parseInto(part, part.length, out), out.counts[2]];
}

if (!isMainThread) {
  const { mode, file, from, to } = workerData;
  parentPort.postMessage(parsePart(mode, file, from, to, 0, 2));
} else {
  const [mode, file] = process.argv.slice(2);
  if (!['js1', 'js2', 'wasm1', 'wasm2'].includes(mode) || file === undefined) throw new Error('usage: node parseOnce.cjs js1|js2|wasm1|wasm2 FILE');
  const size = fs.statSync(file).size;
  const report = ([files, lines]) => { if (process.env.VERBOSE) console.log(`${files} files, ${lines} lines`); };
  if (mode.endsWith('1')) report(parsePart(mode, file, 0, size, undefined, 1));
  else {
    // The first part reads 1 MiB past the middle and stops at the first section end there.
    const middle = Math.floor(size / 2);
    const worker = new Worker(__filename, { workerData: { mode, file, from: middle, to: size } });
    const first = parsePart(mode, file, 0, Math.min(size, middle + (1 << 20)), undefined, 2);
    worker.once('message', (second) => { report([first[0] + second[0], first[1] + second[1]]); void worker.terminate(); });
  }
}
