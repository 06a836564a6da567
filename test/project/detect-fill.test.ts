/** Detection + filling on fixture projects: exact commands filled, exact placeholders left. */
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, loadProjectProfile } from '../../src/project/index.js';
import type { CommandKind, LoadedProfile } from '../../src/project/index.js';
import { makeTargets } from '../../src/project/detect.js';
import { FIXTURES, HUMAN_BLANKS, project, seedText } from './fixtures.js';

type Expected = Partial<Record<CommandKind, string>>;

function commandsOf(loaded: LoadedProfile): Expected {
  return Object.fromEntries(Object.entries(loaded.profile.commands).map(([k, c]) => [k, c.command]));
}

/** The seed's command placeholders by kind. */
const SEED_PLACEHOLDERS: Record<CommandKind, string[]> = {
  typecheck: ['[project-specific-typecheck-command]', '[run project typecheck command]'],
  lint: ['[project-specific-lint-command]', '[run project lint command]'],
  lintFix: ['[project-specific-lint-fix-command]'],
  test: ['[project-specific-test-command]', '[run project test command]'],
  format: ['[project-specific-format-command]', '[run project format command]'],
};
const QUALITY = '[Add project-specific quality gate commands here]';

/** Fill the real seed and check: every expected command is in, every other command placeholder stays. */
function checkSeedFill(loaded: LoadedProfile, expected: Expected, nameMarker: string | undefined): ReturnType<typeof fillPlaceholders> {
  const result = fillPlaceholders(seedText(), loaded.profile);
  const filledMap = new Map(result.filled.map((f) => [f.placeholder, f.value]));
  const leftSet = new Set(result.unfilled.map((u) => u.placeholder));
  const expectedLeft = new Set(HUMAN_BLANKS);
  for (const [kind, placeholders] of Object.entries(SEED_PLACEHOLDERS) as Array<[CommandKind, string[]]>) {
    for (const p of placeholders) {
      const want = expected[kind];
      if (want !== undefined) {
        expect(filledMap.get(p), p).toBe(want);
        expect(result.prompt).not.toContain(p);
        expect(result.prompt).toContain(`\`${want}\``);
      } else {
        expectedLeft.add(p);
        expect(result.prompt).toContain(p);
      }
    }
  }
  if (Object.keys(expected).length === 0) expectedLeft.add(QUALITY);
  else {
    expect(result.prompt).not.toContain(QUALITY);
    for (const cmd of Object.values(expected)) expect(filledMap.get(QUALITY)).toContain(`\`${cmd}\``);
  }
  if (nameMarker === undefined) {
    expectedLeft.add('project-name');
    expect(result.prompt).toContain('<!-- PROJECT_SPECIFIC_BEGIN:project-name -->');
  } else {
    expect(filledMap.get('project-name')).toBe(nameMarker);
    expect(result.prompt).toContain(`<!-- PROJECT_SPECIFIC_BEGIN:${nameMarker} -->`);
    expect(result.prompt).toContain(`<!-- PROJECT_SPECIFIC_END:${nameMarker} -->`);
  }
  expect(leftSet).toEqual(expectedLeft);
  for (const u of result.unfilled) expect(u.reason.length).toBeGreaterThan(5);
  for (const f of result.filled) expect(f.evidence.file.length).toBeGreaterThan(0);
  return result;
}

