/**
 * `npm run eval:routing`: leave-one-example-out routing quality.
 *
 * Dev set: `../shared/corpus/snits-claude-files/agent-templates` plus the bundled seeds. For each
 * `<example>` user request, that example is removed from its agent's document, the request is searched,
 * and the rank of the agent is recorded (the example is put back afterwards). Reports top-1, top-3 and
 * MRR, the same over the other corpus catalogs where examples exist, abstention on off-topic tasks, and
 * how well the confidence is calibrated (reliability by bins, Brier score).
 *
 * `--fit` also refits the confidence calibration (logistic regression over candidate features) and prints
 * the coefficients to paste into src/routing/match.ts.
 */
import { findPackageRoot } from '../../src/shared/package-root.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { Routing } from '../../src/routing/engine.js';
import type { RoutingIndex } from '../../src/routing/index.js';
import { DEFAULT_TUNING, type SearchTuning } from '../../src/routing/tuning.js';
import { ABSTAIN_BELOW, confidenceOf, features, searchIndex } from '../../src/routing/match.js';
import { PARAPHRASE_CASES, VOLTAGENT_CASES, type ParaphraseCase } from './paraphrase.js';

export interface LooRow {
  agent: string;
  query: string;
  /** 1-based rank of the right agent; 0 when it is not returned at all. */
  rank: number;
  top: string | undefined;
  /** Feature vectors and labels of the first candidates (for calibration). */
  candidates: Array<{ name: string; features: number[]; correct: boolean }>;
}

export interface LooSummary {
  catalog: string;
  agents: number;
  queries: number;
  top1: number;
  top3: number;
  mrr: number;
}

export async function loadCatalog(dirs: readonly string[]): Promise<CatalogSnapshot> {
  return buildSnapshot({ sources: dirs.map((dir) => ({ kind: 'flag' as const, dir, label: dir })), sharedPromptDirs: [] });
}

/** Candidates per query that feed the calibration fit. */
const FEATURE_CANDIDATES = 5;
/** Rank every agent in the eval (the matcher itself keeps only the top few). */
const ALL = { keep: Number.MAX_SAFE_INTEGER };

function candidateRows(index: RoutingIndex, task: string, right: string | undefined): LooRow['candidates'] {
  const raw = searchIndex(index, task, ALL);
  const n = raw.query.filter((q) => q.original).length;
  return raw.candidates.slice(0, FEATURE_CANDIDATES).map((c, i) => ({ name: c.name, features: features(raw.candidates, i, n, index.documentCount), correct: c.name === right }));
}

/**
 * Leave-one-example-out over every example of every agent in the snapshot. Each query runs against an index
 * built afresh with that one example removed (from the documents `routing` keeps, so it is quick): every
 * other agent's statistics are then exactly those of a catalog without that example.
 */
export function leaveOneOut(snapshot: CatalogSnapshot, tuning: SearchTuning = DEFAULT_TUNING, routing: Routing = new Routing()): { rows: LooRow[]; index: RoutingIndex } {
  const base = routing.engine(snapshot, { tuning });
  const index = base.index;
  const rows: LooRow[] = [];
  for (const name of index.records.keys()) {
    const card = base.card(name);
    if (!card) continue;
    card.examples.forEach((ex, i) => {
      const held = routing.engine(snapshot, { tuning, replace: new Map([[name, routing.documentOf(card, { withoutExample: i }, tuning)]]) }).index;
      const raw = searchIndex(held, ex.user, ALL);
      const rank = raw.candidates.findIndex((c) => c.name === name) + 1;
      const n = raw.query.filter((q) => q.original).length;
      rows.push({
        agent: name,
        query: ex.user,
        rank,
        top: raw.candidates[0]?.name,
        candidates: raw.candidates.slice(0, FEATURE_CANDIDATES).map((c, k) => ({ name: c.name, features: features(raw.candidates, k, n, held.documentCount), correct: c.name === name })),
      });
    });
  }
  return { rows, index };
}

/**
 * Proxy for catalogs without examples: each agent's description is the query, with the description removed
 * from that agent's own document (the body must carry the match).
 */
