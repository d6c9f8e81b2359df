import * as path from 'node:path';

export interface NewFolderSearchDeps {
  /** Whether `fsPath` is a folder now (false when it is gone). */
  isDirectory(fsPath: string): Promise<boolean>;
  /** Searches the report globs again. */
  search(): Promise<void>;
  /** Marks the extension busy until the returned function is called. */
  begin(): () => void;
}

/** Created paths remembered until the next check; past this many, the check searches without looking. */
const MAX_PENDING = 10_000;

/**
 * The search for reports in folders made since the last search (they get no file event of their
 * own): the paths created in the workspace are gathered, and `delayMs` after the first of them
 * (at most once per that time) the search runs if one of them is a folder. A build writing
 * thousands of files into folders that exist costs a look at each topmost one, and no search.
 */
export class NewFolderSearch {
  private readonly created = new Set<string>();
  private overflow = false;
  private timer: { readonly handle: NodeJS.Timeout; readonly end: () => void } | undefined;
  private running = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly deps: NewFolderSearchDeps,
    private readonly delayMs: number,
  ) {}

  /** Tells of a path created (a file or a folder) outside the excluded paths. */
  add(fsPath: string): void {
    if (this.created.size < MAX_PENDING) this.created.add(fsPath);
    else this.overflow = true;
    this.arm();
  }

  /** Resolves once no check is waiting or running. */
  whenIdle(): Promise<void> {
    if (this.timer === undefined && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer.handle);
      this.timer.end();
      this.timer = undefined;
    }
    this.created.clear();
    this.settle();
  }

  private arm(): void {
    if (this.running || this.timer !== undefined) return;
    const end = this.deps.begin();
    const handle = setTimeout(() => {
      this.timer = undefined;
      this.running = true;
      void this.check().finally(() => {
        this.running = false;
        end();
        if (this.created.size > 0 || this.overflow) this.arm();
        else this.settle();
      });
    }, this.delayMs);
    this.timer = { handle, end };
  }

  private async check(): Promise<void> {
    const created = [...this.created];
    const overflow = this.overflow;
    this.created.clear();
    this.overflow = false;
    if (overflow || (await this.anyFolder(created))) await this.deps.search();
  }

  /** Whether one of `paths` is a folder; a path below another of them is not looked at (the one above decides). */
  private async anyFolder(paths: readonly string[]): Promise<boolean> {
    const all = new Set(paths);
    for (const fsPath of paths) {
      if (all.has(path.dirname(fsPath))) continue;
      if (await this.deps.isDirectory(fsPath)) return true;
    }
    return false;
  }

  private settle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
