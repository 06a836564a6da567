import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-dev/**', 'node_modules/**', 'coverage/**', '.encoder-build/**'] },
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
    files: ['src/cli/**', 'dev/**', 'scripts/**', 'test/**'],
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
    // Tests wait for a condition (eventually) or bound a wait (hangGuard), both from test/helpers/poll.ts:
    // never a fixed sleep, which is too short on a loaded machine and wasted time on an idle one.
    // Fixture programs (test/fixtures) stand in for outside tools and keep their own timers.
    files: ['test/**/*.ts', 'test/**/*.mjs'],
    ignores: ['test/helpers/poll.ts', 'test/fixtures/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['setTimeout', 'setInterval', 'sleep', 'delay'].map((name) => ({
          selector: `CallExpression:matches([callee.name='${name}'], [callee.property.name='${name}'])`,
          message: `No ${name}() in tests: poll for the condition with eventually(), or bound a wait with hangGuard() (test/helpers/poll.ts).`,
        })),
        {
          selector: "ImportDeclaration[source.value=/^(node:)?timers(\\/promises)?$/]",
          message: 'No timers in tests: poll for the condition with eventually(), or bound a wait with hangGuard() (test/helpers/poll.ts).',
        },
      ],
    },
  },
  {
    // Layers (docs/architecture.md): shared/ imports nothing of ours; domain folders import shared/ and each
    // other (no cycles: test/architecture.test.ts), never the MCP SDK, mcp/, app/, http/ or cli/; nothing in
    // src/ imports dev/ (benches and evals never ship).
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: 'shared/ imports nothing else of ours.' }, { group: ['@modelcontextprotocol/*'], message: 'shared/ never imports the MCP SDK.' }] }] },
  },
  {
    files: ['src/catalog/**', 'src/compile/**', 'src/routing/**', 'src/journal/**', 'src/project/**', 'src/encoder/**', 'src/delegate/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@modelcontextprotocol/*'], message: 'Domain modules never import the MCP SDK.' },
            { regex: '^\\.\\./(mcp|app|http|cli)/', message: 'Domain modules never import the MCP, app, HTTP or CLI layers.' },
            { regex: '(^|/)dev/', message: 'src/ never imports dev/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/mcp/**', 'src/app/**', 'src/http/**', 'src/cli/**', 'src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)dev/', message: 'src/ never imports dev/.' }] }] },
  },
);
