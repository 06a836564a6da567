import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
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
    files: ['src/catalog/**', 'src/compile/**', 'src/routing/**', 'src/journal/**', 'src/project/**', 'src/semantic/**', 'src/delegate/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@modelcontextprotocol/*'], message: 'Domain modules never import the MCP SDK.' }] }],
    },
  },
);
