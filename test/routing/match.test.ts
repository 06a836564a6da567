import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import MiniSearch from 'minisearch';
import { Routing } from '../../src/routing/engine.js';
import type { RoutingDoc } from '../../src/routing/index.js';
import { queryTerms, terms } from '../../src/routing/text.js';
import { DEFAULT_PRUNE, DEFAULT_TUNING } from '../../src/routing/tuning.js';
import { stem } from '../../src/routing/stem.js';
import { leaveOneOut, summarize } from '../../dev/eval/routing.js';
import { REPO_ROOT } from '../helpers/env.js';
import { bodyOf } from '../helpers/bodies.js';
import { BodyStore } from '../../src/catalog/packed-body.js';
import { CORPUS, HAS_CORPUS, describeCorpus } from '../helpers/corpus.js';
import { generateCatalog, type GeneratedCatalog } from '../helpers/catalog-fixture.js';

async function load(...dirs: string[]): Promise<CatalogSnapshot> {
  return buildSnapshot({ sources: dirs.map((dir) => ({ kind: 'flag' as const, dir, label: dir })), sharedPromptDirs: [] });
}

const routing = new Routing();
let generated: GeneratedCatalog;
let seeds: CatalogSnapshot;
/** The generated templates plus the seeds (the real dev catalog, snits templates + seeds, needs the corpus). */
let dev: CatalogSnapshot;
let plugins: CatalogSnapshot;
let flat: CatalogSnapshot;
// Corpus catalogs (loaded only when the corpus is present).
let corpusDev: CatalogSnapshot;
let wshobson: CatalogSnapshot;
let volt: CatalogSnapshot;
let furai: CatalogSnapshot;

beforeAll(async () => {
  generated = generateCatalog();
  [seeds, dev, plugins, flat] = await Promise.all([
    load(path.join(REPO_ROOT, 'agents')),
    load(generated.templates, path.join(REPO_ROOT, 'agents')),
    load(generated.plugins),
    load(generated.flat),
  ]);
  if (HAS_CORPUS) {
    [corpusDev, wshobson, volt, furai] = await Promise.all([
      load(path.join(CORPUS, 'snits-claude-files/agent-templates'), path.join(REPO_ROOT, 'agents')),
      load(path.join(CORPUS, 'wshobson-agents')),
      load(path.join(CORPUS, 'voltagent-subagents')),
      load(path.join(CORPUS, '0xfurai-subagents')),
    ]);
  }
});

const top = (snap: CatalogSnapshot, task: string, n = 3): string[] =>
  routing.engineFor(snap).match(task, { limit: n })
    .matches.slice(0, n)
    .map((m) => m.name);

describe('text processing', () => {
  it('stems, drops stop words and keeps tech symbols', () => {
    expect(stem('optimization')).toBe(stem('optimize'));
    expect(stem('databases')).toBe(stem('database'));
    expect(terms('I need to optimize the C++ and C# code for Node.js')).toEqual(['optim', 'cpp', 'csharp', 'code', 'nodej']);
    expect(terms('\u0000\u0007')).toEqual([]);
    expect(queryTerms('\u001b[31m\u0000').map((q) => q.term)).toEqual([]);
  });
});

describe('match_agents over real catalogs (hand-checked)', () => {
  it('bundled seeds: the close python neighbours are told apart', () => {
    expect(top(seeds, 'Add a FastAPI endpoint with pydantic validation and SQLAlchemy models', 1)).toEqual(['python-engineer']);
    expect(top(seeds, 'Rewrite this hot loop as a Rust extension with PyO3 and use a TaskGroup for the workers', 1)).toEqual(['python-pro']);
    expect(top(seeds, 'pre-commit hooks keep failing because bandit and ruff are misconfigured in pyproject.toml', 1)).toEqual(['python-infrastructure-engineer']);
    expect(top(seeds, 'set up testcontainers so integration tests use a real PostgreSQL', 1)).toEqual(['infrastructure-specialist']);
    expect(top(seeds, 'our Kubernetes pods cannot reach each other; fix the network policies and service mesh', 1)).toEqual(['container-infrastructure-engineer']);
  });

  it('generated catalogs: nested plugins, flat experts, templates with examples', () => {
    expect(top(plugins, 'our kubernetes pods need autoscaling and better scheduling').some((n) => n.startsWith('kubernetes-'))).toBe(true);
    expect(top(flat, 'our cassandra tables have hot partitions and slow reads')).toContain('cassandra-expert');
    expect(top(flat, 'write prometheus exporters and PromQL alerts', 1)).toEqual(['prometheus-expert']);
    expect(top(dev, 'audit our OAuth2 login flow and JWT handling for vulnerabilities', 1)).toEqual(['security-engineer']);
    expect(top(dev, 'our README no longer matches the CLI', 1)).toEqual(['technical-writer']);
  });
});

