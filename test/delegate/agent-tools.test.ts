/** Per-agent tools (--agent-tools): naming, selection, the more-than-40 guard, and tools/list_changed on reload. */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { assignToolNames, MAX_TOOL_NAME } from '../../src/delegate/agent-tools.js';
import type { FlagValues } from '../../src/app/config.js';
import { agentFile, tempDir, testConfig, textOf, writeFiles } from '../helpers/env.js';
import { spawnServer } from '../helpers/stdio.js';
import { eventually } from '../helpers/poll.js';
import { connectClient, memoryLogger, type Session } from './helpers.js';

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

async function open(flags: FlagValues, options: Parameters<typeof connectClient>[2] = {}): Promise<Session> {
  const session = await connectClient(testConfig({ noUser: true, ...flags }), new Client({ name: 'agent-tools-test', version: '1.0.0' }), options);
  sessions.push(session);
  return session;
}

async function agentToolNames(s: Session): Promise<string[]> {
  return (await s.client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith('agent_'));
}

function manyAgents(n: number): string {
  const dir = tempDir('acm-many-agents-');
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`a${i}.md`] = agentFile(`agent-${String(i).padStart(2, '0')}`, `Handles topic number ${i}`);
  writeFiles(dir, files);
  return dir;
}

describe('tool names for agents', () => {
  const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 6);

  it('keeps clean names, and gives changed names a hash: valid, at most 64 characters, distinct', () => {
    const long = 'x'.repeat(100);
    const names = ['python-pro', 'Weird Name!*', 'a.b', 'a_b', long, 'é-agent', 'UPPER_case-1'];
    const map = assignToolNames(names);
    expect(map.get('python-pro')).toBe('agent_python-pro');
    expect(map.get('a_b')).toBe('agent_a_b');
    expect(map.get('UPPER_case-1')).toBe('agent_UPPER_case-1');
    expect(map.get('a.b')).toBe(`agent_a_b_${hash('a.b')}`);
    expect(map.get('Weird Name!*')).toBe(`agent_Weird_Name___${hash('Weird Name!*')}`);
    expect(map.get(long)).toHaveLength(MAX_TOOL_NAME);
    const tools = [...map.values()];
    for (const t of tools) expect(t).toMatch(VALID);
    expect(new Set(tools).size).toBe(names.length);
  });

  it('shows a long agent name with control characters folded and cut in the tool title and description', async () => {
    const dir = tempDir('acm-long-name-');
    writeFiles(dir, { 'long.md': `---\nname: "long\\u0007name ${'y'.repeat(5000)}"\ndescription: Handles long names\n---\n\nBody\n` });
    const s = await open({ agents: [dir], noBundled: true, agentTools: 'all' });
    const listed = (await s.client.callTool({ name: 'list_agents', arguments: {} })).structuredContent as { agents: Array<{ name: string }> };
    expect(listed.agents[0]?.name).toContain('\u0007');
    expect(listed.agents[0]?.name.length).toBeGreaterThan(5000);
    const tools = (await s.client.listTools()).tools.filter((t) => t.name.startsWith('agent_'));
    expect(tools).toHaveLength(1);
    expect(tools[0]?.name).toMatch(VALID);
    expect(tools[0]?.title?.length).toBeLessThan(100);
    expect(tools[0]?.description?.length).toBeLessThan(400);
    expect(tools[0]?.title).not.toContain('\u0007');
    expect(tools[0]?.description).not.toContain('\u0007');
  });

  it('is deterministic whatever the order, and resolves a clash left after hashing with _2', () => {
    // An agent whose clean name is exactly what "a.b" would become.
    const squatter = `a_b_${hash('a.b')}`;
    const names = ['a.b', squatter, 'b'];
    const map = assignToolNames(names);
    expect(map.get(squatter)).toBe(`agent_${squatter}`);
    expect(map.get('a.b')).toBe(`agent_a_b_${hash('a.b')}_2`);
    expect(assignToolNames([...names].reverse())).toEqual(map);
  });
});

