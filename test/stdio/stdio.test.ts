import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, spawnServer } from '../helpers/stdio.js';
import { REPO_ROOT, tempDir } from '../helpers/env.js';
import { generateCatalog } from '../helpers/catalog-fixture.js';
import { eventually } from '../helpers/poll.js';

/**
 * Hang guard on the time from stdin closing (or a signal) to the exit. The server's own rule is "gone
 * within a second": its forced exit after 800 ms logs "forced exit", which is what the tests check.
 */
const EXIT_HANG_GUARD_MS = 6_000;

describe('the built CLI over stdio', () => {
  it('initializes, lists tools, answers both catalog tools; stdout carries only JSON-RPC', async () => {
    const home = tempDir();
    const server = await spawnServer(['--no-user', '--log-level', 'debug'], { HOME: home }, tempDir());
    try {
      expect(server.client.getServerVersion()?.name).toBe('agent-catalog-mcp');
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_agents', 'get_agent_prompt']));
      const list = await server.client.callTool({ name: 'list_agents', arguments: {} });
      expect((list.structuredContent as { total: number }).total).toBe(5);
      const prompt = await server.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'python-engineer' } });
      expect((prompt.structuredContent as { prompt: string }).prompt).toContain('## Core Responsibilities');
      const bad = await server.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'nope' } });
      expect(bad.isError).toBe(true);
      expect(server.transportErrors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('writes only JSON-RPC lines to stdout, and exits 0 by itself when stdin closes', async () => {
    const child = spawn(process.execPath, [BIN, '--no-user', '--log-level', 'debug'], { cwd: tempDir(), env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const send = (msg: unknown): boolean => child.stdin.write(JSON.stringify(msg) + '\n');
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_agents', arguments: {} } });
    await eventually(() => stdout, (out) => out.includes('"id":2'), { what: 'the answer to list_agents' });
    const closedAt = Date.now();
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exit).toBe(0);
    expect(stderr).not.toMatch(/forced exit/i);
    expect(Date.now() - closedAt).toBeLessThan(EXIT_HANG_GUARD_MS);
    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line).jsonrpc).toBe('2.0');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`exits 0 on ${signal}`, async () => {
      const child = spawn(process.execPath, [BIN, '--no-user'], { cwd: tempDir(), env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) + '\n');
      await eventually(() => stdout, (out) => out.includes('"id":1'), { what: 'the answer to ping' });
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const at = Date.now();
      child.kill(signal);
      expect(await exit).toBe(0);
      expect(stderr).not.toMatch(/forced exit/i);
      expect(Date.now() - at).toBeLessThan(EXIT_HANG_GUARD_MS);
    });
  }

  it('CLI subcommands: list, prompt, validate, --version, --help, unknown command', async () => {
    const run = (args: string[]): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: tempDir(), env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => resolve({ code, out, err }));
      });
    const list = await run(['list']);
    expect(list.code).toBe(0);
    expect(list.out).toContain('python-infrastructure-engineer');
    expect(list.out).toContain('5 agent(s)');
    // The bundled CLI writes its parse cache (a bundling mistake once made every write fail silently).
    const cacheDir = tempDir();
    const cached = await run(['list', '--cache-dir', cacheDir, '--log-level', 'debug']);
    expect(cached.err).not.toContain('not written');
    expect(fs.readdirSync(cacheDir).filter((f) => f.startsWith('parse-cache-'))).toHaveLength(1);
    const json = await run(['list', '--json']);
    expect(JSON.parse(json.out).total).toBe(5);
    const prompt = await run(['prompt', 'python-pro']);
    expect(prompt.out).toContain('# Python Pro - Systems Engineer');
    const unknown = await run(['prompt', 'pythn-pro']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('python-pro');
    // Out of the box: the seeds name six fragments nobody ships; warnings, exit 0 (--strict: errors).
    const validate = await run(['validate']);
    expect(validate.code).toBe(0);
    expect(validate.out).toContain('WARNING  6 unresolved include(s): fragment not found in any shared-prompt folder');
    expect(validate.out).toContain('  @~/.claude/shared-prompts/zen-mcp-tools-comprehensive.md: named by container-infrastructure-engineer');
    const strict = await run(['validate', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('UNRESOLVED 6 unresolved include(s)');
    // With shared prompts that have every fragment the seeds name (the generated catalog's).
    const valid = await run(['validate', '--shared-prompts', generateCatalog().sharedPrompts, '--agents', `${REPO_ROOT}/agents`, '--no-bundled']);
    expect(valid.out).not.toContain('unresolved');
    expect(valid.out).toMatch(/^OK$/m);
    expect(valid.code).toBe(0);
    const match = await run(['match', 'configure testcontainers so integration tests use a real PostgreSQL', '--json']);
    expect(match.code).toBe(0);
    expect(JSON.parse(match.out).matches[0].name).toBe('infrastructure-specialist');
    const route = await run(['route', 'train a PyTorch model on our tabular data', '--from', 'python-engineer', '--json']);
    const routed = JSON.parse(route.out) as { decision: string; handoffs: Array<{ to: string }> };
    expect(routed.decision).toBe('handoff');
    expect(routed.handoffs.map((h) => h.to)).toContain('ai-engineer');
    const version = await run(['--version']);
    expect(version.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await run(['--help'])).out).toContain('Usage:');
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown command');
  });
});
