import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_REPORT_GLOBS,
  DEFAULT_REPORT_NAMES,
  DEFAULT_SETTINGS,
  DISPLAY_MODES,
  MARK_KINDS,
  MARK_STYLES,
  MERGE_MODES,
  readSentinelSettings,
  SETTING_NAMES,
  SETTINGS,
} from '../../src/shared/settings';
import { CODECOV_CONFIG_PATHS } from '../../src/host/codecov/codecovOffer';

const root = path.resolve(__dirname, '../../..');
interface Property {
  readonly type?: string;
  readonly default?: unknown;
  readonly scope?: string;
  readonly enum?: readonly unknown[];
  readonly items?: { readonly enum?: readonly unknown[] };
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
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
    const codecovFiles = CODECOV_CONFIG_PATHS.map((file) => `workspaceContains:${file}`);
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
    assert.deepEqual(setting('showKinds').items?.enum, MARK_KINDS);
    assert.deepEqual(setting('showKinds').default, MARK_KINDS);
  });

  it('every contributed setting is in the table, and every setting of the table is contributed', () => {
    const contributed = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(contributed, SETTING_NAMES.map((name) => `coverageSentinel.${SETTINGS[name].key}`).sort());
  });

  for (const name of SETTING_NAMES) {
    it(`${name}: default, enum and scope as package.json contributes them`, () => {
      const spec = SETTINGS[name];
      const property = setting(spec.key);
      assert.deepEqual(property.default, spec.default);
      assert.deepEqual(property.type === 'array' ? property.items?.enum : property.enum, spec.enum);
      assert.equal(property.scope, spec.scope);
    });
  }

  it('the restricted settings (untrusted workspaces may not set them)', () => {
    const restricted = SETTING_NAMES.filter((name) => SETTINGS[name].restricted === true).map((name) => `coverageSentinel.${SETTINGS[name].key}`);
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), restricted.sort());
  });

  it("package.json's defaults read as DEFAULT_SETTINGS, the same as nothing set", () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(readSentinelSettings((key) => properties[`coverageSentinel.${key}`]?.default), DEFAULT_SETTINGS);
  });

  it('malformed values read as the defaults; legacy booleans of mergeReports as modes', () => {
    const malformed: Record<string, unknown> = { reportPaths: 'x', showMarks: 'no', maxReportSizeMB: -1, markStyle: 'fancy', display: 3, showKinds: 'covered', pathMappings: [1] };
    assert.deepEqual(readSentinelSettings((key) => malformed[key]), DEFAULT_SETTINGS);
    assert.equal(readSentinelSettings((key) => (key === 'mergeReports' ? false : undefined)).mergeReports, 'newest');
    assert.equal(readSentinelSettings((key) => (key === 'mergeReports' ? true : undefined)).mergeReports, 'auto');
    assert.deepEqual(readSentinelSettings((key) => (key === 'showKinds' ? ['partial', 'bogus'] : undefined)).showKinds, ['partial']);
  });

  it('the README lists every default report name with the tool that writes it', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const { glob } of DEFAULT_REPORT_NAMES) assert.ok(readme.includes(`| \`${glob}\` |`), `README row for ${glob}`);
  });
});

describe('package.json looks finished in the Extensions view', () => {
  const listing = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    icon?: string;
    repository?: { url?: string };
    bugs?: { url?: string };
    homepage?: string;
  };

  it('an icon: a 128×128 PNG in the repository', () => {
    assert.ok(listing.icon, 'package.json names an icon');
    const png = readFileSync(path.join(root, listing.icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('repository, bugs and homepage as https URLs', () => {
    for (const url of [listing.repository?.url, listing.bugs?.url, listing.homepage]) {
      assert.ok(url !== undefined && new URL(url).protocol === 'https:', String(url));
    }
  });
});
