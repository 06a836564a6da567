/**
 * Semantic benchmark (issue 8): `node --expose-gc dist/bench/semantic.js [--json] [--agents N]`.
 *   - model load time (worker thread, packaged weights),
 *   - agent vectors for 640 agents, cold and from the disk cache; for 10,000 agents from the cache, and cold
 *     extrapolated from the 640 measurement (10,000 cold takes over an hour of CPU on this machine),
 *   - match_agents latency in process, lexical vs hybrid (hybrid = task vector + fused ranking),
 *   - RSS with the model loaded and the 10,000 agent vectors in memory.
 * The catalog is the public corpus agents, repeated under new names (so every copy is embedded anew).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { CatalogSnapshot } from '../catalog/types.js';
import { Routing } from '../routing/engine.js';
import { hybridMatch } from '../routing/hybrid.js';
import { PARAPHRASE_CASES } from '../eval/paraphrase.js';
import { agentPassages, buildAgentVectors } from '../semantic/agents.js';
import { contentKey, writeVectorCache } from '../semantic/cache.js';
import { loadEmbedder } from '../semantic/embedder.js';
import { VectorMatrix } from '../semantic/vectors.js';
import { formatTable, percentile, type BenchRow } from './rows.js';
import { corpusRecords } from './catalog.js';



function rss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1e6);
}

function round(x: number, d = 1): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

export interface SemanticBenchOptions {
  /** Agents embedded cold (default 640). */
  agents?: number;
  /** Agents read from the cache (default 10,000). */
  large?: number;
  log?: (line: string) => void;
}

