// What a user sees: the example file opened in a real VS Code through the UI, in a light and a
// dark theme, with each mark style chosen through the Command Palette; the marks are read back
// from the DOM line by line and each view is kept as a screenshot (docs/images with
// UPDATE_SCREENSHOTS=1, used in the README).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../../scripts/browser.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { diagnosed, quickOpen, readUntil, runCommand, step, STEP_MS, STATUS_ITEM } from '../../scripts/workbench-ui.mjs';
import { prepareExampleWorkspace, repoRoot } from '../../scripts/workspace.mjs';

const EXPECTED_CART = {
  covered: [1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 29, 30],
  partial: [4, 18],
  uncovered: [5, 6, 21, 22, 23, 24, 25, 26, 27, 28],
};
const THEMES = [
  { name: 'light', id: 'Default Light Modern' },
  { name: 'dark', id: 'Default Dark Modern' },
];
const STYLES = ['gutter', 'bar', 'background'];
const screenshots = join(repoRoot, 'out', 'screenshots');
const updateDocs = process.env.UPDATE_SCREENSHOTS === '1';

/** Runs in the page: every mark of our decorations by the line it sits on. */
function readMarks(style) {
  const lineHeight = Number.parseFloat(getComputedStyle(document.querySelector('.editor-instance .margin-view-overlays .line-numbers')).lineHeight);
  const lineOf = (element) => Math.round(Number.parseFloat(element.style.top) / lineHeight) + 1;
  // The contributed default colours of each kind (package.json), as RGB.
  const palette = { covered: [46, 160, 67], partial: [210, 153, 34], uncovered: [248, 81, 73] };
  const kindOfColor = (css) => {
    const rgb = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    let best;
    let bestDistance = Infinity;
    for (const [kind, ref] of Object.entries(palette)) {
      const distance = ref.reduce((sum, value, i) => sum + (value - (rgb[i] ?? 0)) ** 2, 0);
      if (distance < bestDistance) [best, bestDistance] = [kind, distance];
    }
    return bestDistance < 1000 ? best : undefined;
  };
  const marks = { covered: [], partial: [], uncovered: [] };
  if (style === 'gutter') {
    for (const element of document.querySelectorAll('.editor-instance .glyph-margin-widgets .cgmr')) {
      const kind = /media\/(covered|partial|uncovered)-(?:light|dark)\.svg/.exec(decodeURIComponent(getComputedStyle(element).backgroundImage))?.[1];
      if (kind !== undefined) marks[kind].push(lineOf(element));
    }
  } else {
    for (const element of document.querySelectorAll('.editor-instance .view-overlays .cdr')) {
      const css = getComputedStyle(element);
      const color = style === 'bar' ? (css.borderLeftWidth === '3px' ? css.borderLeftColor : undefined) : css.backgroundColor;
      const kind = color === undefined ? undefined : kindOfColor(color);
      if (kind !== undefined) marks[kind].push(lineOf(element.parentElement));
    }
  }
  for (const kind of Object.keys(marks)) marks[kind].sort((a, b) => a - b);
  return marks;
}

for (const theme of THEMES) {
  describe(`marks in the ${theme.name} theme`, () => {
    let workspace;
    let server;
    let browser;
    let page;

    before(async () => {
      workspace = prepareExampleWorkspace();
      const folder = join(workspace.root, 'example');
      server = await startCodeServer({ workspace: folder, userSettings: { 'workbench.colorTheme': theme.id, 'editor.minimap.enabled': false } });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(STEP_MS);
      await diagnosed(page, server, screenshots, theme.name, async () => {
        await openCart(folder);
      });
    });

    async function openCart(folder) {
      await page.goto(workbenchUrl(server.origin, { folder, payload: [['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)]] }));
      await step(page, 'the workbench', '.monaco-workbench .explorer-folders-view');
      await step(page, 'the status bar item that says the report is loaded', STATUS_ITEM);
      // Open the file the way a user does: Quick Open, type, Enter once cart.js is the chosen row
      // (an early Enter on the results of a half-typed query would open another file).
      await quickOpen(page, 'src/cart.js');
      await step(page, 'the status bar for cart.js', `${STATUS_ITEM}:has-text("69.0%")`);
      await page.waitForFunction(() => document.querySelectorAll('.editor-instance .glyph-margin-widgets .cgmr').length >= 30, null, { timeout: STEP_MS });
    }

    after(async () => {
      await browser?.close();
      server?.stop();
      if (workspace) rmSync(workspace.root, { recursive: true, force: true });
    });

    for (const style of STYLES) {
      test(`${style}: every line carries the mark of its kind`, async () => {
        await diagnosed(page, server, screenshots, `${theme.name}-${style}`, () => checkMarks(style));
      });
    }

    async function checkMarks(style) {
      if (style !== 'gutter') await runCommand(page, 'Coverage: Choose Mark Style', style);
      assert.deepEqual(await readUntil(page, readMarks, style, EXPECTED_CART), EXPECTED_CART);
      // One meaning of percent on screen: ours (rounded down to a tenth) and the Explorer's own
      // (VS Code's Test Coverage, whole percent) count the same: 29 of 42 for cart.js. The
      // Explorer's decoration comes when VS Code has asked for the file's coverage: waited for.
      await step(page, 'the status bar at 69.0%', `${STATUS_ITEM}:has-text("69.0%")`);
      await step(page, 'the Explorer row of cart.js at 69%', '.explorer-folders-view .monaco-list-row:has-text("cart.js"):has-text("69%")');
      mkdirSync(screenshots, { recursive: true });
      const shot = join(screenshots, `marks-${style}-${theme.name}.png`);
      await page.screenshot({ path: shot });
      if (updateDocs) copyFileSync(shot, join(repoRoot, 'docs', 'images', `marks-${style}-${theme.name}.png`));
    }
  });
}
