/**
 * Routing benchmark (part of `npm run bench`): catalogs of 1,000 and 10,000 agents made of the public corpus
 * agents (repeated under new names), measured in process:
 *   - routing cards, cold (line scan, boilerplate removal, boundaries; built on demand, never all kept),
 *   - the index built cold (a card and a document per agent, then the postings) and rebuilt from the cached
 *     per-file documents (what a reload costs: unchanged files are not read again),
 *   - the heap the index and its per-file documents hold (run node with --expose-gc, as npm run bench does),
 *   - match_agents and route_task latency p50 / p99 over varied tasks (after one warm-up pass).
 */
import { performance } from 'node:perf_hooks';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { Routing } from '../../src/routing/engine.js';
import { CARD_LIMITS } from '../../src/routing/tuning.js';
import { PARAPHRASE_CASES } from '../eval/paraphrase.js';
import { BENCH_TASKS, percentile, type BenchRow } from './rows.js';
import { BodyStore } from '../../src/catalog/packed-body.js';
import { corpusRecords, type CorpusAgent } from './catalog.js';


const EXTRA_TASKS = BENCH_TASKS;

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}


/** A full GC between phases when node runs with --expose-gc (npm run bench does), so one phase's garbage is not billed to the next. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Heap plus array buffers (the postings and cached documents are typed arrays), after a full GC. */
function heapBytes(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Fresh record objects (nothing cached for them yet), sharing the bodies. */
function freshCopies(records: readonly CorpusAgent[]): CorpusAgent[] {
  return records.map((r) => ({ agent: { ...r.agent }, body: r.body }));
}

/** Cold build time and retained memory of the index over `n` agents; then a rebuild from cached documents. */
async function scaleRows(routing: Routing, n: number): Promise<BenchRow[]> {
  const records = await corpusRecords(n);
  if (!records) return [];
  const rows: BenchRow[] = [];
  const fresh = freshCopies(records);
  const snap = snapshotOf(fresh);
  const before = heapBytes();
  const started = performance.now();
  const engine = routing.engine(snap);
  const index = engine.index;
  const cold = performance.now() - started;
  const after = heapBytes();
  rows.push({ name: `routing index build, cold (${index.documentCount} agents: cards, documents, postings)`, value: Math.round(cold), unit: 'ms' });
  if (before !== undefined && after !== undefined) {
    const mb = (after - before) / (1024 * 1024);
    rows.push({ name: `routing index + cached documents, heap (${n} agents)`, value: round(mb, 1), unit: 'MB', bar: '< 60', pass: mb < 60 });
  }
  const rebuilds: number[] = [];
  for (let i = 0; i < 5; i++) rebuilds.push(timed(() => void routing.engine(snap).index));
  rebuilds.sort((a, b) => a - b);
  rows.push({ name: `routing index rebuild from cached documents (${n} agents, median of 5)`, value: round(percentile(rebuilds, 50), 1), unit: 'ms' });
  return rows;
}

/** A snapshot of the records, their bodies kept as text (in memory). */
function snapshotOf(records: readonly CorpusAgent[]): CatalogSnapshot {
  const map = new Map(records.map((r) => [r.agent.name, r.agent]));
  const bodies = new BodyStore();
  for (const r of records) bodies.keep(r.agent, { text: r.body });
  return { agents: map, bodies, names: [...map.keys()].sort(), diagnostics: [], shadowed: [], sources: [], sharedPromptDirs: [], loadedAt: Date.now(), version: 1 };
}

export async function benchRouting(options: { agents?: number; calls?: number; scale?: number[] } = {}): Promise<BenchRow[]> {
  const n = options.agents ?? 1000;
  const calls = options.calls ?? 1000;
  const records = await corpusRecords(n);
  if (!records) return [];
  const rows: BenchRow[] = [];
  // One Routing for the whole bench, as one server keeps one: documents are made once per record.
  const routing = new Routing();

  // Fresh objects so no card is cached yet.
  const cardsMs = timed(() => {
    for (const r of freshCopies(records)) routing.buildCard(r.agent, r.body, CARD_LIMITS);
  });
  rows.push({ name: `routing cards, cold (${n} agents, built on demand)`, value: Math.round(cardsMs), unit: 'ms' });

  for (const size of options.scale ?? [n, 10_000]) rows.push(...(await scaleRows(routing, size)));

  // The bar: the index build per catalog snapshot (documents of unchanged files are cached per file).
  const fresh = freshCopies(records);
  const snap = snapshotOf(fresh);
  void routing.engine(snap).index;
  const builds: number[] = [];
  for (let i = 0; i < 7; i++) builds.push(timed(() => void routing.engine(snap).index));
  builds.sort((a, b) => a - b);
  const build = percentile(builds, 50);
  rows.push({ name: `routing index build per snapshot (${n} agents, median of 7)`, value: round(build, 1), unit: 'ms', bar: '< 150', pass: build < 150 });

  const engine = routing.engine(snap);
  void engine.index;
  collectGarbage();
  const tasks = [...PARAPHRASE_CASES.map((c) => c.task), ...EXTRA_TASKS, ...fresh.flatMap((r) => r.agent.examples.map((e) => e.user)).slice(0, 200)];
  // Warm up: one pass over the tasks (JIT, and the per-card reason lookups built on first use).
  for (const task of tasks) engine.match(task);
  collectGarbage();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const task = tasks[i % tasks.length] ?? '';
    times.push(timed(() => engine.match(task)));
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  rows.push({ name: `match_agents in process p50 (${n} agents)`, value: round(p50, 3), unit: 'ms', bar: '< 1', pass: p50 < 1 });
  rows.push({ name: `match_agents in process p99 (${n} agents)`, value: round(p99, 3), unit: 'ms', bar: '< 5', pass: p99 < 5 });

  // route_task as a server runs it: the snapshot's own engine.
  const router = routing.engineFor(snap);
  for (const task of tasks) router.route(task);
  const routeTimes: number[] = [];
  const names = snap.names;
  for (let i = 0; i < Math.min(calls, 500); i++) {
    const task = tasks[i % tasks.length] ?? '';
    const current = i % 2 === 0 ? names[(i * 7919) % names.length] : undefined;
    routeTimes.push(timed(() => router.route(task, current ? { currentAgent: current } : {})));
  }
  routeTimes.sort((a, b) => a - b);
  rows.push({ name: `route_task in process p50 (${n} agents)`, value: round(percentile(routeTimes, 50), 3), unit: 'ms' });
  rows.push({ name: `route_task in process p99 (${n} agents)`, value: round(percentile(routeTimes, 99), 3), unit: 'ms' });
  return rows;
}
