import * as assert from 'node:assert/strict';
import type { CoverageTotals } from '../../src/core/model/model';
import { LineStatus } from '../../src/core/model/model';
import { findCoverageGuttersSettings, offerKey, SCOPE, type ScopedValues, scopeName, settingsToWrite } from '../../src/host/coverageGuttersOffer';
import { fileLineHoverMarkdown } from '../../src/host/lineHover';
import { statusView } from '../../src/host/statusText';
import { type PickFile, regionRows, summaryFiles, summaryRows } from '../../src/host/summaryPicks';
import { DEFAULT_REPORT_GLOBS } from '../../src/shared/settings';
import { detailOf } from './hostFakes';

function totals(lines: number, linesHit: number, branches = 0, branchesHit = 0): CoverageTotals {
  return { files: 1, lines, linesHit, branches, branchesHit, functions: 0, functionsHit: 0 };
}

const HOSTILE = '[run](command:workbench.action.terminal.new) $(alert) <b>x</b>';

describe('the status bar’s text and tooltip (host/statusText.ts)', () => {
  it('is hidden with no coverage and no Codecov', () => {
    assert.equal(statusView({ workspace: { ...totals(0, 0), files: 0 }, file: undefined, codecov: undefined, mode: 'totalCoverage' }), undefined);
  });

  it('shows the active file and the workspace, as the percentage mode counts', () => {
    const view = statusView({ workspace: { ...totals(40, 30), files: 2 }, file: { path: 'src/cart.js', totals: totals(30, 20, 9, 7) }, codecov: undefined, mode: 'statement' });
    assert.equal(view?.text, '$(shield) 66.6% $(root-folder) 75.0%');
    assert.match(view?.tooltip ?? '', /Workspace, 2 files: \*\*75\.0%\*\* · lines 30\/40/);
    assert.match(view?.tooltip ?? '', /branches 7\/9/);
    assert.match(view?.tooltip ?? '', /setting `testing\.displayedCoveragePercent`: `statement`/);
  });

  it('without an active covered file, the workspace only; Codecov alone still shows', () => {
    assert.equal(statusView({ workspace: totals(10, 5), file: undefined, codecov: undefined, mode: 'totalCoverage' })?.text, '$(root-folder) 50.0%');
    const codecovOnly = statusView({ workspace: { ...totals(0, 0), files: 0 }, file: undefined, codecov: { text: 'Codecov · a1b2c3d', detail: '' }, mode: 'totalCoverage' });
    assert.equal(codecovOnly?.text, '$(root-folder) — · Codecov · a1b2c3d');
  });

  it('escapes a hostile path and Codecov detail in the tooltip', () => {
    const view = statusView({ workspace: totals(1, 1), file: { path: HOSTILE, totals: totals(1, 1) }, codecov: { text: 'Codecov', detail: HOSTILE }, mode: 'totalCoverage' });
    const tooltip = view?.tooltip ?? '';
    assert.doesNotMatch(tooltip, /\]\(command:/);
    assert.doesNotMatch(tooltip, /<b>/);
    assert.doesNotMatch(tooltip, /(^|[^\\])\$\(alert\)/);
  });
});

/** A file in folder 0 `app`, in another folder, or outside the workspace. */
function file(path: string, lines: number, hit: number, folder: [index: number, name: string] | 'outside' = [0, 'app']): PickFile<string> {
  const [folderIndex, folderName] = folder === 'outside' ? [undefined, undefined] : folder;
  return { key: path, path, pathInFolder: path, folderIndex, folderName, totals: totals(lines, hit) };
}

