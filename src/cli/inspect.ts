/**
 * `node dist/inspect.js REPORT [--workspace DIR]... [--mapping FROM=TO]... [--json]`
 * Reads a report with the extension's own parsers and prints its format, totals, warnings and,
 * with --workspace, how each path resolves (or why not): the first thing to run when marks do
 * not show. With --compare, compares two reports across a git diff (compare.ts).
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { fileTotals, ReportParseError } from '../core/model/model';
import { forEachFileCounts } from '../core/model/fileTable';
import { formatName } from '../core/formats/formatName';
import { parsePathMappings } from '../core/paths/pathMapping';
import { terminalJson, terminalText } from '../host/inertText';
import { DEFAULT_MAX_REPORT_MB } from '../shared/settings';
import { PARALLEL_MIN_BYTES, readReport, ReportTooLargeError } from '../worker/readReport';
import { type Resolution, ReportPathResolver } from '../worker/resolveFiles';
import { COMPARE_OPTIONS, compareCommand, COMPARE_USAGE } from './compare';

interface Options {
  report: string;
  workspaces: string[];
  mappings: Record<string, string>;
  json: boolean;
  maxMB: number;
}

const USAGE = `usage: inspect REPORT [--workspace DIR]... [--mapping FROM=TO]... [--max-mb N] [--json]\n${COMPARE_USAGE}`;

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { report: '', workspaces: [], mappings: Object.create(null) as Record<string, string>, json: false, maxMB: DEFAULT_MAX_REPORT_MB };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--workspace') options.workspaces.push(path.resolve(value()));
    else if (arg === '--max-mb') options.maxMB = positiveNumber(arg, value());
    else if (arg === '--mapping') {
      const [from, ...to] = value().split('=');
      if (!from || to.length === 0) throw new UsageError('--mapping takes FROM=TO');
      options.mappings[from] = to.join('=');
    } else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (options.report === '') options.report = path.resolve(arg);
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (options.report === '') throw new UsageError('no report given');
  return options;
}

class UsageError extends Error {}

function positiveNumber(option: string, text: string): number {
  const number = Number(text);
  if (text.trim() === '' || !Number.isFinite(number) || number <= 0) throw new UsageError(`${option} takes a positive number of MiB, not ${JSON.stringify(text)}`);
  return number;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.some((arg) => COMPARE_OPTIONS.has(arg))) return compareCommand(argv);
  const options = parseArgs(argv);
  const { report, complete } = await readReport(options.report, { maxBytes: options.maxMB * 1024 * 1024, workspaceFolders: undefined, parallelMinBytes: PARALLEL_MIN_BYTES, hashContent: false }, () => undefined);
  const folders = options.workspaces.map((folder) => realpathSync(folder));
  const resolver =
    folders.length === 0
      ? undefined
      : new ReportPathResolver({
          reportFile: options.report,
          ownerFolder: folders.find((folder) => options.report.startsWith(folder + path.sep)) ?? (folders[0] as string),
          workspaceFolders: folders,
          mappings: parsePathMappings(options.mappings),
          sourceRoots: report.sourceRoots ?? [],
          caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
        });
  if (options.json) {
    const files = [];
    const resolutions = resolver === undefined ? undefined : await resolver.resolveAll([...report.files.keys()]);
    let i = 0;
    for (const file of report.files.values()) {
      const resolution = resolutions?.[i++];
      files.push({
        path: file.path,
        ...(resolution === undefined ? {} : { resolved: resolution.resolvedPath ?? null, resolution: resolution.note }),
        ...fileTotals(file),
      });
    }
    const summary = { format: report.format, complete, totals: report.totals, sourceRoots: report.sourceRoots ?? [], files, warnings: report.warnings };
    process.stdout.write(`${terminalJson(summary)}\n`);
    return 0;
  }
  const t = report.totals;
  const out = new TextOutput();
  out.line(`${options.report}: ${formatName(report.format)}${complete ? '' : ' (looks cut short)'}`);
  out.line(`files ${t.files}  lines ${t.linesHit}/${t.lines}  branches ${t.branchesHit}/${t.branches}  functions ${t.functionsHit}/${t.functions}`);
  if (resolver !== undefined) {
    const resolutions = await resolver.resolveAll([...report.files.keys()]);
    const unresolved = resolutions.filter((r) => r.resolvedPath === undefined).length;
    out.line(`resolved ${resolutions.length - unresolved} of ${resolutions.length} file(s) in ${folders.join(', ')}`);
    let i = 0;
    for (const file of report.files.values()) {
      const resolution = resolutions[i++] as Resolution;
      const { linesHit, lines } = fileTotals(file);
      out.line(`  ${file.path}  ${linesHit}/${lines}  → ${resolution.resolvedPath ?? 'not resolved'} (${resolution.note})`);
    }
  } else {
    // A line per file, written as it is made, from the report's rows: no file objects.
    forEachFileCounts(report.files, (filePath, { linesHit, lines }) => out.line(`  ${filePath}  ${linesHit}/${lines}`));
  }
  for (const warning of report.warnings) out.line(`warning: line ${warning.line}: ${warning.message}`);
  out.end();
  return 0;
}

/**
 * Lines to stdout in blocks of about 64 KiB: one write per line would cost a million writes, and a
 * block of a megabyte or more would be a large string and buffer in fresh memory every time. Report
 * text reaches a terminal: escape sequences and bidi overrides are written as visible escapes.
 */
class TextOutput {
  private text = '';

  line(text: string): void {
    this.text += `${text}\n`;
    if (this.text.length >= 1 << 16) this.end();
  }

  end(): void {
    if (this.text !== '') process.stdout.write(terminalText(this.text));
    this.text = '';
  }
}

// process.exitCode, never process.exit(): a pipe on stdout is written asynchronously,
// and exiting at once would cut the output short (at 64 KiB on a pipe).
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n` : ''}${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    const reason =
      error instanceof ReportParseError || error instanceof ReportTooLargeError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(terminalText(`${process.argv[2] ?? ''}: ${reason}\n`));
    process.exitCode = 1;
  },
);
