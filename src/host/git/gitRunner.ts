import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Runs the git command line with an invocation the user's configuration cannot change: every
 * setting that alters the output we read is pinned on the command line (`-c` beats every config
 * file), the environment variables that move git to another repository or index are removed,
 * no pager, no colour, C locale, arguments as an array (never a shell), a timeout and a cap on
 * the output.
 *
 * The user's global and system configuration are still read (not GIT_CONFIG_GLOBAL=/dev/null):
 * they hold what must keep working — `safe.directory` for a repository owned by another user
 * (containers, WSL mounts), `core.excludesFile` (files the user ignores everywhere are not
 * "untracked changes"), `core.autocrlf` and `includeIf` — while everything in them that shapes
 * our output is overridden below. The repository's own `.git/config` can run commands through
 * filters or `core.fsmonitor`; fsmonitor is switched off here, and git must only be run in a
 * trusted workspace (a repository that arrives with its `.git` folder is not trusted yet).
 */
export class GitRunner {
  private readonly gitPath: string;
  private readonly timeoutMs: number;
  private readonly maxOutputBytes: number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: GitRunnerOptions = {}) {
    this.gitPath = options.gitPath ?? 'git';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    this.env = gitEnvironment(options.env ?? process.env);
  }

  /** Runs `git <pinned options> <args>` in `cwd`; rejects with a GitError unless the exit code is accepted. */
  run(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<GitResult> {
    const fullArgs = [...PINNED_OPTIONS, ...args];
    const maxBytes = options.maxOutputBytes ?? this.maxOutputBytes;
    const accepted = options.okExitCodes ?? [0];
    return new Promise((resolve, reject) => {
      // Its own process group, so that a timeout also ends what git started (filters, hooks).
      const child = spawn(this.gitPath, fullArgs, {
        cwd,
        env: this.env,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
        detached: process.platform !== 'win32',
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let stderr = '';
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        finish();
      };
      const stop = (error: GitError) =>
        settle(() => {
          killTree(child.pid);
          child.kill('SIGKILL');
          child.stdout?.destroy();
          child.stderr?.destroy();
          reject(error);
        });
      const timer = setTimeout(() => stop(new GitError('timeout', args, `git ${args[0] ?? ''} took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) stop(new GitError('tooLarge', args, `git ${args[0] ?? ''} wrote more than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.toString('utf8');
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        settle(() => {
          // spawn says ENOENT both for a missing program and for a missing working folder.
          if (error.code === 'ENOENT' && !existsSync(cwd)) reject(new GitError('failed', args, `folder not found: ${cwd}`));
          else if (error.code === 'ENOENT') reject(new GitError('notFound', args, `git not found (${this.gitPath}): install git or put it on the PATH`));
          else reject(new GitError('failed', args, error.message));
        }),
      );
      child.on('close', (code) =>
        settle(() => {
          const exitCode = code ?? -1;
          if (!accepted.includes(exitCode)) reject(new GitError('failed', args, firstLine(stderr) || `git ${args[0] ?? ''} exited with ${exitCode}`, exitCode, stderr));
          else resolve({ code: exitCode, stdout: Buffer.concat(chunks), stderr });
        }),
      );
      if (options.input !== undefined && child.stdin !== null) {
        child.stdin.on('error', () => undefined); // git may exit before reading everything (a failure reported on close)
        child.stdin.end(options.input);
      }
    });
  }
}

/** Ends a detached child's whole process group (POSIX); the child itself is killed by the caller too. */
function killTree(pid: number | undefined): void {
  if (pid === undefined || process.platform === 'win32') return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export interface GitRunnerOptions {
  /** The git executable (VS Code's `git.path`), default `git` from the PATH. */
  readonly gitPath?: string;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  /** The environment to start from (default `process.env`); see gitEnvironment. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunOptions {
  readonly input?: string | Uint8Array;
  /** Exit codes that are answers, not failures (e.g. 1 for "no" from `merge-base --is-ancestor`). */
  readonly okExitCodes?: readonly number[];
  readonly maxOutputBytes?: number;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export type GitErrorKind = 'notFound' | 'timeout' | 'tooLarge' | 'failed';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    readonly args: readonly string[],
    message: string,
    readonly exitCode?: number,
    readonly stderr?: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const MAX_STDERR_CHARS = 64 * 1024;

/**
 * Before the command: no pager, paths taken literally, and each setting that changes what we
 * parse pinned to git's default. `diff.external=` empties an external diff tool,
 * `core.fsmonitor=false` keeps a configured hook from running.
 */
export const PINNED_OPTIONS: readonly string[] = [
  '--no-pager',
  '--literal-pathspecs',
  ...[
    'core.quotepath=false',
    'core.fsmonitor=false',
    'color.ui=false',
    'diff.noprefix=false',
    'diff.mnemonicPrefix=false',
    'diff.external=',
    'diff.renames=true',
    'diff.renameLimit=1000',
    'diff.algorithm=myers',
    'diff.indentHeuristic=true',
    'diff.relative=false',
    'diff.ignoreSubmodules=none',
    'log.showSignature=false',
    // A name that is both a branch and a tag must be noticed (GitRepository.resolveCommit), not silently taken for the tag.
    'core.warnAmbiguousRefs=true',
  ].flatMap((setting) => ['-c', setting]),
];

/** Variables that point git at another repository, index or config, or that change its output. */
const KEPT_GIT_VARIABLES = new Set(['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_EXEC_PATH']);

/**
 * The environment git runs in: the caller's, without any `GIT_*` variable except where the
 * user's configuration lives (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_CONFIG_PARAMETERS/COUNT
 * — set inside git hooks, for one — would otherwise silently diff another tree), plus C locale,
 * no terminal prompt, no optional index lock (a read must never block the user's git).
 */
export function gitEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    const upper = key.toUpperCase();
    if (upper.startsWith('GIT_') && !KEPT_GIT_VARIABLES.has(upper)) continue;
    if (upper === 'PAGER' || upper === 'LANGUAGE' || upper.startsWith('LC_') || upper === 'LANG') continue;
    env[key] = value;
  }
  env['LC_ALL'] = 'C';
  env['GIT_TERMINAL_PROMPT'] = '0';
  env['GIT_OPTIONAL_LOCKS'] = '0';
  return env;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
