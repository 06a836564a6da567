/**
 * Matching by meaning (issue 13 "Speed and size"), part of `npm run bench` as the suite `meaning`. Each
 * figure of the shipped encoder and hybrid routing is printed beside the same server or engine matching by
 * words only (`--no-semantic`), measured in the same run:
 *
 *   - match_agents over stdio, p50 / p99 at ~640 agents (the public corpus; a generated catalog when it is
 *     absent), after the agent vectors are ready, every timed answer checked to be `mode: hybrid`;
 *   - the first match_agents after `initialize` at ~640 agents: over a warm cache (parse cache and vector
 *     cache written by an earlier run; must answer by meaning) and on a first start with nothing cached
 *     (may answer by words, and must say so);
 *   - peak resident memory of the server (after the vectors are built and a few matches), minus the same
 *     server with --no-semantic;
 *   - in process at 10,000 agents: hybrid match p50 / p99 and the agent vector build (cold, and from the
 *     disk cache);
 *   - the encoder: load time, encode time per text; the size the model adds to the package.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { BodyStore } from '../../src/catalog/packed-body.js';
import { loadStaticEncoder } from '../../src/encoder/static-encoder.js';
import { PARAPHRASE_CASES } from '../eval/paraphrase.js';
import { Routing } from '../../src/routing/engine.js';
import type { MatchResult } from '../../src/routing/match.js';
import { SemanticService } from '../../src/app/semantic.js';
import { corpusFixture, corpusRecords, peakRssMb, startStdio, type CatalogFixture, type CorpusAgent, type StdioSession } from './catalog.js';
import { BENCH_TASKS, REPO_ROOT, percentile, type BenchRow } from './rows.js';
import { generateSyntheticCatalog } from './synthetic.js';

const ENCODER_DIR = path.join(REPO_ROOT, 'model', 'encoder');
/** Issue 13's targets. */
const BARS = { stdioP50: 5, stdioP99: 25, inProcP50: 2, warmFirstMatch: 300, coldFirstMatch: 1500, packageMb: 40, rssMb: 80 } as const;

/** Varied realistic tasks: the paraphrase dev set (symptoms, not key phrases) and the bench tasks (one off-topic). */
const TASKS: readonly string[] = [...PARAPHRASE_CASES.map((c) => c.task), ...BENCH_TASKS];

export interface MeaningBenchOptions {
  workDir: string;
  quick?: boolean;
  log?: (line: string) => void;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: readonly number[]): number => percentile([...xs].sort((a, b) => a - b), 50);
const le = (value: number, bar: number): Pick<BenchRow, 'bar' | 'pass'> => ({ bar: `≤ ${bar}`, pass: value <= bar });
const MB = 1024 * 1024;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function pollUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`bench meaning: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Status {
  catalog?: { routingIndexReady?: boolean };
  semantic?: { state?: string; agentVectorsReady?: boolean };
}

/** Wait until the server's routing is fully ready: the index, and the agent vectors when meaning is on. */
async function waitReady(client: Client, semantic: boolean): Promise<void> {
  await pollUntil(semantic ? 'the agent vectors' : 'the routing index', 120_000, async () => {
    const st = (await client.callTool({ name: 'get_status', arguments: {} })).structuredContent as Status | undefined;
    if (semantic && st?.semantic?.state !== 'loading' && st?.semantic?.state !== 'ready') throw new Error(`bench meaning: the encoder is ${st?.semantic?.state ?? 'unknown'}`);
    return st?.catalog?.routingIndexReady === true && (!semantic || st?.semantic?.agentVectorsReady === true);
  });
}

type Structured = Pick<MatchResult, 'mode' | 'modeNote' | 'abstained'>;

async function match(client: Client, task: string): Promise<{ ms: number; result: Structured }> {
  const t = performance.now();
  const r = await client.callTool({ name: 'match_agents', arguments: { task } });
  const ms = performance.now() - t;
  if (r.isError) throw new Error(`bench meaning: match_agents failed: ${JSON.stringify(r.content)}`);
  return { ms, result: r.structuredContent as Structured };
}

interface Variant {
  key: 'hybrid' | 'words';
  label: string;
  flags: string[];
  cacheDir: string;
}

interface StartResult {
  firstMs: number;
  mode: string;
  modeNote?: string;
  rssMb?: number;
}

/**
 * One server start: the first match_agents timed from the moment `initialize` was answered; then (for the
 * memory rows) wait for routing to be ready, run a few matches and read the peak RSS; then `steady` if given.
 */
async function oneStart(fx: CatalogFixture, v: Variant, home: string, k: number, steady?: (s: StdioSession) => Promise<void>): Promise<StartResult> {
  const args = [...fx.args, ...v.flags, '--cache-dir', v.cacheDir, '--no-watch', '--journal', path.join(home, 'project-journal'), '--user-journal', path.join(home, 'user-journal')];
  const { session } = await startStdio(args, { HOME: home });
  try {
    const first = await match(session.client, TASKS[k % TASKS.length] ?? '');
    await waitReady(session.client, v.key === 'hybrid');
    for (let i = 0; i < 10; i++) await match(session.client, TASKS[(k + i * 7) % TASKS.length] ?? '');
    const rss = peakRssMb(session.pid);
    if (steady) await steady(session);
    const out: StartResult = { firstMs: first.ms, mode: first.result.mode };
    if (first.result.modeNote !== undefined) out.modeNote = first.result.modeNote;
    if (rss !== undefined) out.rssMb = rss;
    return out;
  } finally {
    await session.close();
  }
}

function modeCounts(starts: readonly StartResult[]): string {
  const counts = new Map<string, number>();
  for (const s of starts) counts.set(s.mode, (counts.get(s.mode) ?? 0) + 1);
  return [...counts].map(([m, n]) => `${m} ${n}/${starts.length}`).join(', ');
}

function range(xs: readonly number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${Math.round(s[0] ?? 0)}, max ${Math.round(s.at(-1) ?? 0)}`;
}

