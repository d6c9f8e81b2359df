// Lets an integration test act as the user at the keyboard: a test inside the extension host
// prints one line `sentinel-ui {json}` (test/integration/userInput.ts), and the runner, which
// holds the Chromium page, does what it asks with real key presses. Only for what no VS Code API
// can do from an extension (typing into an input box VS Code shows, granting workspace trust).

const PREFIX = 'sentinel-ui ';
const STEP_TIMEOUT_MS = 120_000;

export function isUiRequest(line) {
  return line.startsWith(PREFIX);
}

/** Runs one request from the suite; failures are printed (the test then times out waiting for the effect). */
export async function handleUiRequest(page, line) {
  let request;
  try {
    request = JSON.parse(line.slice(PREFIX.length));
  } catch {
    console.error(`[ui-bridge] not a request: ${line.slice(0, 200)}`);
    return;
  }
  try {
    if (request.action === 'typeIntoInputBox') await typeIntoInputBox(page, Buffer.from(String(request.textBase64), 'base64').toString('utf8'));
    else if (request.action === 'trustWorkspace') await trustWorkspace(page);
    else throw new Error(`unknown action ${String(request.action)}`);
  } catch (error) {
    console.error(`[ui-bridge] ${String(request.action)} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Waits for the quick input's box to have focus (an input box VS Code just showed), types, presses Enter. */
async function typeIntoInputBox(page, text) {
  await page.waitForSelector('.quick-input-widget .quick-input-box input:focus', { state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Workspace trust as a user grants it: the Manage Workspace Trust editor's Trust button. */
async function trustWorkspace(page) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input:focus', { timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type('Workspaces: Manage Workspace Trust');
  await page.waitForSelector('.quick-input-list .monaco-list-row.focused[aria-label*="Manage Workspace Trust"]', { timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  const trust = page.locator('.workspace-trust-editor .workspace-trust-buttons-row .monaco-button', { hasText: /^Trust$/ }).first();
  await trust.click({ timeout: STEP_TIMEOUT_MS });
}
