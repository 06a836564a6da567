import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFile, connect, tempDir, textOf, testConfig, writeFiles, type Connected } from '../helpers/env.js';
import { generateCatalog, type GeneratedCatalog } from '../helpers/catalog-fixture.js';

let bundled: Connected;
/** A generated catalog of nested plugin agents and flat *-expert agents (one without frontmatter). */
let corpus: Connected;
let generated: GeneratedCatalog;

beforeAll(async () => {
  bundled = await connect(testConfig({ noUser: true }));
  generated = generateCatalog();
  corpus = await connect(testConfig({ agents: [generated.plugins, generated.flat], noUser: true, noBundled: true }));
});
afterAll(async () => {
  await bundled.close();
  await corpus.close();
});

describe('tools over an in-memory MCP connection', () => {
  it('lists the tools with schemas and read-only annotations', async () => {
    const { tools } = await bundled.client.listTools();
    for (const name of ['list_agents', 'get_agent_prompt']) {
      const tool = tools.find((t) => t.name === name);
      expect(tool?.outputSchema).toBeDefined();
      expect(tool?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
      for (const [, prop] of Object.entries((tool?.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) expect(prop.description).toBeTruthy();
    }
  });

  it('list_agents returns the bundled catalog with structured content and text', async () => {
    const r = await bundled.client.callTool({ name: 'list_agents', arguments: {} });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { agents: Array<{ name: string; source: string; exampleCount: number; boundaryCount: number }>; total: number };
    expect(s.total).toBe(5);
    expect(s.agents.map((a) => a.name)).toContain('python-pro');
    expect(s.agents.find((a) => a.name === 'python-pro')?.exampleCount).toBe(3);
    expect(s.agents.find((a) => a.name === 'infrastructure-specialist')?.boundaryCount).toBeGreaterThanOrEqual(5);
    expect(textOf(r)).toContain('5 agents');
  });

  it('list_agents pages with a cursor, filters by words and source, and reports diagnostics', async () => {
    const first = await corpus.client.callTool({ name: 'list_agents', arguments: { limit: 100 } });
    const s1 = first.structuredContent as {
      agents: Array<{ name: string }>;
      total: number;
      nextCursor?: string;
      diagnostics: Array<{ path: string; reason: string }>;
      shadowed: Array<{ name: string }>;
    };
    // Every file with frontmatter; names defined twice are counted once and reported as shadowed.
    expect(s1.total + s1.shadowed.length).toBe(generated.counts.plugins + generated.counts.flat);
    expect(s1.total).toBeGreaterThan(140);
    expect(s1.agents).toHaveLength(100);
    expect(s1.nextCursor).toBeDefined();
    expect(s1.diagnostics.map((d) => path.basename(d.path))).toEqual([path.basename(generated.noFrontmatter)]);
    const names = new Set(s1.agents.map((a) => a.name));
    let cursor = s1.nextCursor;
    while (cursor) {
      const next = await corpus.client.callTool({ name: 'list_agents', arguments: { limit: 100, cursor } });
      const s = next.structuredContent as { agents: Array<{ name: string }>; nextCursor?: string };
      for (const a of s.agents) names.add(a.name);
      cursor = s.nextCursor;
    }
    expect(names.size).toBe(s1.total);
    const filtered = await corpus.client.callTool({ name: 'list_agents', arguments: { query: 'kubernetes' } });
    const fs = filtered.structuredContent as { agents: Array<{ name: string; summary: string }>; total: number };
    expect(fs.total).toBeGreaterThan(0);
    for (const a of fs.agents) expect(`${a.name} ${a.summary}`.toLowerCase()).toContain('kubernetes');
    const bySource = await bundled.client.callTool({ name: 'list_agents', arguments: { source: 'user' } });
    expect((bySource.structuredContent as { total: number }).total).toBe(0);
  });

  it('list_agents text: one short line per agent, a page of 100 under 16 KB; skipped files and shadowed names once', async () => {
    const dir = tempDir('acm-list-');
    const other = tempDir('acm-list-other-');
    const files: Record<string, string> = {};
    const description = (i: number): string =>
      `Use this agent when you need a thorough specialist for topic number ${i}: it reviews designs, writes code, tests it, documents it and explains every decision it makes along the way to the team. ` +
      `<example>Context: a user needs topic ${i} handled. user: "please handle topic ${i} end to end" assistant: "I will use the specialist."</example>`;
    for (let i = 0; i < 130; i++) {
      const name = `specialist-agent-for-topic-${String(i).padStart(3, '0')}`;
      files[`${name}.md`] = agentFile(name, JSON.stringify(description(i)), `You are ${name}.\n\n## Boundaries\n\n- Hand off database work to database-specialist.\n`, 'model: sonnet\ntools: Read, Write, Edit, Bash, Grep, Glob\n');
    }
    files['broken-1.md'] = 'no frontmatter at all\n';
    files['broken-2.md'] = '---\nname: broken-two\n---\nno description\n';
    writeFiles(dir, files);
    writeFiles(other, { 'dup.md': agentFile('specialist-agent-for-topic-000', 'a second definition, shadowed') });
    const open = await connect(testConfig({ agents: [dir, other], noUser: true, noBundled: true }));
    try {
      type Page = { agents: Array<{ name: string; summary: string }>; total: number; nextCursor?: string; skippedCount: number; shadowedCount: number; diagnostics?: unknown[]; shadowed?: unknown[] };
      const first = await open.client.callTool({ name: 'list_agents', arguments: {} });
      const s1 = first.structuredContent as Page;
      const text = textOf(first);
      expect(s1.agents).toHaveLength(100);
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(16_000);
      const lines = text.split('\n');
      for (const a of s1.agents) {
        const line = lines.find((l) => l.startsWith(`- ${a.name} [flag] `));
        expect(line, a.name).toBeDefined();
        // The summary is cut at a word boundary, and the structured result keeps it whole.
        const shown = (line ?? '').slice(`- ${a.name} [flag] `.length).replace(/ \(.*\)$/, '');
        expect(shown.endsWith('…')).toBe(true);
        expect(a.summary.startsWith(`${shown.slice(0, -1)} `)).toBe(true);
      }
      expect(text).toContain('2 files skipped, 1 agent name shadowed: run `agent-catalog-mcp validate`');
      expect(text).not.toContain('broken-1.md');
      expect(s1).toMatchObject({ total: 130, skippedCount: 2, shadowedCount: 1 });
      expect(s1.diagnostics).toHaveLength(2);
      expect(s1.shadowed).toHaveLength(1);
      // Later pages carry the counts, not the lists again.
      const second = await open.client.callTool({ name: 'list_agents', arguments: { cursor: s1.nextCursor } });
      const s2 = second.structuredContent as Page;
      expect(s2.agents).toHaveLength(30);
      expect(s2).toMatchObject({ skippedCount: 2, shadowedCount: 1 });
      expect(s2.diagnostics).toBeUndefined();
      expect(s2.shadowed).toBeUndefined();
      expect(textOf(second)).toContain('2 files skipped');
    } finally {
      await open.close();
    }
  });

  it('get_agent_prompt compiles, and reports includes, unresolved and stale', async () => {
    const r = await bundled.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'container-infrastructure-engineer' } });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { prompt: string; includes: string[]; unresolved: Array<{ name: string }>; stale: string[]; frontmatter: Record<string, unknown> };
    expect(s.unresolved.map((u) => u.name)).toHaveLength(6);
    expect(s.stale).toEqual(['quality-gates.md', 'commit-requirements.md']);
    expect(s.includes).toContain('systematic-tool-utilization.md');
    expect(s.frontmatter.color).toBe('orange');
    expect(textOf(r)).toContain('# Container Infrastructure Engineer');
    const refreshed = await bundled.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'container-infrastructure-engineer', refresh: true } });
    expect((refreshed.structuredContent as { prompt: string }).prompt).not.toBe(s.prompt);
    const pie = await bundled.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'python-infrastructure-engineer' } });
    expect((pie.structuredContent as { provenance?: { compiledFrom?: string } }).provenance?.compiledFrom).toBe('python-infrastructure-engineer');
  });

  it('get_status reports the catalog, the journal and the semantic layer', async () => {
    const r = await bundled.client.callTool({ name: 'get_status', arguments: {} });
    const s = r.structuredContent as { catalog: { agents: number; sources: Array<{ kind: string }> }; journal: { state: string }; semantic: { enabled: boolean; state: string } };
    expect(s.catalog.agents).toBe(5);
    expect(s.catalog.sources.map((x) => x.kind)).toEqual(['project', 'bundled']);
    expect(typeof s.journal.state).toBe('string');
    // On by default: loading or loaded (the encoder is read in the background).
    expect(s.semantic.enabled).toBe(true);
    expect(['loading', 'ready']).toContain(s.semantic.state);
    // The routing index is built once match_agents has run (or by the background warm-up in servers).
    await bundled.client.callTool({ name: 'match_agents', arguments: { task: 'speed up a slow python loop' } });
    const after = await bundled.client.callTool({ name: 'get_status', arguments: {} });
    expect((after.structuredContent as { catalog: { routingIndexReady: boolean } }).catalog.routingIndexReady).toBe(true);
    expect(textOf(r)).toContain('catalog: 5 agents');
  });

  it('unknown names get isError with the closest names', async () => {
    const r = await bundled.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'pyhton-pro' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('UNKNOWN_AGENT');
    expect(textOf(r)).toContain('python-pro');
  });

  it('bad input is refused clearly and the server keeps serving', async () => {
    const cases: Array<Record<string, unknown>> = [
      { name: 42 },
      {},
      { name: '' },
      { name: 'x'.repeat(1024 * 1024) },
      { name: '../../etc/passwd' },
      { name: 'python-pro', refresh: 'yes' },
    ];
    for (const args of cases) {
      const r = await bundled.client.callTool({ name: 'get_agent_prompt', arguments: args });
      expect(r.isError, JSON.stringify(args).slice(0, 80)).toBe(true);
      expect(textOf(r).length).toBeGreaterThan(10);
      expect(textOf(r)).not.toContain('root:x:0');
    }
    for (const args of [{ limit: 0 }, { limit: 'ten' }, { cursor: 'garbage' }, { source: 'nowhere' }, { query: 'q'.repeat(1024 * 1024) }]) {
      const r = await bundled.client.callTool({ name: 'list_agents', arguments: args });
      expect(r.isError, JSON.stringify(args).slice(0, 80)).toBe(true);
    }
    const ok = await bundled.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'python-pro' } });
    expect(ok.isError).toBeFalsy();
  });
});

