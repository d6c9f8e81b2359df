import { CodecovReportParser } from '../src/core/formats/codecov/reportParser';
import { MiB, peakRssMiB, table, throughput } from './util';

const TARGET_BYTES = 20 * MiB;
/** The worker reads in 1 MiB chunks; a fetched response arrives as one transferred buffer. */
const CHUNK = MiB;

/**
 * A Codecov `report` response of about 20 MiB, shaped as the API writes it (compact JSON, totals
 * per file, `line_coverage` pairs): files of 50–800 lines, about 70 % hit, 20 % miss, 5 % partial,
 * 5 % skipped (-1 or null), from a fixed pseudo-random sequence.
 */
export function synthesiseCodecovReport(targetBytes = TARGET_BYTES, firstFileName?: string): Uint8Array {
  let seed = 0x9e3779b9;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const parts: string[] = [];
  let size = 0;
  for (let file = 0; size < targetBytes; file++) {
    const count = 50 + Math.floor(next() * 750);
    const pairs: string[] = [];
    let hits = 0;
    let misses = 0;
    let partials = 0;
    for (let line = 1, n = 0; n < count; line += 1 + Math.floor(next() * 3), n++) {
      const r = next();
      const status = r < 0.7 ? 0 : r < 0.9 ? 1 : r < 0.95 ? 2 : r < 0.975 ? -1 : null;
      if (status === 0) hits++;
      else if (status === 1) misses++;
      else if (status === 2) partials++;
      pairs.push(`[${line},${status === null ? 'null' : status}]`);
    }
    const lines = hits + misses + partials;
    const totals = `{"files":0,"lines":${lines},"hits":${hits},"misses":${misses},"partials":${partials},"coverage":${((100 * hits) / lines).toFixed(2)},"branches":${partials},"methods":0,"messages":0,"sessions":0,"complexity":0.0,"complexity_total":0.0,"complexity_ratio":0,"diff":0}`;
    const name = file === 0 && firstFileName !== undefined ? firstFileName : `packages/pkg${file % 40}/src/module${file}/file${file}.ts`;
    const entry = `{"name":${JSON.stringify(name)},"totals":${totals},"line_coverage":[${pairs.join(',')}]}`;
    parts.push(entry);
    size += entry.length + 1;
  }
  const text = `{"totals":{"files":${parts.length},"lines":0,"hits":0,"misses":0,"partials":0,"coverage":0,"branches":0,"methods":0,"messages":0,"sessions":1,"complexity":0.0,"complexity_total":0.0,"complexity_ratio":0,"diff":0},"files":[${parts.join(',')}],"commit_file_url":"https://app.codecov.io/gh/o/r/commit/a1b2c3d/tree"}`;
  return new TextEncoder().encode(text);
}

function parseWhole(bytes: Uint8Array): unknown {
  const parser = new CodecovReportParser();
  parser.push(bytes);
  return parser.finish();
}

function parseChunked(bytes: Uint8Array): unknown {
  const parser = new CodecovReportParser();
  for (let i = 0; i < bytes.length; i += CHUNK) parser.push(bytes.subarray(i, i + CHUNK));
  return parser.finish();
}

export function runCodecovBench(): void {
  const bytes = synthesiseCodecovReport();
  const mib = (bytes.length / MiB).toFixed(1);
  // One sample is one parse (minMs 0): a 20 MiB parse is long enough to time on its own.
  const whole = throughput(() => parseWhole(bytes), bytes.length, 5, 0);
  const chunked = throughput(() => parseChunked(bytes), bytes.length, 5, 0);
  const bare = throughput(() => JSON.parse(new TextDecoder().decode(bytes)) as unknown, bytes.length, 5, 0);
  console.log(`Codecov report response (synthesised, ${mib} MiB; median of 5)`);
  console.log(
    table(
      ['input', 'MiB', 'MiB/s', 'ms per parse'],
      [
        ['ours, one transferred buffer', mib, whole.toFixed(0), ((bytes.length / MiB / whole) * 1000).toFixed(0)],
        [`ours, ${CHUNK / MiB} MiB chunks`, mib, chunked.toFixed(0), ((bytes.length / MiB / chunked) * 1000).toFixed(0)],
        ['decode + JSON.parse (no model)', mib, bare.toFixed(0), ((bytes.length / MiB / bare) * 1000).toFixed(0)],
      ],
    ),
  );
  console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);
}

if (require.main === module) runCodecovBench();