describe('fixture projects', () => {
  it('TypeScript with npm + vitest + eslint + prettier', async () => {
    const loaded = await loadProjectProfile(FIXTURES.tsNpm());
    const expected = {
      typecheck: 'npx tsc --noEmit',
      lint: 'npm run lint',
      lintFix: 'npm run lint -- --fix',
      test: 'npm run test',
      format: 'npx prettier --write .',
    };
    expect(commandsOf(loaded)).toEqual(expected);
    expect(loaded.source).toBe('detected');
    expect(loaded.profile.name).toBe('ts-app');
    expect(loaded.profile.packageManager).toEqual({ name: 'npm', evidence: { file: 'package-lock.json', why: 'lockfile of npm' } });
    expect(loaded.profile.commands.typecheck?.evidence).toEqual({ file: 'package.json', why: 'devDependency "typescript" and tsconfig.json' });
    expect(loaded.profile.commands.lint?.evidence).toEqual({ file: 'package.json', why: 'script "lint": eslint .' });
    const result = checkSeedFill(loaded, expected, 'ts-app');
    expect(result.prompt).toContain('1. **Type Checking**: `npx tsc --noEmit`');
    expect(result.prompt).toContain('- **Testing**: `npm run test` (from package.json)');
  });

  it('pnpm + biome', async () => {
    const loaded = await loadProjectProfile(FIXTURES.pnpmBiome());
    const expected = {
      lint: 'pnpm exec biome lint .',
      lintFix: 'pnpm exec biome lint --write .',
      test: 'pnpm run test',
      format: 'pnpm exec biome format --write .',
    };
    expect(commandsOf(loaded)).toEqual(expected);
    expect(loaded.profile.packageManager?.name).toBe('pnpm');
    expect(loaded.profile.missing.typecheck).toBe('no type checking command found in package.json');
    const result = checkSeedFill(loaded, expected, 'acme-web');
    expect(result.unfilled.find((u) => u.placeholder === '[project-specific-typecheck-command]')?.reason).toBe('no type checking command found in package.json');
  });

  it('Python with uv + ruff + mypy + pytest', async () => {
    const loaded = await loadProjectProfile(FIXTURES.pythonUv());
    const expected = {
      typecheck: 'uv run mypy .',
      lint: 'uv run ruff check .',
      lintFix: 'uv run ruff check --fix .',
      test: 'uv run pytest',
      format: 'uv run ruff format .',
    };
    expect(commandsOf(loaded)).toEqual(expected);
    expect(loaded.profile.name).toBe('py-svc');
    expect(loaded.profile.ecosystems).toEqual(['python']);
    expect(loaded.profile.commands.typecheck?.evidence).toEqual({ file: 'pyproject.toml', why: '[tool.mypy] section; run through uv (uv.lock)' });
    checkSeedFill(loaded, expected, 'py-svc');
  });

  it('Rust', async () => {
    const loaded = await loadProjectProfile(FIXTURES.rust());
    const expected = {
      typecheck: 'cargo check --all-targets',
      lint: 'cargo clippy --all-targets -- -D warnings',
      lintFix: 'cargo clippy --fix --allow-dirty',
      test: 'cargo test',
      format: 'cargo fmt',
    };
    expect(commandsOf(loaded)).toEqual(expected);
    checkSeedFill(loaded, expected, 'rusty-tool');
  });

  it('Rust workspace uses --workspace', async () => {
    const dir = project('ws', { 'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n' });
    const loaded = await loadProjectProfile(dir);
    expect(commandsOf(loaded)).toEqual({
      typecheck: 'cargo check --workspace --all-targets',
      lint: 'cargo clippy --workspace --all-targets -- -D warnings',
      lintFix: 'cargo clippy --workspace --fix --allow-dirty',
      test: 'cargo test --workspace',
      format: 'cargo fmt --all',
    });
    expect(loaded.profile.name).toBe('ws');
    expect(loaded.profile.nameEvidence.file).toBe('.');
  });

  it('Go', async () => {
    const loaded = await loadProjectProfile(FIXTURES.go());
    const expected = { typecheck: 'go build ./...', lint: 'go vet ./...', test: 'go test ./...', format: 'gofmt -w .' };
    expect(commandsOf(loaded)).toEqual(expected);
    expect(loaded.profile.name).toBe('gadget');
    const result = checkSeedFill(loaded, expected, 'gadget');
    expect(result.unfilled.find((u) => u.placeholder === '[project-specific-lint-fix-command]')?.reason).toMatch(/go vet has no auto-fix/);
  });

  it('Makefile-only C project', async () => {
    const dir = FIXTURES.makeC();
    const loaded = await loadProjectProfile(dir);
    const expected = { test: 'make test', format: 'make fmt' };
    expect(commandsOf(loaded)).toEqual(expected);
    expect(loaded.profile.commands.test?.evidence).toEqual({ file: 'Makefile', why: 'target "test"' });
    expect(loaded.profile.name).toBe('c-lib');
    expect(loaded.profile.missing.lint).toBe('no linting command found in Makefile');
    checkSeedFill(loaded, expected, undefined);
  });

  it('an empty folder fills nothing and says why', async () => {
    const loaded = await loadProjectProfile(FIXTURES.empty());
    expect(loaded.profile.commands).toEqual({});
    expect(loaded.source).toBe('none');
    const result = checkSeedFill(loaded, {}, undefined);
    expect(result.filled).toEqual([]);
    expect(result.prompt).toBe(seedText());
    expect(result.unfilled.find((u) => u.placeholder === '[run project test command]')?.reason).toBe(
      `no package.json, pyproject.toml, Cargo.toml, go.mod, Makefile or .pre-commit-config.yaml in ${loaded.profile.dir}`,
    );
  });
});

