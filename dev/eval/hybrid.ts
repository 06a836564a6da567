/**
 * `npm run eval:routing`: routing quality on the dev sets, by words and meaning (the default matcher) or by
 * words only (`--lexical`, the baseline).
 *
 * Sets (dev/eval/sets/, dev/eval/paraphrase.ts), each over its catalog:
 *   snits + para + loo   the snits agent-templates with the bundled seeds (loo: every `<example>` request,
 *                        with that example left out of its agent's index document and vectors);
 *   mixed                wshobson + voltagent + 0xfurai together (near-duplicates, almost no examples);
 *   volt                 voltagent alone;
 *   seeds                the five bundled agents, with the snits tasks: those a seed fits (in scope) and the
 *                        others, which must abstain (out of scope: software work none of the five does);
 *   off-topic            everyday requests, in every catalog: must abstain;
 *   route                stay / hand-off decisions of route_task with current_agent.
 *
 * The two logistic models (tuning.ts MATCH_MODEL, SCOPE_MODEL) are fitted on half of each set and measured
 * on the other half, both ways round (two folds); `--fit` prints coefficients fitted on everything.
 */
import { findPackageRoot } from '../../src/shared/package-root.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import type { Embedder } from '../../src/encoder/embedder.js';
import { loadStaticEncoder } from '../../src/encoder/static-encoder.js';
import { Routing, type RoutingEngine } from '../../src/routing/engine.js';
import { matchProbability, rankHybrid, reportedConfidence, scopeProbability, type CandidateFeatures, type MeaningInput, type ScopeFeatures } from '../../src/routing/hybrid.js';
import { CONFIDENCE, MATCH_FEATURES, MATCH_MODEL, SCOPE_BELOW, SCOPE_FEATURES, SCOPE_MODEL, type MatchModel, type ScopeModel } from '../../src/routing/tuning.js';
import { buildAgentVectors, examplePassageIndex, type AgentVectors } from '../../src/routing/vectors.js';
import { PARAPHRASE_CASES, VOLTAGENT_CASES, type ParaphraseCase } from './paraphrase.js';
import { fitLogistic, OFF_TOPIC } from './routing.js';
import { MIXED_CASES } from './sets/mixed.js';
import { OFF_TOPIC_CASES } from './sets/offtopic.js';
import { ROUTE_CASES } from './sets/route.js';
import { SNITS_CASES } from './sets/snits.js';

const SEED_NAMES = new Set(['python-pro', 'python-engineer', 'python-infrastructure-engineer', 'infrastructure-specialist', 'container-infrastructure-engineer']);

export interface Query {
  set: string;
  catalog: CatalogName;
  task: string;
  /** Acceptable agents; empty when the right answer is to abstain. */
  accept: readonly string[];
  /** Leave-one-example-out: the agent and example index held out. */
  holdout?: { name: string; example: number };
}

export type CatalogName = 'dev' | 'mixed' | 'volt' | 'seeds';

export interface Scored {
  query: Query;
  /** Candidates best first, with features and whether each is acceptable. */
  candidates: Array<{ name: string; features: CandidateFeatures; correct: boolean }>;
  scope: ScopeFeatures;
}

export interface Outcome {
  query: Query;
  /** 1-based rank of the first acceptable agent (0: not returned). */
  rank: number;
  top: string | undefined;
  confidence: number;
  abstained: boolean;
}

/** Every query of the dev sets, by catalog. */
export function devQueries(dev: CatalogSnapshot): Query[] {
  const out: Query[] = [];
  const add = (set: string, catalog: CatalogName, cases: readonly ParaphraseCase[]): void => {
    for (const c of cases) out.push({ set, catalog, task: c.task, accept: c.accept });
  };
  add('snits', 'dev', SNITS_CASES);
  add('para', 'dev', PARAPHRASE_CASES);
  for (const agent of dev.agents.values()) agent.examples.forEach((ex, i) => out.push({ set: 'loo', catalog: 'dev', task: ex.user, accept: [agent.name], holdout: { name: agent.name, example: i } }));
  add('mixed', 'mixed', MIXED_CASES);
  add('volt', 'volt', VOLTAGENT_CASES);
  for (const c of SNITS_CASES) {
    const seeds = c.accept.filter((a) => SEED_NAMES.has(a));
    out.push({ set: seeds.length > 0 ? 'seeds-in' : 'seeds-out', catalog: 'seeds', task: c.task, accept: seeds });
  }
  const offTopic = [...OFF_TOPIC, ...OFF_TOPIC_CASES];
  for (const catalog of ['dev', 'mixed', 'volt', 'seeds'] as const) for (const t of offTopic) out.push({ set: 'off-topic', catalog, task: t, accept: [] });
  return out;
}

