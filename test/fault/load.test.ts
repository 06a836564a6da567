/**
 * Load: 500 concurrent tool calls of mixed kinds on one stdio connection. Every call is answered, and
 * each answer equals the answer to the same call made alone (and, for the catalog tools, what the files say).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { agentFile, tempDir } from '../helpers/env.js';
import { assertCleanStdout, listNames, pick, rng, spawnRaw, writeTree, type JsonRpcMessage, type RawServer, type ToolResult } from './helpers.js';

const AGENTS = 40;
const FRAGMENTS = 10;
const name = (i: number): string => `load-${String(i).padStart(2, '0')}`;
const fragText = (k: number): string => `Fragment ${k} says: keep ${k} things in mind.\nSecond line of fragment ${k}.\n`;

interface ToolInfo {
  name: string;
  inputSchema: { properties?: Record<string, unknown>; required?: string[] };
  annotations?: { readOnlyHint?: boolean };
}

describe('load over stdio', () => {
  let server: RawServer | undefined;
  afterEach(() => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
  });

  it('answers 500 concurrent mixed tool calls on one connection, each correctly', async () => {
    const started = Date.now();
    const agents = tempDir('acm-load-agents-');
    const shared = tempDir('acm-load-shared-');
    const files: Record<string, string> = {};
    for (let i = 0; i < AGENTS; i++) {
      const body = `You are ${name(i)}.\n@~/.claude/shared-prompts/frag-${i % FRAGMENTS}.md\nEnd of ${name(i)}.\n`;
      files[`${i % 3 === 0 ? 'nested/deeper/' : ''}${name(i)}.md`] = agentFile(name(i), `Agent number ${i} of the load catalog; handles task ${i * 7}.`, body, i % 2 ? 'model: sonnet\ntools: Read, Grep\n' : '');
    }
    writeTree(agents, files);
    writeTree(shared, Object.fromEntries(Array.from({ length: FRAGMENTS }, (_, k) => [`frag-${k}.md`, fragText(k)])));
    server = spawnRaw(['--agents', agents, '--shared-prompts', shared, '--no-user', '--no-bundled']);
    const s = server;
    await s.initialize();

    // Which tools exist now: the catalog tools, plus any read-only tool callable without arguments.
    const toolsRes = await s.request('tools/list');
    const tools = (toolsRes.result as { tools: ToolInfo[] }).tools;
    const toolNames = tools.map((t) => t.name);
    expect(toolNames).toEqual(expect.arrayContaining(['list_agents', 'get_agent_prompt']));
    // Other read-only tools whose required inputs are simple (string, number, boolean, enum) get plain values.
    const simpleArgs = (t: ToolInfo): Record<string, unknown> | undefined => {
      const args: Record<string, unknown> = {};
      for (const key of t.inputSchema.required ?? []) {
        const prop = (t.inputSchema.properties?.[key] ?? {}) as { type?: string; enum?: unknown[]; minimum?: number; minLength?: number };
        if (prop.enum && prop.enum.length > 0) args[key] = prop.enum[0];
        else if (prop.type === 'string') args[key] = 'write python tests for a web api';
        else if (prop.type === 'integer' || prop.type === 'number') args[key] = Math.max(prop.minimum ?? 1, 1);
        else if (prop.type === 'boolean') args[key] = false;
        else return undefined;
      }
      return args;
    };
    const extra = tools
      .filter((t) => !['list_agents', 'get_agent_prompt'].includes(t.name) && t.annotations?.readOnlyHint === true)
      .flatMap((t) => {
        const args = simpleArgs(t);
        return args ? [{ ...t, args }] : [];
      });

    // The call mix.
    const rand = rng(500);
    type Call = { key: string; method: string; params: Record<string, unknown> };
    const kinds: Array<() => Call> = [
      () => ({ key: 'list:all', method: 'tools/call', params: { name: 'list_agents', arguments: {} } }),
      () => {
        const q = pick(rand, ['load-1', 'sonnet', 'task', 'number 3', 'grep', 'nothing-matches-this']);
        return { key: `list:q:${q}`, method: 'tools/call', params: { name: 'list_agents', arguments: { query: q } } };
      },
      () => ({ key: 'list:page1', method: 'tools/call', params: { name: 'list_agents', arguments: { limit: 7 } } }),
      () => {
        const src = pick(rand, ['flag', 'bundled', 'user', 'project']);
        return { key: `list:src:${src}`, method: 'tools/call', params: { name: 'list_agents', arguments: { source: src } } };
      },
      () => {
        const i = Math.floor(rand() * AGENTS);
        return { key: `prompt:${i}`, method: 'tools/call', params: { name: 'get_agent_prompt', arguments: { name: name(i) } } };
      },
      () => {
        const i = Math.floor(rand() * AGENTS);
        return { key: `prompt:${i}:refresh`, method: 'tools/call', params: { name: 'get_agent_prompt', arguments: { name: name(i), refresh: true } } };
      },
      () => {
        const typo = pick(rand, ['lod-01', 'load-4', 'load-077', 'nobody']);
        return { key: `prompt:unknown:${typo}`, method: 'tools/call', params: { name: 'get_agent_prompt', arguments: { name: typo } } };
      },
      ...extra.map((t) => (): Call => ({ key: `extra:${t.name}`, method: 'tools/call', params: { name: t.name, arguments: t.args } })),
    ];
    const calls: Call[] = Array.from({ length: 500 }, (_, i) => (kinds[i % kinds.length] as () => Call)());

    // Each distinct call answered alone first: the reference answer.
    const reference = new Map<string, JsonRpcMessage>();
    for (const c of calls) if (!reference.has(c.key)) reference.set(c.key, await s.request(c.method, c.params));
    const page1 = reference.get('list:page1')?.result as ToolResult;
    const cursor = (page1.structuredContent as { nextCursor?: string }).nextCursor;
    expect(cursor).toBeDefined();
    const page2Call: Call = { key: 'list:page2', method: 'tools/call', params: { name: 'list_agents', arguments: { limit: 7, cursor } } };
    reference.set(page2Call.key, await s.request(page2Call.method, page2Call.params));
    for (let i = 0; i < 25; i++) calls[i * 20] = page2Call;

    // The references are right on their own terms.
    const all = reference.get('list:all')?.result as ToolResult;
    expect(listNames(all)).toEqual(Array.from({ length: AGENTS }, (_, i) => name(i)));
    expect((all.structuredContent as { diagnostics: unknown[] }).diagnostics).toEqual([]);
    expect(listNames(page1)).toEqual(Array.from({ length: 7 }, (_, i) => name(i)));
    expect(listNames(reference.get('list:page2')?.result as ToolResult)).toEqual(Array.from({ length: 7 }, (_, i) => name(i + 7)));
    for (const [key, res] of reference) {
      const m = /^prompt:(\d+)/.exec(key);
      if (m) {
        const i = Number(m[1]);
        const prompt = ((res.result as ToolResult).structuredContent as { prompt: string }).prompt;
        expect(prompt).toContain(`You are ${name(i)}.`);
        expect(prompt).toContain(`<!-- BEGIN: frag-${i % FRAGMENTS}.md -->\n${fragText(i % FRAGMENTS)}<!-- END: frag-${i % FRAGMENTS}.md -->`);
        expect(prompt).toContain(`End of ${name(i)}.`);
      }
      if (key.startsWith('prompt:unknown:')) expect((res.result as ToolResult).isError).toBe(true);
      if (key.startsWith('extra:')) expect(res.error, `${key}: ${JSON.stringify(res.error)}`).toBeUndefined();
    }

    // Now all 500 at once, on the one connection.
    const ids = calls.map((_, i) => `load-${i}`);
    const answers = Promise.all(ids.map((id) => s.waitFor(id, 30_000)));
    const burstStart = Date.now();
    await s.write(calls.map((c, i) => JSON.stringify({ jsonrpc: '2.0', id: ids[i], method: c.method, params: c.params })).join('\n') + '\n');
    const got = await answers;
    const burstMs = Date.now() - burstStart;

    const mismatches: string[] = [];
    got.forEach((res, i) => {
      const call = calls[i] as Call;
      const ref = reference.get(call.key) as JsonRpcMessage;
      const strip = (m: JsonRpcMessage): unknown => ({ result: m.result, error: m.error });
      if (JSON.stringify(strip(res)) !== JSON.stringify(strip(ref))) mismatches.push(`${ids[i]} ${call.key}: ${JSON.stringify(strip(res)).slice(0, 200)}`);
    });
    expect(mismatches).toEqual([]);
    for (const id of ids) expect(s.responses.get(JSON.stringify(id))).toHaveLength(1);
    expect(s.badLines).toEqual([]);
    assertCleanStdout(s.stdoutBytes());
    console.log(
      `[fault] load: 500 concurrent calls (${new Set(calls.map((c) => c.key)).size} distinct calls; extra tools: ${extra.map((t) => t.name).join(', ') || 'none'}; not called (writes, or arguments that are not simple): ${
        tools
          .filter((t) => !['list_agents', 'get_agent_prompt'].includes(t.name) && !extra.some((x) => x.name === t.name))
          .map((t) => t.name)
          .join(', ') || 'none'
      }) answered in ${burstMs} ms; total ${Date.now() - started} ms`,
    );
    expect((await s.close()).code).toBe(0);
  }, 60_000);
});