describe('prompts and resources', () => {
  it('every agent is a prompt with an optional task argument', async () => {
    const { prompts } = await bundled.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['container-infrastructure-engineer', 'infrastructure-specialist', 'python-engineer', 'python-infrastructure-engineer', 'python-pro']);
    expect(prompts[0]?.arguments).toEqual([{ name: 'task', description: expect.any(String), required: false }]);
    const p = await bundled.client.getPrompt({ name: 'python-pro', arguments: { task: 'speed up my loop' } });
    expect(p.messages).toHaveLength(2);
    expect((p.messages[0]?.content as { text: string }).text).toContain('# Python Pro - Systems Engineer');
    expect((p.messages[1]?.content as { text: string }).text).toContain('speed up my loop');
    const noTask = await bundled.client.getPrompt({ name: 'python-pro' });
    expect(noTask.messages).toHaveLength(1);
    await expect(bundled.client.getPrompt({ name: 'no-such-agent' })).rejects.toThrow(/No agent named/);
  });

  it('agent://{name} resources are listed and readable; the template is advertised', async () => {
    const { resourceTemplates } = await bundled.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(expect.arrayContaining(['agent://{name}', 'agent://{name}/card']));
    const { resources } = await bundled.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('agent://python-pro');
    const read = await bundled.client.readResource({ uri: 'agent://python-pro' });
    expect(read.contents[0]?.mimeType).toBe('text/markdown');
    expect((read.contents[0] as { text: string }).text).toContain('Delegation Strategy');
    const card = await bundled.client.readResource({ uri: 'agent://python-pro/card' });
    const cardJson = JSON.parse((card.contents[0] as { text: string }).text) as { name: string; boundaries: Array<{ to: string; inCatalog: boolean }>; examples: unknown[] };
    expect(cardJson.name).toBe('python-pro');
    expect(cardJson.examples).toHaveLength(3);
    expect(cardJson.boundaries.map((b) => b.to)).toEqual(expect.arrayContaining(['jax-pro', 'ml-expert', 'research-expert']));
    expect(cardJson.boundaries.every((b) => b.inCatalog === false)).toBe(true);
    await expect(bundled.client.readResource({ uri: 'agent://..%2F..%2Fetc%2Fpasswd' })).rejects.toThrow(/No agent named/);
    await expect(bundled.client.readResource({ uri: 'file:///etc/passwd' })).rejects.toThrow(/Unknown resource/);
  });
});

