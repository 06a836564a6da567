/** .agent-catalog.json and package.json "agentCatalog": precedence and validation errors that name the field. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectOverrideError } from '../../src/shared/errors.js';
import { fillPlaceholders, loadProjectProfile } from '../../src/project/index.js';
import { FIXTURES, project, seedText } from './fixtures.js';

function writeJson(dir: string, name: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
}

async function overrideError(dir: string): Promise<ProjectOverrideError> {
  const err = await loadProjectProfile(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProjectOverrideError);
  return err as ProjectOverrideError;
}

describe('override precedence', () => {
  it('.agent-catalog.json wins over detection, null switches a command off', async () => {
    const dir = FIXTURES.tsNpm();
    writeJson(dir, '.agent-catalog.json', { name: 'Shop Front', test: 'npm run test:ci', format: null });
    const loaded = await loadProjectProfile(dir);
    expect(loaded.source).toBe('mixed');
    expect(loaded.overrideFiles).toEqual(['.agent-catalog.json']);
    expect(loaded.profile.name).toBe('Shop Front');
    expect(loaded.profile.commands.test).toEqual({ command: 'npm run test:ci', evidence: { file: '.agent-catalog.json', why: '"test" set by override' } });
    expect(loaded.profile.commands.format).toBeUndefined();
    expect(loaded.profile.missing.format).toBe('switched off in .agent-catalog.json (set to null)');
    expect(loaded.profile.commands.lint?.command).toBe('npm run lint');

    const result = fillPlaceholders(seedText(), loaded.profile);
    expect(result.prompt).toContain('3. **Testing**: `npm run test:ci`');
    expect(result.prompt).toContain('`[project-specific-format-command]`');
    expect(result.prompt).toContain('<!-- PROJECT_SPECIFIC_BEGIN:shop-front -->');
    expect(result.unfilled.find((u) => u.placeholder === '[run project format command]')?.reason).toBe('switched off in .agent-catalog.json (set to null)');
  });

  it('the file wins over package.json "agentCatalog", which wins over detection', async () => {
    const dir = project('both', {
      'package.json': JSON.stringify({ name: 'both', scripts: { lint: 'eslint .' }, agentCatalog: { lint: 'from-pkg-lint', test: 'from-pkg-test' } }),
      '.agent-catalog.json': JSON.stringify({ $schema: 'x', lint: 'from-file-lint' }),
    });
    const loaded = await loadProjectProfile(dir);
    expect(loaded.overrideFiles).toEqual(['package.json#agentCatalog', '.agent-catalog.json']);
    expect(loaded.profile.commands.lint?.command).toBe('from-file-lint');
    expect(loaded.profile.commands.test).toEqual({ command: 'from-pkg-test', evidence: { file: 'package.json#agentCatalog', why: '"test" set by override' } });
    expect(loaded.profile.commands.lintFix?.command).toBe('npm run lint -- --fix');
    expect(loaded.source).toBe('mixed');
  });

  it('an override on an empty folder makes an override-only profile', async () => {
    const dir = FIXTURES.empty();
    writeJson(dir, '.agent-catalog.json', { typecheck: 'just check', test: 'just test' });
    const loaded = await loadProjectProfile(dir);
    expect(loaded.source).toBe('override');
    expect(Object.keys(loaded.profile.commands)).toEqual(['typecheck', 'test']);
  });
});

describe('invalid overrides name the field', () => {
  it('wrong type', async () => {
    const dir = FIXTURES.empty();
    writeJson(dir, '.agent-catalog.json', { test: 42 });
    const err = await overrideError(dir);
    expect(err.code).toBe('INVALID_PROJECT_OVERRIDE');
    expect(err.field).toBe('test');
    expect(err.message).toBe('.agent-catalog.json: field "test": expected a string or null');
  });

  it('unknown field (a typo)', async () => {
    const dir = FIXTURES.empty();
    writeJson(dir, '.agent-catalog.json', { tset: 'pytest' });
    const err = await overrideError(dir);
    expect(err.field).toBe('tset');
    expect(err.message).toMatch(/^\.agent-catalog\.json: field "tset": unknown field \(allowed: name, typecheck, lint, lintFix, test, format\)$/);
  });

  it('empty command in package.json "agentCatalog"', async () => {
    const dir = project('pk', { 'package.json': JSON.stringify({ name: 'pk', agentCatalog: { lint: '  ' } }) });
    const err = await overrideError(dir);
    expect(err.field).toBe('agentCatalog.lint');
    expect(err.message).toBe('package.json: field "agentCatalog.lint": the command must not be empty');
  });

  it('multi-line command', async () => {
    const dir = FIXTURES.empty();
    writeJson(dir, '.agent-catalog.json', { format: 'a\nb' });
    expect((await overrideError(dir)).field).toBe('format');
  });

  it('not an object, and not JSON', async () => {
    const dir = FIXTURES.empty();
    writeJson(dir, '.agent-catalog.json', '["test"]');
    expect((await overrideError(dir)).message).toMatch(/^\.agent-catalog\.json: must be a JSON object/);
    writeJson(dir, '.agent-catalog.json', '{ "test": ');
    const err = await overrideError(dir);
    expect(err.field).toBeUndefined();
    expect(err.message).toMatch(/^\.agent-catalog\.json: not valid JSON/);
  });
});