/** Sets whose tasks some agent of the catalog fits (abstaining on them is an error). */
export function inScope(q: Query): boolean {
  return q.accept.length > 0;
}

export async function loadCatalogs(repoRoot: string, corpus: string): Promise<Record<CatalogName, CatalogSnapshot>> {
  const load = (...dirs: string[]): Promise<CatalogSnapshot> => buildSnapshot({ sources: dirs.map((dir) => ({ kind: 'flag' as const, dir, label: dir })), sharedPromptDirs: [] });
  const seedsDir = path.join(repoRoot, 'agents');
  const [dev, mixed, volt, seeds] = await Promise.all([
    load(path.join(corpus, 'snits-claude-files/agent-templates'), seedsDir),
    load(path.join(corpus, 'wshobson-agents'), path.join(corpus, 'voltagent-subagents'), path.join(corpus, '0xfurai-subagents')),
    load(path.join(corpus, 'voltagent-subagents')),
    load(seedsDir),
  ]);
  return { dev, mixed, volt, seeds };
}

interface CatalogState {
  snapshot: CatalogSnapshot;
  engine: RoutingEngine;
  vectors: AgentVectors;
}

/** Score every query's candidates (features for the fit and for the outcome). */
export async function scoreQueries(catalogs: Record<CatalogName, CatalogSnapshot>, queries: readonly Query[], encoder: Embedder): Promise<Scored[]> {
  const routing = new Routing();
  const states = new Map<CatalogName, CatalogState>();
  for (const [name, snapshot] of Object.entries(catalogs) as Array<[CatalogName, CatalogSnapshot]>) {
    const engine = routing.engineFor(snapshot);
    const { vectors } = await buildAgentVectors(snapshot.agents.values(), (a) => engine.passagesOf(a), encoder, { sliceMs: 1e9 });
    states.set(name, { snapshot, engine, vectors });
  }
  const out: Scored[] = [];
  for (const q of queries) {
    const st = states.get(q.catalog);
    if (!st) continue;
    const query = encoder.encode(q.task);
    if (!query) {
      out.push({ query: q, candidates: [], scope: { top: 0, best: 0, anchor: 0, margin: 0, lexical: 0, coverage: 0, catalog: 0, context: 0 } });
      continue;
    }
    let engine = st.engine;
    let skip: MeaningInput['skip'];
    if (q.holdout) {
      const card = st.engine.card(q.holdout.name);
      if (card) engine = routing.engine(st.snapshot, { replace: new Map([[q.holdout.name, routing.documentOf(card, { withoutExample: q.holdout.example })]]) });
      skip = { name: q.holdout.name, passage: examplePassageIndex(q.holdout.example) };
    }
    const encode = (text: string): { query: Float32Array; anchor: number } | undefined => {
      const v = encoder.encode(text);
      return v ? { query: v, anchor: routing.anchorSimilarity(encoder, v) } : undefined;
    };
    const meaning: MeaningInput = { vectors: st.vectors, query, anchor: routing.anchorSimilarity(encoder, query), encode, ...(skip ? { skip } : {}) };
    const ranking = rankHybrid(engine, q.task, meaning);
    out.push({ query: q, candidates: ranking.candidates.map((c) => ({ name: c.name, features: c.features, correct: q.accept.includes(c.name) })), scope: ranking.scope });
  }
  return out;
}

type Calibration = { scale: number; shift: number };
export interface Models {
  match: Readonly<MatchModel>;
  scope: Readonly<ScopeModel>;
  threshold: number;
  confidence: Readonly<Calibration>;
}

/** The scope features of a query under a match model (which candidate is on top depends on it). */
function withTop(s: Scored, match: Readonly<MatchModel>): ScopeFeatures {
  let top = 0;
  for (const c of s.candidates) top = Math.max(top, matchProbability(c.features, match));
  return { ...s.scope, top };
}