describeCorpus('match_agents over real catalogs (hand-checked)', () => {
  it('wshobson-agents', () => {
    expect(top(wshobson, 'audit our OAuth2 login flow and JWT handling for vulnerabilities').some((n) => /security|auth/.test(n))).toBe(true);
    expect(top(wshobson, 'write Terraform modules for our AWS VPC and EKS cluster').some((n) => /terraform|cloud|infra/.test(n))).toBe(true);
  });

  it('voltagent-subagents', () => {
    expect(top(volt, 'build a GraphQL schema with federation across services')).toContain('graphql-architect');
    expect(top(volt, 'our Kubernetes cluster needs autoscaling and better pod scheduling').some((n) => /kubernetes/.test(n))).toBe(true);
  });

  it('0xfurai-subagents', () => {
    expect(top(furai, 'write Actix web handlers with middleware in Rust')).toContain('actix-expert');
    expect(top(furai, 'our Cassandra tables have hot partitions and slow reads')).toContain('cassandra-expert');
  });

});

describe('match_agents explanations', () => {
  it('explains matches with the sentences that matched', () => {
    const r = routing.engineFor(seeds).match('pre-commit hooks keep failing because bandit is misconfigured');
    const best = r.matches[0];
    expect(best?.reasons.length).toBeGreaterThan(0);
    expect(best?.reasons.some((x) => /bandit|pre-commit/i.test(x.text))).toBe(true);
    expect(best?.confidence).toBeGreaterThan(0.5);
    for (const m of r.matches) expect(m.confidence).toBeGreaterThanOrEqual(0);
  });
});

describe('abstention and bad input', () => {
  it('abstains on tasks no agent is about', () => {
    for (const snap of [seeds, dev, plugins, flat]) {
      const r = routing.engineFor(snap).match('bake sourdough bread');
      expect(r.abstained).toBe(true);
    }
  });

  it('never throws: empty, whitespace, control characters, 1 MB', () => {
    expect(routing.engineFor(seeds).match('')).toMatchObject({ matches: [], abstained: true });
    expect(routing.engineFor(seeds).match('   \n\t ')).toMatchObject({ matches: [], abstained: true });
    expect(routing.engineFor(seeds).match('\u0000\u0001\u0002\u001b[2J').abstained).toBe(true);
    const withControls = routing.engineFor(seeds).match('set up\u0000 testcontainers\u0007 for PostgreSQL\u001b[0m');
    expect(withControls.matches[0]?.name).toBe('infrastructure-specialist');
    const big = 'configure testcontainers for postgres '.repeat(30_000); // ~1.1 MB
    const started = performance.now();
    const r = routing.engineFor(seeds).match(big);
    // Hang guard (linear growth on hostile text is checked in test/fault/redos.test.ts).
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.matches[0]?.name).toBe('infrastructure-specialist');
  });

  it('limit and source filters', () => {
    expect(routing.engineFor(dev).match('database schema design', { limit: 2 }).matches).toHaveLength(2);
    expect(routing.engineFor(dev).match('database schema design', { limit: 999 }).matches.length).toBeLessThanOrEqual(50);
    expect(routing.engineFor(dev).match('database schema design', { source: 'bundled' }).matches).toEqual([]);
    expect(routing.engineFor(dev).match('database schema design', { source: 'flag' }).matches.length).toBeGreaterThan(0);
  });
});

