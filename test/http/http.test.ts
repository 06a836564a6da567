/**
 * The built CLI as a team server (`node dist/bin.js --http --port 0`), driven by SDK clients over
 * Streamable HTTP and by raw HTTP requests. Loopback only; every loop is bounded.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connectHttpClient, isKnownTool, spawnHttpServer, toolArguments, type SpawnedHttpServer } from '../../dev/bench/http.js';
import { BIN } from '../helpers/stdio.js';
import { tempDir } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';
import { spawn } from 'node:child_process';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One raw HTTP request; the body may be `parts` written in order, `between` awaited before each part after the first. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; parts?: Array<string | Buffer>; between?: (req: http.ClientRequest) => Promise<void> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    // A server that answers before the whole body is sent may close the connection under us: the
    // response, if it came, is what counts.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    if (options.parts) {
      const parts = options.parts;
      void (async () => {
        for (let i = 0; i < parts.length; i++) {
          if (i > 0 && options.between) await options.between(req);
          req.write(parts[i] as string | Buffer);
        }
        req.end();
      })().catch(reject);
    } else {
      req.end(options.body);
    }
  });
}

const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });

/** A journal entry in the reference layout, so read_journal_entry has something to read. */
function writeJournalEntry(cwd: string): string {
  const rel = '2025-01-01/10-00-00-000000.md';
  const file = path.join(cwd, '.private-journal', rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '---\ntitle: "10:00:00 AM - January 1, 2025"\ndate: 2025-01-01T10:00:00.000Z\ntimestamp: 1735725600000\n---\n\n## Technical Insights\n\nThe HTTP team server answers statelessly.\n');
  return rel;
}

