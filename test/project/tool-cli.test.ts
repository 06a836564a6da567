/** get_project_profile over the MCP protocol (SDK Client, in-memory transport), and the `profile` CLI command. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runProfileCommand } from '../../src/cli/profile.js';
import { connect, tempDir, testConfig, type Connected } from '../helpers/env.js';
import { FIXTURES } from './fixtures.js';

let open: Connected | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

interface Structured {
  name: string;
  dir: string;
  source: string;
  commands: Array<{ kind: string; command: string; evidence: { file: string; why: string } }>;
  missing: Array<{ kind: string; reason: string }>;
}

describe('get_project_profile tool', () => {
  it('is listed with described input and an output schema', async () => {
    open = await connect(testConfig({ noUser: true, project: FIXTURES.go() }));
    const { tools } = await open.client.listTools();
    const tool = tools.find((t) => t.name === 'get_project_profile');
    expect(tool?.annotations?.readOnlyHint).toBe(true);
    expect(tool?.outputSchema).toBeDefined();
    const props = tool?.inputSchema.properties as Record<string, { description?: string }>;
    expect(props.project_dir?.description).toMatch(/--project-root/);
  });

  it('defaults to the configured project folder and accepts project_dir (stdio)', async () => {
    const goDir = FIXTURES.go();
    open = await connect(testConfig({ noUser: true, project: goDir }));
    const byDefault = await open.client.callTool({ name: 'get_project_profile', arguments: {} });
    expect(byDefault.isError).toBeFalsy();
    const s = byDefault.structuredContent as unknown as Structured;
    expect(s.name).toBe('gadget');
    expect(s.dir).toBe(fs.realpathSync(goDir));
    expect(s.source).toBe('detected');
    expect(s.commands.map((c) => `${c.kind}=${c.command}`)).toEqual(['typecheck=go build ./...', 'lint=go vet ./...', 'test=go test ./...', 'format=gofmt -w .']);
    expect(s.missing.map((m) => m.kind)).toEqual(['lintFix']);
    const text = (byDefault.content as Array<{ type: string; text: string }>)[0]?.text ?? '';
    expect(text).toMatch(/Testing\s+go test \.\/\.\.\./);

    const other = await open.client.callTool({ name: 'get_project_profile', arguments: { project_dir: FIXTURES.pythonUv() } });
    expect((other.structuredContent as unknown as Structured).commands.find((c) => c.kind === 'test')?.command).toBe('uv run pytest');
  });

  it('over HTTP accepts project_dir only inside --project-root', async () => {
    const root = fs.realpathSync(tempDir('acm-roots-'));
    fs.mkdirSync(path.join(root, 'svc'));
    fs.writeFileSync(path.join(root, 'svc', 'Cargo.toml'), '[package]\nname = "svc"\n');
    const outside = FIXTURES.rust();
    fs.symlinkSync(outside, path.join(root, 'escape'));
    open = await connect(testConfig({ noUser: true, http: true, projectRoot: [root], project: root }));

    const ok = await open.client.callTool({ name: 'get_project_profile', arguments: { project_dir: 'svc' } });
    expect(ok.isError).toBeFalsy();
    expect((ok.structuredContent as unknown as Structured).name).toBe('svc');

    for (const project_dir of [outside, '../', 'svc/../../', 'escape']) {
      const refused = await open.client.callTool({ name: 'get_project_profile', arguments: { project_dir } });
      expect(refused.isError, project_dir).toBe(true);
      expect((refused.content as Array<{ text: string }>)[0]?.text).toMatch(/^PATH_OUTSIDE_ROOT: Refused/);
    }
  });

  it('reports an invalid override as a tool error naming the field', async () => {
    const dir = FIXTURES.tsNpm();
    fs.writeFileSync(path.join(dir, '.agent-catalog.json'), JSON.stringify({ lintFix: false }));
    open = await connect(testConfig({ noUser: true, project: dir }));
    const res = await open.client.callTool({ name: 'get_project_profile', arguments: {} });
    expect(res.isError).toBe(true);
    expect((res.content as Array<{ text: string }>)[0]?.text).toBe('INVALID_PROJECT_OVERRIDE: .agent-catalog.json: field "lintFix": expected a string or null');
  });
});

describe('profile CLI command', () => {
  it('prints text or JSON for DIR, relative to the cwd', async () => {
    const dir = FIXTURES.pnpmBiome();
    const config = testConfig({ noUser: true });
    const lines: string[] = [];
    expect(await runProfileCommand([path.relative(config.cwd, dir), '--json'], config, (s) => lines.push(s))).toBe(0);
    const json = JSON.parse(lines.join('\n')) as { profile: { name: string; commands: Record<string, { command: string }> }; source: string };
    expect(json.profile.name).toBe('@acme/web');
    expect(json.profile.commands.format?.command).toBe('pnpm exec biome format --write .');

    lines.length = 0;
    expect(await runProfileCommand([dir], config, (s) => lines.push(s))).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('Project:   @acme/web  (package.json: "name" field)');
    expect(text).toContain('Packages:  pnpm  (pnpm-lock.yaml: lockfile of pnpm)');
    expect(text).toMatch(/Type checking\s+\(none\) no type checking command found in package.json/);
  });

  it('defaults to the configured project folder and rejects extra arguments', async () => {
    const config = testConfig({ noUser: true, project: FIXTURES.makeC() });
    const lines: string[] = [];
    expect(await runProfileCommand([], config, (s) => lines.push(s))).toBe(0);
    expect(lines.join('\n')).toMatch(/Testing\s+make test/);
    await expect(runProfileCommand(['a', 'b'], config, () => undefined)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(runProfileCommand(['--yaml'], config, () => undefined)).rejects.toMatchObject({ code: 'USAGE' });
  });
});
