import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

interface LayerConfig {
  readonly LAYERS: readonly string[];
  readonly FORBIDDEN_IMPORTS: Readonly<Record<string, readonly string[]>>;
}

/** What an import of `target` from a file in `layer` would be written as (one folder down, as most are). */
function importOf(target: string): string {
  if (target === 'vscode') return "import * as vscode from 'vscode';\nexport const x = vscode;\n";
  if (target === 'extension') return "import { activate } from '../../extension';\nexport const x = activate;\n";
  return `import { x as y } from '../../${target}/something';\nexport const x = y;\n`;
}

describe('lint zones: a wrong arrow between layers fails npm run lint (eslint.config.mjs)', function () {
  this.timeout(120_000);
  let eslint: ESLint;
  let config: LayerConfig;

  before(async () => {
    // Only the import rules run: they need no type information, and the probe files do not exist on disk.
    eslint = new ESLint({
      cwd: root,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, project: null } } }],
      ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    });
    config = (await import(path.join(root, 'eslint.config.mjs'))) as LayerConfig;
  });

  async function restricted(layer: string, target: string): Promise<boolean> {
    const [result] = await eslint.lintText(importOf(target), { filePath: path.join(root, 'src', layer, 'probe', 'probe.ts') });
    return (result?.messages ?? []).some((message) => message.ruleId === 'no-restricted-imports');
  }

  it('every layer but vscode (and the root) has a zone, and no zone forbids core', () => {
    assert.deepEqual(Object.keys(config.FORBIDDEN_IMPORTS).sort(), ['cli', 'core', 'host', 'shared', 'worker']);
    for (const forbidden of Object.values(config.FORBIDDEN_IMPORTS)) assert.ok(!forbidden.includes('core'));
  });

  it('core imports only core; shared only core; worker and host only core and shared; cli anything but vscode', async () => {
    const expected: Record<string, readonly string[]> = {
      core: ['shared', 'worker', 'host', 'cli', 'vscode', 'extension'],
      shared: ['worker', 'host', 'cli', 'vscode', 'extension'],
      worker: ['host', 'cli', 'vscode', 'extension'],
      host: ['worker', 'cli', 'vscode', 'extension'],
      cli: ['vscode', 'extension'],
    };
    const targets = [...config.LAYERS];
    for (const [layer, forbidden] of Object.entries(expected)) {
      for (const target of targets) {
        if (target === layer) continue;
        assert.equal(await restricted(layer, target), forbidden.includes(target), `src/${layer} importing ${target}`);
      }
    }
  });

  it('src/vscode may import every layer', async () => {
    for (const target of ['core', 'shared', 'worker', 'host', 'vscode']) assert.equal(await restricted('vscode', target), false, target);
  });

  it('a node built-in whose name contains a layer (node:worker_threads) is not mistaken for one', async () => {
    const [result] = await eslint.lintText("import { Worker } from 'node:worker_threads';\nexport const x = Worker;\n", { filePath: path.join(root, 'src', 'core', 'probe.ts') });
    assert.deepEqual(
      (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports'),
      [],
    );
  });
});
