import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_REPORT_GLOBS, DEFAULT_REPORT_NAMES, DISPLAY_MODES, MARK_KIND_NAMES, MARK_STYLES, MERGE_MODES } from '../../src/shared/settings';

const root = path.resolve(__dirname, '../../..');
interface Property {
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: { readonly enum?: readonly unknown[] };
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { configuration: { properties: Record<string, Property> } };
};
const setting = (name: string): Property => {
  const property = manifest.contributes.configuration.properties[`coverageSentinel.${name}`];
  assert.ok(property, `package.json contributes coverageSentinel.${name}`);
  return property;
};

describe('package.json agrees with src/shared/settings.ts', () => {
  it('the default report globs, and an activation event for each', () => {
    assert.deepEqual(setting('reportPaths').default, DEFAULT_REPORT_GLOBS);
    const codecovFiles = ['workspaceContains:codecov.yml', 'workspaceContains:.codecov.yml'];
    assert.deepEqual(
      manifest.activationEvents.filter((event) => event.startsWith('workspaceContains:') && !codecovFiles.includes(event)),
      DEFAULT_REPORT_GLOBS.map((glob) => `workspaceContains:${glob}`),
    );
    for (const event of codecovFiles) assert.ok(manifest.activationEvents.includes(event), `${event} activates (the Codecov offer)`);
  });

  it('activates after startup too: VS Code gives up a slow workspaceContains search, and then never activates', () => {
    // Seen on a loaded machine: "Not activating extension …: Timed out while searching for
    // 'workspaceContains' pattern". A large repository does the same.
    assert.ok(manifest.activationEvents.includes('onStartupFinished'), JSON.stringify(manifest.activationEvents));
  });

  it('the enums', () => {
    assert.deepEqual(setting('markStyle').enum, MARK_STYLES);
    assert.deepEqual(setting('display').enum, DISPLAY_MODES);
    assert.deepEqual(setting('mergeReports').enum, MERGE_MODES);
    assert.deepEqual(setting('showKinds').items?.enum, MARK_KIND_NAMES);
    assert.deepEqual(setting('showKinds').default, MARK_KIND_NAMES);
  });

  it('the README lists every default report name with the tool that writes it', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const { glob } of DEFAULT_REPORT_NAMES) assert.ok(readme.includes(`| \`${glob}\` |`), `README row for ${glob}`);
  });
});
