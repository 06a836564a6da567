import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, testConfig, textOf } from '../helpers/env.js';
import { FIXTURES } from '../project/fixtures.js';

describe('get_agent_prompt fills placeholders from the project', () => {
  it('fills from project_dir, lists filled and unfilled, and can be turned off', async () => {
    const proj = FIXTURES.tsNpm();
    const conn = await connect(testConfig({ noUser: true }));
    try {
      const r = await conn.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'container-infrastructure-engineer', project_dir: proj } });
      expect(r.isError).toBeFalsy();
      const s = r.structuredContent as { prompt: string; filled: Array<{ placeholder: string; value: string }>; unfilled: Array<{ placeholder: string }>; project?: { name: string } };
      expect(s.project?.name).toBe('ts-app');
      const filled = Object.fromEntries(s.filled.map((f) => [f.placeholder, f.value]));
      expect(filled['[project-specific-test-command]']).toBe('npm run test');
      expect(filled['[project-specific-typecheck-command]']).toMatch(/tsc/);
      expect(s.prompt).not.toContain('[project-specific-test-command]');
      expect(s.prompt).toContain('`npm run test`');
      expect(s.unfilled.length).toBeGreaterThan(0);
      const off = await conn.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'container-infrastructure-engineer', project_dir: proj, fill_placeholders: false } });
      expect((off.structuredContent as { prompt: string }).prompt).toContain('[project-specific-test-command]');
      // The server's own (empty) project folder has no profile: nothing filled by default, and every
      // placeholder left is listed with the reason.
      const plain = await conn.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'container-infrastructure-engineer' } });
      const ps = plain.structuredContent as { prompt: string; filled: unknown[]; unfilled: Array<{ placeholder: string; reason: string; count: number }> };
      expect(ps.filled).toEqual([]);
      expect(ps.prompt).toContain('[project-specific-test-command]');
      const cwd = fs.realpathSync(conn.ctx.config.projectDir);
      const test = ps.unfilled.find((u) => u.placeholder === '[project-specific-test-command]');
      expect(test?.reason).toBe(`no package.json, pyproject.toml, Cargo.toml, go.mod, Makefile or .pre-commit-config.yaml in ${cwd}`);
      // Every placeholder spelling left in the prompt is listed.
      for (const m of ps.prompt.matchAll(/\[(?:run )?project(?:[- ]specific)?[- ][a-z -]+command\]/gi)) expect(ps.unfilled.map((u) => u.placeholder)).toContain(m[0]);
      expect(ps.unfilled.length).toBeGreaterThanOrEqual(3);
      const missing = await conn.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'python-pro', project_dir: '/nonexistent/project' } });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toContain('PROJECT_DIR');
    } finally {
      await conn.close();
    }
  });

  it('each server keeps its own project profiles: a second server reads the project as it is now', async () => {
    const proj = FIXTURES.tsNpm();
    const config = testConfig({ noUser: true });
    const projectName = async (conn: Awaited<ReturnType<typeof connect>>): Promise<string | undefined> => {
      const r = await conn.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'container-infrastructure-engineer', project_dir: proj } });
      return (r.structuredContent as { project?: { name: string } }).project?.name;
    };
    const first = await connect(config);
    try {
      expect(await projectName(first)).toBe('ts-app');
    } finally {
      await first.close();
    }
    const pkg = path.join(proj, 'package.json');
    fs.writeFileSync(pkg, fs.readFileSync(pkg, 'utf8').replace('"ts-app"', '"ts-app-renamed"'));
    // The first server's recently detected profile is its own: the second detects the project afresh.
    const second = await connect(config);
    try {
      expect(await projectName(second)).toBe('ts-app-renamed');
    } finally {
      await second.close();
    }
  });

  it('MCP prompts use the configured project folder', async () => {
    const proj = FIXTURES.tsNpm();
    const conn = await connect(testConfig({ noUser: true, project: proj }));
    try {
      const p = await conn.client.getPrompt({ name: 'container-infrastructure-engineer' });
      const text = (p.messages[0]?.content as { text: string }).text;
      expect(text).toContain('`npm run test`');
      expect(text).not.toContain('[project-specific-test-command]');
    } finally {
      await conn.close();
    }
  });
});