describe('--agent-tools over the protocol', () => {
  it('exposes the named agents as agent_<name> tools with a summary, a when-to-use line and {task, context}', async () => {
    const s = await open({ agentTools: 'python-pro,python-engineer,no-such-agent' });
    expect((await agentToolNames(s)).sort()).toEqual(['agent_python-engineer', 'agent_python-pro']);
    const tool = (await s.client.listTools()).tools.find((t) => t.name === 'agent_python-pro');
    const listed = (await s.client.callTool({ name: 'list_agents', arguments: { query: 'python-pro' } })).structuredContent as { agents: Array<{ name: string; summary: string }> };
    const summary = listed.agents.find((a) => a.name === 'python-pro')?.summary ?? '';
    expect(summary.length).toBeGreaterThan(20);
    expect(tool?.description?.startsWith(summary.slice(0, 100))).toBe(true);
    expect(tool?.description).toContain('\nUse it to hand python-pro a self-contained task');
    expect(Object.keys(tool?.inputSchema.properties ?? {})).toEqual(['task', 'context']);
    expect(tool?.inputSchema.required).toEqual(['task']);
    // No sampling, no runner: the call returns python-pro's brief.
    const r = (await s.client.callTool({ name: 'agent_python-pro', arguments: { task: 'Refactor this module' } })) as CallToolResult;
    expect(r.structuredContent).toMatchObject({ agent: 'python-pro', method: 'brief', status: 'brief' });
    expect(textOf(r)).toContain('# Delegation brief: python-pro');
  });

  it('source:S selects one source', async () => {
    const dir = manyAgents(3);
    const s = await open({ agents: [dir], agentTools: 'source:flag' });
    expect((await agentToolNames(s)).sort()).toEqual(['agent_agent-00', 'agent_agent-01', 'agent_agent-02']);
  });

  it('refuses to expose more than 40 agents without a name list or --agent-tools-max, and says how', async () => {
    const dir = manyAgents(41);
    const logger = memoryLogger();
    const refused = await open({ agents: [dir], noBundled: true, agentTools: 'all' }, { logger });
    expect(await agentToolNames(refused)).toEqual([]);
    const line = logger.lines.find((l) => l.startsWith('error: --agent-tools all selects 41 agents'));
    expect(line).toContain('more than 40');
    expect(line).toContain('--agent-tools NAME,NAME');
    expect(line).toContain('--agent-tools-max 41');
    // The delegate tool itself is still there.
    expect((await refused.client.listTools()).tools.some((t) => t.name === 'delegate')).toBe(true);

    const raised = await open({ agents: [dir], noBundled: true, agentTools: 'all', agentToolsMax: '41' });
    expect(await agentToolNames(raised)).toHaveLength(41);
    const names = Array.from({ length: 41 }, (_, i) => `agent-${String(i).padStart(2, '0')}`).join(',');
    const listed = await open({ agents: [dir], noBundled: true, agentTools: names });
    expect(await agentToolNames(listed)).toHaveLength(41);
  });

  it('adds and removes agent tools when the catalog reloads, with tools/list_changed', async () => {
    const dir = tempDir('acm-reload-tools-');
    writeFiles(dir, { 'one.md': agentFile('first-agent', 'the first agent') });
    const s = await open({ agents: [dir], noBundled: true, noWatch: false, agentTools: 'all' }, { watch: true });
    let changed = 0;
    s.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    await s.ctx.catalog.watchReady();
    expect(await agentToolNames(s)).toEqual(['agent_first-agent']);

    writeFiles(dir, { 'two.md': agentFile('second-agent', 'the second agent') });
    await eventually(async () => (await agentToolNames(s)).includes('agent_second-agent'), (ok) => ok, { timeoutMs: 10_000, what: 'agent_second-agent' });
    await eventually(() => changed >= 1, (ok) => ok, { timeoutMs: 10_000, what: 'tools/list_changed' });
    const afterAdd = changed;

    fs.rmSync(path.join(dir, 'one.md'));
    await eventually(async () => !(await agentToolNames(s)).includes('agent_first-agent'), (ok) => ok, { timeoutMs: 10_000, what: 'agent_first-agent to go' });
    await eventually(() => changed > afterAdd, (ok) => ok, { timeoutMs: 10_000, what: 'a second tools/list_changed' });
    expect(await agentToolNames(s)).toEqual(['agent_second-agent']);
    const gone = (await s.client.callTool({ name: 'agent_first-agent', arguments: { task: 'x' } })) as CallToolResult;
    expect(gone.isError).toBe(true);
  });

  it('one reload that adds two agents sends one tools/list_changed', async () => {
    const dir = tempDir('acm-reload-once-');
    writeFiles(dir, { 'one.md': agentFile('first-agent', 'the first agent') });
    const s = await open({ agents: [dir], noBundled: true, agentTools: 'all' });
    let changed = 0;
    s.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    expect(await agentToolNames(s)).toEqual(['agent_first-agent']);
    writeFiles(dir, { 'two.md': agentFile('second-agent', 'the second agent'), 'three.md': agentFile('third-agent', 'the third agent') });
    await s.ctx.catalog.reload();
    // Messages arrive in order: once this answer is in, every notification sent before it has been handled.
    expect((await agentToolNames(s)).sort()).toEqual(['agent_first-agent', 'agent_second-agent', 'agent_third-agent']);
    expect(changed).toBe(1);
    await s.ctx.catalog.reload();
    await agentToolNames(s);
    expect(changed).toBe(1);
  });

  it('over stdio, logs the refusal on stderr once the catalog has loaded', async () => {
    const dir = manyAgents(41);
    const home = tempDir('acm-home-');
    const server = await spawnServer(['--agents', dir, '--no-user', '--no-bundled', '--no-cache', '--agent-tools', 'all'], { HOME: home }, tempDir('acm-cwd-'));
    try {
      await eventually(() => server.stderr().includes('--agent-tools-max 41'), (ok) => ok, { timeoutMs: 20_000, what: 'the refusal on stderr' });
      const tools = (await server.client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('delegate');
      expect(tools.filter((t) => t.startsWith('agent_'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('over stdio, exposes the selected agents (after the first catalog load)', async () => {
    const dir = manyAgents(3);
    const server = await spawnServer(['--agents', dir, '--no-user', '--no-bundled', '--no-cache', '--agent-tools', 'all'], { HOME: tempDir('acm-home-') }, tempDir('acm-cwd-'));
    try {
      const names = async (): Promise<string[]> => (await server.client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith('agent_'));
      await eventually(async () => (await names()).length === 3, (ok) => ok, { timeoutMs: 20_000, what: 'three agent tools' });
      for (const n of await names()) expect(n).toMatch(VALID);
    } finally {
      await server.close();
    }
  });
});
