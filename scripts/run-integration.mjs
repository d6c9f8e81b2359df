// Runs the mocha suite in out/test/integration inside a real VS Code 1.139.1 (code-server),
// driven by headless Chromium, and exits with the suite's exit code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser.mjs';
import { handleUiRequest, isUiRequest } from './ui-bridge.mjs';
import { isNoise, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';
import { VSCODE_VERSION } from './vscode-env.mjs';
import { prepareExampleWorkspace, repoRoot } from './workspace.mjs';

// A hang guard for the whole suite (hostile-report tests alone take minutes on a loaded machine).
const SUITE_TIMEOUT_MS = 30 * 60_000;
const SUITE_FINISHED = 'integration suite finished';
/** Loading the workbench page: seconds normally, but a cold VS Code on a loaded machine is slow. */
const PAGE_LOAD_TIMEOUT_MS = 180_000;
// `--tests DIR`: another compiled suite (the bench's VS Code part uses out/bench/vscode).
// `--untrusted`: workspace trust on, the workspace in Restricted Mode, and the suite that tests it.
const untrusted = process.argv.includes('--untrusted');
// `--empty-window`: no folder open, and the suite that tests commands there.
const emptyWindow = process.argv.includes('--empty-window');
const testsArg = process.argv.indexOf('--tests');
const defaultTests = join(repoRoot, 'out', 'test', untrusted ? 'integration-untrusted' : emptyWindow ? 'integration-empty-window' : 'integration');
const testsDir = testsArg === -1 ? defaultTests : join(repoRoot, process.argv[testsArg + 1] ?? '');
const WORKBENCH_NOISE = [/connection token/, /Creating a socket/, /reconnection-grace-time/, /builtin extensions cache/, /Service Worker/, /AccountPolicyGate/, /testResults/, /^\s+at /];

function isWorkbenchNoise(line) {
  return WORKBENCH_NOISE.some((pattern) => pattern.test(line));
}

async function main() {
  const { root, workspaceFile } = prepareExampleWorkspace();
  // A test certificate authority for the Codecov simulator, trusted by the extension host the way
  // a user trusts a private CA: NODE_EXTRA_CA_CERTS in VS Code's environment. Tests find it in
  // SENTINEL_TEST_CA_DIR and issue their servers' certificates from it.
  const caDir = mkdtempSync(join(tmpdir(), 'sentinel-test-ca-'));
  const { createTestAuthority } = await import(pathToFileURL(join(repoRoot, 'out', 'test', 'support', 'testCertificates.js')).href);
  const authority = createTestAuthority(caDir, 'integration');
  process.env.NODE_EXTRA_CA_CERTS = authority.certPath;
  process.env.SENTINEL_TEST_CA_DIR = caDir;
  const server = await startCodeServer({
    workspace: emptyWindow ? undefined : workspaceFile,
    workspaceTrust: untrusted,
    // VS Code in a browser saves edited files after a delay by default: a test's unsaved edit must
    // stay unsaved until the test itself saves or reverts it.
    userSettings: {
      'files.autoSave': 'off',
      // Restricted Mode without the modal question at startup: the test grants trust itself.
      ...(untrusted ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false } : {}),
    },
    log: (line) => process.env.DEBUG_CODE_SERVER && console.log(`[server] ${line}`) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    // The suite's last line. VS Code also reports an exit when the extension host dies mid-suite
    // (code 0): without this line the suite did not finish.
    let finished = false;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (line.startsWith(SUITE_FINISHED)) finished = true;
      if (isUiRequest(line)) {
        void handleUiRequest(page, line);
        return;
      }
      if (!isNoise(line) && !isWorkbenchNoise(line)) (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    page.on('pageerror', (error) => console.error(`[workbench] ${error.message}`));
    const url = workbenchUrl(server.origin, {
      workspace: emptyWindow ? undefined : workspaceFile,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)],
        ['extensionTestsPath', remoteUri(server.origin, testsDir)],
      ],
    });
    console.log(`Integration tests${untrusted ? ' (workspace trust on)' : ''}${emptyWindow ? ' (no folder open)' : ''} in VS Code ${VSCODE_VERSION} (code-server) at ${server.origin}`);
    await page.goto(url, { timeout: PAGE_LOAD_TIMEOUT_MS });
    const timeout = new Promise((resolve) =>
      setTimeout(() => {
        console.error(`the integration suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
        resolve(1);
      }, SUITE_TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exited, timeout]);
    if (!finished) {
      console.error('the extension host ended before the integration suite finished');
      return 1;
    }
    return Number(code) || 0;
  } finally {
    await browser.close();
    server.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(caDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