describe('while the first catalog load is still running', () => {
  it('route_task, match_agents, list_agents and name completion wait for it instead of failing', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`agent-${i}.md`] = agentFile(`agent-${i}`, `Tunes slow database queries, case ${i}`);
    writeFiles(dir, files);
    // A server does not wait for its catalog before answering initialize (as serve-stdio starts it).
    const c = await connect(testConfig({ agents: [dir], noUser: true, noBundled: true, noCache: true }), { waitForCatalog: false });
    try {
      expect(c.ctx.catalog.loaded).toBe(false);
      const [route, match, list, completion] = await Promise.all([
        c.client.callTool({ name: 'route_task', arguments: { task: 'tune a slow database query' } }),
        c.client.callTool({ name: 'match_agents', arguments: { task: 'tune a slow database query' } }),
        c.client.callTool({ name: 'list_agents', arguments: { limit: 1 } }),
        c.client.complete({ ref: { type: 'ref/resource', uri: 'agent://{name}' }, argument: { name: 'name', value: 'agent-39' } }),
      ]);
      expect(textOf(route)).not.toContain('not loaded');
      expect(route.isError).toBeFalsy();
      expect(['stay', 'handoff', 'pick']).toContain((route.structuredContent as { decision?: string }).decision);
      expect(match.isError).toBeFalsy();
      expect((list.structuredContent as { total: number }).total).toBe(400);
      expect(completion.completion.values).toContain('agent-399');
    } finally {
      await c.close();
    }
  });
});
