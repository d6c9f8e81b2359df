'use strict';
// lcovScan.wasm (built from lcovScan.c, README.md) over a range of a file read into its memory.
const fs = require('node:fs');
const path = require('node:path');

const module_ = new WebAssembly.Module(fs.readFileSync(path.join(__dirname, 'lcovScan.wasm')));
const MiB = 1 << 20;

/**
 * Reads `length` bytes of `file` from `from` into a fresh memory laid out for 1/k of the 100 MiB
 * report: `bytes` views them, `parse(start, end)` parses [start, end) of them and returns
 * [files, lines].
 */
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
  const bytes = Buffer.from(memory.buffer, at.buf, length);
  const fd = fs.openSync(file, 'r');
  for (let done = 0; done < length; ) done += fs.readSync(fd, bytes, done, length - done, from + done);
  fs.closeSync(fd);
  const parse = (start, end) => {
    const files = instance.exports.parse(at.buf + start, end - start, at.files, at.lines, at.hits, at.br, at.taken, at.fn, at.fnhits, at.packed, at.counts);
    return [files, new Uint32Array(memory.buffer, at.counts, 6)[2]];
  };
  return { bytes, parse };
}

module.exports = { load };
