import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'Only src/vscode and src/extension.ts may import vscode (docs/ARCHITECTURE.md).' }],
      patterns: [{ group: ['**/vscode/**', '../vscode', './vscode'], message: 'core, shared and worker must not depend on the vscode layer.' }],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.vscode-test/**', 'node_modules/**', 'test/fixtures/**'] },
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
  // bench/vscode runs inside VS Code, like test/integration.
  { files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/host/**/*.ts', 'src/worker/**/*.ts', 'src/cli/**/*.ts', 'bench/**/*.ts'], ignores: ['bench/vscode/**'], rules: noVscode },
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
