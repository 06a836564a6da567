/**
 * HTTP benchmark: the built CLI as a team server (`--http --port 0`) over the ~640-agent corpus
 * (`../shared/corpus`), measured with SDK clients over Streamable HTTP on loopback:
 *   - p50 / p99 of every tool (sequential calls from one client, bounded in count and time);
 *   - requests per second for `match_agents` (or `list_agents` when it does not exist) with 32 concurrent
 *     clients, bounded in time and total calls.
 *
 * Run directly (`node dist-dev/dev/bench/http.js [--json]`) or call benchHttp() from the bench runner.
 * Also exports the helpers the HTTP tests use (spawnHttpServer, connectHttpClient, toolArguments).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { BIN, REPO_ROOT, formatTable, percentile, type BenchRow } from './rows.js';

export type { BenchRow };

/** The corpus catalog folders (each passed with --agents) and its shared prompts. */
export function corpusArgs(corpus = path.resolve(REPO_ROOT, '../shared/corpus')): string[] | undefined {
  const agentDirs = ['snits-claude-files/agent-templates', 'snits-claude-files/agents', 'wshobson-agents', 'voltagent-subagents', '0xfurai-subagents'].map((d) => path.join(corpus, d));
  if (!agentDirs.every((d) => fs.existsSync(d))) return undefined;
  return [...agentDirs.flatMap((d) => ['--agents', d]), '--shared-prompts', path.join(corpus, 'snits-claude-files/shared-prompts')];
}

// ---------------------------------------------------------------------------------------------------------------
// A spawned team server