describe('detection details', () => {
  it('Makefile targets win over package.json scripts; `check` counts as test only without `test`', async () => {
    const dir = project('mixed', {
      'package.json': JSON.stringify({ name: 'mixed', scripts: { test: 'jest', lint: 'eslint src' } }),
      'yarn.lock': '',
      Makefile: 'lint:\n\tnpm run lint\ncheck:\n\t./check.sh\n',
    });
    const loaded = await loadProjectProfile(dir);
    expect(commandsOf(loaded)).toEqual({ lint: 'make lint', lintFix: 'yarn run lint --fix', test: 'yarn run test' });
    const onlyMake = await loadProjectProfile(project('gnu', { Makefile: 'check:\n\t./check.sh\n' }));
    expect(commandsOf(onlyMake)).toEqual({ test: 'make check' });
  });

  it('npm\'s "no test specified" stub is not a test command', async () => {
    const dir = project('stub', { 'package.json': JSON.stringify({ name: 'stub', scripts: { test: 'echo "Error: no test specified" && exit 1' } }) });
    const loaded = await loadProjectProfile(dir);
    expect(loaded.profile.commands.test).toBeUndefined();
    expect(loaded.profile.missing.test).toMatch(/no test specified/);
    expect(loaded.profile.packageManager?.evidence.why).toMatch(/no lockfile/);
  });

  it('pre-commit hooks and poetry', async () => {
    const dir = project('precommit', {
      'pyproject.toml': '[tool.poetry]\nname = "poetic"\nversion = "1.0.0"\n',
      '.pre-commit-config.yaml': [
        'repos:',
        '  - repo: https://github.com/astral-sh/ruff-pre-commit',
        '    rev: v0.6.0',
        '    hooks:',
        '      - id: ruff',
        '      - id: ruff-format',
        '  - repo: https://github.com/pre-commit/mirrors-mypy',
        '    rev: v1.11.0',
        '    hooks:',
        '      - id: mypy',
        '',
      ].join('\n'),
    });
    const loaded = await loadProjectProfile(dir);
    expect(commandsOf(loaded)).toEqual({
      typecheck: 'pre-commit run mypy --all-files',
      lint: 'pre-commit run ruff --all-files',
      format: 'pre-commit run ruff-format --all-files',
    });
    expect(loaded.profile.name).toBe('poetic');
    expect(loaded.profile.ecosystems).toEqual(['python', 'pre-commit']);
  });

  it('black wins the formatter when the project uses it; poetry runner', async () => {
    const dir = project('blk', {
      'pyproject.toml': '[tool.poetry]\nname = "blk"\n[tool.poetry.group.dev.dependencies]\nblack = "^24"\npytest = "^8"\n[tool.ruff]\n',
      'poetry.lock': '',
    });
    expect(commandsOf(await loadProjectProfile(dir))).toEqual({
      lint: 'poetry run ruff check .',
      lintFix: 'poetry run ruff check --fix .',
      test: 'poetry run pytest',
      format: 'poetry run black .',
    });
  });

  it('broken project files are warnings, not errors', async () => {
    const dir = project('broken', { 'package.json': '{ nope', 'pyproject.toml': '[tool.ruff\n', 'go.mod': 'module x\n' });
    const loaded = await loadProjectProfile(dir);
    expect(loaded.profile.warnings).toHaveLength(2);
    expect(loaded.profile.warnings[0]).toMatch(/^package\.json: not valid JSON/);
    expect(loaded.profile.warnings[1]).toMatch(/^pyproject\.toml: not valid TOML/);
    expect(loaded.profile.commands.test?.command).toBe('go test ./...');
  });

  it('makeTargets reads rules, not variables or pattern rules', () => {
    expect([...makeTargets('A := 1\nB ?= 2\nC::=3\n%.o: %.c\nall test: dep\n\techo x: y\nfmt::\n')]).toEqual(['all', 'test', 'fmt']);
  });

  it('fills the other placeholder spellings from the corpus', async () => {
    const loaded = await loadProjectProfile(FIXTURES.go());
    const text = [
      '- [ ] All tests pass: `[project test command]`',
      '- [ ] Type checking clean: `[project typecheck command]`',
      '### Project Commands',
      '[PLACEHOLDER: Add project-specific quality gate commands here]',
      '[PLACEHOLDER: Add project-specific workflow modifications here]',
      '[run project infrastructure test command]',
    ].join('\n');
    const result = fillPlaceholders(text, loaded.profile);
    expect(result.prompt.split('\n').slice(0, 2)).toEqual(['- [ ] All tests pass: `go test ./...`', '- [ ] Type checking clean: `go build ./...`']);
    expect(result.prompt).toContain('- **Linting**: `go vet ./...` (from go.mod)');
    expect(result.unfilled.map((u) => u.placeholder)).toEqual(['[PLACEHOLDER: Add project-specific workflow modifications here]']);
    expect(result.prompt).toContain('[run project infrastructure test command]');
  });
});
