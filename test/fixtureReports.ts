import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The real reports in test/fixtures/reports (gzip-compressed, listed with their provenance in
 * provenance.tsv), for the unit tests and the benchmarks. provenance.tsv is the list: a report
 * listed there but missing, truncated or changed throws an error naming the file, so no test
 * silently runs over fewer reports than it should.
 */

/** The repository root, seen from out/test or out/bench. */
const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURE_REPORTS_DIR = path.join(REPO, 'test', 'fixtures', 'reports');
/** Reports made by real tools on small projects (scripts/generate-producer-reports.mjs), uncompressed. */
export const PRODUCER_REPORTS_DIR = path.join(REPO, 'test', 'fixtures', 'producers');
const PROVENANCE = path.join(FIXTURE_REPORTS_DIR, 'provenance.tsv');
/** Decompressed copies for code that reads a report from a path (an ignored build folder). */
const ON_DISK_DIR = path.join(REPO, 'out', 'fixture-reports');
const FOLDERS = ['real', 'generated'] as const;

export interface FixtureReport {
  /** `real/NAME` or `generated/NAME`, as listed in provenance.tsv. */
  readonly name: string;
  /** NAME: the report's own file name. */
  readonly fileName: string;
  /** Its format as `detectFormat` names it. */
  readonly format: string;
  /** Size and SHA-256 of the decompressed report. */
  readonly bytes: number;
  readonly sha256: string;
  /** The compressed file in the repository. */
  readonly storedPath: string;
}

let manifest: readonly FixtureReport[] | undefined;
const decompressed = new Map<string, Buffer>();

/** Every listed report, in provenance.tsv order. */
export function fixtureReports(): readonly FixtureReport[] {
  manifest ??= readManifest();
  return manifest;
}

function readManifest(): FixtureReport[] {
  if (!fs.existsSync(PROVENANCE)) throw new Error(`fixture list missing: ${path.relative(REPO, PROVENANCE)}`);
  const [header, ...rows] = fs.readFileSync(PROVENANCE, 'utf8').split('\n').filter((row) => row !== '');
  const columns = (header ?? '').split('\t');
  const column = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`${path.relative(REPO, PROVENANCE)} has no "${name}" column`);
    return index;
  };
  const [file, format, bytes, sha256] = [column('file'), column('format'), column('bytes'), column('sha256')];
  const reports = rows.map((row, i) => {
    const cells = row.split('\t');
    const name = cells[file] ?? '';
    const where = `${path.relative(REPO, PROVENANCE)} line ${i + 2}`;
    if (cells.length !== columns.length) throw new Error(`${where}: ${cells.length} columns, expected ${columns.length}`);
    if (!FOLDERS.some((folder) => name.startsWith(`${folder}/`))) throw new Error(`${where}: ${name} is not under ${FOLDERS.join(' or ')}/`);
    const size = Number(cells[bytes]);
    if (!Number.isSafeInteger(size) || size <= 0) throw new Error(`${where}: bad size ${cells[bytes]}`);
    return {
      name,
      fileName: path.basename(name),
      format: cells[format] ?? '',
      bytes: size,
      sha256: cells[sha256] ?? '',
      storedPath: path.join(FIXTURE_REPORTS_DIR, `${name}.gz`),
    };
  });
  if (reports.length === 0) throw new Error(`${path.relative(REPO, PROVENANCE)} lists no reports`);
  return reports;
}

/** One listed report by name (`real/NAME`, `generated/NAME`). */
export function fixtureReport(name: string): FixtureReport {
  const found = fixtureReports().find((report) => report.name === name);
  if (found === undefined) throw new Error(`${name} is not listed in ${path.relative(REPO, PROVENANCE)}`);
  return found;
}

/** The listed reports whose file names start with `prefix` and end with `suffix`; at least one. */
export function fixtureReportsNamed(prefix: string, suffix = ''): FixtureReport[] {
  const found = fixtureReports().filter((report) => report.fileName.startsWith(prefix) && report.fileName.endsWith(suffix));
  if (found.length === 0) throw new Error(`no report named ${prefix}*${suffix} is listed in ${path.relative(REPO, PROVENANCE)}`);
  return found;
}

/** The decompressed bytes of a report (a fresh copy each call), checked against its provenance line. */
export function readFixtureReport(report: FixtureReport | string): Buffer {
  const entry = typeof report === 'string' ? fixtureReport(report) : report;
  let bytes = decompressed.get(entry.name);
  if (bytes === undefined) {
    const stored = path.relative(REPO, entry.storedPath);
    if (!fs.existsSync(entry.storedPath)) throw new Error(`fixture report missing: ${stored} (listed in ${path.relative(REPO, PROVENANCE)})`);
    bytes = gunzipSync(fs.readFileSync(entry.storedPath));
    if (bytes.length !== entry.bytes) throw new Error(`fixture report ${stored}: ${bytes.length} bytes decompressed, provenance says ${entry.bytes}`);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== entry.sha256) throw new Error(`fixture report ${stored}: SHA-256 ${digest}, provenance says ${entry.sha256}`);
    decompressed.set(entry.name, bytes);
  }
  return Buffer.from(bytes);
}

/**
 * A decompressed copy of the report on disk (out/fixture-reports/NAME), for code that reads a
 * path; rewritten unless an identical copy is already there.
 */
export function fixtureReportPath(report: FixtureReport | string): string {
  const entry = typeof report === 'string' ? fixtureReport(report) : report;
  const target = path.join(ON_DISK_DIR, entry.name);
  if (fs.existsSync(target) && fs.statSync(target).size === entry.bytes && createHash('sha256').update(fs.readFileSync(target)).digest('hex') === entry.sha256) {
    return target;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(partial, readFixtureReport(entry));
  fs.renameSync(partial, target);
  return target;
}

/** Files in the report folders that provenance.tsv does not list (each needs a provenance line). */
export function unlistedFixtureFiles(): string[] {
  const listed = new Set(fixtureReports().map((report) => path.relative(FIXTURE_REPORTS_DIR, report.storedPath)));
  return FOLDERS.flatMap((folder) =>
    fs.readdirSync(path.join(FIXTURE_REPORTS_DIR, folder)).map((file) => `${folder}/${file}`),
  ).filter((file) => !listed.has(file));
}