export function leaveSummaryOut(snapshot: CatalogSnapshot, tuning: SearchTuning = DEFAULT_TUNING, routing: Routing = new Routing()): LooRow[] {
  const base = routing.engine(snapshot, { tuning });
  const rows: LooRow[] = [];
  for (const name of base.index.records.keys()) {
    const card = base.card(name);
    if (!card || card.summary.trim() === '') continue;
    const held = routing.engine(snapshot, { tuning, replace: new Map([[name, routing.documentOf(card, { withoutSummary: true }, tuning)]]) }).index;
    const raw = searchIndex(held, card.summary, ALL);
    rows.push({ agent: name, query: card.summary, rank: raw.candidates.findIndex((c) => c.name === name) + 1, top: raw.candidates[0]?.name, candidates: [] });
  }
  return rows;
}

/** A hand-written task set (dev/eval/paraphrase.ts) against a catalog: rank of the first acceptable agent. */
export function paraphraseRows(index: RoutingIndex, cases: readonly ParaphraseCase[] = PARAPHRASE_CASES): LooRow[] {
  return cases.map((c) => {
    const raw = searchIndex(index, c.task, ALL);
    return { agent: c.accept[0] ?? '', query: c.task, rank: raw.candidates.findIndex((x) => c.accept.includes(x.name)) + 1, top: raw.candidates[0]?.name, candidates: [] };
  });
}

export function summarize(catalog: string, agents: number, rows: readonly LooRow[]): LooSummary {
  const n = rows.length;
  const top1 = rows.filter((r) => r.rank === 1).length;
  const top3 = rows.filter((r) => r.rank >= 1 && r.rank <= 3).length;
  const mrr = rows.reduce((s, r) => s + (r.rank > 0 ? 1 / r.rank : 0), 0);
  return { catalog, agents, queries: n, top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, mrr: n ? mrr / n : 0 };
}

/** Tasks no agent in these catalogs should claim (abstention check and calibration negatives). */
export const OFF_TOPIC: readonly string[] = [
  'bake sourdough bread',
  'what is a good recipe for banana pancakes',
  'plan a two week vacation in Portugal with kids',
  'help me write a birthday poem for my grandmother',
  'how do I get red wine stains out of a carpet',
  'recommend some houseplants that survive low light',
  'what should I pack for a weekend camping trip',
  'teach my dog to stop pulling on the leash',
  'suggest a marathon training schedule for beginners',
  'how long should I boil an egg for a runny yolk',
  'pick a paint color for a north facing bedroom',
  'which wine goes well with grilled salmon',
  'knit a scarf with a cable pattern',
  'tips for growing tomatoes on a balcony',
  'how do I fix a squeaky door hinge',
  'write a wedding toast for my best friend',
  'what are the rules of cricket',
  'find a good stretching routine for lower back pain',
  'best way to learn to play the ukulele',
  'how do I descale my espresso machine',
  'choose a name for my new kitten',
  'plan a menu for a vegetarian dinner party',
  'how to remove rust from a bicycle chain',
  'ideas for a rainy day activity with toddlers',
];

export interface Calibration {
  bins: Array<{ from: number; to: number; n: number; meanConfidence: number; accuracy: number }>;
  brier: number;
  /** Share of off-topic tasks where the matcher abstained. */
  offTopicAbstain: number;
  /** Share of dev queries where it abstained (lower is better). */
  devAbstain: number;
}

export function calibration(rows: readonly LooRow[], offTopic: ReadonlyArray<LooRow['candidates']>): Calibration {
  const points: Array<{ p: number; y: number }> = [];
  for (const r of rows) {
    const c = r.candidates[0];
    if (c) points.push({ p: confidenceOf(c.features), y: c.correct ? 1 : 0 });
  }
  for (const cands of offTopic) {
    const c = cands[0];
    if (c) points.push({ p: confidenceOf(c.features), y: 0 });
  }
  const edges = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];
  const bins = edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1] ?? 1;
    const inBin = points.filter((x) => x.p >= from && x.p < to);
    const n = inBin.length;
    return {
      from,
      to: Math.min(1, to),
      n,
      meanConfidence: n ? inBin.reduce((s, x) => s + x.p, 0) / n : 0,
      accuracy: n ? inBin.reduce((s, x) => s + x.y, 0) / n : 0,
    };
  });
  const brier = points.length ? points.reduce((s, x) => s + (x.p - x.y) ** 2, 0) / points.length : 0;
  const abstains = (c: LooRow['candidates']): boolean => {
    const top = c[0];
    return !top || confidenceOf(top.features) < ABSTAIN_BELOW;
  };
  return {
    bins,
    brier,
    offTopicAbstain: offTopic.length ? offTopic.filter(abstains).length / offTopic.length : 0,
    devAbstain: rows.length ? rows.filter((r) => abstains(r.candidates)).length / rows.length : 0,
  };
}

