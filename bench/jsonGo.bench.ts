import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GoCoverParser } from '../src/core/formats/go/goCover';
import { IstanbulParser } from '../src/core/formats/istanbul/istanbul';
import { readFixtureReport } from '../test/fixtureReports';
import { MiB, peakRssMiB, table, throughput } from './util';

/** The worker reads reports in 1 MiB chunks; ours is measured the same way. */
const CHUNK = MiB;
const GO_SYNTH_BYTES = 50 * MiB;
const GO_TARGET = 150;
const ISTANBUL_TARGET_RATIO = 1.5;

function pushAll(parser: { push(chunk: Uint8Array): void; finish(): unknown }, bytes: Uint8Array): unknown {
  for (let i = 0; i < bytes.length; i += CHUNK) parser.push(bytes.subarray(i, i + CHUNK));
  return parser.finish();
}

/** The Go standard library profile repeated under new file names until it reaches about 50 MiB. */
function synthesiseGo(source: string, target: string): void {
  const rows = source.split('\n');
  const header = rows[0] as string;
  const body = rows.slice(1).filter((row) => row !== '');
  const out = fs.openSync(target, 'w');
  try {
    fs.writeSync(out, `${header}\n`);
    for (let copy = 0, written = 0; written < GO_SYNTH_BYTES; copy++) {
      const chunk = Buffer.from(`${body.map((row) => `copy${copy}/${row}`).join('\n')}\n`);
      fs.writeSync(out, chunk);
      written += chunk.length;
    }
  } finally {
    fs.closeSync(out);
  }
}

function goRows(tmp: string): string[][] {
  const std = 'generated/go-std-count.out';
  const synth = path.join(tmp, 'go-std-x50MiB.out');
  synthesiseGo(readFixtureReport(std).toString('utf8'), synth);
  const inputs: [string, () => Buffer][] = [
    ...[std, 'real/go-blocky.out', 'real/go-polygon-cdk.out'].map((name): [string, () => Buffer] => [name, () => readFixtureReport(name)]),
    [path.basename(synth), () => fs.readFileSync(synth)],
  ];
  return inputs.map(([name, read]) => {
    const bytes = read();
    const speed = throughput(() => pushAll(new GoCoverParser(), bytes), bytes.length);
    return [path.basename(name), (bytes.length / MiB).toFixed(1), speed.toFixed(0), speed >= GO_TARGET ? 'yes' : 'NO'];
  });
}

function istanbulRows(): string[][] {
  const inputs = ['generated/istanbul-c8-eslint.json', 'real/istanbul-solcov-juicier.json'];
  return inputs.map((input) => {
    const bytes = new Uint8Array(readFixtureReport(input));
    const ours = throughput(() => pushAll(new IstanbulParser(), bytes), bytes.length);
    // The least any JSON reader does: decode the same bytes and JSON.parse them.
    const bare = throughput(() => JSON.parse(new TextDecoder().decode(bytes)) as unknown, bytes.length);
    const ratio = bare / ours;
    return [
      path.basename(input),
      (bytes.length / MiB).toFixed(1),
      ours.toFixed(0),
      bare.toFixed(0),
      `${ratio.toFixed(2)}×`,
      ratio <= ISTANBUL_TARGET_RATIO ? 'yes' : 'NO',
    ];
  });
}

export function runJsonGoBench(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-bench-go-'));
  try {
    console.log(`Go coverprofile (median of 5, ${CHUNK / MiB} MiB chunks; target ≥ ${GO_TARGET} MiB/s)`);
    console.log(table(['input', 'MiB', 'ours MiB/s', '≥ target'], goRows(tmp)));
    console.log();
    console.log(`Istanbul JSON (median of 5; target: ours within ${ISTANBUL_TARGET_RATIO}× the time of bare JSON.parse)`);
    console.log(table(['input', 'MiB', 'ours MiB/s', 'decode + JSON.parse MiB/s', 'time ours / bare', 'within target'], istanbulRows()));
    console.log();
    console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runJsonGoBench();