describe('the quick picks’ rows (host/summaryPicks.ts)', () => {
  const files = [file('b.js', 10, 9), file('a.js', 10, 1), file('c.js', 10, 5, [1, 'lib']), file('/tmp/outside.js', 10, 0, 'outside')];

  it('orders files least covered first, or by folder then path (outside the workspace last)', () => {
    assert.deepEqual(summaryFiles(files, 'leastCovered', 'totalCoverage').map((f) => f.key), ['/tmp/outside.js', 'a.js', 'c.js', 'b.js']);
    assert.deepEqual(summaryFiles(files, 'path', 'totalCoverage').map((f) => f.key), ['a.js', 'b.js', 'c.js', '/tmp/outside.js']);
  });

  it('builds the summary: workspace, reports, folders with their totals, files', () => {
    const rows = summaryRows({ ...totals(40, 15), files: 4 }, [{ key: 'r', path: 'coverage/lcov.info', totals: totals(40, 15) }], files, 'path', 'statement');
    assert.deepEqual(
      rows.map((row) => (row.separator ? `-- ${row.label}` : `${row.label} | ${row.description} | ${row.key ?? ''}`)),
      [
        '-- Workspace',
        '$(root-folder) All files | 37.5% · lines 37.5% 15/40 | ',
        '-- Reports',
        '$(file-code) coverage/lcov.info | 37.5% · lines 37.5% 15/40 | r',
        '-- Folders',
        '$(folder) app | 50.0% · lines 50.0% 10/20 | ',
        '$(folder) lib | 50.0% · lines 50.0% 5/10 | ',
        '$(folder) (outside the workspace) | 0.0% · lines 0.0% 0/10 | ',
        '-- Files, by path',
        '$(file) a.js | 10.0% · lines 10.0% 1/10 | a.js',
        '$(file) b.js | 90.0% · lines 90.0% 9/10 | b.js',
        '$(file) c.js | 50.0% · lines 50.0% 5/10 | c.js',
        '$(file) /tmp/outside.js | 0.0% · lines 0.0% 0/10 | /tmp/outside.js',
      ],
    );
  });

  it('shows a hostile name’s $(…) as text, not as an icon', () => {
    const rows = summaryRows(totals(1, 1), [{ key: 'r', path: '$(alert)report', totals: totals(1, 1) }], [file('$(zap).js', 1, 1, [0, '$(bug)'])], 'path', 'totalCoverage');
    const labels = rows.map((row) => row.label).join('\n');
    assert.doesNotMatch(labels, /(^|[^\\])\$\((alert|zap|bug)\)/);
    assert.match(labels, /\\\$\(alert\)report/);
  });

  it('groups uncovered regions under a separator per file', () => {
    const a = file('a.js', 10, 1);
    const rows = regionRows(
      [
        { file: a, start: 3, end: 7, lines: 5 },
        { file: a, start: 9, end: 9, lines: 1 },
        { file: file('$(zap).js', 4, 0), start: 1, end: 4, lines: 4 },
      ],
      'totalCoverage',
    );
    assert.deepEqual(
      rows.map((row) => (row.separator ? `-- ${row.label}` : `${row.label} | ${row.description} | ${row.line}`)),
      ['-- a.js · 10.0%', '$(circle-slash) lines 3–7 | 5 uncovered lines | 3', '$(circle-slash) line 9 | 1 uncovered line | 9', '-- \\$(zap).js · 0.0%', '$(circle-slash) lines 1–4 | 4 uncovered lines | 1'],
    );
  });
});

