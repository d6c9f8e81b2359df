import * as path from 'node:path';
import { detectFormat } from '../core/formats/detect';
import { type CoverageFormat, type CoverageReport, type FileCoverageData, fileTotals } from '../core/model/model';
import { createParser } from '../core/formats/parsers';
import type { EarlyFiles, FileSummary, LoadReportRequest } from '../shared/protocol';
import type { FileDetail } from '../shared/fileDetail';
import { openReportFile } from './openReport';
import { GoLineFinder } from './goLineFinder';
import { JsonMemberFinder } from './jsonMemberFinder';
import { LlvmFileFinder } from './llvmFileFinder';
import { baseName, LcovSectionFinder } from './prioritySections';
import { guardedReads, READ_STALL_MS } from './readReport';
import { type Resolution, ReportPathResolver } from './resolveFiles';
import { CLOVER_SHAPE, COBERTURA_SHAPE, JACOCO_SHAPE, XmlRecordFinder } from './xmlRecordFinder';

const CHUNK_BYTES = 1 << 20;

export interface EarlyOptions {
  /** Reports smaller than this parse fast enough whole: no early pass. */
  readonly minBytes: number;
  readonly caseInsensitive: boolean;
  readonly stallMs?: number;
  /** The detail the host draws, with the checksums of the file's lines (handlers.ts). */
  readonly toDetail: (file: FileCoverageData, checksums: ReadonlyMap<number, string>) => FileDetail;
}

/**
 * The visible editors' files of a large report, before the whole report is parsed: one pass that
 * only looks for their records (LCOV: SF lines, prioritySections.ts; Cobertura, JaCoCo, Clover:
 * the elements that hold a file, xmlRecordFinder.ts; Istanbul and coverage.py JSON: the members
 * keyed by their paths, jsonMemberFinder.ts; llvm-cov JSON: the file and function objects that name
 * them, llvmFileFinder.ts; Go profiles: the lines starting with their paths, goLineFinder.ts), then those records parsed alone and
 * resolved together like every other report's paths. Undefined when there is nothing to show early (another format,
 * a small report, no section that resolves to a priority file). The full load that follows is
 * what counts: these are shown only until it arrives. Errors are the full load's to report.
 */
export async function findEarlyFiles(request: LoadReportRequest, options: EarlyOptions): Promise<EarlyFiles | undefined> {
  const priority = request.priorityFiles ?? [];
  if (priority.length === 0 || request.codecov !== undefined) return undefined;
  const fold = (text: string) => (options.caseInsensitive ? text.toLowerCase() : text);
  const wantedNames = new Set(priority.map((file) => fold(path.basename(file))));
  const wantedPaths = new Set(priority.map(fold));
  const wanted = (reportPath: string) => wantedNames.has(fold(baseName(reportPath)));
  const names = priority.map((file) => path.basename(file));
  const handle = await openReportFile(request.reportPath, request.workspaceFolders);
  const read = guardedReads(handle, options.stallMs ?? READ_STALL_MS);
  let modifiedMs: number;
  let format: EarlyFormat | undefined;
  let finder: EarlyFinder | undefined;
  try {
    const stats = await handle.stat();
    if (stats.size < options.minBytes || stats.size > request.maxBytes) return undefined;
    modifiedMs = stats.mtimeMs;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let total = 0;
    while (finder?.full !== true) {
      const bytesRead = await read(buffer);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > request.maxBytes) return undefined;
      const chunk = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
      if (finder === undefined) {
        format = earlyFormat(detectFormat(chunk));
        if (format === undefined) return undefined;
        finder = finderFor(format, wanted, names);
      }
      finder.push(chunk);
    }
  } finally {
    if (read.stalled) void handle.close().catch(() => undefined);
    else await handle.close();
  }
  if (finder === undefined || format === undefined) return undefined;
  // The records found, by the source roots their paths are relative to (one group but for Cobertura
  // documents with <source>s of their own): each group resolved together, as the whole load does, so
  // that a dependency's src/lib.rs found beside the crate's own does not land on it (resolveAll).
  const groups = new Map<string, { readonly sourceRoots: readonly string[]; readonly found: { readonly file: FileCoverageData; readonly report: CoverageReport }[] }>();
  for (const document of finder.documents()) {
    const parser = createParser(format);
    let report;
    try {
      parser.push(document);
      report = parser.finish();
    } catch {
      continue;
    }
    const sourceRoots = report.sourceRoots ?? [];
    const key = JSON.stringify(sourceRoots);
    let group = groups.get(key);
    if (group === undefined) {
      group = { sourceRoots, found: [] };
      groups.set(key, group);
    }
    for (const file of report.files.values()) group.found.push({ file, report });
  }
  const files: FileSummary[] = [];
  const details: FileDetail[] = [];
  for (const { sourceRoots, found } of groups.values()) {
    const resolver = new ReportPathResolver({
      reportFile: request.reportPath,
      ownerFolder: request.ownerFolder,
      workspaceFolders: request.workspaceFolders,
      mappings: request.pathMappings,
      sourceRoots,
      caseInsensitive: options.caseInsensitive,
    });
    const resolutions = await resolver.resolveAll(found.map(({ file }) => file.path));
    for (const [i, { file, report }] of found.entries()) {
      const { resolvedPath, note } = resolutions[i] as Resolution;
      if (resolvedPath === undefined || !wantedPaths.has(fold(resolvedPath))) continue;
      files.push({ reportPath: file.path, resolvedPath, resolution: note, totals: fileTotals(file), testNames: [...file.tests.keys()] });
      details.push(options.toDetail(file, report.lineChecksums?.get(file.path) ?? new Map()));
    }
  }
  return files.length === 0 ? undefined : { reportModifiedMs: modifiedMs, format, files, details };
}

