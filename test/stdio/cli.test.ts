/**
 * The built CLI as a new user meets it: versions and flags, the messages of a mistyped command, validate out
 * of the box, a catalog that ships its fragments beside its agents, and a server started by hand.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, spawnServer } from '../helpers/stdio.js';
import { agentFile, tempDir, writeFiles } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';
import { VERSION } from '../../src/shared/version.js';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function run(args: string[], env: Record<string, string> = {}, cwd = tempDir()): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: tempDir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('CLI flags and messages', () => {
  it('-v and --version print the version; --verbose is the long flag for info logs', async () => {
    for (const flag of ['-v', '--version', '-V']) {
      const r = await run([flag]);
      expect(r.code, flag).toBe(0);
      expect(r.out.trim()).toBe(VERSION);
    }
    const verbose = await run(['list', '--verbose', '--no-user']);
    expect(verbose.code).toBe(0);
    expect(verbose.out).toContain('5 agent(s)');
  });

  it('unknown flags get a did-you-mean and exit 2', async () => {
    const global = await run(['--agnets', '/tmp']);
    expect(global.code).toBe(2);
    expect(global.err).toContain('unknown option --agnets (did you mean --agents?)');
    const sub = await run(['list', '--josn']);
    expect(sub.code).toBe(2);
    expect(sub.err).toContain('unknown option --josn (did you mean --json?)');
    const far = await run(['list', '--frobnicate']);
    expect(far.code).toBe(2);
    expect(far.err).toContain('unknown option --frobnicate; see --help');
  });

  it('an --agents folder that does not exist is named, exit 2', async () => {
    const r = await run(['list', '--agents', '/nonexistent/agents-folder']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('agent folder (--agents / AGENT_CATALOG_AGENTS) does not exist: /nonexistent/agents-folder');
    const server = await run(['--agents', '/nonexistent/agents-folder']);
    expect(server.code).toBe(2);
    const env = await run(['list'], { AGENT_CATALOG_AGENTS: '/nonexistent/env-folder' });
    expect(env.code).toBe(2);
    expect(env.err).toContain('does not exist: /nonexistent/env-folder');
  });

  it('errors speak to a shell user: commands to run, not MCP tools to call', async () => {
    const r = await run(['prompt', 'pythn-pro', '--no-user']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('python-pro');
    expect(r.err).toContain('Run `agent-catalog-mcp list` to see every name');
    expect(r.err).not.toMatch(/list_agents/);
    const route = await run(['route', 'anything', '--from', 'pythn-pro', '--no-user']);
    expect(route.err).not.toMatch(/list_agents/);
    const read = await run(['journal', 'read', '/etc/passwd']);
    expect(read.code).toBe(1);
    expect(read.err).not.toMatch(/search_journal|list_recent_entries/);
  });

  it('--help says match and route exit 1 when nothing fits, and how validate exits', async () => {
    const help = (await run(['--help'])).out;
    expect(help).toMatch(/match "TASK"[^\n]*\n[^\n]*no agent fits/);
    expect(help).toContain('-v, --version');
    expect(help).toContain('validate [--strict] [--json]');
    const abstained = await run(['match', 'bake sourdough bread', '--no-user']);
    expect(abstained.code).toBe(1);
  });
});

describe('validate and list', () => {
  it('validate: exit 0 on the bundled catalog; --strict and --json agree on the exit code', async () => {
    const r = await run(['validate', '--no-user']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK with 6 warning\(s\)/);
    // Grouped: the shared reason once, then one line per fragment.
    expect(r.out.match(/fragment not found in any shared-prompt folder/g)).toHaveLength(1);
    const json = await run(['validate', '--no-user', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, strict: false });
    const strictJson = await run(['validate', '--no-user', '--json', '--strict']);
    expect(strictJson.code).toBe(1);
    expect(JSON.parse(strictJson.out)).toMatchObject({ ok: false, strict: true });
  });

  it('validate groups one missing fragment named by many agents into one line with a count', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`a${i}.md`] = agentFile(`agent-${i}`, `Agent number ${i}.`, 'Body.\n\n@~/.claude/shared-prompts/nowhere.md\n');
    writeFiles(dir, files);
    const r = await run(['validate', '--agents', dir, '--no-user', '--no-bundled']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('WARNING  1 unresolved include(s)');
    expect(r.out).toContain('@~/.claude/shared-prompts/nowhere.md: named by 8 agents: agent-0, agent-1, agent-2, agent-3, agent-4 and 3 more');
  });

  it('a shared-prompts folder inside an --agents folder is used for fragments, not read as agents', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'agents/helper.md': agentFile('helper', 'Helps.', 'You help.\n\n@~/.claude/shared-prompts/house-rules.md\n'),
      'shared-prompts/house-rules.md': '## House Rules\n\nAlways measure first.\n',
      'shared-prompts/more-rules.md': '## More Rules\n\nNo frontmatter here.\n',
    });
    const v = await run(['validate', '--agents', dir, '--no-user', '--no-bundled']);
    expect(v.out).not.toContain('SKIPPED');
    expect(v.out).toContain(`shared prompts: ${path.join(dir, 'shared-prompts')}`);
    expect(v.code).toBe(0);
    const p = await run(['prompt', 'helper', '--agents', dir, '--no-user', '--no-bundled', '--no-fill']);
    expect(p.out).toContain('<!-- BEGIN: house-rules.md -->');
    expect(p.out).toContain('Always measure first.');
  });

  it('list --json reports the same boundaryCount as list_agents over MCP', async () => {
    const home = tempDir();
    const cwd = tempDir();
    const cli = JSON.parse((await run(['list', '--json', '--no-user'], { HOME: home }, cwd)).out) as { agents: Array<{ name: string; boundaryCount: number }> };
    const server = await spawnServer(['--no-user', '--no-watch'], { HOME: home }, cwd);
    try {
      const r = await server.client.callTool({ name: 'list_agents', arguments: {} });
      const mcp = (r.structuredContent as { agents: Array<{ name: string; boundaryCount: number }> }).agents;
      expect(cli.agents.map((a) => [a.name, a.boundaryCount])).toEqual(mcp.map((a) => [a.name, a.boundaryCount]));
      expect(cli.agents.find((a) => a.name === 'infrastructure-specialist')?.boundaryCount).toBeGreaterThanOrEqual(5);
    } finally {
      await server.close();
    }
  });
});

describe('the server started by hand', () => {
  it('get_status right after start names the journal roots of a journal with entries', async () => {
    const home = tempDir();
    const cwd = tempDir();
    writeFiles(cwd, { '.private-journal/2025-05-27/20-16-46-123456.md': '---\ntitle: "8:16:46 PM - May 27, 2025"\ndate: 2025-05-27T20:16:46.123Z\ntimestamp: 1748376006123\n---\n\n## Project Notes\n\nThe cache is keyed by path.\n' });
    const server = await spawnServer(['--no-user'], { HOME: home }, cwd);
    try {
      const r = await server.client.callTool({ name: 'get_status', arguments: {} });
      const roots = (r.structuredContent as { journal: { roots: Array<{ path: string; types: string[]; exists: boolean }> } }).journal.roots;
      expect(roots).toContainEqual({ path: fs.realpathSync(path.join(cwd, '.private-journal')), types: ['project'], exists: true });
      expect(roots.map((x) => x.types.join())).toEqual(['project', 'user']);
    } finally {
      await server.close();
    }
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  if (!hasScript) console.log('[cli] skipped the terminal test: the `script` command (util-linux), which gives the server a terminal, is not installed');
  it.skipIf(!hasScript)('in a terminal (stdin is a TTY) it says on stderr that it is an MCP server waiting on stdio', async () => {
    // `script` runs the server with a pseudo-terminal as stdin/stdout/stderr and copies what it prints.
    const child = spawn('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --no-user --no-watch`, '/dev/null'], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH ?? '', HOME: tempDir(), TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await eventually(() => out.includes('waiting for a client on stdio'), (ok) => ok, { timeoutMs: 15_000, what: 'the terminal line' });
      expect(out).toContain('agent-catalog-mcp --help');
      expect(out.split('\n').filter((l) => l.includes('agent-catalog-mcp:'))).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('with a pipe on stdin (how MCP clients start it) it prints nothing', async () => {
    const server = await spawnServer(['--no-user', '--no-watch']);
    try {
      await server.client.ping();
      expect(server.stderr()).not.toContain('waiting for a client');
    } finally {
      await server.close();
    }
  });
});
