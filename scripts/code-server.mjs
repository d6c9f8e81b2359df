// Starts a real VS Code (code-server, see ../shared/REAL-VSCODE.md) on 127.0.0.1 with
// throw-away profile folders, and stops it with its whole process group.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, ensureVsCodeEnvironment, node24 } from './vscode-env.mjs';

const START_TIMEOUT_MS = 180_000;
const NOISE = [/ENOTFOUND/, /open-vsx\.org/, /api\.github\.com/, /AgentHost/i, /\bChat\b/, /^\s*$/];

export function isNoise(line) {
  return NOISE.some((pattern) => pattern.test(line));
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ workspace: string | undefined, port?: number, userSettings?: object, smokeTestDriver?: boolean, workspaceTrust?: boolean, log?: (line: string) => void }} options
 * workspaceTrust: leave workspace trust on (Restricted Mode until trust is granted); off by default.
 */
export async function startCodeServer(options) {
  ensureVsCodeEnvironment();
  const port = options.port ?? (await freePort());
  const home = mkdtempSync(join(tmpdir(), 'coverage-sentinel-vscode-'));
  const userDataDir = join(home, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'chat.disableAIFeatures': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        ...options.userSettings,
      },
      null,
      2,
    ),
  );
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    join(home, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
  ];
  if (options.workspaceTrust !== true) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver !== false) args.push('--vscode-option', 'enable-smoke-test-driver');
  // No workspace: an empty window.
  if (options.workspace !== undefined) args.push(options.workspace);
  const child = spawn(node24, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // SENTINEL_VSCODE_HOME: tests read the logs VS Code writes there (no secret may reach them).
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), SENTINEL_VSCODE_HOME: home },
  });
  const log = options.log ?? (() => {});
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const onData = (data) => {
      const text = data.toString();
      output += text;
      for (const line of text.split('\n')) if (!isNoise(line)) log(line);
      if (output.includes('HTTP server listening')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`code-server exited early (code ${code}):\n${output}`)));
    // A hang guard: it starts in about 0.3 s, but a loaded machine can be far slower.
    setTimeout(() => reject(new Error(`code-server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS).unref();
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await ready;
  } catch (error) {
    stop();
    throw error;
  }
  return { port, origin: `http://127.0.0.1:${port}`, stop, home };
}

/** The workbench URL; `payload` pairs become VS Code's `?payload=` (dev extension, tests). */
export function workbenchUrl(origin, { folder, workspace, payload }) {
  const url = new URL(origin + '/');
  if (workspace !== undefined) url.searchParams.set('workspace', workspace);
  else if (folder !== undefined) url.searchParams.set('folder', folder);
  if (payload !== undefined) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

export function remoteUri(origin, path) {
  return `vscode-remote://${new URL(origin).host}${path}`;
}
