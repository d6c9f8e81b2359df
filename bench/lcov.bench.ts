import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lcovParser as friedemannsommerParse } from '@friedemannsommer/lcov-parser/sync';
import { LcovParser } from '../src/core/formats/lcov/lcov';
import { synthesiseLcov } from './synth';
import { fixtureReportsNamed, readFixtureReport } from '../test/fixtureReports';
import { MiB, medianMs, peakRssMiB, table, throughput } from './util';

type LcovParse = { source(text: string, callback: (error: unknown, data?: unknown) => void): void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lcovParse = require('lcov-parse') as LcovParse;

/** The worker reads reports in 1 MiB chunks; ours is measured the same way. */
const CHUNK = MiB;
const SYNTH_TARGET_BYTES = 100 * MiB;
/** Reference libraries are skipped on the big input when 5 runs would take longer than this. */
const REFERENCE_BUDGET_S = 60;
/** Their measured slow-down from the 1.4 MiB input to the 100 MiB one (GC on a big heap). */
const BIG_INPUT_SLOWDOWN = 1.5;

function ours(bytes: Uint8Array): unknown {
  const parser = new LcovParser();
  for (let i = 0; i < bytes.length; i += CHUNK) parser.push(bytes.subarray(i, i + CHUNK));
  return parser.finish();
}

function withLcovParse(bytes: Buffer): unknown {
  let result: unknown;
  lcovParse.source(bytes.toString('utf8'), (error, data) => {
    if (error !== null && error !== undefined) throw new Error(`lcov-parse failed: ${JSON.stringify(error)}`);
    result = data;
  });
  return result;
}

function withFriedemannsommer(bytes: Buffer): unknown {
  return friedemannsommerParse({ from: bytes });
}

export function runLcovBench(): void {
  const eslintName = 'generated/lcov-c8-eslint.info';
  const inputs: { name: string; bytes: () => Buffer }[] = [
    { name: eslintName, bytes: () => readFixtureReport(eslintName) },
    ...fixtureReportsNamed('lcov-', '.info')
      .filter((fixture) => fixture.name.startsWith('real/'))
      .map((fixture) => ({ name: fixture.name, bytes: () => readFixtureReport(fixture) })),
  ];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-bench-'));
  const synthPath = path.join(tmp, 'lcov-eslint-x100MiB.info');
  try {
    synthesiseLcov(readFixtureReport(eslintName), synthPath, SYNTH_TARGET_BYTES);
    const synth = { name: `${path.basename(synthPath)} (synthesised)`, bytes: () => fs.readFileSync(synthPath) };
    inputs.push(synth);

    const header = ['input', 'MiB', 'ours MiB/s', 'lcov-parse MiB/s', '@friedemannsommer MiB/s', 'ours / lcov-parse'];
    const rows: string[][] = [];
    const notes: string[] = [];
    let referenceSpeed: { lcovParse: number; friedemannsommer: number } | undefined;
    let oursPeak = 0;

    for (const input of inputs) {
      const bytes = input.bytes();
      const mib = bytes.length / MiB;
      const big = input === synth;
      const oursSpeed = throughput(() => ours(bytes), bytes.length, 5, big ? 0 : 200, !big);
      if (big) oursPeak = peakRssMiB();
      let lcovParseCell: string;
      let friedemannsommerCell: string;
      let ratio: string;
      const estimateS =
        referenceSpeed === undefined
          ? 0
          : 5 * BIG_INPUT_SLOWDOWN * (mib / referenceSpeed.lcovParse + mib / referenceSpeed.friedemannsommer);
      if (big && estimateS > REFERENCE_BUDGET_S) {
        lcovParseCell = friedemannsommerCell = `skipped (~${estimateS.toFixed(0)} s)`;
        ratio = '-';
        notes.push(
          `References skipped on ${input.name}: 5 runs of both would take ~${estimateS.toFixed(0)} s, over the ${REFERENCE_BUDGET_S} s budget.`,
        );
      } else {
        const lp = throughput(() => withLcovParse(bytes), bytes.length, 5, big ? 0 : 200, !big);
        const fs2 = throughput(() => withFriedemannsommer(bytes), bytes.length, 5, big ? 0 : 200, !big);
        if (input.name === eslintName) referenceSpeed = { lcovParse: lp, friedemannsommer: fs2 };
        lcovParseCell = lp.toFixed(1);
        friedemannsommerCell = fs2.toFixed(1);
        ratio = `${(oursSpeed / lp).toFixed(1)}x`;
      }
      rows.push([input.name, mib.toFixed(1), oursSpeed.toFixed(0), lcovParseCell, friedemannsommerCell, ratio]);
    }

    const eslint = readFixtureReport(eslintName);
    let parser = new LcovParser();
    const pushMs = medianMs(() => {
      parser = new LcovParser();
      parser.push(eslint);
    }, 21);
    const fullMs = medianMs(() => ours(eslint), 21);

    console.log(`LCOV parsers, node ${process.version}, ${os.cpus().length} CPUs; median of 5 samples (each ≥ 200 ms, or 1 run on the synthesised input)`);
    console.log(table(header, rows));
    for (const note of notes) console.log(note);
    console.log(
      `ours on lcov-c8-eslint.info: push (scan; each file is built when its section ends) ${pushMs.toFixed(2)} ms = ${(eslint.length / MiB / (pushMs / 1000)).toFixed(0)} MiB/s; ` +
        `whole parse incl. building the model ${fullMs.toFixed(2)} ms`,
    );
    console.log(`peak RSS after ours on the synthesised input: ${oursPeak.toFixed(0)} MiB; at the end: ${peakRssMiB().toFixed(0)} MiB`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runLcovBench();
