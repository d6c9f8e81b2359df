import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PublishedFileCoverage } from '../../src/vscode/testApi';
import { type Count, type DisplayedCoveragePercent, shownPercent, vscodeCoveragePercent } from '../shared/vscodeCoveragePercent';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, plainMarkdown, sentinel } from './helpers';

/** What each setting makes of the fixture reports (test/fixtures/example*\/coverage/lcov.info). */
const EXPECTED: Record<DisplayedCoveragePercent, { cart: string; format: string; workspace: string; meaning: RegExp }> = {
  // cart.js 29/42 (VS Code's Explorer: 69%), format.js 25/28 (89%), workspace 72/104.
  totalCoverage: { cart: '69.0%', format: '89.2%', workspace: '69.2%', meaning: /count lines, branches and functions together/ },
  // Lines only: cart.js 20/30, format.js 18/19, workspace 51/75.
  statement: { cart: '66.6%', format: '94.7%', workspace: '68.0%', meaning: /count lines only/ },
  // The lowest kind: cart.js lines and functions 2/3, format.js branches 5/7, workspace functions 5/8.
  minimum: { cart: '66.6%', format: '71.4%', workspace: '62.5%', meaning: /count the lowest of lines, branches and functions/ },
};

function vscodeFigure(coverage: PublishedFileCoverage, mode: DisplayedCoveragePercent): number {
  return vscodeCoveragePercent(coverage.statements, coverage.branches, coverage.declarations, mode);
}

/** VS Code adds up the counts of the files below a folder; so does this, over every published file. */
function sum(files: readonly PublishedFileCoverage[], kind: 'statements' | 'branches' | 'declarations'): Count | undefined {
  const counts = files.map((file) => file[kind]).filter((count): count is Count => count !== undefined);
  return counts.length === 0 ? undefined : { covered: counts.reduce((s, c) => s + c.covered, 0), total: counts.reduce((s, c) => s + c.total, 0) };
}

async function setMode(mode: DisplayedCoveragePercent | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('testing').update('displayedCoveragePercent', mode, vscode.ConfigurationTarget.Global);
}

describe('the percentage follows VS Code’s testing.displayedCoveragePercent', () => {
  before(async () => {
    const api = await resetWorkspace();
    await eventually(api, () => (api.publishedCoverage().length === 4 ? true : undefined), 'the four example files published');
  });

  after(async () => {
    await setMode(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const mode of ['statement', 'minimum', 'totalCoverage'] as const) {
    it(`${mode}: the status bar and the summary show what VS Code computes for the published coverage`, async () => {
      const api = await sentinel();
      await setMode(mode);
      for (const [name, expected] of [
        ['src/cart.js', EXPECTED[mode].cart],
        ['src/format.js', EXPECTED[mode].format],
      ] as const) {
        const uri = fileIn('example', name);
        await openEditor(uri);
        // Re-read when the setting changes: the tooltip names the setting's value.
        const status = await eventually(
          api,
          () => {
            const shown = api.statusBar();
            return shown.text?.startsWith('$(shield)') === true && shown.tooltip?.includes(`\`${mode}\``) === true && shown.tooltip.includes(name.replace(/[/.]/g, '\\$&')) ? shown : undefined;
          },
          `status bar for ${name} under ${mode}`,
        );
        const [, file, workspace] = /^\$\(shield\) (\S+) \$\(root-folder\) (\S+)$/.exec(status.text ?? '') ?? [];
        const published = api.publishedCoverage();
        const coverage = published.find((c) => c.uri.toString() === uri.toString());
        assert.ok(coverage, `${name} is published`);
        assert.equal(file, shownPercent(vscodeFigure(coverage, mode)), `${name}: VS Code's figure for its FileCoverage`);
        const all = sum(published, 'statements') as Count;
        assert.equal(workspace, shownPercent(vscodeCoveragePercent(all, sum(published, 'branches'), sum(published, 'declarations'), mode)), 'workspace: VS Code’s figure over all files');
        assert.equal(file, expected);
        assert.equal(workspace, EXPECTED[mode].workspace);
        assert.match(plainMarkdown(status.tooltip ?? ''), EXPECTED[mode].meaning);
        const row = api.summaryFiles('path').find(([path]) => path === `example/${name}`);
        assert.ok(row?.[1].startsWith(`${expected} · lines `), `summary row of ${name}: ${row?.[1]}`);
      }
    });
  }
});