describe('the Coverage Gutters offer (host/coverageGuttersOffer.ts)', () => {
  const folders = [{ name: 'app', uri: 'file:///w/app' }];
  type Values = Record<string, ScopedValues<unknown>>;
  const inspectFrom = (global: Values, folder: Values) => (key: string, at: unknown) => (at === undefined ? global[key] : folder[key]);

  it('finds each scope that sets something of its own, user first, folders last', () => {
    const found = findCoverageGuttersSettings(folders, inspectFrom({ coverageFileNames: { globalValue: ['lcov.info'], workspaceFolderValue: ['ignored'] } }, { remotePathResolve: { workspaceFolderValue: ['/ci', './'] } }));
    assert.deepEqual(
      found.map(({ scope, folder, imported }) => [scope, folder?.name, imported.reportGlobs, { ...imported.pathMappings }]),
      [
        [SCOPE.user, undefined, ['**/lcov.info'], {}],
        [SCOPE.folder, 'app', [], { '/ci': './' }],
      ],
    );
    assert.deepEqual(findCoverageGuttersSettings(folders, () => undefined), []);
  });

  it('keys the offer by the settings found: the same settings are offered once, changed ones again', () => {
    const found = (name: string) => findCoverageGuttersSettings(folders, inspectFrom({ coverageFileNames: { workspaceValue: [name] } }, {}));
    assert.equal(offerKey(found('a.info')), offerKey(found('a.info')));
    assert.notEqual(offerKey(found('a.info')), offerKey(found('b.info')));
    assert.match(offerKey(found('a.info')), /^coverageGuttersOffered:[0-9a-f]{16}$/);
  });

  it('adds globs to the scope’s own (or the defaults) and mappings to its own; nothing to write when nothing is new', () => {
    const imported = { reportGlobs: ['**/lcov.info', 'out/cov.xml'], pathMappings: { '/ci': './' } };
    assert.deepEqual(settingsToWrite(imported, { reportPaths: ['**/lcov.info'], pathMappings: { '/x': '/y' } }), { reportPaths: ['**/lcov.info', 'out/cov.xml'], pathMappings: { '/x': '/y', '/ci': './' } });
    assert.deepEqual(settingsToWrite(imported, { reportPaths: undefined, pathMappings: undefined }).reportPaths, [...new Set([...DEFAULT_REPORT_GLOBS, ...imported.reportGlobs])]);
    assert.deepEqual(settingsToWrite({ reportGlobs: ['a'], pathMappings: {} }, { reportPaths: ['a'], pathMappings: undefined }), {});
  });

  it('names scopes for the log', () => {
    assert.equal(scopeName(SCOPE.user, undefined), 'user settings');
    assert.equal(scopeName(SCOPE.workspace, undefined), 'workspace settings');
    assert.equal(scopeName(SCOPE.folder, folders[0]), 'folder app');
  });
});

describe('the hover’s sources (host/lineHover.ts fileLineHoverMarkdown)', () => {
  const detail = detailOf({ lines: [[3, 2, LineStatus.Covered]] });
  const local = { relativePath: 'coverage/lcov.info', codecov: undefined, loadedAt: '12:00:00' };
  const stale = { fileModified: 'today 13:00', reportModified: 'today 12:00' };
  const codecovReport = { relativePath: 'ignored', codecov: { sha: 'a1b2c3d4e5', behind: 2, branch: undefined, cached: false, offline: false }, loadedAt: '12:01:00' };

  it('names local reports by path and says when the file changed since', () => {
    const text = fileLineHoverMarkdown(detail, 3, [local], stale, undefined) ?? '';
    assert.match(text, /coverage\\\/lcov\\\.info/);
    assert.match(text, /today 13/);
    assert.equal(fileLineHoverMarkdown(detail, 4, [local], stale, undefined), undefined);
  });

  it('names Codecov by its commit and never calls it stale', () => {
    const text = fileLineHoverMarkdown(detail, 3, [codecovReport], stale, undefined) ?? '';
    assert.match(text, /Codecov a1b2c3d/);
    assert.doesNotMatch(text, /ignored/);
    assert.doesNotMatch(text, /today 13/);
  });

  it('adds what each source says when Codecov also covers a locally covered file', () => {
    const codecov = detailOf({ lines: [[3, 1, LineStatus.Uncovered]] });
    const text = fileLineHoverMarkdown(detail, 3, [local], undefined, { detail: codecov, sha: 'a1b2c3d4e5' }) ?? '';
    assert.match(text, /local\\: 2 hits · Codecov a1b2c3d\\: miss$/);
    assert.match(fileLineHoverMarkdown(detail, 5, [local], undefined, { detail: detailOf({ lines: [[5, 1, LineStatus.Covered]] }), sha: 'a1b2c3d' }) ?? '', /^\*\*Coverage\*\*\n\nlocal\\: no record/);
  });

  it('escapes a hostile report path', () => {
    const text = fileLineHoverMarkdown(detail, 3, [{ ...local, relativePath: HOSTILE }], undefined, undefined) ?? '';
    assert.doesNotMatch(text, /\]\(command:/);
    assert.doesNotMatch(text, /<b>/);
  });
});
