// The second backend: the same mocha suite in a desktop VS Code downloaded by
// @vscode/test-electron (needs internet access to Microsoft's update server; CI uses code-server).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { VSCODE_VERSION } from './vscode-env.mjs';
import { prepareExampleWorkspace, repoRoot } from './workspace.mjs';

const { root, workspaceFile } = prepareExampleWorkspace();
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? VSCODE_VERSION,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'integration'),
    launchArgs: [workspaceFile, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`The integration suite failed in desktop VS Code: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