/** Logistic regression by gradient descent (few features, a few thousand points). */
export function fitLogistic(points: ReadonlyArray<{ x: readonly number[]; y: number }>, iterations = 4000, rate = 0.5, l2 = 1e-3): number[] {
  const dim = (points[0]?.x.length ?? 0) + 1;
  const w = new Array<number>(dim).fill(0);
  const n = points.length || 1;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(dim).fill(0);
    for (const { x, y } of points) {
      let z = w[0] ?? 0;
      for (let j = 1; j < dim; j++) z += (w[j] ?? 0) * (x[j - 1] ?? 0);
      const p = 1 / (1 + Math.exp(-z));
      const e = p - y;
      grad[0] = (grad[0] ?? 0) + e;
      for (let j = 1; j < dim; j++) grad[j] = (grad[j] ?? 0) + e * (x[j - 1] ?? 0);
    }
    for (let j = 0; j < dim; j++) w[j] = (w[j] ?? 0) - rate * ((grad[j] ?? 0) / n + (j > 0 ? l2 * (w[j] ?? 0) : 0));
  }
  return w;
}

/** Off-topic points count this many times in the calibration fit (there are few of them). */
export const OFF_TOPIC_WEIGHT = 10;

export const CORPUS_CATALOGS: ReadonlyArray<{ name: string; dir: string }> = [
  { name: 'wshobson-agents', dir: 'wshobson-agents' },
  { name: 'voltagent-subagents', dir: 'voltagent-subagents' },
  { name: '0xfurai-subagents', dir: '0xfurai-subagents' },
  { name: 'snits-claude-files/agents', dir: 'snits-claude-files/agents' },
];

function pct(x: number): string {
  return (x * 100).toFixed(1).padStart(5) + '%';
}

export interface EvalReport {
  dev: LooSummary;
  others: Array<LooSummary & { note?: string }>;
  /** Description-as-query proxy for every catalog (examples or not). */
  summaryOut: LooSummary[];
  paraphrase: LooSummary;
  /** The second hand-written set, over voltagent-subagents. */
  paraphraseVolt: LooSummary | undefined;
  calibration: Calibration;
  misses: LooRow[];
}

export async function runEval(repoRoot: string, tuning: SearchTuning = DEFAULT_TUNING): Promise<EvalReport & { rows: LooRow[]; offTopic: Array<LooRow['candidates']> }> {
  const corpus = path.resolve(repoRoot, '../shared/corpus');
  const devSnap = await loadCatalog([path.join(corpus, 'snits-claude-files/agent-templates'), path.join(repoRoot, 'agents')]);
  // One Routing for the whole run: each agent's document is made once and reused by every index.
  const routing = new Routing();
  const { rows, index } = leaveOneOut(devSnap, tuning, routing);
  const dev = summarize('dev: snits agent-templates + seeds', devSnap.agents.size, rows);
  const offTopic = OFF_TOPIC.map((t) => candidateRows(index, t, undefined));
  const paraphraseList = paraphraseRows(routing.engine(devSnap, { tuning }).index);
  const paraphrase = summarize(`paraphrase set (${PARAPHRASE_CASES.length} hand-written tasks)`, devSnap.agents.size, paraphraseList);
  const others: EvalReport['others'] = [];
  const summaryOut: LooSummary[] = [summarize('dev: snits agent-templates + seeds', devSnap.agents.size, leaveSummaryOut(devSnap, tuning, routing))];
  let paraphraseVolt: LooSummary | undefined;
  const voltMisses: LooRow[] = [];
  for (const c of CORPUS_CATALOGS) {
    const snap = await loadCatalog([path.join(corpus, c.dir)]);
    if (c.name === 'voltagent-subagents') {
      const vr = paraphraseRows(routing.engine(snap, { tuning }).index, VOLTAGENT_CASES);
      paraphraseVolt = summarize(`voltagent tasks (${VOLTAGENT_CASES.length} hand-written)`, snap.agents.size, vr);
      voltMisses.push(...vr.filter((r) => r.rank !== 1));
    }
    const loo = leaveOneOut(snap, tuning, routing);
    const s = summarize(c.name, snap.agents.size, loo.rows);
    others.push(loo.rows.length === 0 ? { ...s, note: 'no <example> blocks in this catalog' } : s);
    summaryOut.push(summarize(c.name, snap.agents.size, leaveSummaryOut(snap, tuning, routing)));
  }
  return {
    dev,
    others,
    summaryOut,
    paraphrase,
    paraphraseVolt,
    calibration: calibration(rows, offTopic),
    misses: [...rows.filter((r) => r.rank !== 1), ...paraphraseList.filter((r) => r.rank !== 1), ...voltMisses],
    rows,
    offTopic,
  };
}

