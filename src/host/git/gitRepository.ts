import { decodeText, looksBinary } from '../../core/lines/textLines';
import { type FilePatch, parseUnifiedDiff } from '../../core/lines/unifiedDiff';
import { GitError, type GitRunner } from './gitRunner';
import { parseRawDiff, type RawChange, splitNul, splitNulChecked } from './rawDiff';

/** A file's content at a commit, as far as a line diff can use it. */
export type BlobText =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary' }
  | { readonly kind: 'tooLarge'; readonly size: number }
  /** A symbolic link or a submodule: nothing to diff line by line. */
  | { readonly kind: 'notAFile' }
  | { readonly kind: 'missing' };

/** A difference between a commit and the working tree (staged and unstaged alike). */
export interface WorkingTreeChange {
  readonly status: 'added' | 'untracked' | 'modified' | 'renamed' | 'deleted' | 'typeChanged';
  /** Path in the working tree, relative to the repository root (the old path for a deletion). */
  readonly path: string;
  /** Path at the commit (differs from `path` only for a rename). */
  readonly basePath: string;
  /** The blob at the commit; undefined for added and untracked files. */
  readonly baseBlob: string | undefined;
  /** The file mode at the commit (`100644`, `120000` for a symbolic link, `160000` for a submodule). */
  readonly baseMode: string;
  /** A name is not valid UTF-8: `path` is lossy and names no file on disk (RawChange.notUtf8). */
  readonly notUtf8?: true;
}

export const DEFAULT_MAX_BLOB_BYTES = 8 * 1024 * 1024;
const MAX_WALK = 1000;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const FILE_MODES = new Set(['100644', '100755']);
const PSEUDO_REF = /^[A-Z_]*HEAD$/;

/**
 * What the comparison needs from one repository, through the pinned GitRunner. Every ref the
 * user names is resolved to a commit id first (`--end-of-options`, a leading `-` refused), and
 * every later command gets ids, never names.
 */
export class GitRepository {
  private constructor(
    readonly git: GitRunner,
    /** The working tree's top folder, as git prints it. */
    readonly root: string,
  ) {}

  /** The repository holding `folder`, or undefined when it is in none (not an error). */
  static async open(git: GitRunner, folder: string): Promise<GitRepository | undefined> {
    try {
      const { stdout } = await git.run(folder, ['rev-parse', '--show-toplevel']);
      const root = stdout.toString('utf8').replace(/\n$/, '');
      return root === '' ? undefined : new GitRepository(git, root);
    } catch (error) {
      if (error instanceof GitError && error.kind === 'failed' && /not a git repository|must be run in a work tree/i.test(error.stderr ?? '')) return undefined;
      throw error;
    }
  }

  /** The commit id HEAD points at, or undefined before the first commit. */
  head(): Promise<string | undefined> {
    return this.resolveCommit('HEAD');
  }

