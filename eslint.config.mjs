import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers and who may import whom (docs/ARCHITECTURE.md): each layer names the layers it must not
 * import. `vscode` is for src/vscode and src/extension.ts only; test/unit/lintZones.test.ts proves
 * that each wrong arrow fails `npm run lint`.
 */
export const LAYERS = ['core', 'shared', 'worker', 'host', 'cli', 'vscode', 'extension'];
export const FORBIDDEN_IMPORTS = {
  core: ['shared', 'worker', 'host', 'cli', 'vscode', 'extension'],
  shared: ['worker', 'host', 'cli', 'vscode', 'extension'],
  worker: ['host', 'cli', 'vscode', 'extension'],
  host: ['worker', 'cli', 'vscode', 'extension'],
  cli: ['vscode', 'extension'],
};

function layerRule(layer, forbidden) {
  const folders = forbidden.filter((name) => name !== 'extension');
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'vscode', message: 'Only src/vscode and src/extension.ts may import vscode (docs/ARCHITECTURE.md).' }],
        patterns: [
          ...(folders.length > 0
            ? [{ regex: `(^|/)(${folders.join('|')})(/|$)`, message: `src/${layer} must not import ${forbidden.join(', ')} (docs/ARCHITECTURE.md, layers).` }]
            : []),
          ...(forbidden.includes('extension') ? [{ regex: '(^|/)extension$', message: `src/${layer} must not import the composition root.` }] : []),
        ],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.vscode-test/**', 'node_modules/**', 'test/fixtures/**', 'docs/experiments/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "ImportExpression[source.value='vscode']", message: 'vscode only in src/vscode' }],
    },
  },
  ...Object.entries(FORBIDDEN_IMPORTS).map(([layer, forbidden]) => ({ files: [`src/${layer}/**/*.ts`], rules: layerRule(layer, forbidden) })),
  // bench/vscode runs inside VS Code, like test/integration.
  { files: ['bench/**/*.ts'], ignores: ['bench/vscode/**'], rules: layerRule('bench', ['vscode']) },
  {
    files: ['**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    // Functions that Playwright runs inside the workbench page.
    files: ['test/ui/**/*.mjs'],
    languageOptions: { globals: { document: 'readonly', getComputedStyle: 'readonly' } },
  },
);