/** The vector cache file(s) a server wrote under its cache folder. */
function vectorFiles(cacheDir: string): string[] {
  const dir = path.join(cacheDir, 'semantic');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('agents-') && f.endsWith('.vec')) : [];
}

/** Items 1, 3 and 5: the stdio server at ~640 agents, with meaning and by words only. */
async function stdioRows(fx: CatalogFixture, workDir: string, quick: boolean, log: (l: string) => void): Promise<BenchRow[]> {
  const home = path.join(workDir, 'meaning-home');
  fs.mkdirSync(home, { recursive: true });
  const variants: Variant[] = [
    { key: 'hybrid', label: 'meaning on', flags: [], cacheDir: path.join(workDir, 'meaning-cache-on') },
    { key: 'words', label: '--no-semantic', flags: ['--no-semantic'], cacheDir: path.join(workDir, 'meaning-cache-off') },
  ];
  const coldStarts = quick ? 1 : 3;
  const warmStarts = quick ? 3 : 7;
  const calls = quick ? 100 : 400;
  const cold = new Map<string, StartResult[]>();
  const warm = new Map<string, StartResult[]>();
  const steady = new Map<string, { p50: number; p99: number; hybrid: number; calls: number }>();
  // Starts alternate between the two servers so a busy moment of the shared machine hits both alike.
  for (let k = 0; k < coldStarts; k++) {
    for (const v of variants) {
      log(`meaning: ${fx.label} agents, ${v.label}, first start ${k + 1}/${coldStarts}…`);
      fs.rmSync(v.cacheDir, { recursive: true, force: true });
      cold.set(v.key, [...(cold.get(v.key) ?? []), await oneStart(fx, v, home, k)]);
    }
  }
  // The last first start waited for its vectors and closed cleanly: parse cache and vector cache are on disk.
  if (vectorFiles(variants[0]?.cacheDir ?? '').length === 0) throw new Error('bench meaning: the first start wrote no agent vector cache');
  for (let k = 0; k < warmStarts; k++) {
    for (const v of variants) {
      log(`meaning: ${fx.label} agents, ${v.label}, warm start ${k + 1}/${warmStarts}…`);
      const last = k === warmStarts - 1;
      const result = await oneStart(fx, v, home, k, last ? (s) => steadyCalls(s.client, v, calls, steady) : undefined);
      warm.set(v.key, [...(warm.get(v.key) ?? []), result]);
    }
  }

  const rows: BenchRow[] = [];
  const n = fx.label;
  for (const v of variants) {
    const s = steady.get(v.key);
    if (!s) continue;
    const tag = v.key === 'hybrid' ? `hybrid ${s.hybrid}/${s.calls} answers` : 'words only, --no-semantic';
    const allHybrid = v.key !== 'hybrid' || s.hybrid === s.calls;
    rows.push({ name: `stdio match_agents p50 (${n} agents, ${tag}, ${s.calls} calls)`, value: round(s.p50), unit: 'ms', ...(v.key === 'hybrid' ? { bar: `≤ ${BARS.stdioP50}`, pass: allHybrid && s.p50 <= BARS.stdioP50 } : {}) });
    rows.push({ name: `stdio match_agents p99 (${n} agents, ${tag}, ${s.calls} calls)`, value: round(s.p99), unit: 'ms', ...(v.key === 'hybrid' ? { bar: `≤ ${BARS.stdioP99}`, pass: allHybrid && s.p99 <= BARS.stdioP99 } : {}) });
  }
  for (const v of variants) {
    const w = warm.get(v.key) ?? [];
    const ms = median(w.map((s) => s.firstMs));
    const name = `first match_agents after initialize, warm cache (${n} agents, ${v.label}; median of ${w.length}: ${range(w.map((s) => s.firstMs))}; mode ${modeCounts(w)})`;
    rows.push({ name, value: Math.round(ms), unit: 'ms', ...(v.key === 'hybrid' ? { bar: `≤ ${BARS.warmFirstMatch}`, pass: ms <= BARS.warmFirstMatch && w.every((s) => s.mode === 'hybrid') } : {}) });
  }
  for (const v of variants) {
    const c = cold.get(v.key) ?? [];
    const ms = median(c.map((s) => s.firstMs));
    // A first start may answer by words while the vectors are computed, if it says so (modeNote).
    const honest = c.every((s) => s.mode === 'hybrid' || (s.modeNote ?? '').length > 0);
    const notes = [...new Set(c.filter((s) => s.mode !== 'hybrid' && v.key === 'hybrid').map((s) => s.modeNote ?? 'no modeNote'))];
    const name = `first match_agents after initialize, nothing cached (${n} agents, ${v.label}; median of ${c.length}: ${range(c.map((s) => s.firstMs))}; mode ${modeCounts(c)}${notes.length ? `: "${notes.join('" / "')}"` : ''})`;
    rows.push({ name, value: Math.round(ms), unit: 'ms', ...(v.key === 'hybrid' ? { bar: `≤ ${BARS.coldFirstMatch}`, pass: ms <= BARS.coldFirstMatch && honest } : {}) });
  }
  for (const [label, starts] of [
    ['warm cache', warm],
    ['nothing cached', cold],
  ] as const) {
    const on = (starts.get('hybrid') ?? []).map((s) => s.rssMb).filter((x): x is number => x !== undefined);
    const off = (starts.get('words') ?? []).map((s) => s.rssMb).filter((x): x is number => x !== undefined);
    if (on.length === 0 || off.length === 0) continue;
    const growth = median(on) - median(off);
    rows.push({ name: `server peak RSS, meaning on (${n} agents, ${label}, vectors built + 11 matches; median of ${on.length})`, value: round(median(on), 1), unit: 'MB' });
    rows.push({ name: `server peak RSS, --no-semantic (${n} agents, ${label}, index built + 11 matches; median of ${off.length})`, value: round(median(off), 1), unit: 'MB' });
    rows.push({ name: `server peak RSS growth from meaning (${n} agents, ${label}; on − off)`, value: round(growth, 1), unit: 'MB', ...le(growth, BARS.rssMb) });
  }
  return rows;
}

