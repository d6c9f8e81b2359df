// A slow start, as on a loaded machine: the page's CPU is throttled while the extension host, at
// full speed, loads the report and publishes its coverage, so the workbench is still starting
// (the services it makes when idle not yet made). Once the page runs at full speed again, VS
// Code must show that coverage: the Explorer row of cart.js carries VS Code's own percentage.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../../scripts/browser.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { diagnosed, step, STEP_MS, STATUS_ITEM } from '../../scripts/workbench-ui.mjs';
import { prepareExampleWorkspace, repoRoot } from '../../scripts/workspace.mjs';

const screenshots = join(repoRoot, 'out', 'screenshots');
/** How many times slower the page's CPU runs (Chrome DevTools' CPU throttling). */
const THROTTLE = 8;

describe('a slow start', () => {
  let workspace;
  let server;
  let browser;
  let page;
  let devtools;

  before(async () => {
    workspace = prepareExampleWorkspace();
    server = await startCodeServer({ workspace: join(workspace.root, 'example'), userSettings: { 'editor.minimap.enabled': false } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_MS);
    devtools = await page.context().newCDPSession(page);
    await devtools.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    if (workspace) rmSync(workspace.root, { recursive: true, force: true });
  });

  test('the coverage published while the workbench starts is shown in the Explorer', async () => {
    const folder = join(workspace.root, 'example');
    await diagnosed(page, server, screenshots, 'slow-start', async () => {
      await page.goto(workbenchUrl(server.origin, { folder, payload: [['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)]] }));
      await step(page, 'the status bar item that says the report is loaded', STATUS_ITEM);
      // The run is published 50 ms after the load; the page, slowed down, takes a while to see it.
      await page.waitForTimeout(5000);
      await devtools.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await step(page, 'the Explorer row of src', '.explorer-folders-view .monaco-list-row:has-text("src")');
      const cartRow = '.explorer-folders-view .monaco-list-row:has-text("cart.js")';
      if ((await page.locator(cartRow).count()) === 0) await page.click('.explorer-folders-view .monaco-list-row[aria-label^="src"]');
      await step(page, 'the Explorer row of cart.js at 69%', '.explorer-folders-view .monaco-list-row:has-text("cart.js"):has-text("69%")');
    });
  });
});