describeCorpus('abstention and quality on the real dev catalog', () => {
  it('abstains on tasks no agent is about', () => {
    for (const snap of [corpusDev, volt]) expect(routing.engineFor(snap).match('bake sourdough bread').abstained).toBe(true);
    expect(routing.engineFor(corpusDev).match('what is a good recipe for banana pancakes').abstained).toBe(true);
  });

  it('keeps leave-one-example-out quality on the dev set above a floor (full numbers: npm run eval:routing)', () => {
    // A fresh index per held-out example (0.659 / 0.805 when written).
    const { rows } = leaveOneOut(corpusDev);
    const s = summarize('dev', corpusDev.agents.size, rows);
    expect(s.queries).toBeGreaterThan(150);
    expect(s.top1).toBeGreaterThan(0.62);
    expect(s.top3).toBeGreaterThan(0.77);
  });
});

/**
 * minisearch as the reference implementation of BM25+: the same documents (each term repeated `count` times)
 * added with its own addAll, searched with its own search (whose score is the summed score times the
 * number of matched query terms).
 */
function referenceIndex(docs: readonly RoutingDoc[]): MiniSearch<RoutingDoc> {
  const tokensOf = (doc: RoutingDoc): string[] => doc.terms.flatMap((t, i) => Array<string>(doc.counts[i] ?? 0).fill(t));
  const ms = new MiniSearch<RoutingDoc>({
    idField: 'id',
    fields: ['text'],
    storeFields: [],
    extractField: (doc, field) => (field === 'id' ? doc.id : tokensOf(doc)),
    stringifyField: (value) => value as string,
    tokenize: (value) => value as unknown as string[],
    processTerm: (term) => term,
    searchOptions: { bm25: DEFAULT_TUNING.bm25 },
  });
  ms.addAll(docs);
  return ms;
}

function referenceScores(ms: MiniSearch<RoutingDoc>, terms: readonly string[]): Array<[string, number]> {
  return ms.search(terms.join(' '), { tokenize: (x) => x.split(' '), processTerm: (t) => t }).map((r) => [r.id as string, r.score / Math.max(1, r.queryTerms.length)]);
}