/** Candidates per query that feed the match model fit (the rest are far from the top). */
const FIT_CANDIDATES = 20;

/** Fit both models on `train`; the abstention threshold keeps at most `maxAbstain` of in-scope training tasks abstaining. */
export function fitModels(train: readonly Scored[], maxAbstain = 0.02): Models {
  const points: Array<{ x: number[]; y: number }> = [];
  for (const s of train) for (const c of s.candidates.slice(0, FIT_CANDIDATES)) points.push({ x: MATCH_FEATURES.map((k) => c.features[k]), y: c.correct ? 1 : 0 });
  const w = fitLogistic(points, 3000, 1.0, 1e-3);
  const match = Object.fromEntries([['bias', w[0] ?? 0], ...MATCH_FEATURES.map((k, i) => [k, w[i + 1] ?? 0])]) as MatchModel;
  // The scope features depend on the match model (its top probability): recompute them with the fitted one.
  const scopeOf = (s: Scored): ScopeFeatures => withTop(s, match);
  const sp = train.map((s) => ({ x: SCOPE_FEATURES.map((k) => scopeOf(s)[k]), y: inScope(s.query) ? 1 : 0 }));
  const v = fitLogistic(sp, 3000, 1.0, 1e-3);
  const scope = Object.fromEntries([['bias', v[0] ?? 0], ...SCOPE_FEATURES.map((k, i) => [k, v[i + 1] ?? 0])]) as ScopeModel;
  const ins = train.filter((s) => inScope(s.query)).map((s) => scopeProbability(scopeOf(s), scope)).sort((a, b) => a - b);
  const threshold = ins[Math.floor(ins.length * maxAbstain)] ?? 0.5;
  // Platt scaling of the top match's capped probability against whether it was right.
  const cal = train
    .filter((s) => s.candidates.length > 0)
    .map((s) => {
      const ranked = s.candidates.map((c) => ({ c, p: matchProbability(c.features, match) })).sort((a, b) => b.p - a.p);
      const top = ranked[0] as { c: Scored['candidates'][number]; p: number };
      const p = Math.min(Math.max(Math.min(top.p, scopeProbability(scopeOf(s), scope)), 1e-6), 1 - 1e-6);
      return { x: [Math.log(p / (1 - p))], y: top.c.correct ? 1 : 0 };
    });
  const c = fitLogistic(cal, 3000, 0.5, 0);
  return { match, scope, threshold, confidence: { scale: c[1] ?? 1, shift: c[0] ?? 0 } };
}

/** Outcomes of scored queries under given models (the shipped ones by default). */
export function outcomes(scored: readonly Scored[], models: Models = { match: MATCH_MODEL, scope: SCOPE_MODEL, threshold: SCOPE_BELOW, confidence: CONFIDENCE }): Outcome[] {
  return scored.map((s) => {
    const ranked = s.candidates.map((c) => ({ name: c.name, p: matchProbability(c.features, models.match) })).sort((a, b) => b.p - a.p || (a.name < b.name ? -1 : 1));
    const inScopeP = scopeProbability(withTop(s, models.match), models.scope);
    const rank = ranked.findIndex((r) => s.query.accept.includes(r.name)) + 1;
    return { query: s.query, rank, top: ranked[0]?.name, confidence: reportedConfidence(ranked[0]?.p ?? 0, inScopeP, models.confidence), abstained: ranked.length === 0 || inScopeP < models.threshold };
  });
}

/** Outcomes of the lexical matcher alone (the baseline). */
export function lexicalOutcomes(catalogs: Record<CatalogName, CatalogSnapshot>, queries: readonly Query[]): Outcome[] {
  const routing = new Routing();
  return queries.map((q) => {
    let engine = routing.engineFor(catalogs[q.catalog]);
    if (q.holdout) {
      const card = engine.card(q.holdout.name);
      if (card) engine = routing.engine(catalogs[q.catalog], { replace: new Map([[q.holdout.name, routing.documentOf(card, { withoutExample: q.holdout.example })]]) });
    }
    const r = engine.match(q.task, { limit: 50, noReasons: true });
    const rank = r.matches.findIndex((m) => q.accept.includes(m.name)) + 1;
    return { query: q, rank, top: r.matches[0]?.name, confidence: r.matches[0]?.confidence ?? 0, abstained: r.abstained };
  });
}

