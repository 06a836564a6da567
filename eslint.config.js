import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.encoder-build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/cli/**', 'src/bench/**', 'src/eval/**', 'scripts/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Untrusted text (agent files, fragments, task text, journal entries, headers) goes through these
    // expressions: none may backtrack super-linearly (ReDoS). Bounded inputs may disable a line, saying why.
    files: ['src/**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignorePartial: false }],
    },
  },
  {
    files: ['src/catalog/**', 'src/compile/**', 'src/routing/**', 'src/journal/**', 'src/project/**', 'src/semantic/**', 'src/delegate/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@modelcontextprotocol/*'], message: 'Domain modules never import the MCP SDK.' }] }],
    },
  },
);
