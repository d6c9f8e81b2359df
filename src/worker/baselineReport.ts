import * as path from 'node:path';
import { totalsOf } from '../core/compare/compareCoverage';
import { diffTexts } from '../core/lines/lineDiff';
import type { FileCoverageData } from '../core/model/model';
import { type RepoPathMatch, RepoPathMatcher } from '../core/paths/repoPaths';
import type { BaselineReportRequest, BaselineReportResult, CodecovBaselineRequest, LineCoverageWire } from '../shared/protocol';
import { parseCodecovBody } from './loadCodecov';
import { readReport } from './readReport';

/** Notes kept about unmatched paths (a report of node_modules can have thousands). */
const MAX_NOTES = 30;

/** A baseline report's files by path at the commit the request lists the files of. */
export async function baselineReport(request: BaselineReportRequest): Promise<BaselineReportResult> {
  const { report } = await readReport(request.reportPath, { maxBytes: request.maxBytes, workspaceFolders: request.workspaceFolders, hashContent: false }, () => undefined);
  const matcher = new RepoPathMatcher({
    root: request.root,
    files: request.files,
    reportFolder: path.dirname(request.reportPath),
    sourceRoots: report.sourceRoots ?? [],
    mappings: request.pathMappings,
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
  });
  const files = new Map<string, LineCoverageWire>();
  const unmatched: FileCoverageData[] = [];
  const notes: string[] = [];
  const reportFiles = [...report.files.values()];
  const matches = matcher.matchAll(reportFiles.map((file) => file.path));
  for (const [i, file] of reportFiles.entries()) {
    const match = matches[i] as RepoPathMatch;
    if (match.path === undefined || files.has(match.path)) {
      unmatched.push(file);
      if (notes.length < MAX_NOTES) notes.push(`${file.path}: ${match.path === undefined ? match.how : `also matches ${match.path}, kept the first`}`);
    } else files.set(match.path, lineCoverageOf(file));
  }
  return { files: [...files], unmatched: totalsOf(unmatched), notes };
}

/** A Codecov response's files by repository path: a path the commit does not have is unmatched. */
export async function codecovBaseline(request: CodecovBaselineRequest): Promise<BaselineReportResult> {
  const { parsed } = await parseCodecovBody(request.body);
  const known = new Set(request.files);
  const files = new Map<string, LineCoverageWire>();
  const unmatched: FileCoverageData[] = [];
  const notes: string[] = [];
  for (const file of parsed.files.values()) {
    const name = file.path.replace(/^\.\//, '');
    if (known.has(name) && !files.has(name)) files.set(name, lineCoverageOf(file));
    else {
      unmatched.push(file);
      if (notes.length < MAX_NOTES) notes.push(`${file.path}: not a file of the commit`);
    }
  }
  return { files: [...files], unmatched: totalsOf(unmatched), notes };
}

/** Copies (the report's arrays may share a buffer with other files). */
function lineCoverageOf(file: FileCoverageData): LineCoverageWire {
  return { lines: file.lines.slice(), hits: file.hits.slice(), status: file.status.slice() };
}

/** The hunks of a line diff, flat. */
export function diffHunks(oldText: string, newText: string): Int32Array {
  const mapping = diffTexts(oldText, newText);
  const flat = new Int32Array(mapping.hunkCount * 4);
  for (let i = 0; i < mapping.hunkCount; i++) {
    const hunk = mapping.hunk(i);
    flat.set([hunk.oldStart, hunk.oldEnd, hunk.newStart, hunk.newEnd], i * 4);
  }
  return flat;
}
