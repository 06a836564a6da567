/* eslint-disable no-console -- a command-line report */
/**
 * `node dist/semantic/eval.js [--cache-dir DIR] [--grid] [--fit] [--misses]`: lexical vs hybrid routing
 * quality on the same data as `npm run eval:routing` (src/eval/routing.ts).
 *
 * Dev set: leave-one-example-out over `../shared/corpus/snits-claude-files/agent-templates` + the seeds. For
 * each `<example>` user request, the example is removed from its agent's lexical document AND its passage is
 * left out of the agent's vectors, then the request is ranked. Also: the hand-written paraphrase set
 * (src/eval/paraphrase.ts), the description-as-query proxy, the other corpus catalog with examples, and
 * abstention on off-topic tasks. Uses the real packaged encoder and the vector cache (so a second run is fast).
 *
 * `--grid` compares fusion settings (RRF constants and weights, weighted sums, vectors alone);
 * `--fit` refits the vector-confidence calibration used by src/routing/hybrid.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processEnvironment, resolveConfig } from '../config.js';
import type { CatalogSnapshot } from '../catalog/types.js';
import { loadCatalog, OFF_TOPIC, summarize, fitLogistic, type LooRow, type LooSummary } from '../eval/routing.js';
import { PARAPHRASE_CASES } from '../eval/paraphrase.js';
import { Routing, type RoutingEngine } from '../routing/engine.js';
import type { RoutingIndex } from '../routing/index.js';
import { ABSTAIN_BELOW, confidenceOf, features, searchIndex, type Candidate } from '../routing/match.js';
import { FUSION, fuseRanks, fuseScores, vectorConfidence, type FusionParams } from '../routing/hybrid.js';
import { buildAgentVectors, DEFAULT_AGGREGATION, examplePassageIndex, type Aggregation, type AgentScore, type AgentVectors } from './agents.js';
import { loadEmbedder, type Embedder } from './embedder.js';
import { agentCacheFile } from './service.js';

const ALL = { keep: Number.MAX_SAFE_INTEGER };

/** One query of a set, with everything needed to rank it any way. */
export interface EvalQuery {
  agent: string;
  accept: readonly string[];
  text: string;
  lexical: Candidate[];
  /** Number of original (non-expanded) query terms. */
  terms: number;
  documentCount: number;
  /** Leave this agent's passage out of the vector ranking (leave-one-out). */
  skip?: { agent: string; passage: number };
}

export type Method = { kind: 'lexical' } | { kind: 'vector'; agg?: Aggregation } | { kind: 'rrf'; k: number; vector: number; agg?: Aggregation } | { kind: 'sum'; params: FusionParams; agg?: Aggregation };

export function methodName(m: Method): string {
  const agg = 'agg' in m && m.agg ? ` agg2=${m.agg.second}` : '';
  if (m.kind === 'lexical') return 'lexical';
  if (m.kind === 'vector') return `vectors only${agg}`;
  if (m.kind === 'sum') return `weighted sum alpha=${m.params.alpha}${agg}${m.params === FUSION ? ' (hybrid default)' : ''}`;
  return `rrf k=${m.k} vector weight=${m.vector}${agg}`;
}

function vectorRanking(vectors: AgentVectors, qv: Float32Array, q: EvalQuery, agg: Aggregation | undefined): AgentScore[] {
  const skip = q.skip;
  return vectors.rank(qv, { ...(skip ? { skip: (name: string, p: number) => name === skip.agent && p === skip.passage } : {}), ...(agg ? { aggregation: agg } : {}) });
}

/** Ranked agent names for a query under a method. */
export function rankWith(m: Method, q: EvalQuery, vectors: AgentVectors, qv: Float32Array): string[] {
  if (m.kind === 'lexical') return q.lexical.map((c) => c.name);
  const vec = vectorRanking(vectors, qv, q, m.agg);
  if (m.kind === 'vector') return vec.map((v) => v.name);
  if (m.kind === 'rrf') return fuseRanks(q.lexical, vec, m.k, m.vector).map((r) => r.name);
  return fuseScores(q.lexical, vec, m.params).map((r) => r.name);
}