export interface SetSummary {
  set: string;
  catalog: CatalogName;
  n: number;
  top1: number;
  top3: number;
  mrr: number;
  abstained: number;
}

export function summarizeSets(results: readonly Outcome[]): SetSummary[] {
  const groups = new Map<string, Outcome[]>();
  for (const r of results) {
    const key = `${r.query.set}\u0000${r.query.catalog}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([key, rs]) => {
    const [set = '', catalog = 'dev'] = key.split('\u0000');
    const n = rs.length;
    return {
      set,
      catalog: catalog as CatalogName,
      n,
      top1: rs.filter((r) => r.rank === 1).length / n,
      top3: rs.filter((r) => r.rank >= 1 && r.rank <= 3).length / n,
      mrr: rs.reduce((s, r) => s + (r.rank > 0 ? 1 / r.rank : 0), 0) / n,
      abstained: rs.filter((r) => r.abstained).length / n,
    };
  });
}

/** Reliability: top-match confidence bucket → how often that top match was right (off-topic: never). */
export function reliability(results: readonly Outcome[]): Array<{ from: number; to: number; n: number; confidence: number; accuracy: number }> {
  const edges = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];
  return edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1] ?? 1;
    const inBin = results.filter((r) => r.top !== undefined && r.confidence >= from && r.confidence < to);
    const n = inBin.length;
    return { from, to: Math.min(1, to), n, confidence: n ? inBin.reduce((s, r) => s + r.confidence, 0) / n : 0, accuracy: n ? inBin.filter((r) => r.rank === 1).length / n : 0 };
  });
}

/** Two folds: even-numbered tasks of every set train, odd ones are measured, then the other way round. */
export function crossValidate(scored: readonly Scored[]): Outcome[] {
  const fold = (s: Scored, i: number): number => i % 2;
  const index = new Map<Scored, number>();
  const counters = new Map<string, number>();
  for (const s of scored) {
    const key = `${s.query.set}\u0000${s.query.catalog}`;
    const i = counters.get(key) ?? 0;
    counters.set(key, i + 1);
    index.set(s, i);
  }
  const out: Outcome[] = [];
  for (const k of [0, 1]) {
    const train = scored.filter((s) => fold(s, index.get(s) ?? 0) === k);
    const test = scored.filter((s) => fold(s, index.get(s) ?? 0) !== k);
    out.push(...outcomes(test, fitModels(train)));
  }
  return out;
}

export interface RouteOutcome {
  correct: boolean;
  expect: 'stay' | 'handoff';
  decision: string;
  agent: string | null;
  task: string;
  current: string;
}

/** route_task with current_agent over the route cases (the engine's own models). */
export async function routeOutcomes(catalogs: Record<CatalogName, CatalogSnapshot>, encoder: Embedder | undefined): Promise<RouteOutcome[]> {
  const meaning = encoder
    ? { encoder: () => encoder, whyNot: () => '', agentCacheFile: () => undefined }
    : { encoder: () => undefined, whyNot: () => 'lexical baseline', agentCacheFile: () => undefined };
  const routing = new Routing({ meaning });
  const byCatalog: Record<'snits' | 'mixed' | 'seeds', CatalogSnapshot> = { snits: catalogs.dev, mixed: catalogs.mixed, seeds: catalogs.seeds };
  const out: RouteOutcome[] = [];
  for (const c of ROUTE_CASES) {
    const engine = routing.engineFor(byCatalog[c.catalog]);
    await engine.warmVectors({ sliceMs: 1e9 });
    const r = engine.route(c.task, { currentAgent: c.agent });
    const correct = c.expect === 'stay' ? r.decision === 'stay' : r.decision === 'handoff' && (c.to ?? []).includes(r.agent ?? 'experts');
    out.push({ correct, expect: c.expect, decision: r.decision, agent: r.agent, task: c.task, current: c.agent });
  }
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`.padStart(6);
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const repoRoot = findPackageRoot(fileURLToPath(import.meta.url));
  const corpus = process.env.AGENT_CATALOG_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
  const started = performance.now();
  const catalogs = await loadCatalogs(repoRoot, corpus);
  const queries = devQueries(catalogs.dev);
  const lexical = argv.includes('--lexical');
  const encoder = lexical ? undefined : await loadStaticEncoder(path.join(repoRoot, 'model', 'encoder'));
  let results: Outcome[];
  let scored: Scored[] = [];
  if (encoder) {
    scored = await scoreQueries(catalogs, queries, encoder);
    results = argv.includes('--shipped') ? outcomes(scored) : crossValidate(scored);
  } else {
    results = lexicalOutcomes(catalogs, queries);
  }
  const mode = encoder ? (argv.includes('--shipped') ? `words + meaning (${encoder.modelId}), shipped models, in-sample` : `words + meaning (${encoder.modelId}), two-fold cross-validated`) : 'words only (lexical baseline)';
  console.log(`Routing eval: ${mode}\n`);
  console.log(`${'set'.padEnd(11)} ${'catalog'.padEnd(7)} ${'tasks'.padStart(5)}  ${'top-1'.padStart(6)}  ${'top-3'.padStart(6)}  ${'MRR'.padStart(5)}  abstained`);
  const summaries = summarizeSets(results);
  for (const s of summaries) {
    const quality = s.set === 'off-topic' || s.set === 'seeds-out' ? `${'—'.padStart(6)}  ${'—'.padStart(6)}  ${'—'.padStart(5)}` : `${pct(s.top1)}  ${pct(s.top3)}  ${s.mrr.toFixed(3)}`;
    console.log(`${s.set.padEnd(11)} ${s.catalog.padEnd(7)} ${String(s.n).padStart(5)}  ${quality}  ${pct(s.abstained)}`);
  }
  const inS = results.filter((r) => inScope(r.query));
  const off = results.filter((r) => r.query.set === 'off-topic');
  console.log(`\nin-scope tasks abstained: ${pct(inS.filter((r) => r.abstained).length / inS.length)} (target <= 5%)   off-topic abstained: ${pct(off.filter((r) => r.abstained).length / off.length)} (target >= 90%)`);
  console.log('\nreliability (top match; confidence bucket -> how often it was right):');
  for (const b of reliability(results)) console.log(`  [${b.from.toFixed(1)}, ${b.to.toFixed(1)})  n=${String(b.n).padStart(4)}  mean confidence ${b.confidence.toFixed(2)}  right ${b.accuracy.toFixed(2)}`);
  const route = await routeOutcomes(catalogs, encoder);
  const ok = route.filter((r) => r.correct).length;
  const stays = route.filter((r) => r.expect === 'stay');
  const hand = route.filter((r) => r.expect === 'handoff');
  console.log(`\nroute decisions (route_task with current_agent): ${ok} / ${route.length} (${pct(ok / route.length)}); stay ${stays.filter((r) => r.correct).length}/${stays.length}, hand-off ${hand.filter((r) => r.correct).length}/${hand.length}`);
  if (argv.includes('--misses')) {
    console.log('\nmisses:');
    for (const r of results) if (inScope(r.query) && r.rank !== 1) console.log(`  [${r.query.set}] rank ${r.rank || '-'} (top ${r.top ?? '-'}): ${r.query.task.slice(0, 100)} -> ${r.query.accept[0] ?? ''}`);
    for (const r of results) if (!inScope(r.query) && !r.abstained) console.log(`  [${r.query.set} ${r.query.catalog}] answered ${r.top ?? '-'} (${r.confidence.toFixed(2)}): ${r.query.task.slice(0, 100)}`);
    for (const r of route) if (!r.correct) console.log(`  [route] ${r.current}: expected ${r.expect}, got ${r.decision} ${r.agent ?? ''}: ${r.task.slice(0, 90)}`);
  }
  if (argv.includes('--fit') && scored.length > 0) {
    const m = fitModels(scored);
    const fmt = (o: Record<string, number>): string => Object.entries(o).map(([k, v]) => `  ${k}: ${v.toFixed(3)},`).join('\n');
    console.log(
      `\nfitted on every dev task (paste into src/routing/tuning.ts):\nexport const MATCH_MODEL = {\n${fmt(m.match)}\n} as const;\nexport const SCOPE_MODEL = {\n${fmt(m.scope)}\n} as const;\nexport const CONFIDENCE = {\n${fmt(m.confidence)}\n} as const;\nexport const SCOPE_BELOW = ${m.threshold.toFixed(3)};`,
    );
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
