import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
// The module object itself (not an import namespace), so the spy can replace its functions.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fsPromises = require('node:fs/promises');
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LoadReportRequest } from '../../src/shared/protocol';
import { WorkerHost, WorkerRequestError } from '../../src/vscode/workerHost';
import { ReportAccessError } from '../../src/worker/openReport';
import { readReport } from '../../src/worker/readReport';
import { workerBundle } from './workerBundle';

const SECRET = 'SECRET-OUTSIDE-THE-WORKSPACE';
const LCOV = 'SF:src/a.js\nDA:1,1\nend_of_record\n';
const HANG_GUARD_MS = 15_000;

/** Rejects when `promise` has not settled within the hang guard (and says what hung). */
function settles<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${HANG_GUARD_MS} ms`)), HANG_GUARD_MS);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/** Records the path of every call of these fs/promises functions while `run` runs. */
async function spyFs<T>(names: readonly string[], run: () => Promise<T>): Promise<{ calls: { name: string; path: string }[]; result: PromiseSettledResult<T> }> {
  const fsp = fsPromises as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map(names.map((name) => [name, fsp[name] as (...args: unknown[]) => unknown]));
  const calls: { name: string; path: string }[] = [];
  for (const [name, original] of originals) {
    fsp[name] = (...args: unknown[]) => {
      calls.push({ name, path: String(args[0]) });
      return original(...args);
    };
  }
  try {
    const [result] = await Promise.allSettled([run()]);
    return { calls, result: result as PromiseSettledResult<T> };
  } finally {
    for (const [name, original] of originals) fsp[name] = original;
  }
}

const accessError = (kind: string) => (error: unknown) => error instanceof ReportAccessError && error.kind === kind;

describe('report files: only regular files inside the workspace are read (SECURITY.md: report file through a symlink)', function () {
  this.timeout(60_000);
  let root: string;
  let ws: string;
  let outside: string;
  let creds: string;
  const fifos: string[] = [];
  const limits = () => ({ maxBytes: 1 << 20, workspaceFolders: [ws] });

  before(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'sentinel-access-')));
    ws = path.join(root, 'ws');
    outside = path.join(root, 'outside');
    for (const dir of [path.join(ws, 'coverage'), path.join(ws, 'real-coverage'), outside]) mkdirSync(dir, { recursive: true });
    creds = path.join(outside, 'creds.info');
    writeFileSync(creds, `SF:${SECRET}.js\nDA:1,1\nend_of_record\n`);
    writeFileSync(path.join(ws, 'real-coverage', 'lcov.info'), LCOV);
    symlinkSync('../../outside/creds.info', path.join(ws, 'coverage', 'lcov.info'));
    symlinkSync('/dev/ptmx', path.join(ws, 'coverage', 'ptmx.info'));
    symlinkSync('../outside', path.join(ws, 'out-link'));
    symlinkSync('real-coverage', path.join(ws, 'in-link'));
    mkdirSync(path.join(ws, 'coverage', 'dir.info'));
    for (let i = 0; i < 4; i++) {
      const fifo = path.join(ws, 'coverage', `fifo${i}.info`);
      execFileSync('mkfifo', [fifo]);
      fifos.push(fifo);
    }
    symlinkSync('fifo0.info', path.join(ws, 'coverage', 'to-fifo.info'));
  });

  after(() => {
    // Should a read have blocked on a FIFO (the defect), a writer lets it finish.
    for (const fifo of fifos) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader waiting
      }
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a report that is a symlink to a file outside, without opening it', async () => {
    const { calls, result } = await spyFs(['open', 'readFile', 'realpath', 'stat', 'lstat', 'readlink'], () =>
      settles(readReport(path.join(ws, 'coverage', 'lcov.info'), limits(), () => undefined), 'the read'),
    );
    assert.equal(result.status, 'rejected');
    assert.ok(result.status === 'rejected' && accessError('outsideWorkspace')(result.reason), String(result.status === 'rejected' && result.reason));
    assert.match(String((result).reason), /outside the workspace folders/);
    assert.doesNotMatch(String((result).reason), new RegExp(SECRET));
    // Nothing that follows symlinks (open, realpath, stat) is called but on the workspace folder;
    // the link itself is looked at (lstat, readlink), and nothing outside the workspace at all.
    const following = new Set(['open', 'readFile', 'realpath', 'stat']);
    assert.deepEqual(calls.filter((call) => following.has(call.name) && call.path !== ws), [], 'no open, realpath or stat but of the workspace folder itself');
    assert.deepEqual(calls.filter((call) => !call.path.startsWith(ws + path.sep) && call.path !== ws), [], 'no call outside the workspace');
    assert.ok(calls.some((call) => call.name === 'readlink'), 'the spy saw the link looked at');
  });

  it('refuses a symlinked folder on the way out, and a symlink to /dev/ptmx, at once', async () => {
    await assert.rejects(settles(readReport(path.join(ws, 'out-link', 'creds.info'), limits(), () => undefined), 'the read'), accessError('outsideWorkspace'));
    await assert.rejects(settles(readReport(path.join(ws, 'coverage', 'ptmx.info'), limits(), () => undefined), 'the read'), accessError('outsideWorkspace'));
  });

  it('reads through a symlinked folder that stays inside the workspace', async () => {
    const { report } = await settles(readReport(path.join(ws, 'in-link', 'lcov.info'), limits(), () => undefined), 'the read');
    assert.deepEqual([...report.files.keys()], ['src/a.js']);
  });

  it('refuses a FIFO, a symlink to one and a directory as not a file, without blocking', async () => {
    const { calls, result } = await spyFs(['open'], () => settles(readReport(fifos[0] as string, limits(), () => undefined), 'the read of a FIFO'));
    assert.ok(result.status === 'rejected' && accessError('notAFile')(result.reason), String(result.status === 'rejected' && result.reason));
    assert.match(String((result).reason), /a FIFO/);
    assert.deepEqual(calls, [], 'the FIFO is never opened');
    await assert.rejects(settles(readReport(path.join(ws, 'coverage', 'to-fifo.info'), limits(), () => undefined), 'the read'), accessError('notAFile'));
    await assert.rejects(settles(readReport(path.join(ws, 'coverage', 'dir.info'), limits(), () => undefined), 'the read'), accessError('notAFile'));
  });

  it('refuses a file swapped for a FIFO or another file between the checks and the open', async () => {
    const report = path.join(ws, 'coverage', 'swapped.info');
    const replacement = path.join(ws, 'coverage', 'replacement');
    for (const prepare of [() => execFileSync('mkfifo', [replacement]), () => writeFileSync(replacement, `SF:${SECRET}.js\nDA:1,1\nend_of_record\n`)]) {
      writeFileSync(report, LCOV);
      prepare();
      const fsp = fsPromises as unknown as Record<string, (...args: unknown[]) => unknown>;
      const open = fsp['open'] as (...args: unknown[]) => unknown;
      fsp['open'] = (...args: unknown[]) => {
        // The attacker wins the race: another file takes the checked one's name.
        renameSync(replacement, report);
        return open(...args);
      };
      try {
        await assert.rejects(settles(readReport(report, limits(), () => undefined), 'the read of a swapped file'), (error: unknown) => accessError('notAFile')(error) && /replaced/.test(String(error)));
      } finally {
        fsp['open'] = open;
        rmSync(report, { force: true });
      }
    }
  });

  it('abandons a read that makes no progress', async () => {
    const handle = await fsPromises.open(path.join(ws, 'real-coverage', 'lcov.info'));
    const prototype = Object.getPrototypeOf(handle) as { read: (...args: unknown[]) => Promise<unknown> };
    await handle.close();
    const read = prototype.read;
    prototype.read = () => new Promise(() => undefined);
    try {
      await assert.rejects(
        settles(readReport(path.join(ws, 'real-coverage', 'lcov.info'), { ...limits(), stallMs: 300 }, () => undefined), 'a stalled read'),
        (error: unknown) => accessError('stalled')(error) && /no progress/.test(String(error)),
      );
    } finally {
      prototype.read = read;
    }
  });

  describe('through the worker process', () => {
    let host: WorkerHost;
    const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const load = (reportPath: string): LoadReportRequest => ({ type: 'loadReport', reportPath, workspaceFolders: [ws], ownerFolder: ws, maxBytes: 1 << 20, pathMappings: [] });
    const kindOf = async (reportPath: string) => {
      try {
        const loaded = await host.request(load(reportPath));
        return `loaded ${loaded.files.map((f) => f.reportPath).join(',')}`;
      } catch (error) {
        return error instanceof WorkerRequestError ? error.error.kind : String(error);
      }
    };

    beforeEach(() => {
      host = new WorkerHost({ scriptPath: workerBundle(), timeoutMs: 60_000, maxOldGenerationSizeMb: 256, log: quietLog });
    });

    afterEach(() => host.dispose());

    it('a symlink out is an outsideWorkspace error: the outside file is not shown', async () => {
      assert.equal(await settles(kindOf(path.join(ws, 'coverage', 'lcov.info')), 'the load'), 'outsideWorkspace');
    });

    it('four FIFO reports and /dev/ptmx fail as typed errors; nothing waits, this process’s reads are not starved', async () => {
      const hostile = Promise.all([...fifos, path.join(ws, 'coverage', 'ptmx.info')].map((file) => kindOf(file)));
      // Give the loads time to block, were they to (a blocked open holds one of the thread pool's four threads).
      await Promise.race([hostile, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      assert.equal(await settles(fsPromises.readFile(path.join(ws, 'real-coverage', 'lcov.info'), 'utf8'), 'a readFile in this process'), LCOV);
      assert.deepEqual(await settles(hostile, 'the hostile loads'), ['notAFile', 'notAFile', 'notAFile', 'notAFile', 'outsideWorkspace']);
      assert.equal(await settles(kindOf(path.join(ws, 'real-coverage', 'lcov.info')), 'a good load after them'), 'loaded src/a.js');
    });
  });
});