export async function benchSemantic(options: SemanticBenchOptions = {}): Promise<BenchRow[]> {
  const log = options.log ?? (() => undefined);
  const n = options.agents ?? 640;
  const large = options.large ?? 10_000;
  const records = await corpusRecords(Math.max(n, large));
  if (!records) return [];
  const rows: BenchRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acm-bench-semantic-'));
  const rssBefore = rss();
  let t = performance.now();
  const embedder = await loadEmbedder().catch((err: unknown) => {
    log(`semantic: encoder unavailable (${(err as Error).message}); no rows`);
    return undefined;
  });
  if (!embedder) return [];
  try {
    rows.push({ name: 'semantic: model load (worker, packaged weights)', value: Math.round(performance.now() - t), unit: 'ms' });
    rows.push({ name: 'semantic: RSS with the model loaded (process total)', value: rss(), unit: 'MB' });
    rows.push({ name: 'semantic: RSS added by the model', value: rss() - rssBefore, unit: 'MB' });

    const small = records.slice(0, n);
    const smallFile = path.join(dir, 'agents-small.vec');
    log(`semantic: embedding ${n} agents cold (several minutes)…`);
    t = performance.now();
    const cold = await buildAgentVectors(small, embedder, { cacheFile: smallFile, onProgress: (p) => p.done % 80 === 0 && log(`  ${p.done}/${p.total}`) });
    const coldMs = performance.now() - t;
    const passages = [...cold.vectors.agents.values()].reduce((s, e) => s + e.count, 0);
    rows.push({ name: `semantic: agent vectors, ${n} agents cold (${passages} passages)`, value: round(coldMs / 1000), unit: 's' });
    rows.push({ name: 'semantic: per agent, cold', value: Math.round(coldMs / n), unit: 'ms' });
    rows.push({ name: `semantic: agent vectors, ${large.toLocaleString('en-US')} agents cold (extrapolated from ${n})`, value: round((coldMs / n) * large / 60_000), unit: 'min' });
    t = performance.now();
    const warm = await buildAgentVectors(small, embedder, { cacheFile: smallFile });
    rows.push({ name: `semantic: agent vectors, ${n} agents from cache`, value: Math.round(performance.now() - t), unit: 'ms', bar: '< 1000', pass: performance.now() - t < 1000 && warm.computed === 0 });

    // 10,000 from cache: a cache file under the real content keys of 10,000 agents, vectors borrowed from the
    // 640 (the read path does not look at the values).
    const big = records.slice(0, large);
    const bigFile = path.join(dir, 'agents-large.vec');
    const matrix = new VectorMatrix(embedder.dimensions, large * 8);
    const entries: Array<[string, { start: number; count: number }]> = [];
    const donors = [...cold.vectors.agents.values()];
    big.forEach((a, i) => {
      const ps = agentPassages(a);
      const key = contentKey(embedder.modelId, ...ps.map((p) => `${p.field}\u0001${p.text}`));
      const donor = donors[i % donors.length] as { start: number; count: number };
      const start = matrix.rows;
      for (let k = 0; k < ps.length; k++) matrix.pushRow(cold.vectors.matrix, donor.start + (k % donor.count));
      entries.push([key, { start, count: ps.length }]);
    });
    await writeVectorCache(bigFile, embedder.modelId, matrix, entries);
    t = performance.now();
    const bigWarm = await buildAgentVectors(big, embedder, { cacheFile: bigFile });
    const bigMs = performance.now() - t;
    rows.push({ name: `semantic: agent vectors, ${large.toLocaleString('en-US')} agents from cache (${(fs.statSync(bigFile).size / 1e6).toFixed(1)} MB file)`, value: Math.round(bigMs), unit: 'ms', pass: bigWarm.computed === 0 });
    rows.push({ name: `semantic: memory of ${large.toLocaleString('en-US')} agents' vectors (${bigWarm.vectors.matrix.rows} int8 rows)`, value: round(bigWarm.vectors.matrix.bytes / 1e6), unit: 'MB' });
    rows.push({ name: `semantic: RSS with the model + ${large.toLocaleString('en-US')} agent records, cards and vectors`, value: rss(), unit: 'MB' });

    // Query latency at n agents, in process: lexical vs hybrid (task vector from the worker + fusion).
    const snapshot = { agents: new Map(small.map((a) => [a.name, a])) } as unknown as CatalogSnapshot;
    const engine = new Routing().engine(snapshot);
    const tasks = PARAPHRASE_CASES.map((c) => c.task);
    for (const task of tasks) engine.match(task);
    const lex: number[] = [];
    const embed: number[] = [];
    const fuse: number[] = [];
    const total: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      for (const task of tasks) {
        let s = performance.now();
        engine.match(task);
        lex.push(performance.now() - s);
        s = performance.now();
        const [q] = await embedder.embed([`${task} (${pass})`], { priority: true });
        const e = performance.now() - s;
        const s2 = performance.now();
        hybridMatch(engine, task, { vectors: cold.vectors, query: q as Float32Array }, {});
        const f = performance.now() - s2;
        embed.push(e);
        fuse.push(f);
        total.push(e + f);
      }
    }
    for (const a of [lex, embed, fuse, total]) a.sort((x, y) => x - y);
    rows.push({ name: `semantic: match_agents lexical p50 (${n} agents)`, value: round(percentile(lex, 50), 2), unit: 'ms' });
    rows.push({ name: `semantic: match_agents lexical p99 (${n} agents)`, value: round(percentile(lex, 99), 2), unit: 'ms' });
    rows.push({ name: `semantic: match_agents hybrid p50 (${n} agents; task vector + fusion)`, value: round(percentile(total, 50), 1), unit: 'ms' });
    rows.push({ name: `semantic: match_agents hybrid p99 (${n} agents)`, value: round(percentile(total, 99), 1), unit: 'ms' });
    rows.push({ name: '  of which task vector (worker round trip) p50', value: round(percentile(embed, 50), 1), unit: 'ms' });
    rows.push({ name: '  of which vector scoring + fusion + reasons p50', value: round(percentile(fuse, 50), 2), unit: 'ms' });
    // Vector scoring alone at 10,000 agents.
    const [q] = await embedder.embed(['tune the indexes of a slow postgres query']);
    const scoring: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      bigWarm.vectors.rank(q as Float32Array);
      scoring.push(performance.now() - s);
    }
    scoring.sort((x, y) => x - y);
    rows.push({ name: `semantic: vector scoring of ${large.toLocaleString('en-US')} agents p50`, value: round(percentile(scoring, 50), 1), unit: 'ms' });
  } finally {
    await embedder.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--agents');
  const n = at >= 0 ? Number(args[at + 1]) : undefined;
  const rows = await benchSemantic({ ...(n ? { agents: n } : {}), log: (l) => void process.stderr.write(`[bench] ${l}\n`) });
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  });
}
