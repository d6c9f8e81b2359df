'use strict';
// lcovScan.wasm (built from lcovScan.c, README.md) over a range of a file read into its memory.
const fs = require('node:fs');
const path = require('node:path');

const module_ = new WebAssembly.Module(fs.readFileSync(path.join(__dirname, 'lcovScan.wasm')));
const MiB = 1 << 20;

/** Reads `length` bytes of `file` from `from` into a fresh memory laid out for 1/k of the 100 MiB report. */
function load(file, from, length, k) {
  const sizes = { buf: length + 64, files: 11 * 4 * 64e3 / k, lines: 4 * 8e6 / k, hits: 8 * 8e6 / k, br: 12 * 2e6 / k, taken: 8 * 2e6 / k, fn: 12 * 6e5 / k, fnhits: 8 * 6e5 / k, packed: 40 * MiB / k, counts: 64 };
  let offset = 1024;
  const at = {};
  for (const key of Object.keys(sizes)) {
    offset = (offset + 7) & ~7;
    at[key] = offset;
    offset += Math.ceil(sizes[key]);
  }
  const memory = new WebAssembly.Memory({ initial: Math.ceil(offset / 65536) });
  const instance = new WebAssembly.Instance(module_, { env: { memory } });
  const bytes = new Uint8Array(memory.buffer);
  const fd = fs.openSync(file, 'r');
  for (let done = 0; done < length; ) done += fs.readSync(fd, bytes, at.buf + done, length - done, from + done);
  fs.closeSync(fd);
  return { bytes, at, instance, memory, length };
}

/** Parses [start, end) of the loaded bytes; returns [files, lines]. */
function parseRange(loaded, start, end) {
  const { at, instance, memory } = loaded;
  const files = instance.exports.parse(at.buf + start, end - start, at.files, at.lines, at.hits, at.br, at.taken, at.fn, at.fnhits, at.packed, at.counts);
  return [files, new Uint32Array(memory.buffer, at.counts, 6)[2]];
}

/** Where the first section that ends at or after `from` ends (the loaded length if none). */
function sectionEnd(loaded, from) {
  const view = Buffer.from(loaded.bytes.buffer, loaded.at.buf, loaded.length);
  const at = view.indexOf('end_of_record\n', from);
  return at < 0 ? loaded.length : at + 'end_of_record\n'.length;
}

module.exports = { load, parseRange, sectionEnd };
