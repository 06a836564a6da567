/**
 * The real install path, as a user meets it: `npm pack`, install the tarball into an empty folder with a
 * fresh HOME and npm cache, then run the installed CLI through npx, an MCP handshake over stdio, the public
 * API, and a type check of a consumer against the shipped declarations.
 *
 * The package has no required dependencies (everything runs from the esbuild bundle), so the install is
 * done offline with optional dependencies left out: no network, and the journal then runs without a SQLite
 * engine (the fallback a failed better-sqlite3 install leaves), which is checked too.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/env.js';

const PKG = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** What the tarball may hold: what runs (the bundle and its chunks, the API), the catalog, docs, license. */
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^mcp\.json$/, /^agents\/[^/]+\.md$/, /^shared-prompts\/[^/]+\.md$/, /^dist\/(bin|index)\.js$/, /^dist\/index\.d\.ts$/, /^dist\/chunk-[A-Z0-9]+\.js$/, /^NOTICE$/, /^model\/encoder\/(encoder\.json|vocab\.txt|vectors\.bin|NOTICE)$/];

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: Array<{ path: string; size: number }>;
}

let work: string;
let app: string;
let packed: Packed;
let env: Record<string, string>;
let installMs = 0;

/** Run a command with the temp HOME and npm cache (nothing from the developer's npm setup). */
function run(cmd: string, args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function du(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}

describe('npm pack → install into an empty folder → run', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'bin.js')) || !fs.existsSync(path.join(REPO_ROOT, 'dist', 'index.js'))) {
      throw new Error('dist/ is not built: run `npm run build` (npm test builds first)');
    }
    work = tempDir('acm-install-');
    app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.mkdirSync(path.join(work, 'home'));
    env = {
      PATH: process.env.PATH ?? '',
      HOME: path.join(work, 'home'),
      npm_config_cache: path.join(work, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    };
    // --ignore-scripts: no `prepare` rebuild of dist/ while other tests run from it.
    const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    packed = (JSON.parse(json) as Packed[])[0] as Packed;
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'smoke', version: '1.0.0', private: true, type: 'module' }));
    const t0 = performance.now();
    const install = run('npm', ['install', '--offline', '--omit=optional', '--no-audit', '--no-fund', path.join(work, packed.filename)], app);
    installMs = performance.now() - t0;
    if (install.code !== 0) throw new Error(`npm install failed (${install.code}):\n${install.out}\n${install.err}`);
    const installed = du(path.join(app, 'node_modules'));
    console.log(
      `[package] ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked; ` +
        `offline install without optional deps ${(installMs / 1000).toFixed(1)} s, node_modules ${(installed / 1024).toFixed(0)} kB`,
    );
  }, 180_000);
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds what runs and nothing else: no tsc tree, bench, eval or source maps', () => {
    const names = packed.files.map((f) => f.path);
    expect(names.filter((n) => !SHIPPED.some((re) => re.test(n)))).toEqual([]);
    for (const required of ['LICENSE', 'NOTICE', 'model/encoder/NOTICE', 'model/encoder/encoder.json', 'model/encoder/vocab.txt', 'model/encoder/vectors.bin', 'README.md', 'mcp.json', 'dist/bin.js', 'dist/index.js', 'dist/index.d.ts', 'agents/python-pro.md', 'shared-prompts/quality-gates.md']) {
      expect(names, required).toContain(required);
    }
  });

  it('package.json points only at files in the tarball; the installed package has no required dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', PKG.name, 'package.json'), 'utf8')) as Record<string, unknown>;
    const names = new Set(packed.files.map((f) => f.path));
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>), JSON.stringify(pkg.exports).match(/\.\/[^"]+/g) ?? []].flat() as string[];
    for (const t of targets) expect(names.has(t.replace(/^\.\//, '')), t).toBe(true);
    expect(pkg.dependencies ?? {}).toEqual({});
    // Only this package was installed (optional dependencies left out).
    expect(fs.readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([PKG.name]);
  });

  it('npx agent-catalog-mcp --version and list work from the install', () => {
    const version = run('npx', ['--offline', 'agent-catalog-mcp', '--version'], app);
    expect(version.code, version.err).toBe(0);
    expect(version.out.trim()).toBe(PKG.version);
    const list = run('npx', ['--offline', 'agent-catalog-mcp', 'list'], app);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain('python-pro');
    expect(list.out).toContain('5 agent(s)');
    const validate = run('npx', ['--offline', 'agent-catalog-mcp', 'validate'], app);
    expect(validate.code, validate.out + validate.err).toBe(0);
    expect(validate.out).toMatch(/^journal index: off \(no SQLite engine with FTS5: better-sqlite3 is not installed/m);
    // The encoder ships in the package: it loads from the install, offline, and its checksums hold.
    expect(validate.out).toMatch(/^semantic matching: on \(encoder [^)]+\)$/m);
    const match = run('npx', ['--offline', 'agent-catalog-mcp', 'match', 'my python loop is slow, make it faster', '--json'], app);
    expect(match.code, match.err).toBe(0);
    const matched = JSON.parse(match.out) as { mode: string; matches: Array<{ name: string }> };
    expect(matched.mode).toBe('hybrid');
    expect(matched.matches[0]?.name).toBe('python-pro');
  });

  it('an MCP client handshakes over stdio through npx, lists the tools and calls them', async () => {
    const transport = new StdioClientTransport({ command: 'npx', args: ['--offline', 'agent-catalog-mcp'], cwd: app, env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'smoke', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toEqual({ name: PKG.name, version: PKG.version });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_agents', 'get_agent_prompt', 'match_agents', 'route_task', 'search_journal', 'process_thoughts', 'get_status']));
      const list = await client.callTool({ name: 'list_agents', arguments: {} });
      expect((list.structuredContent as { total: number }).total).toBe(5);
      const status = await client.callTool({ name: 'get_status', arguments: {} });
      expect((status.structuredContent as { journal: { state: string; indexNote?: string } }).journal).toMatchObject({ state: 'unindexed', indexNote: expect.stringContaining('better-sqlite3 is not installed') });
      const w = await client.callTool({ name: 'process_thoughts', arguments: { technical_insights: 'The installed package writes and finds kestrel notes without SQLite.' } });
      expect(w.isError, JSON.stringify(w.content)).toBeFalsy();
      const s = await client.callTool({ name: 'search_journal', arguments: { query: 'kestrel' } });
      expect((s.structuredContent as { results: unknown[]; indexed: boolean }).results).toHaveLength(1);
    } finally {
      await client.close();
    }
    expect(stderr).not.toMatch(/Error|ERR_/);
  });

  it('the public API imports from the installed package and serves a handshake; internals are not exported', async () => {
    fs.writeFileSync(
      path.join(app, 'use-api.mjs'),
      `import { closeContext, createContext, createServer, resolveConfig, VERSION } from '${PKG.name}';
import pkg from '${PKG.name}/package.json' with { type: 'json' };
const sent = [];
const waiting = new Map();
const transport = { async start() {}, async send(m) { sent.push(m); waiting.get(m.id)?.(m); }, async close() { this.onclose?.(); } };
const ctx = await createContext(resolveConfig({ noUser: true, noWatch: true }));
const server = createServer(ctx);
await server.connect(transport);
const until = (id) => new Promise((resolve) => { const m = sent.find((x) => x.id === id); if (m) resolve(m); else waiting.set(id, resolve); });
transport.onmessage({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'api', version: '1' } } });
const init = await until(1);
transport.onmessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
transport.onmessage({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
const tools = await until(2);
await server.close();
await closeContext(ctx);
let deep = 'importable';
try { await import('${PKG.name}/dist/server.js'); } catch (err) { deep = err.code; }
console.log(JSON.stringify({ version: VERSION, pkgVersion: pkg.version, server: init.result.serverInfo, tools: tools.result.tools.length, deep }));
`,
    );
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      // Hang guard: a script that never gets its answer is killed (and fails on its exit code).
      const child = spawn(process.execPath, ['use-api.mjs'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => resolve({ code, out, err }));
    });
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out.trim().split('\n').at(-1) ?? '{}') as { version: string; pkgVersion: string; server: { name: string }; tools: number; deep: string };
    expect(result).toMatchObject({ version: PKG.version, pkgVersion: PKG.version, server: { name: PKG.name }, deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    expect(result.tools).toBeGreaterThanOrEqual(7);
  });

  it('a TypeScript consumer type-checks against the shipped declarations alone (no SDK installed)', () => {
    fs.writeFileSync(
      path.join(app, 'consumer.ts'),
      `import { closeContext, createContext, createServer, resolveConfig, type CatalogContext, type Config, type ServerTransport } from '${PKG.name}';
const config: Config = resolveConfig({ agents: ['./agents'], noUser: true });
export async function serve(transport: ServerTransport): Promise<CatalogContext> {
  const ctx = await createContext(config, { watch: false, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  await createServer(ctx).connect(transport);
  return ctx;
}
export const stop = (ctx: CatalogContext): Promise<void> => closeContext(ctx);
// @ts-expect-error: the context is opaque (built by createContext only)
export const forged: CatalogContext = { config };
`,
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true }, files: ['consumer.ts'] }),
    );
    const tsc = run(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
    expect(tsc.code, tsc.out + tsc.err).toBe(0);
  });
});
