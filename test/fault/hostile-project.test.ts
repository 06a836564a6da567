/**
 * Hostile project folders: detection files and overrides that are symlinks to files elsewhere, special files,
 * or far too big. Each is read only as a regular file inside the project folder, within 1 MB, and no answer
 * (profile, warning or error) quotes the content of a file outside the project folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, tempDir, testConfig, textOf, type Connected } from '../helpers/env.js';
import { resultText, runCli, spawnRaw, structured, writeTree, type RawServer } from './helpers.js';

const SECRET = 'TOPSECRETVALUE';

/** Files outside every project folder: a JSON file with scripts, a YAML file, a key that is not JSON. */
function secrets(): Record<string, string> {
  const dir = tempDir('acm-hp-secret-');
  writeTree(dir, {
    'package.json': JSON.stringify({ name: `${SECRET}-name`, scripts: { test: `${SECRET}-test`, lint: `eslint ${SECRET}` } }),
    'pre-commit.yaml': `repos:\n  - repo: local\n    hooks:\n      - id: ${SECRET}\n`,
    'Makefile': `test:\n\t${SECRET}\n`,
    'pyproject.toml': `[project]\nname = "${SECRET}"\n`,
    'id_ed25519': `${SECRET} -----BEGIN OPENSSH PRIVATE KEY-----\n`,
  });
  return Object.fromEntries(fs.readdirSync(dir).map((n) => [n, path.join(dir, n)]));
}

interface Profile {
  name: string;
  commands: Array<{ kind: string; command: string }>;
  warnings: string[];
}

describe('hostile project folders', () => {
  let server: RawServer | undefined;
  let open: Connected | undefined;
  afterEach(async () => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
    await open?.close();
    open = undefined;
  });

  it('detection files that are symlinks to files elsewhere are not read, and say why (stdio project_dir, --project-root, CLI)', async () => {
    const s = secrets();
    const root = fs.realpathSync(tempDir('acm-hp-root-'));
    const project = path.join(root, 'proj');
    fs.mkdirSync(project);
    fs.symlinkSync(s['package.json'] as string, path.join(project, 'package.json'));
    fs.symlinkSync(s['pre-commit.yaml'] as string, path.join(project, '.pre-commit-config.yaml'));
    fs.symlinkSync(s.Makefile as string, path.join(project, 'Makefile'));
    fs.symlinkSync(s['pyproject.toml'] as string, path.join(project, 'pyproject.toml'));
    fs.writeFileSync(path.join(project, 'go.mod'), 'module example.com/own/gadget\n\ngo 1.22\n');

    const check = (profile: Profile, raw: string): void => {
      expect(raw).not.toContain(SECRET);
      expect(profile.name).toBe('gadget');
      for (const file of ['package.json', '.pre-commit-config.yaml', 'Makefile', 'pyproject.toml']) {
        expect(profile.warnings.find((w) => w.startsWith(file)), `${file} in ${JSON.stringify(profile.warnings)}`).toMatch(/symlink/);
      }
    };

    // stdio: any folder may be named, but the files inside are still checked.
    server = spawnRaw(['--no-user', '--no-bundled']);
    await server.initialize();
    const res = await server.callTool('get_project_profile', { project_dir: project });
    expect(res.isError, resultText(res)).toBeFalsy();
    check(structured<Profile>(res), JSON.stringify(res));

    // A team server (HTTP config) with --project-root.
    open = await connect(testConfig({ noUser: true, http: true, projectRoot: [root], project: root }));
    const team = await open.client.callTool({ name: 'get_project_profile', arguments: { project_dir: 'proj' } });
    expect(team.isError, textOf(team)).toBeFalsy();
    check(team.structuredContent as unknown as Profile, JSON.stringify(team));

    // The CLI.
    const cli = await runCli(['profile', project, '--json']);
    expect(cli.code, cli.err).toBe(0);
    check((JSON.parse(cli.out) as { profile: Profile }).profile, cli.out + cli.err);
  }, 30_000);

  it('an override file that is a symlink, not JSON, special or over 1 MB is refused without quoting it', async () => {
    const s = secrets();
    const root = fs.realpathSync(tempDir('acm-hp-root-'));
    const make = (name: string, setup: (dir: string) => void): string => {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'go.mod'), `module example.com/${name}\n`);
      setup(dir);
      return dir;
    };
    const linked = make('linked', (d) => fs.symlinkSync(s.id_ed25519 as string, path.join(d, '.agent-catalog.json')));
    const linkedJson = make('linked-json', (d) => fs.symlinkSync(s['package.json'] as string, path.join(d, '.agent-catalog.json')));
    const notJson = make('not-json', (d) => fs.writeFileSync(path.join(d, '.agent-catalog.json'), `${SECRET} is not JSON`));
    const huge = make('huge', (d) => fs.writeFileSync(path.join(d, '.agent-catalog.json'), `{"test": "make check"${' '.repeat(2 * 1024 * 1024)}}`));
    const hugePkg = make('huge-pkg', (d) => fs.writeFileSync(path.join(d, 'package.json'), `{"agentCatalog": {"test": "make check"}${' '.repeat(2 * 1024 * 1024)}}`));
    const fifo = make('fifo', () => undefined);
    const haveFifo = spawnSync('mkfifo', [path.join(fifo, '.agent-catalog.json')]).status === 0;

    server = spawnRaw(['--no-user', '--no-bundled']);
    await server.initialize();
    const call = (dir: string) => server!.callTool('get_project_profile', { project_dir: dir }, 10_000);

    for (const dir of [linked, linkedJson]) {
      const res = await call(dir);
      expect(JSON.stringify(res)).not.toContain(SECRET);
      expect(res.isError, resultText(res)).toBe(true);
      expect(resultText(res)).toMatch(/INVALID_PROJECT_OVERRIDE: \.agent-catalog\.json: .*symlink/);
    }
    const bad = await call(notJson);
    expect(bad.isError).toBe(true);
    expect(resultText(bad)).toMatch(/not valid JSON/);
    expect(JSON.stringify(bad)).not.toContain(SECRET);
    for (const [dir, file] of [
      [huge, '.agent-catalog.json'],
      [hugePkg, 'package.json'],
    ] as const) {
      const res = await call(dir);
      const text = res.isError ? resultText(res) : structured<Profile>(res).warnings.join('\n');
      expect(text, dir).toContain(file);
      expect(text, dir).toMatch(/1048576|1 MB/);
      // Never applied: the over-limit file was not read.
      expect(JSON.stringify(res)).not.toContain('make check');
    }
    if (haveFifo) {
      const res = await call(fifo);
      expect(res.isError ? resultText(res) : structured<Profile>(res).warnings.join('\n')).toMatch(/not a regular file/);
    }
    expect(server.badLines).toEqual([]);
  }, 30_000);
});
