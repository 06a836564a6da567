/**
 * delegate on the team server (built CLI, --http, stateless): sampling cannot work there (the server cannot
 * ask the client back), even for a client that declares it, so delegate falls back to the runner or to a
 * brief and says why. An --agent-tools selection that is too big stops the start with exit code 2.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { spawnHttpServer, type SpawnedHttpServer } from '../../dev/bench/http.js';
import { agentFile, tempDir, textOf, writeFiles } from '../helpers/env.js';
import { stubCommand } from './helpers.js';

const servers: SpawnedHttpServer[] = [];
const clients: Client[] = [];
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  for (const s of servers) await s.stop();
});

function agentsDir(n = 1): string {
  const dir = tempDir('acm-http-deleg-');
  const files: Record<string, string> = { 'plain.md': agentFile('plain-helper', 'Writes release notes', 'You write release notes.\n') };
  for (let i = 1; i < n; i++) files[`a${i}.md`] = agentFile(`extra-${i}`, `Handles topic ${i}`);
  writeFiles(dir, files);
  return dir;
}

/** A client that declares sampling (and would answer it), as VS Code does. */
async function samplingClient(url: string): Promise<{ client: Client; asked: () => number }> {
  let asked = 0;
  const client = new Client({ name: 'http-sampling', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, () => {
    asked++;
    return { role: 'assistant', content: { type: 'text', text: 'should not be asked' }, model: 'm' };
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  clients.push(client);
  return { client, asked: () => asked };
}

describe('delegate over stateless HTTP', () => {
  it('falls back to the runner and says sampling is not available', async () => {
    const server = await spawnHttpServer(['--no-user', '--no-bundled', '--no-cache', '--agents', agentsDir(), '--runner-command', stubCommand('echo', '--task {task}')]);
    servers.push(server);
    const { client, asked } = await samplingClient(server.url);
    const r = (await client.callTool({ name: 'delegate', arguments: { agent: 'plain-helper', task: 'notes for $(whoami)' } })) as CallToolResult;
    expect(r.isError).toBeFalsy();
    const out = r.structuredContent as { method: string; status: string; skipped: string[]; answer: string };
    expect(out).toMatchObject({ method: 'runner', status: 'answered' });
    expect(out.skipped).toEqual(['sampling: not available over stateless HTTP (the server cannot send requests back to the client)']);
    expect((JSON.parse(out.answer) as { argv: string[] }).argv).toEqual(['--task', 'notes for $(whoami)']);
    expect(textOf(r)).toContain('Not used: sampling: not available over stateless HTTP');
    expect(asked()).toBe(0);
  });

  it('falls back to a brief without a runner, and says why', async () => {
    const server = await spawnHttpServer(['--no-user', '--no-bundled', '--no-cache', '--agents', agentsDir()]);
    servers.push(server);
    const { client, asked } = await samplingClient(server.url);
    const r = (await client.callTool({ name: 'delegate', arguments: { agent: 'plain-helper', task: 'notes' } })) as CallToolResult;
    const out = r.structuredContent as { method: string; skipped: string[]; brief: string };
    expect(out.method).toBe('brief');
    expect(out.skipped[0]).toContain('not available over stateless HTTP');
    expect(out.brief).toContain('You write release notes.');
    expect(textOf(r)).toContain('not available over stateless HTTP');
    expect(asked()).toBe(0);
  });

  it('refuses to start (exit code 2) when --agent-tools selects more than the limit', async () => {
    const start = spawnHttpServer(['--no-user', '--no-bundled', '--no-cache', '--agents', agentsDir(41), '--agent-tools', 'all']);
    await expect(start).rejects.toThrow(/exited with code 2[\s\S]*--agent-tools all selects 41 agents, more than 40[\s\S]*--agent-tools-max 41/);
  });

  it('serves the per-agent tools it was asked for', async () => {
    const server = await spawnHttpServer(['--no-user', '--no-bundled', '--no-cache', '--agents', agentsDir(3), '--agent-tools', 'plain-helper,extra-2']);
    servers.push(server);
    const { client } = await samplingClient(server.url);
    const names = (await client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith('agent_'));
    expect(names.sort()).toEqual(['agent_extra-2', 'agent_plain-helper']);
  });
});
