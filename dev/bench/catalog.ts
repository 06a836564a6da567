/**
 * Catalog benchmark: catalogs of 5 (bundled), ~640 (the public corpus) and 10,000 agents (corpus agents
 * under new names, with their shared prompts), measured over stdio with an SDK client against the built
 * CLI, and in process. Cold start, per-tool p50/p99 over ≥ 200 calls, peak RSS of the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import fg from 'fast-glob';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { resolveConfig } from '../../src/app/config.js';
import { closeContext, createContext } from '../../src/app/context.js';
import { createServer } from '../../src/mcp/server.js';
import { generateJournal } from './journal.js';
import { BENCH_TASKS, BIN, REPO_ROOT, percentile, type BenchRow } from './rows.js';
import type { AgentRecord } from '../../src/catalog/types.js';
import { buildSnapshot } from '../../src/catalog/load.js';

export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
const CORPUS_AGENT_DIRS = ['snits-claude-files/agent-templates', 'wshobson-agents', 'voltagent-subagents', '0xfurai-subagents'];
const CORPUS_PROMPTS = 'snits-claude-files/shared-prompts';

export interface CatalogFixture {
  label: string;
  agents: number;
  args: string[];
}

export function corpusFixture(): CatalogFixture | undefined {
  if (!fs.existsSync(CORPUS)) return undefined;
  const args = ['--no-user', '--no-bundled', '--shared-prompts', path.join(CORPUS, CORPUS_PROMPTS)];
  for (const d of CORPUS_AGENT_DIRS) args.push('--agents', path.join(CORPUS, d));
  return { label: 'corpus', agents: 640, args };
}

/** Corpus agents replicated under new names until `count`, with the snits shared prompts beside them. */
export function generateCatalog(dir: string, count: number): CatalogFixture | undefined {
  if (!fs.existsSync(CORPUS)) return undefined;
  const files = fg.sync(CORPUS_AGENT_DIRS.map((d) => `${d}/**/*.md`), { cwd: CORPUS, absolute: true }).sort();
  const agentsDir = path.join(dir, 'agents');
  const promptsDir = path.join(dir, 'shared-prompts');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(promptsDir, { recursive: true });
  fs.cpSync(path.join(CORPUS, CORPUS_PROMPTS), promptsDir, { recursive: true });
  let i = 0;
  const texts = files.map((f) => fs.readFileSync(f, 'utf8')).filter((t) => /^---\r?\n[\s\S]*?^name:/m.test(t));
  while (i < count) {
    for (const text of texts) {
      if (i >= count) break;
      const name = `agent-${String(i).padStart(5, '0')}`;
      const sub = path.join(agentsDir, `group-${Math.floor(i / 500)}`);
      if (i % 500 === 0) fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `${name}.md`), text.replace(/^name:.*$/m, `name: ${name}`));
      i++;
    }
  }
  return { label: `${count}`, agents: count, args: ['--no-user', '--no-bundled', '--agents', agentsDir, '--shared-prompts', promptsDir] };
}

export interface StdioSession {
  client: Client;
  transport: StdioClientTransport;
  pid: number | null;
  close(): Promise<void>;
}

export async function startStdio(args: string[], env: Record<string, string>): Promise<{ session: StdioSession; initMs: number }> {
  const started = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, ...args], env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  const initMs = performance.now() - started;
  return { session: { client, transport, pid: transport.pid, close: () => client.close() }, initMs };
}

/**
 * CPU time a process's main thread has used so far, in ms (Linux: /proc/<pid>/task/<pid>/schedstat);
 * undefined elsewhere. Unlike wall time it barely moves with the load other processes put on the machine.
 */
