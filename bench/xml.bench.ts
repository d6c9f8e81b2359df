import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CloverParser } from '../src/core/formats/clover/clover';
import { CoberturaParser } from '../src/core/formats/cobertura/cobertura';
import { JacocoParser } from '../src/core/formats/jacoco/jacoco';
import type { StreamingParser } from '../src/core/formats/streamingParser';
import { fixtureReports, readFixtureReport } from '../test/fixtureReports';
import { MiB, peakRssMiB, table, throughput } from './util';

/** The worker reads reports in 1 MiB chunks; ours is measured the same way. */
const CHUNK = MiB;
const SYNTH_TARGET_BYTES = 40 * MiB;

const PARSERS: Record<string, () => StreamingParser> = {
  cobertura: () => new CoberturaParser(),
  jacoco: () => new JacocoParser(),
  clover: () => new CloverParser(),
};

function ours(create: () => StreamingParser, bytes: Uint8Array): unknown {
  const parser = create();
  for (let i = 0; i < bytes.length; i += CHUNK) parser.push(bytes.subarray(i, i + CHUNK));
  return parser.finish();
}

const fastXmlParser = new XMLParser({ ignoreAttributes: false, processEntities: false });

function withFastXmlParser(bytes: Buffer): unknown {
  return fastXmlParser.parse(bytes);
}

/** cobertura-c8-eslint.xml's `<package>`s repeated under new file names until about 40 MiB. */
function synthesiseCobertura(source: Buffer, target: string): void {
  const text = source.toString('utf8');
  const open = text.indexOf('<packages>') + '<packages>'.length;
  const close = text.lastIndexOf('</packages>');
  const packages = text.slice(open, close);
  const out = fs.openSync(target, 'w');
  try {
    fs.writeSync(out, text.slice(0, open));
    for (let copy = 0, written = open; written + packages.length <= SYNTH_TARGET_BYTES; copy++) {
      const chunk = Buffer.from(packages.replaceAll(' filename="', ` filename="copy${copy}/`));
      fs.writeSync(out, chunk);
      written += chunk.length;
    }
    fs.writeSync(out, text.slice(close));
  } finally {
    fs.closeSync(out);
  }
}

interface Input {
  readonly name: string;
  readonly format: string;
  readonly bytes: () => Buffer;
}

/** The fixture reports in an XML format, generated/ first. */
function xmlReports(): Input[] {
  return fixtureReports()
    .filter((fixture) => Object.hasOwn(PARSERS, fixture.format))
    .sort((a, b) => Number(b.name.startsWith('generated/')) - Number(a.name.startsWith('generated/')) || a.name.localeCompare(b.name))
    .map((fixture) => ({ name: fixture.name, format: fixture.format, bytes: () => readFixtureReport(fixture) }));
}

export function runXmlBench(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xml-bench-'));
  try {
    const synthPath = path.join(tmp, 'cobertura-synth-40mb.xml');
    synthesiseCobertura(readFixtureReport('generated/cobertura-c8-eslint.xml'), synthPath);
    const synth: Input = { name: `${path.basename(synthPath)} (synthesised)`, format: 'cobertura', bytes: () => fs.readFileSync(synthPath) };
    const inputs = [...xmlReports(), synth];
    const header = ['input', 'format', 'MiB', 'ours MiB/s', 'fast-xml-parser MiB/s', 'ratio'];
    const rows: string[][] = [];
    let oursPeak = 0;
    for (const input of inputs) {
      const { name, format } = input;
      const bytes = input.bytes();
      const big = input === synth;
      const create = PARSERS[format] as () => StreamingParser;
      const oursSpeed = throughput(() => ours(create, bytes), bytes.length, 5, big ? 0 : 200);
      if (big) oursPeak = peakRssMiB();
      const reference = throughput(() => withFastXmlParser(bytes), bytes.length, 5, big ? 0 : 200);
      rows.push([name, format, (bytes.length / MiB).toFixed(1), oursSpeed.toFixed(0), reference.toFixed(1), `${(oursSpeed / reference).toFixed(1)}x`]);
    }
    console.log(
      `XML parsers, node ${process.version}, ${os.cpus().length} CPUs; median of 5 samples (each ≥ 200 ms, or 1 run on the synthesised input); ` +
        'ours: the whole parse into the model in 1 MiB chunks; fast-xml-parser 5: parse to objects only, attributes on, processEntities off',
    );
    console.log(table(header, rows));
    console.log(`peak RSS after ours on the synthesised input: ${oursPeak.toFixed(0)} MiB; at the end: ${peakRssMiB().toFixed(0)} MiB`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runXmlBench();
