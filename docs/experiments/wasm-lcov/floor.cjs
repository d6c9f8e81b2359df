'use strict';
// node floor.cjs FILE [RUNS]: fresh node processes, alternating, median wall time of each and its
// ratio to a process that only reads FILE: one JavaScript pass over the bytes, the lean parse in
// JavaScript and in WebAssembly (one and two threads), and the extension's `dist/inspect.js`.
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const [file, runsArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: node floor.cjs FILE [RUNS]');
const runs = Number(runsArg ?? 7);
const here = (name) => path.join(__dirname, name);
const commands = {
  'read only': ['-e', "require('node:fs').readFileSync(process.argv[1]);", file],
  'read + one JS pass': ['-e', "const b = require('node:fs').readFileSync(process.argv[1]); let n = 0; for (let i = 0; i < b.length; i++) if (b[i] === 10) n++; if (n < 0) throw 0;", file],
  'lean JS, 1 thread': [here('parseOnce.cjs'), 'js1', file],
  'lean JS, 2 threads': [here('parseOnce.cjs'), 'js2', file],
  'lean WASM, 1 thread': [here('parseOnce.cjs'), 'wasm1', file],
  'lean WASM, 2 threads': [here('parseOnce.cjs'), 'wasm2', file],
  'dist/inspect.js': [here('../../../dist/inspect.js'), file],
};
const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, args] of Object.entries(commands)) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`${name} failed`);
    times[name].push(performance.now() - started);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const read = median(times['read only']);
console.log(`${runs} alternating runs; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
for (const [name, values] of Object.entries(times)) {
  console.log(`${name.padEnd(22)} ${median(values).toFixed(0).padStart(6)} ms  ${(median(values) / read).toFixed(2)}× a read  (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`);
}