export interface SpawnedHttpServer {
  child: ChildProcess;
  /** The MCP endpoint, as printed by the server. */
  url: string;
  /** http://host:port */
  origin: string;
  port: number;
  stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Send a signal (default SIGTERM) and wait for the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export interface SpawnOptions {
  cwd?: string;
  /** Environment (PATH and a temp HOME are added unless given). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Spawn `node dist/bin.js --http [--port 0] ARGS` and wait for its `listening on http://HOST:PORT/mcp` line on stderr. */
export function spawnHttpServer(args: readonly string[], options: SpawnOptions = {}): Promise<SpawnedHttpServer> {
  const cwd = options.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), 'acm-http-cwd-'));
  const env = { PATH: process.env.PATH ?? '', HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'acm-http-home-')), ...options.env };
  const portArgs = args.includes('--port') ? [] : ['--port', '0'];
  const child = spawn(process.execPath, [BIN, '--http', ...portArgs, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${options.timeoutMs ?? 20_000} ms; stderr:\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/(\S+?):(\d+))\/mcp/.exec(stderr);
      if (m && m[1] && m[3]) {
        clearTimeout(timer);
        const origin = m[1];
        resolve({
          child,
          url: `${origin}/mcp`,
          origin,
          port: Number(m[3]),
          stderr: () => stderr,
          exited,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening; stderr:\n${stderr}`));
    });
  });
}

/** An SDK client connected over Streamable HTTP (with a bearer token when given). */
export async function connectHttpClient(url: string, token?: string, name = 'http-client'): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), token === undefined ? undefined : { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

// ---------------------------------------------------------------------------------------------------------------
// Valid arguments for every tool

export interface ToolArgumentContext {
  /** An agent name in the catalog. */
  agent: string;
  /** A journal entry path (for read_journal_entry), when one exists. */
  journalEntry?: string;
}

const TASK = 'write unit tests for a python package and set up linting in CI';

/** Known tools: arguments that make a successful call. */
const KNOWN: Record<string, (c: ToolArgumentContext) => Record<string, unknown> | undefined> = {
  list_agents: () => ({}),
  get_agent_prompt: (c) => ({ name: c.agent }),
  get_project_profile: () => ({}),
  match_agents: () => ({ task: TASK }),
  route_task: (c) => ({ task: TASK, current_agent: c.agent }),
  search_journal: () => ({ query: 'test' }),
  read_journal_entry: (c) => (c.journalEntry === undefined ? undefined : { path: c.journalEntry }),
  list_recent_entries: () => ({}),
  read_recent_entries: () => ({}),
  process_thoughts: () => ({ technical_insights: 'HTTP team server note: stateless requests need no session.' }),
};

export function isKnownTool(name: string): boolean {
  return name in KNOWN;
}

type JsonSchema = { type?: string | string[]; enum?: unknown[]; minimum?: number; minLength?: number; properties?: Record<string, JsonSchema>; required?: string[] };

/** A value for a required property of an unknown tool, from its JSON schema. */
function sampleValue(key: string, schema: JsonSchema, c: ToolArgumentContext): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return /name|agent/i.test(key) ? c.agent : TASK;
  }
}

/** Arguments for `tool`: the known ones, or its required properties filled from the schema; undefined to skip. */
export function toolArguments(tool: Pick<Tool, 'name' | 'inputSchema'>, c: ToolArgumentContext): Record<string, unknown> | undefined {
  const known = KNOWN[tool.name];
  if (known) return known(c);
  const schema = tool.inputSchema as JsonSchema;
  const args: Record<string, unknown> = {};
  for (const key of schema.required ?? []) args[key] = sampleValue(key, schema.properties?.[key] ?? {}, c);
  return args;
}

// ---------------------------------------------------------------------------------------------------------------
// The benchmark

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export interface HttpBenchOptions {
  /** Extra CLI arguments; default: the corpus folders with --no-bundled. */
  serverArgs?: string[];
  /** Calls per tool for p50/p99 (default 200), and at most this long per tool (default 10 s). */
  callsPerTool?: number;
  toolSeconds?: number;
  /** Concurrent clients for the throughput row (default 32), how long (default 5 s) and at most how many calls. */
  clients?: number;
  throughputSeconds?: number;
  maxThroughputCalls?: number;
  log?: (line: string) => void;
}

export async function benchHttp(options: HttpBenchOptions = {}): Promise<BenchRow[]> {
  const log = options.log ?? (() => undefined);
  const corpus = corpusArgs();
  const serverArgs = options.serverArgs ?? (corpus ? [...corpus, '--no-bundled'] : undefined);
  if (!serverArgs) {
    log('http bench: ../shared/corpus not found, skipped');
    return [];
  }
  const rows: BenchRow[] = [];
  const started = performance.now();
  const server = await spawnHttpServer(['--no-user', '--no-watch', ...serverArgs]);
  rows.push({ name: 'http: spawn → listening', value: round(performance.now() - started, 0), unit: 'ms' });
  const clients: Client[] = [];
  try {
    const client = await connectHttpClient(server.url, undefined, 'bench');
    clients.push(client);
    const list = (await client.callTool({ name: 'list_agents', arguments: { limit: 1000 } })).structuredContent as { agents: Array<{ name: string }>; total: number };
    rows.push({ name: 'http: agents in catalog', value: list.total, unit: 'agents' });
    const agent = list.agents.find((a) => a.name.includes('python'))?.name ?? list.agents[0]?.name ?? 'none';
    const { tools } = await client.listTools();
    const callsPerTool = options.callsPerTool ?? 200;
    const toolMs = (options.toolSeconds ?? 10) * 1000;
    for (const tool of tools) {
      const args = toolArguments(tool, { agent });
      if (args === undefined) continue;
      // A client per tool: the SDK's HTTP client transport adds an abort listener to one signal per request,
      // and Node warns past 1,500 of them on one transport.
      const toolClient = await connectHttpClient(server.url, undefined, `bench-${tool.name}`);
      clients.push(toolClient);
      await toolClient.callTool({ name: tool.name, arguments: args }); // warm-up
      const times: number[] = [];
      const until = performance.now() + toolMs;
      for (let i = 0; i < callsPerTool && performance.now() < until; i++) {
        const t = performance.now();
        await toolClient.callTool({ name: tool.name, arguments: args });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      rows.push({ name: `http: ${tool.name} p50 (${times.length} calls)`, value: round(percentile(times, 50)), unit: 'ms' });
      rows.push({ name: `http: ${tool.name} p99 (${times.length} calls)`, value: round(percentile(times, 99)), unit: 'ms' });
      log(`http bench: ${tool.name} done`);
    }

    const target = tools.some((t) => t.name === 'match_agents') ? 'match_agents' : 'list_agents';
    const targetTool = tools.find((t) => t.name === target);
    const targetArgs = targetTool ? (toolArguments(targetTool, { agent }) ?? {}) : {};
    const n = options.clients ?? 32;
    for (let i = clients.length; i < n + 1; i++) clients.push(await connectHttpClient(server.url, undefined, `bench-${i}`));
    const deadline = performance.now() + (options.throughputSeconds ?? 5) * 1000;
    const maxCalls = options.maxThroughputCalls ?? 50_000;
    let done = 0;
    let errors = 0;
    let issued = 0;
    const t0 = performance.now();
    await Promise.all(
      clients.slice(1, n + 1).map(async (c) => {
        while (performance.now() < deadline && issued < maxCalls) {
          issued++;
          try {
            const r = await c.callTool({ name: target, arguments: targetArgs });
            if (r.isError) errors++;
            else done++;
          } catch {
            errors++;
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    rows.push({ name: `http: ${target} throughput (${n} clients, ${done + errors} calls)`, value: round(done / seconds, 0), unit: 'req/s' });
    rows.push({ name: `http: ${target} failed calls (${n} clients)`, value: errors, unit: 'calls', bar: '= 0', pass: errors === 0 });
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await server.stop();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const json = process.argv.includes('--json');
  const rows = await benchHttp({ log: (l) => console.error(l) });
  if (json) console.log(JSON.stringify(rows, null, 2));
  else console.log(formatTable(rows));
}