/** Steady-state latency: warm-up pass, then `calls` timed calls over varied tasks, each answer's mode checked. */
async function steadyCalls(client: Client, v: Variant, calls: number, out: Map<string, { p50: number; p99: number; hybrid: number; calls: number }>): Promise<void> {
  for (const task of TASKS) await match(client, task);
  const times: number[] = [];
  let hybrid = 0;
  for (let i = 0; i < calls; i++) {
    const { ms, result } = await match(client, TASKS[i % TASKS.length] ?? '');
    times.push(ms);
    if (result.mode === 'hybrid') hybrid++;
  }
  times.sort((a, b) => a - b);
  out.set(v.key, { p50: percentile(times, 50), p99: percentile(times, 99), hybrid, calls });
}

function snapshotOf(records: readonly CorpusAgent[]): CatalogSnapshot {
  const map = new Map(records.map((r) => [r.agent.name, r.agent]));
  const bodies = new BodyStore();
  for (const r of records) bodies.keep(r.agent, { text: r.body });
  return { agents: map, bodies, names: [...map.keys()].sort(), diagnostics: [], shadowed: [], sources: [], sharedPromptDirs: [], loadedAt: Date.now(), version: 1 };
}

/** `count` agent records: corpus agents repeated under new names, or a generated catalog without the corpus. */
async function recordsOf(count: number, workDir: string): Promise<{ records: CorpusAgent[]; label: string }> {
  const fromCorpus = await corpusRecords(count);
  if (fromCorpus) return { records: fromCorpus, label: `${count}` };
  const fx = generateSyntheticCatalog(path.join(workDir, `meaning-generated-${count}`), count);
  const dir = fx.args[fx.args.indexOf('--agents') + 1] ?? '';
  const snap = await buildSnapshot({ sources: [{ kind: 'flag', dir, label: 'generated' }], sharedPromptDirs: [] });
  const records = [...snap.agents.values()].map((agent): CorpusAgent => {
    const read = snap.bodies.read(agent);
    if (!read.ok) throw read.error;
    return { agent, body: read.body };
  });
  return { records, label: fx.label };
}