export function mainThreadCpuMs(pid: number | null): number | undefined {
  if (!pid) return undefined;
  try {
    const ns = Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Peak resident set of a process (VmHWM), in MB; undefined where /proc is not available. */
export function peakRssMb(pid: number | null): number | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function timeCalls(n: number, call: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const TASKS = BENCH_TASKS.slice(0, -1);

type ToolCall = { name: string; args: (i: number, names: string[]) => Record<string, unknown> };

const TOOL_CALLS: ToolCall[] = [
  { name: 'list_agents', args: () => ({}) },
  { name: 'get_agent_prompt', args: (i, names) => ({ name: names[(i * 7919) % names.length] ?? '' }) },
  { name: 'match_agents', args: (i) => ({ task: TASKS[i % TASKS.length] ?? '' }) },
  { name: 'route_task', args: (i) => ({ task: TASKS[i % TASKS.length] ?? '' }) },
  { name: 'search_journal', args: (i) => ({ query: (TASKS[i % TASKS.length] ?? '').split(' ').slice(1, 3).join(' ') }) },
];

async function agentNames(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const r = await client.callTool({ name: 'list_agents', arguments: cursor ? { limit: 1000, cursor } : { limit: 1000 } });
    const s = r.structuredContent as { agents: Array<{ name: string }>; nextCursor?: string };
    names.push(...s.agents.map((a) => a.name));
    cursor = s.nextCursor;
  } while (cursor);
  return names;
}

async function toolRows(client: Client, label: string, mode: string, calls: number, bars: { p50: number; p99: number } | undefined): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const { tools } = await client.listTools();
  const available = new Set(tools.map((t) => t.name));
  const names = await agentNames(client);
  // Steady state: wait (up to 30 s) for the background work after a load — the routing index warm-up —
  // to finish, so these rows measure the tools and not the warm-up competing with them. The cold-start
  // rows above measure the first requests.
  const until = performance.now() + 30_000;
  while (available.has('get_status') && performance.now() < until) {
    const st = await client.callTool({ name: 'get_status', arguments: {} });
    if ((st.structuredContent as { catalog?: { routingIndexReady?: boolean } } | undefined)?.catalog?.routingIndexReady !== false) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 200));
  for (const tool of TOOL_CALLS) {
    if (!available.has(tool.name)) continue;
    // Warm up (lazy indexes are built on first use; that cost shows in the cold-start rows, not here).
    for (let i = 0; i < 3; i++) await client.callTool({ name: tool.name, arguments: tool.args(i, names) });
    const { p50, p99 } = await timeCalls(calls, (i) => client.callTool({ name: tool.name, arguments: tool.args(i, names) }));
    rows.push(row(`${mode} ${tool.name} p50 (${label} agents)`, p50, 'ms', bars?.p50));
    rows.push(row(`${mode} ${tool.name} p99 (${label} agents)`, p99, 'ms', bars?.p99));
  }
  return rows;
}

function row(name: string, value: number, unit: string, bar?: number): BenchRow {
  const r: BenchRow = { name, value: Math.round(value * 100) / 100, unit };
  if (bar !== undefined) {
    r.bar = `< ${bar}`;
    r.pass = value < bar;
  }
  return r;
}

/**
 * Spawn → first match_agents answered, as the first call of a session: with no cache (the routing index is
 * built from the agent files) and over the cache the previous starts left. Median of 3 starts each.
 */
async function firstMatchRows(args: string[], cacheDir: string, home: string, label: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const cache of ['no cache', 'warm cache'] as const) {
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      if (cache === 'no cache') fs.rmSync(cacheDir, { recursive: true, force: true });
      const t0 = performance.now();
      const { session } = await startStdio(args, { HOME: home });
      await session.client.callTool({ name: 'match_agents', arguments: { task: TASKS[k % TASKS.length] ?? '' } });
      times.push(performance.now() - t0);
      await session.close();
    }
    times.sort((a, b) => a - b);
    rows.push(row(`stdio spawn → first match_agents (${label} agents, ${cache}, median of 3: min ${Math.round(times[0] ?? 0)}, max ${Math.round(times.at(-1) ?? 0)})`, percentile(times, 50), 'ms'));
  }
  return rows;
}

const kb = (s: string): number => Buffer.byteLength(s, 'utf8') / 1000;
const textOf = (r: Record<string, unknown>): string => ((r['content'] as Array<{ type: string; text?: string }> | undefined) ?? []).map((c) => c.text ?? '').join('');

/**
 * What answers cost a client's context: the tools/list response (and the output schemas in it), and
 * list_agents pages as text and as structuredContent (KB = 1,000 bytes of UTF-8 JSON / text).
 */