describe('the team server over Streamable HTTP (built CLI)', () => {
  const cwd = tempDir('acm-http-cwd-');
  const home = tempDir('acm-http-home-');
  const journalEntry = writeJournalEntry(cwd);
  const TOKEN = 'test-token-6f1d2c';
  let open: SpawnedHttpServer;
  let secured: SpawnedHttpServer;
  const clients: Client[] = [];
  const spawned: SpawnedHttpServer[] = [];

  beforeAll(async () => {
    const started = await Promise.allSettled([
      spawnHttpServer(['--no-user', '--no-watch'], { cwd, env: { HOME: home } }),
      spawnHttpServer(['--no-user', '--no-watch', '--token', TOKEN], { cwd, env: { HOME: home } }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') spawned.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    [open, secured] = spawned as [SpawnedHttpServer, SpawnedHttpServer];
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await Promise.all(spawned.map((s) => s.stop()));
  });

  it('serves the same surface as stdio: initialize, tools, prompts, resources; every tool answers', async () => {
    const client = await connectHttpClient(open.url);
    clients.push(client);
    expect(client.getServerVersion()?.name).toBe('agent-catalog-mcp');
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, prompts: {}, resources: {}, completions: {}, logging: {} });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_agents', 'get_agent_prompt']));
    const called: string[] = [];
    for (const tool of tools) {
      const args = toolArguments(tool, { agent: 'python-engineer', journalEntry });
      if (args === undefined) continue;
      const result = await client.callTool({ name: tool.name, arguments: args });
      expect(Array.isArray(result.content), tool.name).toBe(true);
      if (isKnownTool(tool.name)) expect(result.isError, `${tool.name}: ${JSON.stringify(result.content).slice(0, 300)}`).not.toBe(true);
      called.push(tool.name);
    }
    expect(called).toEqual(tools.map((t) => t.name));
    const list = await client.callTool({ name: 'list_agents', arguments: {} });
    expect((list.structuredContent as { total: number }).total).toBe(5);
    const prompts = await client.listPrompts();
    expect(prompts.prompts).toHaveLength(5);
    const prompt = await client.getPrompt({ name: 'python-engineer', arguments: { task: 'add tests' } });
    expect(prompt.messages.length).toBe(2);
    const read = await client.readResource({ uri: 'agent://python-engineer' });
    expect((read.contents[0] as { text: string }).text).toContain('## Core Responsibilities');
    expect(await client.ping()).toEqual({});
    await client.setLoggingLevel('info');
  });

  it('completes agent names for agent://{name}', async () => {
    const client = await connectHttpClient(open.url);
    clients.push(client);
    const r = await client.complete({ ref: { type: 'ref/resource', uri: 'agent://{name}' }, argument: { name: 'name', value: 'infra' } });
    // Prefix matches first, then the names containing the text.
    expect(r.completion).toEqual({ values: ['infrastructure-specialist', 'container-infrastructure-engineer', 'python-infrastructure-engineer'], total: 3, hasMore: false });
  });

  it('/healthz: 200 with counts only, no token needed', async () => {
    for (const server of [open, secured]) {
      const r = await rawRequest(`${server.origin}/healthz`, { method: 'GET' });
      expect(r.status).toBe(200);
      const body = JSON.parse(r.body) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 'ok', agents: 5 });
      expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['agents', 'status']));
      expect(r.body).not.toContain('/');
    }
  });

  it('with --token: missing or wrong token → 401 with WWW-Authenticate: Bearer; the right one works', async () => {
    const missing = await rawRequest(secured.url, { headers: MCP_HEADERS, body: INIT });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await rawRequest(secured.url, { headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}x` }, body: INIT });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer .*invalid_token/);
    const basic = await rawRequest(secured.url, { headers: { ...MCP_HEADERS, Authorization: `Basic ${TOKEN}` }, body: INIT });
    expect(basic.status).toBe(401);
    await expect(connectHttpClient(secured.url, 'not-the-token')).rejects.toThrow();
    const client = await connectHttpClient(secured.url, TOKEN);
    clients.push(client);
    const list = await client.callTool({ name: 'list_agents', arguments: {} });
    expect(list.isError).not.toBe(true);
  });

  it('foreign Host or Origin → 403 (DNS-rebinding protection); localhost names are fine', async () => {
    const evilHost = await rawRequest(open.url, { headers: { ...MCP_HEADERS, Host: 'evil.example.com' }, body: INIT });
    expect(evilHost.status).toBe(403);
    const evilOrigin = await rawRequest(open.url, { headers: { ...MCP_HEADERS, Origin: 'http://evil.example.com' }, body: INIT });
    expect(evilOrigin.status).toBe(403);
    // Checked before the token: a rebinding page never learns whether a token is needed.
    expect((await rawRequest(secured.url, { headers: { ...MCP_HEADERS, Host: 'evil.example.com' }, body: INIT })).status).toBe(403);
    const local = await rawRequest(open.url, { headers: { ...MCP_HEADERS, Host: `localhost:${open.port}`, Origin: `http://localhost:${open.port}` }, body: INIT });
    expect(local.status).toBe(200);
    expect(JSON.parse(local.body).result.serverInfo.name).toBe('agent-catalog-mcp');
  });

  it('request bodies over 4 MB → 413 (declared or streamed); GET/DELETE → 405; other paths → 404; bad JSON → 400', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 10, 0x20);
    const declared = await rawRequest(open.url, { headers: { ...MCP_HEADERS, 'Content-Length': String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const streamed = await rawRequest(open.url, { headers: { ...MCP_HEADERS, 'Transfer-Encoding': 'chunked' }, parts: [chunk, chunk, chunk, chunk, chunk] });
    expect(streamed.status).toBe(413);
    expect((await rawRequest(open.url, { method: 'GET', headers: { Accept: 'text/event-stream' } })).status).toBe(405);
    const del = await rawRequest(open.url, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('POST');
    expect((await rawRequest(`${open.origin}/other`, { headers: MCP_HEADERS, body: INIT })).status).toBe(404);
    expect((await rawRequest(open.url, { headers: MCP_HEADERS, body: '{"jsonrpc":' })).status).toBe(400);
    expect((await rawRequest(open.url, { headers: { ...MCP_HEADERS, 'Content-Type': 'text/plain' }, body: INIT })).status).toBe(415);
    // Still serving afterwards.
    expect((await rawRequest(open.url, { headers: MCP_HEADERS, body: INIT })).status).toBe(200);
  });

  it('refuses to start on a non-loopback address without a token (exit code 2, says why)', async () => {
    const child = spawn(process.execPath, [BIN, '--http', '--host', '0.0.0.0', '--port', '0', '--no-user'], { cwd, env: { PATH: process.env.PATH ?? '', HOME: home } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
    expect(stderr).toContain('--token');
  });

  it('two server processes on different ports over the same folders answer identically', async () => {
    const replica = await spawnHttpServer(['--no-user', '--no-watch'], { cwd, env: { HOME: home } });
    try {
      expect(replica.port).not.toBe(open.port);
      const answers = async (url: string): Promise<unknown[]> => {
        const client = await connectHttpClient(url);
        try {
          return [
            client.getServerCapabilities(),
            await client.listTools(),
            await client.callTool({ name: 'list_agents', arguments: {} }),
            await client.callTool({ name: 'get_agent_prompt', arguments: { name: 'python-engineer' } }),
            await client.callTool({ name: 'get_agent_prompt', arguments: { name: 'no-such-agent' } }),
            await client.listPrompts(),
            await client.getPrompt({ name: 'python-engineer' }),
            await client.listResources(),
            await client.listResourceTemplates(),
            await client.readResource({ uri: 'agent://python-engineer/card' }),
            await client.complete({ ref: { type: 'ref/resource', uri: 'agent://{name}' }, argument: { name: 'name', value: 'eng' } }),
          ];
        } finally {
          await client.close();
        }
      };
      const [a, b] = await Promise.all([answers(open.url), answers(replica.url)]);
      expect(b).toEqual(a);
    } finally {
      expect(await replica.stop()).toBe(0);
    }
  });

  it('200 concurrent HTTP clients each doing 10 calls all succeed', async () => {
    const N = 200;
    const CALLS = 10;
    const outcomes = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const client = await connectHttpClient(open.url, undefined, `load-${i}`);
        try {
          let ok = 0;
          for (let k = 0; k < CALLS; k++) {
            const result =
              k % 2 === 0
                ? await client.callTool({ name: 'list_agents', arguments: { limit: 5 } })
                : await client.callTool({ name: 'get_agent_prompt', arguments: { name: 'python-engineer' } });
            if (result.isError !== true && result.structuredContent) ok++;
          }
          return ok;
        } finally {
          await client.close();
        }
      }),
    );
    expect(outcomes).toEqual(Array.from({ length: N }, () => CALLS));
    // The time limit is a hang guard, not a speed check (throughput is measured by npm run bench).
  }, 120_000);

  it('SIGTERM: stops accepting, lets the request in flight finish, exits 0', async () => {
    const server = await spawnHttpServer(['--no-user', '--log-level', 'info'], { cwd, env: { HOME: home } });
    const half = Math.floor(INIT.length / 2);
    let signalled = false;
    const response = rawRequest(server.url, {
      // The server answers "100 Continue" as it takes the request in: from then on it is in flight.
      headers: { ...MCP_HEADERS, 'Content-Length': String(Buffer.byteLength(INIT)), Expect: '100-continue' },
      parts: [INIT.slice(0, half), INIT.slice(half)],
      between: async (req) => {
        await new Promise((resolve) => req.once('continue', resolve));
        server.child.kill('SIGTERM');
        signalled = true;
        // The rest of the body goes once the server is stopping, with this request in flight.
        await eventually(() => server.stderr(), (e) => /stopping \(SIGTERM\)/.test(e), { what: 'the server to log that it is stopping' });
        expect(server.stderr()).toMatch(/stopping \(SIGTERM\): 1 request\(s\) in flight/);
      },
    });
    const r = await response;
    expect(signalled).toBe(true);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).result.serverInfo.name).toBe('agent-catalog-mcp');
    expect(await server.exited).toBe(0);
    // No longer accepting.
    await expect(rawRequest(server.url, { headers: MCP_HEADERS, body: INIT })).rejects.toThrow();
  });
});
