import * as assert from 'node:assert/strict';

/**
 * Key presses of a user at the workbench, for what no extension API can do (typing into an input
 * box VS Code shows, granting workspace trust). The code-server runner holds the browser page and
 * reads these requests from the suite's console (scripts/ui-bridge.mjs); the caller waits for the
 * effect. The text travels base64-encoded so that a test's secret is not written out in the clear.
 */
function request(action: string, fields: Record<string, string> = {}): void {
  assert.ok(process.env['SENTINEL_VSCODE_HOME'], 'keyboard input needs the code-server runner (scripts/run-integration.mjs), which drives the browser page');
  console.log(`sentinel-ui ${JSON.stringify({ action, ...fields })}`);
}

/** Types `text` into the input box that has focus (or will soon) and presses Enter. */
export function typeIntoInputBox(text: string): void {
  request('typeIntoInputBox', { textBase64: Buffer.from(text, 'utf8').toString('base64') });
}

/** Opens Workspaces: Manage Workspace Trust and presses Trust. */
export function trustWorkspace(): void {
  request('trustWorkspace');
}