/** Item 2 (and the same at ~640 for comparison with stdio): in-process match by words and meaning. */
async function inProcessRows(count: number, workDir: string, quick: boolean, log: (l: string) => void): Promise<BenchRow[]> {
  log(`meaning: in process, ${count} agents…`);
  const { records, label } = await recordsOf(count, workDir);
  const snap = snapshotOf(records);
  const cacheDir = path.join(workDir, `meaning-inproc-${count}`);
  const semantic = new SemanticService({ cacheDir, useCache: true, semantic: true, encoderDir: ENCODER_DIR });
  if (!(await semantic.whenLoaded())) throw new Error(`bench meaning: ${semantic.whyNot()}`);
  const rows: BenchRow[] = [];

  // Words only: the same records, a Routing without the encoder.
  const words = new Routing().engineFor(snap);
  void words.index;
  // With meaning: index first (as the server's background work does), then the vectors, cold.
  const routing = new Routing({ meaning: semantic });
  const engine = routing.engineFor(snap);
  void engine.index;
  collectGarbage();
  let t = performance.now();
  const vectors = await engine.warmVectors();
  const coldMs = performance.now() - t;
  if (!vectors) throw new Error('bench meaning: no agent vectors were built');
  let passages = 0;
  for (const name of vectors.names()) passages += vectors.rowsOf(name)?.count ?? 0;
  rows.push({ name: `agent vectors built, nothing cached (${label} agents, ${passages} passages encoded, written to the disk cache; in process)`, value: Math.round(coldMs), unit: 'ms' });
  // A second server over the same cache: cards are rebuilt to key the vectors, the vectors are read.
  const fresh = snapshotOf(records.map((r) => ({ agent: { ...r.agent }, body: r.body })));
  const again = new Routing({ meaning: semantic }).engineFor(fresh);
  void again.index;
  t = performance.now();
  await again.warmVectors();
  rows.push({ name: `agent vectors from the disk cache (${label} agents; in process)`, value: Math.round(performance.now() - t), unit: 'ms' });

  const calls = quick ? 200 : 1000;
  const time = (e: typeof engine, mode: string): { p50: number; p99: number; cpu: number; wrong: number } => {
    for (const task of TASKS) e.match(task);
    collectGarbage();
    const times: number[] = [];
    let wrong = 0;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) {
      const task = TASKS[i % TASKS.length] ?? '';
      const s = performance.now();
      const r = e.match(task);
      times.push(performance.now() - s);
      if (r.mode !== mode) wrong++;
    }
    const cpu = process.cpuUsage(cpu0);
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p99: percentile(times, 99), cpu: (cpu.user + cpu.system) / 1000 / calls, wrong };
  };
  const h = time(engine, 'hybrid');
  const w = time(words, 'lexical');
  const tag = `${calls - h.wrong}/${calls} hybrid`;
  rows.push({ name: `in-process match p50, words and meaning (${label} agents, ${tag})`, value: round(h.p50, 3), unit: 'ms', ...(count >= 10_000 ? { bar: `≤ ${BARS.inProcP50}`, pass: h.wrong === 0 && h.p50 <= BARS.inProcP50 } : {}) });
  rows.push({ name: `in-process match p99, words and meaning (${label} agents)`, value: round(h.p99, 3), unit: 'ms' });
  rows.push({ name: `in-process match p50, words only (${label} agents)`, value: round(w.p50, 3), unit: 'ms' });
  rows.push({ name: `in-process match p99, words only (${label} agents)`, value: round(w.p99, 3), unit: 'ms' });
  // CPU time is what the match costs whatever else the machine runs (wall time on a busy machine is more).
  rows.push({ name: `in-process match, mean CPU time per call, words and meaning (${label} agents)`, value: round(h.cpu, 3), unit: 'ms' });
  rows.push({ name: `in-process match, mean CPU time per call, words only (${label} agents)`, value: round(w.cpu, 3), unit: 'ms' });
  await semantic.close();
  return rows;
}

