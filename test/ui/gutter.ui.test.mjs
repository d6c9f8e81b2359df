// What a user sees: the example file opened in a real VS Code through the UI, its gutter marks
// read back from the DOM line by line, and a screenshot kept (docs/images with --update-docs).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium } from '../../scripts/browser.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { prepareExampleWorkspace, repoRoot } from '../../scripts/workspace.mjs';

const EXPECTED_CART = {
  uncovered: [5, 6, 21, 22, 23, 24, 25, 26, 27, 28],
  partial: [4, 18],
  covered: [1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 29, 30],
};
const screenshots = join(repoRoot, 'out', 'screenshots');
const updateDocs = process.argv.includes('--update-docs') || process.env.UPDATE_SCREENSHOTS === '1';

let workspace;
let server;
let browser;

before(async () => {
  workspace = prepareExampleWorkspace();
  server = await startCodeServer({
    workspace: join(workspace.root, 'example'),
    userSettings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (workspace) rmSync(workspace.root, { recursive: true, force: true });
});

/** Gutter marks in the DOM: the line each sits on (from its `top`) and the icon it shows. */
function readGutterMarks() {
  const lineHeight = Number.parseFloat(getComputedStyle(document.querySelector('.margin-view-overlays .line-numbers')).lineHeight);
  const scrollTop = 0;
  const marks = { covered: [], partial: [], uncovered: [] };
  for (const element of document.querySelectorAll('.editor-instance .glyph-margin-widgets .cgmr')) {
    const image = decodeURIComponent(getComputedStyle(element).backgroundImage);
    const kind = /media\/(covered|partial|uncovered)-(?:light|dark)\.svg/.exec(image)?.[1];
    if (kind === undefined) continue;
    const line = Math.round((Number.parseFloat(element.style.top) + scrollTop) / lineHeight) + 1;
    marks[kind].push(line);
  }
  for (const kind of Object.keys(marks)) marks[kind].sort((a, b) => a - b);
  return marks;
}

test('the gutter of src/cart.js shows covered, partial and uncovered marks on the right lines', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const folder = join(workspace.root, 'example');
  await page.goto(workbenchUrl(server.origin, { folder, payload: [['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)]] }));
  await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60_000 });
  // Open the file the way a user does: Quick Open, type, Enter.
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('src/cart.js');
  await page.waitForSelector('.quick-input-list .monaco-list-row', { state: 'visible' });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.editor-instance .glyph-margin-widgets .cgmr').length >= 30, null, { timeout: 30_000 });
  // Let decorations settle before reading them back.
  await page.waitForTimeout(500);
  const marks = await page.evaluate(readGutterMarks);
  assert.deepEqual(marks, EXPECTED_CART);

  const statusText = await page.locator('.statusbar-item', { hasText: '20/30' }).first().textContent();
  assert.match(statusText ?? '', /66\.6% · 20\/30/);

  mkdirSync(screenshots, { recursive: true });
  const shot = join(screenshots, 'gutter-marks-dark.png');
  await page.screenshot({ path: shot });
  if (updateDocs) copyFileSync(shot, join(repoRoot, 'docs', 'images', 'gutter-marks-dark.png'));
});