async function sizeRows(client: Client, label: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tools = await client.listTools();
  rows.push(row('tools/list response size', kb(JSON.stringify(tools)), 'KB', 20));
  rows.push(row('tools/list output schemas size', kb(JSON.stringify(tools.tools.map((t) => t.outputSchema ?? null))), 'KB'));
  // What a model is typically shown of a tool (the Anthropic tool format has no output schema).
  rows.push(row('tools/list names, descriptions and input schemas', kb(JSON.stringify(tools.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })))), 'KB'));
  const first = await client.callTool({ name: 'list_agents', arguments: {} });
  const text = textOf(first);
  rows.push(row(`list_agents default page (${label} agents): text`, kb(text), 'KB', 16));
  rows.push(row(`list_agents default page (${label} agents): structuredContent`, kb(JSON.stringify(first.structuredContent ?? {})), 'KB'));
  const cursor = (first.structuredContent as { nextCursor?: string } | undefined)?.nextCursor;
  if (cursor) {
    const second = await client.callTool({ name: 'list_agents', arguments: { cursor } });
    rows.push(row(`list_agents second page (${label} agents): text + structuredContent`, kb(textOf(second)) + kb(JSON.stringify(second.structuredContent ?? {})), 'KB'));
  }
  const all = await client.callTool({ name: 'list_agents', arguments: { limit: 1000 } });
  rows.push(row(`list_agents limit 1000 (${label} agents): text + structuredContent`, kb(textOf(all)) + kb(JSON.stringify(all.structuredContent ?? {})), 'KB'));
  return rows;
}

export interface CatalogBenchOptions {
  workDir: string;
  calls?: number;
  sizes?: Array<'bundled' | 'corpus' | '10000'>;
  log?: (line: string) => void;
}

export async function benchCatalog(options: CatalogBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const calls = options.calls ?? 200;
  const log = options.log ?? (() => undefined);
  const sizes = options.sizes ?? ['bundled', 'corpus', '10000'];
  const home = path.join(options.workDir, 'home');
  const journal = path.join(options.workDir, 'journal-1k');
  fs.mkdirSync(home, { recursive: true });
  generateJournal(journal, 1000);
  const journalArgs = ['--journal', path.join(journal, 'project'), '--user-journal', path.join(journal, 'user')];
  const fixtures: CatalogFixture[] = [];
  if (sizes.includes('bundled')) fixtures.push({ label: '5', agents: 5, args: ['--no-user'] });
  if (sizes.includes('corpus')) {
    const c = corpusFixture();
    if (c) fixtures.push(c);
  }
  if (sizes.includes('10000')) {
    log('generating 10,000-agent catalog…');
    const big = generateCatalog(path.join(options.workDir, 'catalog-10000'), 10_000);
    if (big) fixtures.push(big);
  }
  for (const fx of fixtures) {
    log(`catalog ${fx.label}: cold start…`);
    const cacheDir = path.join(options.workDir, `cache-${fx.label}`);
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const args = [...fx.args, ...journalArgs, '--cache-dir', cacheDir, '--no-watch'];
    // Targets of issue 17: first start (nothing cached) ≤ 600 ms and warm start ≤ 200 ms at 640 agents,
    // warm start ≤ 1 s at 10,000.
    const warmBar = fx.agents >= 10_000 ? 1000 : fx.agents >= 600 ? 200 : undefined;
    const coldBar = fx.agents >= 600 && fx.agents < 10_000 ? 600 : undefined;
    // The median of several starts, because single process starts on a shared 2-core machine vary by ±50 ms
    // from one second to the next. No cache: every start begins without one (the last one's cache is then
    // the warm cache).
    const warmStarts = fx.agents >= 10_000 ? 3 : 11;
    const coldStarts = fx.agents >= 10_000 ? 1 : 5;
    const steadyRows: BenchRow[] = [];
    for (const cache of ['no cache', 'warm cache'] as const) {
      const starts = cache === 'no cache' ? coldStarts : warmStarts;
      const inits: number[] = [];
      const lists: number[] = [];
      const cpus: number[] = [];
      for (let k = 0; k < starts; k++) {
        if (cache === 'no cache') fs.rmSync(cacheDir, { recursive: true, force: true });
        const t0 = performance.now();
        const { session, initMs } = await startStdio(args, { HOME: home });
        await session.client.callTool({ name: 'list_agents', arguments: {} });
        lists.push(performance.now() - t0);
        inits.push(initMs);
        const cpu = mainThreadCpuMs(session.pid);
        if (cpu !== undefined) cpus.push(cpu);
        if (cache === 'warm cache' && k === starts - 1) {
          log(`catalog ${fx.label}: stdio tool latency…`);
          steadyRows.push(...(await toolRows(session.client, fx.label, 'stdio', calls, fx.agents <= 1000 ? { p50: 5, p99: 25 } : undefined)));
          const rss = peakRssMb(session.pid);
          if (rss !== undefined) steadyRows.push(row(`server peak RSS (${fx.label} agents, 1,000 journal entries)`, rss, 'MB'));
          if (fx.agents < 10_000) steadyRows.push(...(await sizeRows(session.client, fx.label)));
        }
        await session.close();
      }
      inits.sort((a, b) => a - b);
      lists.sort((a, b) => a - b);
      const of = starts > 1 ? `, median of ${starts} starts (min ${Math.round(lists[0] ?? 0)}, max ${Math.round(lists[starts - 1] ?? 0)})` : '';
      rows.push(
        row(`stdio cold start → initialize (${fx.label} agents, ${cache}${starts > 1 ? `, median of ${starts}` : ''})`, percentile(inits, 50), 'ms'),
        row(`stdio cold start → first list_agents (${fx.label} agents, ${cache}${of})`, percentile(lists, 50), 'ms', cache === 'warm cache' ? warmBar : coldBar),
      );
      // The same starts as server main-thread CPU until the answer: comparable between runs on a busy machine.
      if (cpus.length === starts) {
        cpus.sort((a, b) => a - b);
        rows.push(row(`stdio cold start → first list_agents: server main-thread CPU (${fx.label} agents, ${cache}${starts > 1 ? `, median of ${starts}` : ''})`, percentile(cpus, 50), 'ms'));
      }
    }
    if (fx.agents < 10_000) rows.push(...(await firstMatchRows(args, cacheDir, home, fx.label)));
    rows.push(...steadyRows);
    log(`catalog ${fx.label}: in-process latency…`);
    const config = resolveConfig(
      { ...flagsFromArgs(args), noWatch: true },
      { cwd: options.workDir, home, env: {} },
    );
    const ctx = await createContext(config, undefined, { watch: false });
    const server = createServer(ctx);
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'bench-inproc', version: '1.0.0' });
    await server.connect(b);
    await client.connect(a);
    rows.push(...(await toolRows(client, fx.label, 'in-process', calls, undefined)));
    await client.close();
    await server.close();
    await closeContext(ctx);
  }
  return rows;
}

