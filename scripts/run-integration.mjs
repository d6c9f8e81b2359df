// Runs the mocha suite in out/test/integration inside a real VS Code 1.139.1 (code-server),
// driven by headless Chromium, and exits with the suite's exit code.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser.mjs';
import { isNoise, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';
import { VSCODE_VERSION } from './vscode-env.mjs';
import { prepareExampleWorkspace, repoRoot } from './workspace.mjs';

const SUITE_TIMEOUT_MS = 10 * 60_000;
// `--tests DIR`: another compiled suite (the bench's VS Code part uses out/bench/vscode).
const testsArg = process.argv.indexOf('--tests');
const testsDir = testsArg === -1 ? join(repoRoot, 'out', 'test', 'integration') : join(repoRoot, process.argv[testsArg + 1] ?? '');
const WORKBENCH_NOISE = [/connection token/, /Creating a socket/, /reconnection-grace-time/, /builtin extensions cache/, /Service Worker/, /AccountPolicyGate/, /testResults/, /^\s+at /];

function isWorkbenchNoise(line) {
  return WORKBENCH_NOISE.some((pattern) => pattern.test(line));
}

async function main() {
  const { root, workspaceFile } = prepareExampleWorkspace();
  const server = await startCodeServer({ workspace: workspaceFile, log: (line) => process.env.DEBUG_CODE_SERVER && console.log(`[server] ${line}`) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (!isNoise(line) && !isWorkbenchNoise(line)) (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    page.on('pageerror', (error) => console.error(`[workbench] ${error.message}`));
    const url = workbenchUrl(server.origin, {
      workspace: workspaceFile,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)],
        ['extensionTestsPath', remoteUri(server.origin, testsDir)],
      ],
    });
    console.log(`Integration tests in VS Code ${VSCODE_VERSION} (code-server) at ${server.origin}`);
    await page.goto(url);
    const timeout = new Promise((resolve) =>
      setTimeout(() => {
        console.error(`the integration suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
        resolve(1);
      }, SUITE_TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exited, timeout]);
    return Number(code) || 0;
  } finally {
    await browser.close();
    server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
