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
    files: ['src/catalog/**', 'src/compile/**', 'src/routing/**', 'src/journal/**', 'src/project/**', 'src/semantic/**', 'src/delegate/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@modelcontextprotocol/*'], message: 'Domain modules never import the MCP SDK.' }] }],
    },
  },
);
