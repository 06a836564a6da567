/** Fixture projects for the project-profile tests, written into fresh temp folders. */
import fs from 'node:fs';
import path from 'node:path';
import { SEED_AGENTS, tempDir, writeFiles } from '../helpers/env.js';

export const SEED = path.join(SEED_AGENTS, 'container-infrastructure-engineer.md');

export function seedText(): string {
  return fs.readFileSync(SEED, 'utf8');
}

/** The two blanks in the seed that only a person can fill. */
export const HUMAN_BLANKS = ['[Add project-specific requirements, constraints, or context here]', '[Add project-specific workflow modifications here]'];

export function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tempDir('acm-proj-'), name);
  fs.mkdirSync(dir);
  writeFiles(dir, files);
  return dir;
}

export const FIXTURES = {
  tsNpm: (): string =>
    project('ts-npm', {
      'package.json': JSON.stringify({
        name: 'ts-app',
        type: 'module',
        scripts: { build: 'tsc', test: 'vitest run', lint: 'eslint .' },
        devDependencies: { typescript: '^5.9.0', vitest: '^3.2.0', eslint: '^9.0.0', prettier: '^3.0.0' },
      }),
      'package-lock.json': '{"lockfileVersion": 3}',
      'tsconfig.json': '{"compilerOptions": {"strict": true}}',
      'eslint.config.js': 'export default [];\n',
    }),
  pnpmBiome: (): string =>
    project('pnpm-biome', {
      'package.json': JSON.stringify({ name: '@acme/web', scripts: { test: 'node --test' }, devDependencies: { '@biomejs/biome': '^2.0.0' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'biome.json': '{}',
    }),
  pythonUv: (): string =>
    project('py-uv', {
      'pyproject.toml': [
        '[project]',
        'name = "py-svc"',
        'version = "0.1.0"',
        'dependencies = ["httpx>=0.27"]',
        '',
        '[dependency-groups]',
        'dev = ["pytest>=8", "mypy>=1.10", "ruff>=0.5"]',
        '',
        '[tool.ruff]',
        'line-length = 100',
        '',
        '[tool.mypy]',
        'strict = true',
        '',
        '[tool.pytest.ini_options]',
        'testpaths = ["tests"]',
        '',
      ].join('\n'),
      'uv.lock': 'version = 1\n',
    }),
  rust: (): string => project('rusty', { 'Cargo.toml': '[package]\nname = "rusty-tool"\nversion = "0.1.0"\nedition = "2021"\n' }),
  go: (): string => project('gosvc', { 'go.mod': 'module github.com/acme/gadget/v2\n\ngo 1.22\n' }),
  makeC: (): string =>
    project('c-lib', {
      Makefile: [
        'CC := cc',
        'CFLAGS ?= -O2 -Wall',
        '.PHONY: all test fmt clean',
        'all: libfoo.a',
        '%.o: %.c',
        '\t$(CC) $(CFLAGS) -c $< -o $@',
        'test: all',
        '\t./run-tests.sh',
        'fmt:',
        '\tclang-format -i src/*.c',
        'clean:',
        '\trm -f *.o',
        '',
      ].join('\n'),
      'src/foo.c': 'int foo(void) { return 1; }\n',
    }),
  empty: (): string => project('empty', {}),
};
