import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A real git repository in a temporary folder, built with the machine's git under an empty HOME
 * and no system configuration, with fixed author and dates: the same commits on every machine.
 */
export class TestRepo {
  readonly dir: string;
  readonly home: string;
  private readonly top: string;
  private tick = 0;

  /** `dir`: build the repository there (emptied first) instead of in the temporary folder; `branch`: the first branch's name. */
  constructor(prefix = 'coverage-sentinel-git-', options: { readonly dir?: string; readonly branch?: string } = {}) {
    this.top = mkdtempSync(path.join(tmpdir(), prefix));
    this.dir = options.dir ?? path.join(this.top, 'repo');
    this.home = path.join(this.top, 'home');
    if (options.dir !== undefined) rmSync(options.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(this.home);
    this.git('init', '-q', '-b', options.branch ?? 'main');
  }

  /** Environment for building the repository (not the one under test). */
  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
    const date = `2000-01-01T00:00:${String(this.tick).padStart(2, '0')}Z`;
    return {
      ...env,
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    };
  }

  git(...args: string[]): string {
    return this.gitIn(this.dir, ...args);
  }

  /** git in another folder (a clone of this one) with the same environment. */
  gitIn(dir: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd: dir, env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(file: string, content: string | Uint8Array): void {
    const full = path.join(this.dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }

  /** Stages everything and commits; returns the commit id. */
  commit(message: string): string {
    this.tick++;
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  remove(): void {
    rmSync(this.top, { recursive: true, force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
