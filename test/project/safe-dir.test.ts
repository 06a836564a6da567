/** project_dir resolution: inside --project-root only (HTTP), anything readable (stdio). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/shared/errors.js';
import { loadProjectProfile, loadProjectProfileForConfig, resolveProjectDir } from '../../src/project/index.js';
import { tempDir } from '../helpers/env.js';

function layout(): { root: string; inside: string; outside: string } {
  const base = fs.realpathSync(tempDir('acm-safe-'));
  const root = path.join(base, 'root');
  const inside = path.join(root, 'team', 'app');
  const outside = path.join(base, 'root-evil');
  fs.mkdirSync(inside, { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'go.mod'), 'module evil\n');
  fs.writeFileSync(path.join(root, 'file.txt'), 'x');
  fs.symlinkSync(outside, path.join(root, 'link-out'));
  fs.symlinkSync(inside, path.join(root, 'link-in'));
  return { root, inside, outside };
}

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CatalogError);
  const e = err as CatalogError;
  return { code: e.code, message: e.message };
}

describe('with allowed roots (HTTP team server)', () => {
  it('accepts folders inside a root, by absolute or relative path, and symlinks that stay inside', async () => {
    const { root, inside } = layout();
    const opts = { base: root, allowedRoots: [root] };
    expect(await resolveProjectDir(inside, opts)).toBe(inside);
    expect(await resolveProjectDir('team/app', opts)).toBe(inside);
    expect(await resolveProjectDir('link-in', opts)).toBe(inside);
    expect(await resolveProjectDir(root, opts)).toBe(root);
  });

  it('refuses traversal strings', async () => {
    const { root } = layout();
    const opts = { base: path.join(root, 'team'), allowedRoots: [root] };
    for (const input of ['../../root-evil', '../..', 'app/../../../root-evil', '/etc']) {
      const { code, message } = await codeOf(resolveProjectDir(input, opts));
      expect(code, input).toBe('PATH_OUTSIDE_ROOT');
      expect(message).toMatch(/not inside any allowed project root/);
    }
  });

  it('refuses a sibling folder that only shares the prefix', async () => {
    const { root, outside } = layout();
    const { code } = await codeOf(resolveProjectDir(outside, { base: root, allowedRoots: [root] }));
    expect(code).toBe('PATH_OUTSIDE_ROOT');
  });

  it('refuses a symlink that leads out', async () => {
    const { root } = layout();
    const { code, message } = await codeOf(resolveProjectDir('link-out', { base: root, allowedRoots: [root] }));
    expect(code).toBe('PATH_OUTSIDE_ROOT');
    expect(message).toMatch(/symlink/);
  });

  it('refuses everything when no root was given, and says why', async () => {
    const { root, inside } = layout();
    const { code, message } = await codeOf(resolveProjectDir(inside, { base: root, allowedRoots: [] }));
    expect(code).toBe('PATH_OUTSIDE_ROOT');
    expect(message).toMatch(/--project-root/);
  });

  it('missing folders, files and NUL bytes inside a root get their own errors', async () => {
    const { root } = layout();
    const opts = { base: root, allowedRoots: [root] };
    expect((await codeOf(resolveProjectDir('nope', opts))).code).toBe('PROJECT_DIR_NOT_FOUND');
    expect((await codeOf(resolveProjectDir('file.txt', opts))).code).toBe('PROJECT_DIR_NOT_A_FOLDER');
    expect((await codeOf(resolveProjectDir('team\u0000', opts))).message).toMatch(/NUL byte/);
  });

  it('loadProjectProfileForConfig applies the roots only for an explicit project_dir over HTTP', async () => {
    const { root, inside, outside } = layout();
    const http = { enabled: true, host: '127.0.0.1', port: 0, allowedHosts: [], projectRoots: [root] };
    const config = { projectDir: inside, http };
    expect((await loadProjectProfileForConfig(config)).profile.dir).toBe(inside);
    expect((await loadProjectProfileForConfig(config, '../../link-in')).profile.dir).toBe(inside);
    expect((await codeOf(loadProjectProfileForConfig(config, outside))).code).toBe('PATH_OUTSIDE_ROOT');
    // Over stdio, the same folder is fine.
    const stdio = { projectDir: inside, http: { ...http, enabled: false } };
    expect((await loadProjectProfileForConfig(stdio, outside)).profile.name).toBe('evil');
  });
});

describe('without allowed roots (stdio)', () => {
  it('any readable folder is fine, symlinks included', async () => {
    const { root, outside } = layout();
    expect(await resolveProjectDir('link-out', { base: root })).toBe(outside);
    expect(await resolveProjectDir('../root-evil', { base: root })).toBe(outside);
    expect((await loadProjectProfile(outside)).profile.name).toBe('evil');
  });

  it('a relative folder with no base is a usage error', async () => {
    expect((await codeOf(loadProjectProfile('some/where'))).code).toBe('USAGE');
  });
});