describe('the index', () => {
  it('is built once per snapshot and rebuilt for a new one', async () => {
    expect(routing.engineFor(seeds).index).toBe(routing.engineFor(seeds).index);
    const again = await load(path.join(REPO_ROOT, 'agents'));
    expect(routing.engineFor(again).index).not.toBe(routing.engineFor(seeds).index);
  });

  it('builds the same index as minisearch addAll (below the pruning size)', async () => {
    const small = await load(generated.templates, path.join(REPO_ROOT, 'agents'));
    expect(small.agents.size).toBeLessThan(50);
    const engine = routing.engine(small);
    const index = engine.index;
    const plain = referenceIndex([...small.agents.keys()].map((name) => routing.documentOf(engine.card(name)!)));
    for (const q of ['optim databas queri index', 'review code qualiti', 'git commit histori', 'xyzzy']) {
      const terms = q.split(' ');
      const a = index.topHits(terms.map((term) => ({ term, weight: 1 })), { bm25: index.tuning.bm25, keep: 1000, rank: (sum) => sum });
      const b = new Map(referenceScores(plain, terms));
      expect(a.map((h) => h.id).sort()).toEqual([...b.keys()].sort());
      for (const h of a) expect(h.score).toBeCloseTo(b.get(h.id) ?? -1, 9);
    }
    expect(index.documentCount).toBe(plain.documentCount);
    expect(index.termCount).toBe(plain.termCount);
  });

  it('leave-one-example-out runs over a catalog with examples (the quality floor needs the real dev catalog)', () => {
    const { rows } = leaveOneOut(dev);
    const s = summarize('dev', dev.agents.size, rows);
    // One query per example of the generated templates and the seeds.
    expect(s.queries).toBe([...dev.agents.values()].reduce((n, a) => n + a.examples.length, 0));
    expect(s.top3).toBeGreaterThan(0.5);
  });

  it('scores with the compact postings exactly as minisearch scores its own index', () => {
    // Pruning off, so both hold the same postings.
    const engine = routing.engine(dev, { tuning: { ...DEFAULT_TUNING, prune: { ...DEFAULT_PRUNE, minDocs: Number.POSITIVE_INFINITY } } });
    const index = engine.index;
    const plain = referenceIndex([...dev.agents.keys()].map((name) => routing.documentOf(engine.card(name)!)));
    const q = ['databas', 'queri', 'index', 'slow'].map((term) => ({ term, weight: 1 }));
    const fast = index.topHits(q, { bm25: index.tuning.bm25, keep: 1000, rank: (sum) => sum });
    const slow = referenceScores(plain, q.map((x) => x.term));
    expect(fast.length).toBe(slow.length);
    const bySlow = new Map(slow);
    for (const h of fast) expect(h.score).toBeCloseTo(bySlow.get(h.id) ?? -1, 9);
    expect(fast.map((h) => h.score)).toEqual([...fast.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('a replaced document scores as if the index had been built with it (the eval relies on it)', () => {
    const base = routing.engine(seeds);
    const without = routing.documentOf(base.card('python-pro')!, { withoutExample: 0 });
    const replaced = routing.engine(seeds, { replace: new Map([['python-pro', without]]) }).index;
    const plain = referenceIndex([...seeds.agents.keys()].map((name) => (name === 'python-pro' ? without : routing.documentOf(base.card(name)!))));
    const terms = ['rust', 'extens', 'loop', 'pyo3', 'error'];
    const a = replaced.topHits(terms.map((term) => ({ term, weight: 1 })), { bm25: replaced.tuning.bm25, keep: 10, rank: (sum) => sum });
    const b = referenceScores(plain, terms).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    expect(a.map((h) => h.id)).toEqual(b.map(([id]) => id));
    a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i]?.[1] ?? -1, 9));
  });

  it('keeps no card per agent: cards are rebuilt on demand, only recent ones cached', () => {
    // Copies of the records (nothing cached for them yet), their bodies kept as the originals' text.
    const bodies = new BodyStore();
    const fresh = [...dev.agents.values()].map((a) => {
      const copy = { ...a };
      bodies.keepText(copy, bodyOf(dev, a.name) ?? '');
      return copy;
    });
    const engine = routing.engine({ ...dev, bodies, agents: new Map(fresh.map((a) => [a.name, a])) });
    void engine.index;
    expect(fresh.filter((a) => engine.cachedCard(a.name) !== undefined)).toEqual([]);
    expect(engine.card('python-pro')?.name).toBe('python-pro');
    expect(fresh.filter((a) => engine.cachedCard(a.name) !== undefined).map((a) => a.name)).toEqual(['python-pro']);
    expect(engine.card('python-infrastructure-engineer')?.examples.length).toBeGreaterThan(0);
    expect(engine.index.records.size).toBe(dev.agents.size);
  });

  it('queries never grow the shared term dictionary', () => {
    void routing.engineFor(seeds).index;
    const before = routing.dictionary.size;
    routing.engineFor(seeds).match('zzqx wibblefrotz quuxification of the flibbertigibbet');
    expect(routing.dictionary.size).toBe(before);
  });

  it('lexicalRanking: every agent sharing a word, best first, with scores and confidences', () => {
    const all = routing.engineFor(dev).lexicalRanking('tune the indexes of a slow postgres query');
    expect(all.length).toBeGreaterThan(5);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(all[0]!.confidence).toBeGreaterThan(0);
    expect(routing.engineFor(dev).lexicalRanking('tune the indexes of a slow postgres query', 3).map((r) => r.name)).toEqual(all.slice(0, 3).map((r) => r.name));
    expect(routing.engineFor(dev).match('tune the indexes of a slow postgres query').matches[0]?.name).toBe(all[0]!.name);
    expect(routing.engineFor(dev).lexicalRanking('')).toEqual([]);
  });

  it('warms the index in the background', async () => {
    const again = await load(path.join(REPO_ROOT, 'agents'));
    await routing.engineFor(again).warm({ sliceMs: 0 });
    const index = routing.engineFor(again).index;
    expect(index.documentCount).toBe(again.agents.size);
    await routing.engineFor(again).warm();
    expect(routing.engineFor(again).index).toBe(index);
  });

  it('search features come from an explicit index too (eval path)', () => {
    expect(routing.engine(seeds).match('testcontainers postgres').matches[0]?.name).toBe('infrastructure-specialist');
  });
});
