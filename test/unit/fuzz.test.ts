import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { detectFormat } from '../../src/core/formats/detect';
import { type CoverageReport, ReportParseError } from '../../src/core/model/model';
import { createParser } from '../../src/core/formats/parsers';
import { fixtureReports, readFixtureReport } from '../fixtureReports';
import { withinHangGuard } from './hangGuard';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** Small real reports, cut to a few KiB so that each of the many runs stays fast. */
const SEED_BYTES = 16 * 1024;

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; from: number; length: number; at: number }
  | { kind: 'delete'; from: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('\n', '\r\n', ',', ':', '<', '>', '"', '&#65;', '&lt;', '__proto__', '-', '99999999999999999999', '{"', '}', ']', '\u0000', '\uFFFD', 'end_of_record\n', 'SF:\n', 'BRDA:1,0,0,-\n'),
    ),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 400 }), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
);

function apply(seed: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = seed;
  for (const m of mutations) {
    const n = bytes.length;
    const pos = (x: number) => (n === 0 ? 0 : x % (n + 1));
    switch (m.kind) {
      case 'flip': {
        if (n === 0) break;
        bytes = Buffer.from(bytes);
        bytes[m.at % n] = m.value;
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, pos(m.at));
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, pos(m.at)), Buffer.from(m.text), bytes.subarray(pos(m.at))]);
        break;
      case 'duplicate': {
        const from = pos(m.from);
        const piece = bytes.subarray(from, from + m.length);
        bytes = Buffer.concat([bytes.subarray(0, pos(m.at)), piece, bytes.subarray(pos(m.at))]);
        break;
      }
      case 'delete': {
        const from = pos(m.from);
        bytes = Buffer.concat([bytes.subarray(0, from), bytes.subarray(from + m.length)]);
        break;
      }
    }
  }
  return bytes;
}

/** The invariants every parser's model must keep, whatever the input. */
function assertWellFormed(report: CoverageReport): void {
  for (const [key, file] of report.files) {
    assert.equal(key, file.path);
    const n = file.lines.length;
    for (const array of [file.hits, file.status, file.branchesTotal, file.branchesCovered]) assert.equal(array.length, n);
    for (let i = 1; i < n; i++) assert.ok((file.lines[i] as number) > (file.lines[i - 1] as number), 'lines strictly ascending');
    for (let i = 0; i < n; i++) {
      assert.ok((file.lines[i] as number) >= 1);
      assert.ok((file.branchesCovered[i] as number) <= (file.branchesTotal[i] as number));
    }
    const b = file.branchDetail;
    for (const array of [b.blocks, b.branches, b.taken]) assert.equal(array.length, b.lines.length);
    assert.equal(b.labels.length, b.lines.length);
    assert.equal(file.functions.startLines.length, file.functions.names.length);
  }
  assert.equal(report.totals.files, report.files.size);
}

function parse(bytes: Uint8Array, chunk: number): CoverageReport {
  const format = detectFormat(bytes.subarray(0, 4096));
  if (format === undefined) throw new ReportParseError(1, 'not a coverage report in any known format');
  const parser = createParser(format);
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  return parser.finish();
}

const SUPPORTED = new Set(['lcov', 'cobertura', 'jacoco', 'clover', 'istanbul', 'go', 'coveragepy', 'llvm']);
/** Reports made by real tools for formats the real/ and generated/ sets lack (coverage.py, llvm-cov, Devel::Cover's Clover, grcov's Cobertura). */
const PRODUCERS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'producers');

interface Seed {
  readonly name: string;
  /** Read when its test runs, so that a missing fixture fails that test by name. */
  readonly bytes: () => Buffer;
}

/** Every fixture report, and every producer report in a supported format, cut to SEED_BYTES. */
function seeds(): Seed[] {
  const fixtures = fixtureReports().map((fixture) => ({ name: fixture.name, bytes: () => readFixtureReport(fixture).subarray(0, SEED_BYTES) }));
  const producers = ['python', 'c', 'devel-cover', 'grcov'].flatMap((folder) =>
    readdirSync(path.join(PRODUCERS, folder), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .filter((file) => SUPPORTED.has(detectFormat(readFileSync(path.join(PRODUCERS, folder, file)).subarray(0, 4096)) ?? ''))
      .map((file) => ({ name: `producers/${folder}/${file}`, bytes: () => readFileSync(path.join(PRODUCERS, folder, file)).subarray(0, SEED_BYTES) })),
  );
  return [...fixtures, ...producers];
}

describe('fuzzing the parsers with mutated real reports (never a crash, a hang or a polluted prototype)', function () {
  this.timeout(120_000);
  const all = seeds();

  it('has seeds for every supported format', () => {
    const formats = new Set(all.map((seed) => detectFormat(seed.bytes())));
    assert.deepEqual([...formats].sort(), [...SUPPORTED].sort());
  });

  for (const seed of all) {
    it(`${seed.name}: every mutation parses to a well-formed model or a ReportParseError`, () => {
      const bytesOfSeed = seed.bytes();
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom(1 << 20, 7, 4096), (mutations, chunk) => {
          const bytes = apply(bytesOfSeed, mutations);
          withinHangGuard(() => {
            try {
              assertWellFormed(parse(bytes, chunk));
            } catch (error) {
              if (!(error instanceof ReportParseError)) throw error;
            }
          }, 'the parse of a mutated report');
          assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
          assert.equal(Object.getPrototypeOf({}), Object.prototype);
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261128) },
      );
    });
  }
});
