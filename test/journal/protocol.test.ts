/** The journal tools over MCP: an SDK Client connected in memory to createServer(ctx). */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itIndexed } from '../helpers/sqlite.js';
import { closeContext, createContext, type ServerContext } from '../../src/app/context.js';
import { createServer } from '../../src/mcp/server.js';
import { makeFixture, type Fixture } from './fixture.js';

type Result = CallToolResult & { structuredContent?: Record<string, unknown> };

describe('journal tools over MCP', () => {
  let fx: Fixture;
  let ctx: ServerContext;
  let client: Client;
  let close: () => Promise<void>;

  const call = async (name: string, args: Record<string, unknown>): Promise<Result> => (await client.callTool({ name, arguments: args })) as Result;
  const text = (r: Result): string => (r.content[0] as { text: string }).text;

  beforeAll(async () => {
    fx = makeFixture();
    ctx = await createContext(fx.config, undefined, { watch: false });
    const server = createServer(ctx);
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: 'journal-test', version: '1.0.0' });
    await server.connect(serverTransport);
    await client.connect(clientTransport);
    close = async () => {
      await client.close();
      await server.close();
      await closeContext(ctx);
    };
    await ctx.journal.whenReady();
  });
  afterAll(async () => {
    await close();
    fx.cleanup();
  });

  it('lists the five tools with the reference names, described inputs and annotations', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of ['search_journal', 'read_journal_entry', 'list_recent_entries', 'read_recent_entries', 'process_thoughts']) {
      const tool = byName.get(name);
      expect(tool, name).toBeDefined();
      expect(tool?.outputSchema, name).toBeDefined();
      const props = (tool?.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
      for (const [prop, schema] of Object.entries(props)) expect(schema.description, `${name}.${prop}`).toBeTruthy();
      const a = tool?.annotations;
      expect([a?.readOnlyHint, a?.openWorldHint].every((v) => typeof v === 'boolean'), name).toBe(true);
      // destructiveHint and idempotentHint mean something only for a tool that writes (readOnlyHint false).
      if (a?.readOnlyHint === false) expect([a.destructiveHint, a.idempotentHint].every((v) => typeof v === 'boolean'), name).toBe(true);
      else expect(a, name).toEqual({ readOnlyHint: true, openWorldHint: false });
    }
    expect(byName.get('process_thoughts')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false });
    expect(byName.get('search_journal')?.inputSchema.required).toEqual(['query']);
    expect(Object.keys(byName.get('search_journal')?.inputSchema.properties ?? {}).sort()).toEqual(['limit', 'mode', 'query', 'sections', 'type']);
    expect(Object.keys(byName.get('list_recent_entries')?.inputSchema.properties ?? {}).sort()).toEqual(['days', 'limit', 'type']);
    expect(Object.keys(byName.get('process_thoughts')?.inputSchema.properties ?? {}).sort()).toEqual(
      ['feelings', 'observations', 'project_notes', 'reflections', 'technical_insights', 'user_context', 'world_knowledge'].sort(),
    );
  });

  itIndexed('search_journal: ranked results with excerpts, filters in either spelling', async () => {
    const r = await call('search_journal', { query: 'debounce chokidar', limit: 5 });
    expect(r.isError).toBeFalsy();
    const sc = r.structuredContent as { results: Array<{ path: string; type: string; excerpt: string; sections: string[] }>; indexed: boolean };
    expect(sc.indexed).toBe(true);
    expect(sc.results[0]?.path).toBe(fx.files.current);
    expect(sc.results[0]?.type).toBe('user');
    expect(text(r)).toContain('Excerpt:');
    const a = await call('search_journal', { query: 'debounce', sections: ['technical_insights'] });
    const b = await call('search_journal', { query: 'debounce', sections: ['Technical Insights'] });
    expect(a.structuredContent).toEqual(b.structuredContent);
    const none = await call('search_journal', { query: 'pelican', type: 'user' });
    expect((none.structuredContent as { results: unknown[] }).results).toEqual([]);
    expect(text(none)).toMatch(/No relevant entries/);
  });

  it('search_journal: bad input is answered with isError and a fix', async () => {
    const empty = await call('search_journal', { query: '' });
    expect(empty.isError).toBe(true);
    expect(text(empty)).toMatch(/query is empty/);
    const missing = await call('search_journal', {});
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/query/);
    const badType = await call('search_journal', { query: 'x', type: 'everything' });
    expect(badType.isError).toBe(true);
    expect(text(badType)).toMatch(/project.*user.*both/);
    const badLimit = await call('search_journal', { query: 'x', limit: 0 });
    expect(badLimit.isError).toBe(true);
    expect(text(badLimit)).toMatch(/limit must be at least 1/);
  });

  it('read_journal_entry: reads inside the roots, refuses everything else', async () => {
    const ok = await call('read_journal_entry', { path: fx.files.heading });
    expect(ok.isError).toBeFalsy();
    expect(text(ok)).toContain('quokka');
    expect((ok.structuredContent as { sectionTexts: Record<string, string> }).sectionTexts.Feelings).toContain('quokka');
    for (const [input, why] of [
      ['../../etc/passwd', /only journal entries/],
      [fx.files.secret, /outside the journal roots/],
      [fx.files.linkOut, /symlink pointing outside/],
      [fx.files.notMd, /\.md/],
      ['2099-01-01/00-00-00-000000.md', /No journal entry/],
    ] as const) {
      const r = await call('read_journal_entry', { path: input });
      expect(r.isError, String(input)).toBe(true);
      expect(text(r), String(input)).toMatch(why);
    }
  });

  it('list_recent_entries and read_recent_entries', async () => {
    const list = await call('list_recent_entries', { days: 30 });
    const entries = (list.structuredContent as { entries: Array<{ path: string }> }).entries;
    expect(entries.map((e) => e.path)).toEqual([fx.files.current, fx.files.noSidecar, fx.files.crlf]);
    expect(text(list)).toMatch(/Recent entries \(last 30 days\)/);
    const project = await call('list_recent_entries', { type: 'project', limit: 1 });
    expect((project.structuredContent as { entries: Array<{ path: string }> }).entries.map((e) => e.path)).toEqual([fx.files.crlf]);
    const read = await call('read_recent_entries', { limit: 1 });
    const full = (read.structuredContent as { entries: Array<{ path: string; content: string }> }).entries;
    expect(full).toHaveLength(1);
    expect(full[0]?.content).toContain('zebrafish');
    const bad = await call('list_recent_entries', { days: -1 });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/days must be more than 0/);
  });

  it('process_thoughts: writes, is searchable at once, refuses an empty call', async () => {
    const r = await call('process_thoughts', { project_notes: 'The cassowary module owns routing.', feelings: 'Calm about the cassowary.' });
    expect(r.isError).toBeFalsy();
    const written = (r.structuredContent as { written: Array<{ path: string; type: string; sections: string[] }> }).written;
    expect(written.map((w) => [w.type, w.sections])).toEqual([
      ['project', ['Project Notes']],
      ['user', ['Feelings']],
    ]);
    expect(fs.readFileSync(written[0]?.path ?? '', 'utf8')).toMatch(/^---\ntitle: ".+"\ndate: .+\ntimestamp: \d+\n---\n\n## Project Notes\n\nThe cassowary module owns routing\.\n$/);
    expect(path.dirname(path.dirname(written[0]?.path ?? ''))).toBe(fs.realpathSync(fx.project));
    const found = await call('search_journal', { query: 'cassowary' });
    expect((found.structuredContent as { results: unknown[] }).results).toHaveLength(2);
    const empty = await call('process_thoughts', {});
    expect(empty.isError).toBe(true);
    expect(text(empty)).toMatch(/at least one non-empty field/);
    const blank = await call('process_thoughts', { reflections: '   ' });
    expect(blank.isError).toBe(true);
    const wrongType = await call('process_thoughts', { reflections: 42 });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/text/);
  });
});
