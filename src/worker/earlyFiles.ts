import * as path from 'node:path';
import { detectFormat } from '../core/formats/detect';
import { type FileCoverageData, fileTotals } from '../core/model/model';
import { createParser } from '../core/formats/parsers';
import type { EarlyFiles, FileSummary, LoadReportRequest } from '../shared/protocol';
import type { FileDetail } from '../shared/fileDetail';
import { openReportFile } from './openReport';
import { baseName, LcovSectionFinder } from './prioritySections';
import { guardedReads, READ_STALL_MS } from './readReport';
import { ReportPathResolver } from './resolveFiles';

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
 * The visible editors' files of a large LCOV report, before the whole report is parsed: one pass
 * that only looks for their SF lines (prioritySections.ts), then those sections parsed alone and
 * resolved like every other path. Undefined when there is nothing to show early (another format,
 * a small report, no section that resolves to a priority file). The full load that follows is
 * what counts: these are shown only until it arrives. Errors are the full load's to report.
 */
export async function findEarlyFiles(request: LoadReportRequest, options: EarlyOptions): Promise<EarlyFiles | undefined> {
  const priority = request.priorityFiles ?? [];
  if (priority.length === 0 || request.codecov !== undefined) return undefined;
  const fold = (text: string) => (options.caseInsensitive ? text.toLowerCase() : text);
  const wantedNames = new Set(priority.map((file) => fold(path.basename(file))));
  const wantedPaths = new Set(priority.map(fold));
  const handle = await openReportFile(request.reportPath, request.workspaceFolders);
  const read = guardedReads(handle, options.stallMs ?? READ_STALL_MS);
  let modifiedMs: number;
  let sections;
  try {
    const stats = await handle.stat();
    if (stats.size < options.minBytes || stats.size > request.maxBytes) return undefined;
    modifiedMs = stats.mtimeMs;
    const finder = new LcovSectionFinder((reportPath) => wantedNames.has(fold(baseName(reportPath))));
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let total = 0;
    for (let first = true; !finder.full; first = false) {
      const bytesRead = await read(buffer);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > request.maxBytes) return undefined;
      const chunk = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
      if (first && detectFormat(chunk) !== 'lcov') return undefined;
      finder.push(chunk);
    }
    sections = finder.finish();
  } finally {
    if (read.stalled) void handle.close().catch(() => undefined);
    else await handle.close();
  }
  if (sections.length === 0) return undefined;
  const resolver = new ReportPathResolver({
    reportFile: request.reportPath,
    ownerFolder: request.ownerFolder,
    workspaceFolders: request.workspaceFolders,
    mappings: request.pathMappings,
    sourceRoots: [],
    caseInsensitive: options.caseInsensitive,
  });
  const files: FileSummary[] = [];
  const details: FileDetail[] = [];
  for (const section of sections) {
    const parser = createParser('lcov');
    parser.push(section.bytes);
    let report;
    try {
      report = parser.finish();
    } catch {
      continue;
    }
    for (const file of report.files.values()) {
      const { resolvedPath, note } = await resolver.resolve(file.path);
      if (resolvedPath === undefined || !wantedPaths.has(fold(resolvedPath))) continue;
      files.push({ reportPath: file.path, resolvedPath, resolution: note, totals: fileTotals(file), testNames: [...file.tests.keys()] });
      details.push(options.toDetail(file, report.lineChecksums?.get(file.path) ?? new Map()));
    }
  }
  return files.length === 0 ? undefined : { reportModifiedMs: modifiedMs, files, details };
}