  /**
   * The commit a ref names (branch, tag, `origin/main`, an id), or undefined when it names none.
   * A short name that git finds under more than one prefix (a tag `main` or `origin/main`, which
   * every fetch brings from the remote, beside the branch) throws AmbiguousRefError: git would
   * silently take the tag. A full commit id is that commit whatever a ref is named.
   */
  async resolveCommit(ref: string): Promise<string | undefined> {
    checkRefName(ref);
    const quiet = SHA.test(ref) ? ['-q'] : [];
    const { code, stdout, stderr } = await this.git.run(this.root, ['rev-parse', '--verify', ...quiet, '--end-of-options', `${ref}^{commit}`], { okExitCodes: [0, 1, 128] });
    const ambiguous = quiet.length === 0 ? /refname '([^'\n]*)' is ambiguous/.exec(stderr)?.[1] : undefined;
    // HEAD, FETCH_HEAD…: git reads the file in the git folder first, whatever a tag is named.
    if (ambiguous !== undefined && !PSEUDO_REF.test(ambiguous)) throw new AmbiguousRefError(ambiguous);
    const sha = stdout.toString('utf8').trim();
    return code === 0 && SHA.test(sha) ? sha : undefined;
  }

  /** The best common ancestor of two commits, or undefined when they share no history. */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const { code, stdout } = await this.git.run(this.root, ['merge-base', '--end-of-options', checkSha(a), checkSha(b)], { okExitCodes: [0, 1] });
    const sha = stdout.toString('utf8').trim();
    return code === 0 && SHA.test(sha) ? sha : undefined;
  }

  /**
   * Whether the clone is shallow (`git clone --depth`, the CI default): its history stops at
   * grafted commits, so two branches can look unrelated only because their common past was
   * not fetched.
   */
  async isShallow(): Promise<boolean> {
    const { code, stdout } = await this.git.run(this.root, ['rev-parse', '--is-shallow-repository'], { okExitCodes: [0, 128] });
    return code === 0 && stdout.toString('utf8').trim() === 'true';
  }

  /** Why `ref` has no merge-base with HEAD, in words that say what to do about it. */
  async noMergeBaseReason(ref: string): Promise<string> {
    return (await this.isShallow())
      ? `HEAD and ${ref} share no history in this shallow clone: their common commit was not fetched (git fetch --unshallow, or a deeper fetch)`
      : `HEAD and ${ref} share no history`;
  }

  /** `origin/main` from `refs/remotes/origin/HEAD` (set by clone), or undefined. */
  async defaultBranch(remote = 'origin'): Promise<string | undefined> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote)) throw new RangeError(`not a remote name: ${JSON.stringify(remote)}`);
    const { code, stdout } = await this.git.run(this.root, ['symbolic-ref', '-q', `refs/remotes/${remote}/HEAD`], { okExitCodes: [0, 1, 128] });
    const target = stdout.toString('utf8').trim();
    const prefix = 'refs/remotes/';
    return code === 0 && target.startsWith(prefix) ? target.slice(prefix.length) : undefined;
  }

  /** Every remote and its fetch URL (`git config -z --get-regexp`: NUL-separated, so no URL or name can break the listing). */
  async remotes(): Promise<{ name: string; url: string }[]> {
    const { stdout } = await this.git.run(this.root, ['config', '-z', '--get-regexp', '^remote\\..*\\.url$'], { okExitCodes: [0, 1] });
    const remotes: { name: string; url: string }[] = [];
    for (const entry of splitNul(stdout)) {
      const newline = entry.indexOf('\n');
      if (newline < 0) continue;
      const key = entry.slice(0, newline);
      if (!key.startsWith('remote.') || !key.endsWith('.url')) continue;
      const name = key.slice('remote.'.length, -'.url'.length);
      if (name !== '' && !remotes.some((remote) => remote.name === name)) remotes.push({ name, url: entry.slice(newline + 1) });
    }
    return remotes;
  }

  /** Local and remote-tracking branch names (`main`, `origin/main`), for a branch picker. */
  async branches(): Promise<string[]> {
    const { stdout } = await this.git.run(this.root, ['for-each-ref', '--format=%(refname:short)', 'refs/heads', 'refs/remotes']);
    return stdout
      .toString('utf8')
      .split('\n')
      .filter((name) => name !== '' && !name.endsWith('/HEAD') && !name.startsWith('-'));
  }

  /** `from` and its first parents, nearest first, at most `max` commits (the walk back to coverage). */
  async firstParents(from: string, max: number): Promise<string[]> {
    if (!Number.isInteger(max) || max < 1 || max > MAX_WALK) throw new RangeError(`walk of ${max} commits (1 to ${MAX_WALK})`);
    const { stdout } = await this.git.run(this.root, ['rev-list', '--first-parent', `--max-count=${max}`, '--end-of-options', checkSha(from)]);
    return stdout.toString('utf8').split('\n').filter((line) => SHA.test(line));
  }

  /** Every file path in a commit, relative to the root. */
  async filesAt(commit: string): Promise<string[]> {
    const { stdout } = await this.git.run(this.root, ['ls-tree', '-r', '-z', '--full-tree', '--name-only', '--end-of-options', checkSha(commit)]);
    return splitNul(stdout);
  }

  /** Tracked and untracked (not ignored) files of the working tree, relative to the root. */
  async workingTreeFiles(): Promise<string[]> {
    const { stdout } = await this.git.run(this.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    return [...new Set(splitNul(stdout))];
  }

  /**
   * Everything that differs between a commit and the working tree: committed, staged and
   * unstaged changes in one (`diff-index` against the tree, renames followed with -M), and the
   * untracked files that are not ignored, which count as added.
   */
  async changesSince(commit: string): Promise<WorkingTreeChange[]> {
    const [diff, untracked] = await Promise.all([
      this.git.run(this.root, ['diff-index', '--raw', '-z', '-M', '--no-abbrev', '--ignore-submodules=none', checkSha(commit), '--']),
      this.git.run(this.root, ['ls-files', '-z', '--others', '--exclude-standard']),
    ]);
    const changes = parseRawDiff(diff.stdout).flatMap(toWorkingTreeChanges);
    for (const { text: path, utf8 } of splitNulChecked(untracked.stdout)) {
      changes.push({ status: 'untracked', path, basePath: path, baseBlob: undefined, baseMode: '000000', ...(utf8 ? {} : { notUtf8: true as const }) });
    }
    return changes;
  }

  /**
   * What differs between two commits (`diff-tree -r -M`, renames followed): the moves of a
   * baseline's coverage from the commit it describes onto another (moveBaseline.ts).
   */
  async changesBetween(from: string, to: string): Promise<RawChange[]> {
    const { stdout } = await this.git.run(this.root, ['diff-tree', '-r', '-z', '-M', '--raw', '--no-abbrev', '--ignore-submodules=none', checkSha(from), checkSha(to), '--']);
    return parseRawDiff(stdout);
  }

  /**
   * git's own zero-context patch from a commit to the working tree as on disk (`git diff -U0`,
   * what diff-cover reads), parsed into line mappings. Unsaved editor text is not in it: the
   * editor diffs blobs against its documents (diffTexts) instead.
   */
  async patchSince(commit: string): Promise<FilePatch[]> {
    const { stdout } = await this.git.run(this.root, ['diff', '-U0', '-M', '--no-ext-diff', '--no-color', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', checkSha(commit), '--']);
    return parseUnifiedDiff(stdout.toString('utf8'));
  }

  /** The content of `path` at `commit`: text, or why there is no text to diff. */
  async showFile(commit: string, path: string, maxBytes = DEFAULT_MAX_BLOB_BYTES): Promise<BlobText> {
    const { stdout } = await this.git.run(this.root, ['ls-tree', '-z', '--full-tree', '--end-of-options', checkSha(commit), '--', path]);
    const entry = splitNul(stdout).find((line) => line.slice(line.indexOf('\t') + 1) === path);
    if (entry === undefined) return { kind: 'missing' };
    const [mode, type, sha] = entry.slice(0, entry.indexOf('\t')).split(' ');
    if (type !== 'blob' || mode === undefined || !FILE_MODES.has(mode) || sha === undefined) return { kind: 'notAFile' };
    return (await this.readBlobs([sha], maxBytes)).get(sha) ?? { kind: 'missing' };
  }

  /**
   * Many blobs in two processes (`cat-file --batch-check` for sizes, then `--batch` for the
   * ones under `maxBytes`), not one process per file.
   */
  async readBlobs(shas: readonly string[], maxBytes = DEFAULT_MAX_BLOB_BYTES): Promise<Map<string, BlobText>> {
    const result = new Map<string, BlobText>();
    const unique = [...new Set(shas.map(checkSha))];
    if (unique.length === 0) return result;
    const check = await this.git.run(this.root, ['cat-file', '--batch-check'], { input: `${unique.join('\n')}\n` });
    const wanted: string[] = [];
    let total = 0;
    for (const line of check.stdout.toString('utf8').split('\n')) {
      const [sha, type, size] = line.split(' ');
      if (sha === undefined || !SHA.test(sha)) continue;
      if (type !== 'blob') result.set(sha, { kind: type === 'missing' ? 'missing' : 'notAFile' });
      else if (Number(size) > maxBytes) result.set(sha, { kind: 'tooLarge', size: Number(size) });
      else {
        wanted.push(sha);
        total += Number(size) + 100;
      }
    }
    if (wanted.length === 0) return result;
    const batch = await this.git.run(this.root, ['cat-file', '--batch'], { input: `${wanted.join('\n')}\n`, maxOutputBytes: total + 1024 });
    const out = batch.stdout;
    let at = 0;
    while (at < out.length) {
      const newline = out.indexOf(10, at);
      if (newline === -1) break;
      const [sha, type, size] = out.toString('utf8', at, newline).split(' ');
      at = newline + 1;
      if (sha === undefined || type !== 'blob') continue;
      const bytes = out.subarray(at, at + Number(size));
      at += Number(size) + 1;
      result.set(sha, looksBinary(bytes) ? { kind: 'binary' } : { kind: 'text', text: decodeText(bytes) });
    }
    return result;
  }
}

/** A short ref name that names more than one ref (GitRepository.resolveCommit). */
export class AmbiguousRefError extends Error {
  constructor(readonly ref: string) {
    super(`${ref} is ambiguous: it names more than one of a branch, a remote branch and a tag; write it in full (refs/heads/${ref}, refs/remotes/${ref} or refs/tags/${ref})`);
    this.name = 'AmbiguousRefError';
  }
}

function toWorkingTreeChanges(change: RawChange): WorkingTreeChange[] {
  const base = { baseBlob: change.oldBlob, baseMode: change.oldMode, ...(change.notUtf8 === true ? { notUtf8: true as const } : {}) };
  switch (change.status) {
    case 'A':
      return [{ status: 'added', path: change.path, basePath: change.path, ...base }];
    case 'D':
      return [{ status: 'deleted', path: change.path, basePath: change.path, ...base }];
    case 'R':
      return [{ status: 'renamed', path: change.path, basePath: change.oldPath, ...base }];
    case 'C':
      // A copy leaves its source in place: the new file is added.
      return [{ status: 'added', path: change.path, basePath: change.path, baseBlob: undefined, baseMode: '000000', ...(change.notUtf8 === true ? { notUtf8: true as const } : {}) }];
    case 'T':
      return [{ status: 'typeChanged', path: change.path, basePath: change.path, ...base }];
    case 'M':
    case 'U':
      return [{ status: 'modified', path: change.path, basePath: change.path, ...base }];
  }
}

/** Refuses what git could read as an option or that no ref name can hold. */
function checkRefName(ref: string): string {
  if (ref === '' || ref.startsWith('-') || /[\0\n\r]/.test(ref)) throw new RangeError(`not a git ref: ${JSON.stringify(ref)}`);
  return ref;
}

function checkSha(sha: string): string {
  if (!SHA.test(sha)) throw new RangeError(`not a commit or object id: ${JSON.stringify(sha)}`);
  return sha;
}

/** Whether a working-tree mode is a regular file (not a symbolic link or submodule). */
export function isFileMode(mode: string): boolean {
  return FILE_MODES.has(mode);
}