/** The formats with an early pass: those whose files' records a byte search finds. */
type EarlyFormat = 'lcov' | 'cobertura' | 'jacoco' | 'clover' | 'istanbul' | 'coveragepy' | 'llvm' | 'go';

/** Finds the wanted files' records as the report streams by; `documents` are what the format's parser reads. */
interface EarlyFinder {
  readonly full: boolean;
  push(chunk: Uint8Array): void;
  documents(): Uint8Array[];
}

function earlyFormat(format: CoverageFormat | undefined): EarlyFormat | undefined {
  return format === 'lcov' || format === 'cobertura' || format === 'jacoco' || format === 'clover' || format === 'istanbul' || format === 'coveragepy' || format === 'llvm' || format === 'go' ? format : undefined;
}

/** `names`: the wanted files' base names as the editor has them (the JSON, llvm-cov and Go finders search for them). */
function finderFor(format: EarlyFormat, wanted: (reportPath: string) => boolean, names: readonly string[]): EarlyFinder {
  if (format === 'lcov') {
    const finder = new LcovSectionFinder(wanted);
    return { get full() { return finder.full; }, push: (chunk) => finder.push(chunk), documents: () => finder.finish().map((section) => section.bytes) };
  }
  if (format === 'istanbul') return oneDocument(new JsonMemberFinder(names, wanted));
  if (format === 'coveragepy') return oneDocument(new JsonMemberFinder(names, wanted, 'files'));
  if (format === 'llvm') return oneDocument(new LlvmFileFinder(names, wanted));
  if (format === 'go') return oneDocument(new GoLineFinder(names, wanted));
  return oneDocument(new XmlRecordFinder(format === 'cobertura' ? COBERTURA_SHAPE : format === 'jacoco' ? JACOCO_SHAPE : CLOVER_SHAPE, wanted));
}

/** A finder that builds one document of all it found (undefined for nothing). */
function oneDocument(finder: { readonly full: boolean; push(chunk: Uint8Array): void; finish(): string | Buffer | undefined }): EarlyFinder {
  return {
    get full() { return finder.full; },
    push: (chunk) => finder.push(chunk),
    documents: () => {
      const document = finder.finish();
      return document === undefined ? [] : [typeof document === 'string' ? Buffer.from(document) : document];
    },
  };
}
