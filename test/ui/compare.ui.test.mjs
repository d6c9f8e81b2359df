// What a user sees of issue 11's comparison: a real git repository with real c8 reports — main's
// as a named baseline report (coverageSentinel.compare.baselineReport), the branch's as the
// current report —, stock.js opened through Quick Open. The lost-coverage notes and the dashed
// underlines of new uncovered code are read back from the DOM line by line, the status bar text
// and the comparison view's row are read, and the window is kept as a screenshot
// (docs/images/compare-marks.png with UPDATE_SCREENSHOTS=1, used in the README).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../../scripts/browser.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { diagnosed, quickOpen, readUntil, runCommand, step, STEP_MS } from '../../scripts/workbench-ui.mjs';
import { repoRoot } from '../../scripts/workspace.mjs';

const { TestRepo } = await import(join(repoRoot, 'out', 'test', 'unit', 'gitTestRepo.js'));
const { runC8Sync, STOCK_MAIN, STOCK_TEST_BRANCH, STOCK_TEST_MAIN, stockWithRemove } = await import(join(repoRoot, 'out', 'test', 'support', 'compareProject.js'));

/**
 * By hand, as in test/integration/41: addItem()'s test is dropped (2-5 lose their coverage),
 * remove() is new and never run (9-12), only the changed export line (13) runs: patch 1/5;
 * the project goes from 9/9 lines to 5/13 (Δ −61.5 points).
 */
const EXPECTED = { lost: [2, 3, 4, 5], newUncovered: [9, 10, 11, 12] };
const STATUS_TEXT = 'patch 20% (1/5) · Δ −61.5%';
const COMPARISON_ITEM = '[id="coverage-sentinel.coverage-sentinel.coverageSentinel.comparison"]';
const screenshots = join(repoRoot, 'out', 'screenshots');
const updateDocs = process.env.UPDATE_SCREENSHOTS === '1';

/** Runs in the page: lines with the `◂ lost coverage` note, and lines with a dashed underline. */
function readComparisonMarks() {
  const lineNumbers = document.querySelector('.editor-instance .margin-view-overlays .line-numbers');
  const marks = { lost: [], newUncovered: [] };
  if (lineNumbers === null) return marks;
  const lineHeight = Number.parseFloat(getComputedStyle(lineNumbers).lineHeight);
  const lineOf = (element) => Math.round(Number.parseFloat(element.style.top) / lineHeight) + 1;
  for (const line of document.querySelectorAll('.editor-instance .view-lines .view-line')) {
    const noted = [...line.querySelectorAll('span')].some((span) => getComputedStyle(span, '::after').content.includes('lost coverage'));
    if (noted) marks.lost.push(lineOf(line));
  }
  for (const element of document.querySelectorAll('.editor-instance .view-overlays .cdr')) {
    if (getComputedStyle(element).borderBottomStyle === 'dashed') marks.newUncovered.push(lineOf(element.parentElement));
  }
  for (const kind of Object.keys(marks)) marks[kind] = [...new Set(marks[kind])].sort((a, b) => a - b);
  return marks;
}

describe('the comparison with main in the editor', () => {
  let repo;
  let server;
  let browser;
  let page;

  before(async () => {
    repo = new TestRepo('coverage-sentinel-compare-ui-');
    repo.write('.gitignore', 'coverage/\nci/\n');
    repo.write('src/stock.js', STOCK_MAIN);
    repo.write('test/stock.test.js', STOCK_TEST_MAIN);
    repo.commit('main: stock');
    // main's coverage as a CI artifact would bring it, under a name no report search finds.
    renameSync(runC8Sync(repo, { tests: ['test/stock.test.js'], reportDir: join(repo.dir, 'ci', 'main') }), join(repo.dir, 'ci', 'main-coverage.txt'));
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/stock.js', stockWithRemove());
    repo.write('test/stock.test.js', STOCK_TEST_BRANCH);
    repo.commit('feature: remove(), addItem() untested');
    runC8Sync(repo, { tests: ['test/stock.test.js'] });
    server = await startCodeServer({
      workspace: repo.dir,
      userSettings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.minimap.enabled': false,
        'coverageSentinel.compare.baselineReport': 'ci/main-coverage.txt',
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_MS);
    await diagnosed(page, server, screenshots, 'compare', async () => {
      await page.goto(workbenchUrl(server.origin, { folder: repo.dir, payload: [['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)]] }));
      await step(page, 'the workbench', '.monaco-workbench .explorer-folders-view');
      await step(page, 'the comparison in the status bar', `${COMPARISON_ITEM}:has-text("patch")`);
      await quickOpen(page, 'src/stock.js');
      await runCommand(page, 'Testing: Focus on Coverage Compared with Base View');
      await step(page, 'the comparison view’s row of stock.js', '.monaco-list-row:has-text("stock.js"):has-text("patch 20% (1/5)")');
      await quickOpen(page, 'src/stock.js');
    });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    repo?.remove();
  });

  test('lost and new uncovered lines carry their marks, the status bar gives patch and Δ, the view lists the file', async () => {
    assert.deepEqual(await readUntil(page, readComparisonMarks, undefined, EXPECTED), EXPECTED);
    assert.equal((await page.locator(COMPARISON_ITEM).innerText()).trim(), STATUS_TEXT);
    const row = await page.locator('.monaco-list-row:has-text("stock.js"):has-text("patch")').first().innerText();
    assert.match(row, /100% → 38\.5% \(Δ −61\.5%\) · patch 20% \(1\/5\) · 4 lost lines/);
    mkdirSync(screenshots, { recursive: true });
    const shot = join(screenshots, 'compare-marks.png');
    await page.screenshot({ path: shot });
    if (updateDocs) copyFileSync(shot, join(repoRoot, 'docs', 'images', 'compare-marks.png'));
  });
});
