// One lint setup for the whole repo. Besides style, it enforces the architecture's boundaries
// (ENGINEERING.md §1): which folder may import what.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = {
  group: ['node:*'],
  message: 'shared/ and renderer/ run in a browser too: no Node built-ins.',
};
const electronOnly = {
  name: 'electron',
  message:
    'Only main/electron/** and preload/** may import electron; core services run in plain Node.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'test-artifacts/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node }, parserOptions: { projectService: false } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [nodeBuiltins] }],
    },
  },
  {
    files: ['main/core/**/*.ts', 'main/rpc/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
      'no-console': ['error'],
    },
  },
  {
    files: ['main/server/**/*.ts', 'main/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/main/**'],
              message: 'The renderer reaches the core only through the contract client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
