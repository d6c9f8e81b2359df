import type { GitRepository } from '../git/gitRepository';
import { collectLineChanges, type CurrentText, type TextDiff } from '../compare/lineChanges';
import type { MovedFile } from '../../shared/protocol';

/**
 * How the working tree (unsaved editor text included, through `currentText`) differs from the
 * commit Codecov's coverage describes, for the files under the folder's path prefix: what the
 * worker needs to move that coverage onto today's lines. `unsaved`: repository paths of documents
 * with unsaved edits, diffed even where git (which reads the disk) sees no change.
 */
export async function codecovMoves(
  repo: GitRepository,
  sha: string,
  pathPrefix: string,
  currentText: CurrentText,
  options: { readonly diff?: TextDiff; readonly unsaved?: readonly string[] } = {},
): Promise<{ changed: MovedFile[]; deleted: string[]; skipped: number }> {
  const { changes, deleted, skipped } = await collectLineChanges(repo, sha, currentText, {
    wanted: (path) => path.startsWith(pathPrefix),
    ...(options.diff === undefined ? {} : { diff: options.diff }),
    ...(options.unsaved === undefined ? {} : { unsaved: options.unsaved }),
  });
  const changed: MovedFile[] = changes.map((change) => ({
    path: change.path,
    basePath: change.basePath,
    hunks: change.mapping === undefined ? undefined : Array.from({ length: change.mapping.hunkCount }, (_, i) => change.mapping?.hunk(i) as NonNullable<ReturnType<NonNullable<typeof change.mapping>['hunk']>>),
  }));
  for (const { path } of skipped) changed.push({ path, basePath: path, hunks: undefined });
  return { changed, deleted, skipped: skipped.length };
}