export async function main(): Promise<void> {
  const repoRoot = findPackageRoot(fileURLToPath(import.meta.url));
  const args = process.argv.slice(2);
  const started = performance.now();
  const report = await runEval(repoRoot);
  const line = (s: LooSummary & { note?: string }): string =>
    `${s.catalog.padEnd(38)} ${String(s.agents).padStart(6)} ${String(s.queries).padStart(7)}  ${s.queries ? `${pct(s.top1)}  ${pct(s.top3)}  ${s.mrr.toFixed(3)}` : `   —       —       —    (${s.note ?? 'no examples'})`}`;
  console.log('Routing eval: leave-one-example-out (each <example> request searched with that example removed)\n');
  console.log(`${'catalog'.padEnd(38)} ${'agents'.padStart(6)} ${'queries'.padStart(7)}  ${'top-1'.padStart(6)}  ${'top-3'.padStart(6)}  MRR`);
  console.log(line(report.dev));
  for (const o of report.others) console.log(line(o));
  console.log(`\nhand-written paraphrase tasks (dev/eval/paraphrase.ts; symptoms and goals, not the agents' phrases):`);
  console.log(line(report.paraphrase));
  if (report.paraphraseVolt) console.log(line(report.paraphraseVolt));
  console.log('\nproxy for catalogs without examples: each description as the query, removed from its own agent:');
  for (const s of report.summaryOut) console.log(line(s));
  const pass = report.dev.top1 >= 0.85 && report.dev.top3 >= 0.95;
  console.log(`\ntargets on the dev set: top-1 >= 85%, top-3 >= 95% -> ${pass ? 'PASS' : 'FAIL'}`);
  const cal = report.calibration;
  console.log(`\nconfidence calibration (top match; dev queries + ${OFF_TOPIC.length} off-topic tasks), Brier ${cal.brier.toFixed(3)}:`);
  for (const b of cal.bins) console.log(`  [${b.from.toFixed(1)}, ${b.to.toFixed(1)})  n=${String(b.n).padStart(4)}  mean confidence ${b.meanConfidence.toFixed(2)}  accuracy ${b.accuracy.toFixed(2)}`);
  console.log(`abstained on off-topic tasks: ${pct(cal.offTopicAbstain)}   abstained on dev queries: ${pct(cal.devAbstain)}`);
  if (args.includes('--misses')) {
    console.log('\nmisses:');
    for (const m of report.misses) console.log(`  ${m.agent} <- rank ${m.rank || '-'} (top ${m.top ?? '-'}): ${m.query.slice(0, 110)}`);
  }
  if (args.includes('--fit')) {
    const points: Array<{ x: number[]; y: number }> = [];
    for (const r of report.rows) for (const c of r.candidates) points.push({ x: c.features, y: c.correct ? 1 : 0 });
    for (let k = 0; k < OFF_TOPIC_WEIGHT; k++) for (const cands of report.offTopic) for (const c of cands) points.push({ x: c.features, y: 0 });
    const w = fitLogistic(points, 20000, 1.0, 1e-3);
    console.log(`\nfitted calibration: bias ${w[0]?.toFixed(3)}, coverage ${w[1]?.toFixed(3)}, relative ${w[2]?.toFixed(3)}, lead ${w[3]?.toFixed(3)}, strength ${w[4]?.toFixed(3)}, idfCoverage ${w[5]?.toFixed(3)}, isTop ${w[6]?.toFixed(3)}`);
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  process.exitCode = pass ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  });
}