function rowFor(q: EvalQuery, ranked: readonly string[]): LooRow {
  return { agent: q.agent, query: q.text, rank: ranked.findIndex((n) => q.accept.includes(n)) + 1, top: ranked[0], candidates: [] };
}

/** Leave-one-example-out queries of a catalog (lexical side computed now, vector side at ranking time). */
export function looQueries(engine: RoutingEngine): EvalQuery[] {
  const out: EvalQuery[] = [];
  for (const name of engine.snapshot.agents.keys()) {
    const card = engine.card(name);
    if (!card) continue;
    card.examples.forEach((ex, i) => {
      const index = engine.routing.engine(engine.snapshot, { tuning: engine.tuning, replace: new Map([[name, engine.routing.documentOf(card, { withoutExample: i }, engine.tuning)]]) }).index;
      const raw = searchIndex(index, ex.user, ALL);
      out.push({
        agent: name,
        accept: [name],
        text: ex.user,
        lexical: raw.candidates,
        terms: raw.query.filter((q) => q.original).length,
        documentCount: index.documentCount,
        skip: { agent: name, passage: examplePassageIndex(i) },
      });
    });
  }
  return out;
}

function summaryQueries(engine: RoutingEngine): EvalQuery[] {
  const out: EvalQuery[] = [];
  for (const name of engine.snapshot.agents.keys()) {
    const card = engine.card(name);
    if (!card || card.summary.trim() === '') continue;
    const index = engine.routing.engine(engine.snapshot, { tuning: engine.tuning, replace: new Map([[name, engine.routing.documentOf(card, { withoutSummary: true }, engine.tuning)]]) }).index;
    const raw = searchIndex(index, card.summary, ALL);
    out.push({ agent: name, accept: [name], text: card.summary, lexical: raw.candidates, terms: raw.query.filter((q) => q.original).length, documentCount: index.documentCount, skip: { agent: name, passage: 0 } });
  }
  return out;
}

function plainQueries(index: RoutingIndex, tasks: ReadonlyArray<{ task: string; accept: readonly string[] }>): EvalQuery[] {
  return tasks.map((t) => {
    const raw = searchIndex(index, t.task, ALL);
    return { agent: t.accept[0] ?? '', accept: t.accept, text: t.task, lexical: raw.candidates, terms: raw.query.filter((q) => q.original).length, documentCount: index.documentCount };
  });
}

export interface CatalogSet {
  name: string;
  snapshot: CatalogSnapshot;
  vectors: AgentVectors;
  sets: Array<{ label: string; queries: EvalQuery[] }>;
}

async function embedQueries(embedder: Embedder, texts: readonly string[]): Promise<Map<string, Float32Array>> {
  const unique = [...new Set(texts)];
  const out = new Map<string, Float32Array>();
  for (let i = 0; i < unique.length; i += 16) {
    const part = unique.slice(i, i + 16);
    const vecs = await embedder.embed(part);
    part.forEach((t, k) => out.set(t, vecs[k] as Float32Array));
  }
  return out;
}

