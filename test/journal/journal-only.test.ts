/**
 * Journal-only mode (`--only journal`): the tools of the reference private-journal server
 * (github.com/obra/private-journal-mcp, src/server.ts), with its names and argument shapes, and nothing
 * else, so agents whose prompts call `mcp__private-journal__search_journal` find the tool when this package
 * is registered as `private-journal`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournalServer } from '../../src/mcp/journal-server.js';
import { JournalService } from '../../src/journal/service.js';
import { silentLogger } from '../../src/shared/logger.js';
import { BIN, spawnServer } from '../helpers/stdio.js';
import { makeFixture, type Fixture } from './fixture.js';

/**
 * The reference server's tools/list input schemas, as its source declares them (descriptions left out):
 * property → JSON type, enum, items, default; and the required list.
 */
const REFERENCE: Record<string, { properties: Record<string, Record<string, unknown>>; required: string[] }> = {
  process_thoughts: {
    properties: {
      feelings: { type: 'string' },
      project_notes: { type: 'string' },
      user_context: { type: 'string' },
      technical_insights: { type: 'string' },
      world_knowledge: { type: 'string' },
    },
    required: [],
  },
  search_journal: {
    properties: {
      query: { type: 'string' },
      limit: { type: 'number', default: 10 },
      type: { type: 'string', enum: ['project', 'user', 'both'], default: 'both' },
      sections: { type: 'array', items: { type: 'string' } },
    },
    required: ['query'],
  },
  read_journal_entry: {
    properties: { path: { type: 'string' } },
    required: ['path'],
  },
  list_recent_entries: {
    properties: {
      limit: { type: 'number', default: 10 },
      type: { type: 'string', enum: ['project', 'user', 'both'], default: 'both' },
      days: { type: 'number', default: 30 },
    },
    required: [],
  },
};

/** The parts of a JSON Schema property that make its shape (what a caller may send), as the reference states them. */
function shapeOf(schema: { properties?: Record<string, Record<string, unknown>>; required?: string[] }) {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    const shape: Record<string, unknown> = { type: p.type };
    if (p.enum !== undefined) shape.enum = p.enum;
    if (p.items !== undefined) shape.items = { type: (p.items as { type?: unknown }).type };
    if (p.default !== undefined) shape.default = p.default;
    properties[name] = shape;
  }
  return { properties, required: [...(schema.required ?? [])].sort() };
}

describe('journal-only mode over MCP', () => {
  let fx: Fixture;
  let journal: JournalService;
  let client: Client;

  beforeAll(async () => {
    fx = makeFixture();
    journal = new JournalService(fx.config, silentLogger, { watch: false, reconcileMs: 0 });
    const server = createJournalServer({ journal });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: 'journal-only-test', version: '1.0.0' });
    await server.connect(serverTransport);
    await client.connect(clientTransport);
  });
  afterAll(async () => {
    await client.close();
    await journal.close();
    fx.cleanup();
  });

  it('lists exactly the reference tools, with the reference argument shapes', async () => {
    const { tools } = await client.listTools();
    // The reference server's order, as its tools/list gives it.
    expect(tools.map((t) => t.name)).toEqual(['process_thoughts', 'search_journal', 'read_journal_entry', 'list_recent_entries']);
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(REFERENCE).sort());
    for (const tool of tools) {
      const ref = REFERENCE[tool.name] as (typeof REFERENCE)[string];
      expect(shapeOf(tool.inputSchema as Parameters<typeof shapeOf>[0]), tool.name).toEqual({ properties: ref.properties, required: [...ref.required].sort() });
    }
  });

  it('offers nothing else: no prompts, resources or completions', async () => {
    const caps = client.getServerCapabilities() ?? {};
    expect(Object.keys(caps).sort()).toEqual(['tools']);
    await expect(client.listPrompts()).rejects.toThrow();
    await expect(client.listResources()).rejects.toThrow();
  });

  it('the tools work with the reference arguments: write feelings, find them, list and read them', async () => {
    const w = await client.callTool({ name: 'process_thoughts', arguments: { feelings: 'Relieved the ocelot migration finally passed.', project_notes: 'The ocelot table needs an index on owner.' } });
    expect(w.isError).toBeFalsy();
    const written = (w.structuredContent as { written: Array<{ path: string; type: string }> }).written;
    expect(written.map((x) => x.type).sort()).toEqual(['project', 'user']);
    const s = await client.callTool({ name: 'search_journal', arguments: { query: 'ocelot', limit: 5, type: 'both', sections: ['feelings'] } });
    expect((s.structuredContent as { results: Array<{ path: string }> }).results.map((r) => r.path)).toEqual(written.filter((x) => x.type === 'user').map((x) => x.path));
    // A fractional limit (the reference types it as a number) is rounded down.
    const recent = await client.callTool({ name: 'list_recent_entries', arguments: { limit: 1.7, type: 'project', days: 7 } });
    expect(recent.isError).toBeFalsy();
    expect((recent.structuredContent as { entries: Array<{ path: string }> }).entries.map((e) => e.path)).toEqual(written.filter((x) => x.type === 'project').map((x) => x.path));
    const read = await client.callTool({ name: 'read_journal_entry', arguments: { path: written[0]?.path } });
    expect((read.content as Array<{ text: string }>)[0]?.text).toContain('ocelot');
    const none = await client.callTool({ name: 'process_thoughts', arguments: {} });
    expect(none.isError).toBe(true);
  });
});

describe('agent-catalog-mcp --only journal (built CLI over stdio)', () => {
  it('serves the four reference tools from the configured journals', async () => {
    const fx = makeFixture();
    const server = await spawnServer(['--only', 'journal', '--journal', fx.project, '--user-journal', fx.user, '--no-watch'], { HOME: fx.home }, path.dirname(fx.project));
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(REFERENCE).sort());
      expect(Object.keys(server.client.getServerCapabilities() ?? {})).toEqual(['tools']);
      const s = await server.client.callTool({ name: 'search_journal', arguments: { query: 'zebrafish' } });
      expect((s.structuredContent as { results: Array<{ path: string }> }).results.map((r) => r.path)).toEqual([fx.files.current]);
      expect(server.transportErrors).toEqual([]);
    } finally {
      await server.close();
      fx.cleanup();
    }
  });

  it('refuses other values, subcommands and --http, exit 2', async () => {
    const home = makeFixture().home;
    const run = (args: string[]): Promise<{ code: number | null; err: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => resolve({ code, err }));
      });
    expect(await run(['--only', 'catalog'])).toMatchObject({ code: 2, err: expect.stringContaining('--only takes "journal"') });
    expect(await run(['--only', 'journal', 'list'])).toMatchObject({ code: 2, err: expect.stringContaining('mode of the stdio server') });
    expect(await run(['--only', 'journal', '--http'])).toMatchObject({ code: 2, err: expect.stringContaining('mode of the stdio server') });
  });
});