/** The few flags the bench passes, turned back into FlagValues for in-process runs. */
function flagsFromArgs(args: string[]): Parameters<typeof resolveConfig>[0] {
  const flags: Parameters<typeof resolveConfig>[0] = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1] ?? '';
    if (a === '--agents') (flags.agents ??= []).push(v);
    else if (a === '--shared-prompts') (flags.sharedPrompts ??= []).push(v);
    else if (a === '--journal') flags.journal = v;
    else if (a === '--user-journal') flags.userJournal = v;
    else if (a === '--cache-dir') flags.cacheDir = v;
    else if (a === '--no-user') flags.noUser = true;
    else if (a === '--no-bundled') flags.noBundled = true;
    else continue;
    if (a.startsWith('--') && !['--no-user', '--no-bundled'].includes(a)) i++;
  }
  return flags;
}

const RECORD_DIRS = [...CORPUS_AGENT_DIRS, 'snits-claude-files/agents'];

/** An agent record with its body as text, for in-process benches. */
export interface CorpusAgent {
  agent: AgentRecord;
  body: string;
}

/** `count` agent records for in-process benches: the corpus agents, then copies under new names (bodies in memory). */
export async function corpusRecords(count: number): Promise<CorpusAgent[] | undefined> {
  if (!fs.existsSync(CORPUS)) return undefined;
  const snap = await buildSnapshot({ sources: RECORD_DIRS.map((d) => ({ kind: 'flag' as const, dir: path.join(CORPUS, d), label: d })), sharedPromptDirs: [] });
  const base = [...snap.agents.values()].map((agent) => {
    const read = snap.bodies.read(agent);
    if (!read.ok) throw read.error;
    return { agent, body: read.body };
  });
  const out: CorpusAgent[] = [];
  for (let i = 0; out.length < count; i++) {
    const a = base[i % base.length];
    if (!a) break;
    out.push(i < base.length ? a : { agent: { ...a.agent, name: `${a.agent.name}-${Math.floor(i / base.length)}`, examples: [...a.agent.examples] }, body: a.body });
  }
  return out;
}