/** Item 6: encoder load and encode time, in process. */
async function encoderRows(quick: boolean): Promise<BenchRow[]> {
  const loads: number[] = [];
  let encoder = await loadStaticEncoder(ENCODER_DIR);
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    collectGarbage();
    const t = performance.now();
    encoder = await loadStaticEncoder(ENCODER_DIR);
    loads.push(performance.now() - t);
  }
  const perText = (texts: readonly string[], reps: number): number => {
    for (const x of texts) encoder.encode(x);
    const t = performance.now();
    for (let r = 0; r < reps; r++) for (const x of texts) encoder.encode(x);
    return ((performance.now() - t) / (reps * texts.length)) * 1000;
  };
  const passage = 'kubernetes specialist: Use this agent when pods crash, services cannot reach each other across namespaces, or a deployment needs helm charts, resource limits, probes and rolling updates. Deploy and debug workloads on managed clusters with readiness checks'.repeat(2).slice(0, 400);
  const long = TASKS.join(' ').repeat(8).slice(0, 8000);
  return [
    { name: `encoder load: read + sha256 check of model/encoder (in process, median of ${loads.length}: ${range(loads)})`, value: round(median(loads), 1), unit: 'ms' },
    { name: `encode one task (${TASKS.length} tasks, ~${Math.round(TASKS.reduce((a, x) => a + x.length, 0) / TASKS.length)} chars; mean)`, value: round(perText(TASKS, quick ? 20 : 100), 1), unit: 'µs' },
    { name: 'encode one 400-character agent passage (mean)', value: round(perText([passage], quick ? 500 : 2000), 1), unit: 'µs' },
    { name: 'encode one 8,000-character text (the longest encoded; mean)', value: round(perText([long], quick ? 20 : 100), 1), unit: 'µs' },
  ];
}

/** Item 4: what the model adds to the package (the model folder; npm pack's totals when npm is at hand). */
function packageRows(): BenchRow[] {
  const files = fs.readdirSync(ENCODER_DIR).map((f) => path.join(ENCODER_DIR, f));
  const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
  const gz = files.reduce((a, f) => a + gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  const rows: BenchRow[] = [
    { name: `package growth from the encoder: model/encoder (${files.length} files), unpacked`, value: round(bytes / MB, 2), unit: 'MB', ...le(bytes / MB, BARS.packageMb) },
    { name: 'package growth from the encoder: model/encoder gzipped (≈ its share of the .tgz)', value: round(gz / MB, 2), unit: 'MB', ...le(gz / MB, BARS.packageMb) },
  ];
  // The whole package as npm would pack it (dist must be built: npm run bench builds first).
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  try {
    const [p] = JSON.parse(r.stdout) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
    if (p) {
      rows.push({ name: `npm pack: whole package, packed (${p.entryCount} files)`, value: round(p.size / MB, 2), unit: 'MB' });
      rows.push({ name: 'npm pack: whole package, unpacked', value: round(p.unpackedSize / MB, 2), unit: 'MB' });
    }
  } catch {
    // npm missing or its output not JSON: the model folder's figures above stand alone.
  }
  return rows;
}

export async function benchMeaning(options: MeaningBenchOptions): Promise<BenchRow[]> {
  const log = options.log ?? (() => undefined);
  const quick = options.quick ?? false;
  const rows: BenchRow[] = [];
  log('meaning: encoder and package…');
  rows.push(...(await encoderRows(quick)));
  rows.push(...packageRows());
  const fx = corpusFixture() ?? generateSyntheticCatalog(path.join(options.workDir, 'meaning-generated-640'), 640);
  rows.push(...(await stdioRows(fx, options.workDir, quick, log)));
  rows.push(...(await inProcessRows(fx.agents, options.workDir, quick, log)));
  rows.push(...(await inProcessRows(10_000, options.workDir, quick, log)));
  return rows;
}
