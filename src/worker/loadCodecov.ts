import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { LineMapping } from '../core/lines/lineMapping';
import { moveFileCoverage } from '../core/lines/moveCoverage';
import { type CoverageReport, type FileCoverageData, reportTotals } from '../core/model/model';
import { createParser } from '../core/formats/parsers';
import { isInside, isSafeReportPath } from '../core/paths/candidatePaths';
import type { CodecovBody } from '../shared/codecovBody';
import type { CodecovPayload } from '../shared/protocol';
import { codecovBodyChunks } from './codecovBody';
import { ContainedPaths } from './containedPath';
import type { Resolution } from './resolveFiles';

/**
 * A Codecov response parsed (streamed from the host's cache file, chunk by chunk) and moved onto
 * the working tree: a file that changed since the commit keeps the marks of its unchanged lines
 * at their new positions, a renamed file follows its new name, a deleted file or one without a
 * line mapping is dropped.
 */
export async function parseCodecov(payload: CodecovPayload): Promise<{ report: CoverageReport; contentHash: string }> {
  const { parsed, contentHash: bodyHash } = await parseCodecovBody(payload.body);
  // The report is the response moved onto today's lines: moved differently (another edit), it is another report.
  const contentHash = createHash('sha256').update(bodyHash).update(JSON.stringify([payload.changed, payload.deleted])).digest('hex');
  const changed = new Map(payload.changed.map((change) => [change.basePath, change]));
  const deleted = new Set(payload.deleted);
  const files = new Map<string, FileCoverageData>();
  for (const file of parsed.files.values()) {
    const name = file.path.replace(/^\.\//, '');
    if (deleted.has(name)) continue;
    const change = changed.get(name);
    if (change === undefined) {
      files.set(file.path, file);
      continue;
    }
    if (change.hunks === undefined) continue;
    const moved = moveFileCoverage(file, LineMapping.fromHunks(change.hunks), change.path);
    files.set(moved.path, moved);
  }
  return { report: { format: 'codecov', files, totals: reportTotals(files.values()), warnings: parsed.warnings }, contentHash };
}

/** A Codecov response parsed as it is read, and the SHA-256 of its bytes. */
export async function parseCodecovBody(body: CodecovBody): Promise<{ parsed: CoverageReport; contentHash: string }> {
  const hash = createHash('sha256');
  const parser = createParser('codecov');
  for await (const chunk of codecovBodyChunks(body)) {
    hash.update(chunk);
    parser.push(chunk);
  }
  return { parsed: parser.finish(), contentHash: hash.digest('hex') };
}

/**
 * Codecov's paths are relative to the repository root, exactly: no suffix matching, no path
 * mappings. The file must lie inside a workspace folder as written and, symlinks followed, in
 * reality (the same containment as local reports' paths).
 */
export class CodecovPathResolver {
  private readonly contained: ContainedPaths;

  constructor(
    private readonly repoRoot: string,
    private readonly workspaceFolders: readonly string[],
  ) {
    this.contained = new ContainedPaths(workspaceFolders);
  }

  async resolve(entry: string): Promise<Resolution> {
    if (!isSafeReportPath(entry) || path.isAbsolute(entry) || path.win32.isAbsolute(entry)) return { resolvedPath: undefined, note: 'refused: not a path relative to the repository' };
    const candidate = path.resolve(this.repoRoot, entry);
    if (!isInside(this.repoRoot, candidate)) return { resolvedPath: undefined, note: 'refused: outside the repository' };
    if (!this.workspaceFolders.some((folder) => isInside(folder, candidate))) return { resolvedPath: undefined, note: 'not in a workspace folder' };
    const found = await this.contained.resolve(candidate);
    if (found.kind !== 'inside' || !found.stats.isFile()) return { resolvedPath: undefined, note: 'not found in the workspace' };
    return { resolvedPath: candidate, note: 'repository path' };
  }
}