/** Hybrid abstention, as hybridMatch decides it: the fused top agent's confidence under ABSTAIN_BELOW. */
function hybridAbstains(q: EvalQuery, vectors: AgentVectors, qv: Float32Array): boolean {
  const vec = vectorRanking(vectors, qv, q, undefined);
  const top = fuseScores(q.lexical, vec)[0];
  if (!top) return true;
  const lexConf = top.lexicalRank > 0 ? confidenceOf(features(q.lexical, top.lexicalRank - 1, q.terms, q.documentCount)) : 0;
  const v = vec[0];
  return Math.max(lexConf, top.vectorRank === 1 && v ? vectorConfidence(v.best) : 0) < ABSTAIN_BELOW;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1).padStart(5)}%`;
}

export async function main(): Promise<void> {
  const started = performance.now();
  const args = process.argv.slice(2);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const repoRoot = path.resolve(here, '../..');
  const corpus = path.resolve(repoRoot, '../shared/corpus');
  const cacheArg = args.indexOf('--cache-dir');
  const config = resolveConfig(cacheArg >= 0 && args[cacheArg + 1] ? { cacheDir: args[cacheArg + 1] as string } : {}, processEnvironment());
  const t0 = performance.now();
  const embedder = await loadEmbedder();
  console.log(`model ${embedder.modelId} loaded in ${Math.round(performance.now() - t0)} ms (worker)`);
  try {
    const catalogs: Array<{ name: string; dirs: string[]; loo: boolean; summary: boolean; paraphrase: boolean }> = [
      { name: 'dev: snits agent-templates + seeds', dirs: [path.join(corpus, 'snits-claude-files/agent-templates'), path.join(repoRoot, 'agents')], loo: true, summary: true, paraphrase: true },
      { name: 'snits-claude-files/agents', dirs: [path.join(corpus, 'snits-claude-files/agents')], loo: true, summary: true, paraphrase: false },
    ];
    const sets: CatalogSet[] = [];
    const routing = new Routing();
    for (const c of catalogs) {
      const snapshot = await loadCatalog(c.dirs);
      const tb = performance.now();
      const built = await buildAgentVectors(snapshot.agents.values(), embedder, { cacheFile: agentCacheFile(config.cacheDir, c.dirs) });
      console.log(`${c.name}: ${snapshot.agents.size} agents, vectors in ${Math.round(performance.now() - tb)} ms (${built.computed} embedded, ${built.reused} reused; ${built.cacheNote})`);
      const engine = routing.engine(snapshot);
      const index = engine.index;
      const s: CatalogSet = { name: c.name, snapshot, vectors: built.vectors, sets: [] };
      if (c.loo) s.sets.push({ label: `${c.name} (leave-one-example-out)`, queries: looQueries(engine) });
      if (c.paraphrase) s.sets.push({ label: `paraphrase set (${PARAPHRASE_CASES.length} hand-written tasks)`, queries: plainQueries(index, PARAPHRASE_CASES) });
      if (c.summary) s.sets.push({ label: `${c.name} (description as query)`, queries: summaryQueries(engine) });
      s.sets.push({ label: 'off-topic', queries: plainQueries(index, OFF_TOPIC.map((t) => ({ task: t, accept: [] }))) });
      sets.push(s);
    }
    const texts = sets.flatMap((s) => s.sets.flatMap((x) => x.queries.map((q) => q.text)));
    const tq = performance.now();
    const qvecs = await embedQueries(embedder, texts);
    console.log(`${qvecs.size} query vectors in ${Math.round(performance.now() - tq)} ms\n`);
    const vecOf = (t: string): Float32Array => qvecs.get(t) as Float32Array;

    const methods: Method[] = [{ kind: 'lexical' }, { kind: 'sum', params: FUSION }];
    if (args.includes('--grid')) {
      methods.push({ kind: 'vector' }, { kind: 'vector', agg: { second: 0 } }, { kind: 'vector', agg: { second: 0.5 } });
      for (const k of [5, 10, 60]) for (const wv of [0.25, 0.5, 1]) methods.push({ kind: 'rrf', k, vector: wv });
      for (const alpha of [0.1, 0.2, 0.25, 0.3, 0.5]) methods.push({ kind: 'sum', params: { alpha } });
      methods.push({ kind: 'sum', params: FUSION, agg: { second: 0 } }, { kind: 'sum', params: FUSION, agg: { second: 0.5 } });
    }
    const header = `${'set'.padEnd(58)} ${'queries'.padStart(7)}  ${'top-1'.padStart(6)}  ${'top-3'.padStart(6)}  MRR`;
    const results: Array<{ method: string; set: string; summary: LooSummary }> = [];
    for (const m of methods) {
      for (const s of sets) {
        for (const x of s.sets) {
          if (x.label === 'off-topic') continue;
          const rows = x.queries.map((q) => rowFor(q, rankWith(m, q, s.vectors, vecOf(q.text))));
          results.push({ method: methodName(m), set: x.label, summary: summarize(x.label, s.snapshot.agents.size, rows) });
          if (args.includes('--misses') && m.kind === 'sum' && m.params === FUSION && !m.agg) {
            for (const r of rows.filter((r) => r.rank !== 1)) console.log(`  miss ${r.agent} <- rank ${r.rank || '-'} (top ${r.top ?? '-'}): ${r.query.slice(0, 100)}`);
          }
        }
      }
    }
    const line = (s: LooSummary): string => `${s.catalog.padEnd(58)} ${String(s.queries).padStart(7)}  ${pct(s.top1)}  ${pct(s.top3)}  ${s.mrr.toFixed(3)}`;
    for (const m of [...new Set(results.map((r) => r.method))]) {
      console.log(`== ${m}`);
      if (m === methodName(methods[0] as Method)) console.log(header);
      for (const r of results.filter((x) => x.method === m)) console.log(line(r.summary));
    }
    // Abstention: lexical vs hybrid, on off-topic tasks and dev queries.
    const dev = sets[0] as CatalogSet;
    const off = dev.sets.find((x) => x.label === 'off-topic')?.queries ?? [];
    const devQ = dev.sets[0]?.queries ?? [];
    const lexAbstain = (q: EvalQuery): boolean => !q.lexical[0] || confidenceOf(features(q.lexical, 0, q.terms, q.documentCount)) < ABSTAIN_BELOW;
    const share = (qs: EvalQuery[], f: (q: EvalQuery) => boolean): number => (qs.length ? qs.filter(f).length / qs.length : 0);
    console.log(`\nabstention (top confidence < ${ABSTAIN_BELOW}):`);
    console.log(`  lexical: off-topic ${pct(share(off, lexAbstain))}  dev queries ${pct(share(devQ, lexAbstain))}`);
    console.log(`  hybrid:  off-topic ${pct(share(off, (q) => hybridAbstains(q, dev.vectors, vecOf(q.text))))}  dev queries ${pct(share(devQ, (q) => hybridAbstains(q, dev.vectors, vecOf(q.text))))}`);
    if (args.includes('--fit')) {
      // P(vector top agent is right | its best cosine): dev LOO top vector candidates + off-topic (weighted).
      const points: Array<{ x: number[]; y: number }> = [];
      for (const q of devQ) {
        const v = vectorRanking(dev.vectors, vecOf(q.text), q, undefined)[0];
        if (v) points.push({ x: [v.best], y: q.accept.includes(v.name) ? 1 : 0 });
      }
      for (let k = 0; k < 10; k++)
        for (const q of off) {
          const v = vectorRanking(dev.vectors, vecOf(q.text), q, undefined)[0];
          if (v) points.push({ x: [v.best], y: 0 });
        }
      const w = fitLogistic(points, 20000, 1.0, 1e-4);
      console.log(`\nfitted vector calibration: bias ${w[0]?.toFixed(2)}, cosine ${w[1]?.toFixed(2)}`);
      const cos = (qs: EvalQuery[]): number[] => qs.map((q) => vectorRanking(dev.vectors, vecOf(q.text), q, undefined)[0]?.best ?? 0).sort((a, b) => a - b);
      const offC = cos(off);
      const devC = cos(devQ);
      console.log(`top cosine: off-topic median ${offC[offC.length >> 1]?.toFixed(3)} max ${offC[offC.length - 1]?.toFixed(3)}; dev median ${devC[devC.length >> 1]?.toFixed(3)}`);
    }
    const lexDev = results.find((r) => r.method === 'lexical' && r.set === dev.sets[0]?.label)?.summary;
    const hybDev = results.find((r) => r.method === methodName({ kind: 'sum', params: FUSION }) && r.set === dev.sets[0]?.label)?.summary;
    if (lexDev && hybDev) {
      const gain = (hybDev.top1 - lexDev.top1) * 100;
      console.log(`\ndev top-1: lexical ${pct(lexDev.top1)} -> hybrid ${pct(hybDev.top1)} (${gain >= 0 ? '+' : ''}${gain.toFixed(1)} points; default rule: >= +3 points)`);
    }
    console.log(`(aggregation: best passage + ${DEFAULT_AGGREGATION.second} x runner-up; ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await embedder.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  });
}
