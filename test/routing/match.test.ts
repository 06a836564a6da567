import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { cachedCard, cardOf } from '../../src/routing/card.js';
import { buildRoutingIndex, documentOf, newMiniSearch, routingIndexFor, warmRoutingIndexAsync } from '../../src/routing/index.js';
import { lexicalRanking, matchAgents, matchWithIndex } from '../../src/routing/match.js';
import { queryTerms, termDictionary, terms } from '../../src/routing/text.js';
import { stem } from '../../src/routing/stem.js';
import { leaveOneOut, summarize } from '../../src/eval/routing.js';
import { REPO_ROOT } from '../helpers/env.js';
import { CORPUS, HAS_CORPUS, describeCorpus } from '../helpers/corpus.js';
import { generateCatalog, type GeneratedCatalog } from '../helpers/catalog-fixture.js';

async function load(...dirs: string[]): Promise<CatalogSnapshot> {
  return buildSnapshot({ sources: dirs.map((dir) => ({ kind: 'flag' as const, dir, label: dir })), sharedPromptDirs: [] });
}

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
  matchAgents(snap, task, { limit: n })
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
    const r = matchAgents(seeds, 'pre-commit hooks keep failing because bandit is misconfigured');
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
      const r = matchAgents(snap, 'bake sourdough bread');
      expect(r.abstained).toBe(true);
    }
  });

  it('never throws: empty, whitespace, control characters, 1 MB', () => {
    expect(matchAgents(seeds, '')).toMatchObject({ matches: [], abstained: true });
    expect(matchAgents(seeds, '   \n\t ')).toMatchObject({ matches: [], abstained: true });
    expect(matchAgents(seeds, '\u0000\u0001\u0002\u001b[2J').abstained).toBe(true);
    const withControls = matchAgents(seeds, 'set up\u0000 testcontainers\u0007 for PostgreSQL\u001b[0m');
    expect(withControls.matches[0]?.name).toBe('infrastructure-specialist');
    const big = 'configure testcontainers for postgres '.repeat(30_000); // ~1.1 MB
    const started = performance.now();
    const r = matchAgents(seeds, big);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.matches[0]?.name).toBe('infrastructure-specialist');
  });

  it('limit and source filters', () => {
    expect(matchAgents(dev, 'database schema design', { limit: 2 }).matches).toHaveLength(2);
    expect(matchAgents(dev, 'database schema design', { limit: 999 }).matches.length).toBeLessThanOrEqual(50);
    expect(matchAgents(dev, 'database schema design', { source: 'bundled' }).matches).toEqual([]);
    expect(matchAgents(dev, 'database schema design', { source: 'flag' }).matches.length).toBeGreaterThan(0);
  });
});

describeCorpus('abstention and quality on the real dev catalog', () => {
  it('abstains on tasks no agent is about', () => {
    for (const snap of [corpusDev, volt]) expect(matchAgents(snap, 'bake sourdough bread').abstained).toBe(true);
    expect(matchAgents(corpusDev, 'what is a good recipe for banana pancakes').abstained).toBe(true);
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

describe('the index', () => {
  it('is built once per snapshot and rebuilt for a new one', async () => {
    expect(routingIndexFor(seeds)).toBe(routingIndexFor(seeds));
    const again = await load(path.join(REPO_ROOT, 'agents'));
    expect(routingIndexFor(again)).not.toBe(routingIndexFor(seeds));
  });

  it('the bulk loader builds the same index as minisearch addAll (below the pruning size)', async () => {
    const small = await load(generated.templates, path.join(REPO_ROOT, 'agents'));
    expect(small.agents.size).toBeLessThan(50);
    const index = buildRoutingIndex(small.agents.values());
    const plain = newMiniSearch();
    plain.addAll([...small.agents.values()].map((a) => documentOf(cardOf(a))));
    const opts = { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t, prefix: (t: string) => t.length >= 6 };
    for (const q of ['optim databas queri index', 'review code qualiti', 'git commit histori', 'xyzzy']) {
      const a = index.search.search(q, opts).map((r) => [r.id, r.score.toFixed(6)]);
      const b = plain.search(q, opts).map((r) => [r.id, r.score.toFixed(6)]);
      expect(a).toEqual(b);
    }
    expect(index.search.documentCount).toBe(plain.documentCount);
    expect(index.search.termCount).toBe(plain.termCount);
  });

  it('leave-one-example-out runs over a catalog with examples (the quality floor needs the real dev catalog)', () => {
    const { rows } = leaveOneOut(dev);
    const s = summarize('dev', dev.agents.size, rows);
    // One query per example of the generated templates and the seeds.
    expect(s.queries).toBe([...dev.agents.values()].reduce((n, a) => n + a.examples.length, 0));
    expect(s.top3).toBeGreaterThan(0.5);
  });

  it('scores with the compact postings exactly as minisearch scores its own index', () => {
    const index = buildRoutingIndex(dev.agents.values());
    const q = ['databas', 'queri', 'index', 'slow'].map((term) => ({ term, weight: 1 }));
    const fast = index.search.topHits(q, { bm25: index.tuning.bm25, keep: 1000, rank: (sum) => sum });
    const slow = index.search.rawSearch(q.map((x) => x.term).join(' '), { tokenize: (s) => s.split(' '), processTerm: (t) => t, bm25: index.tuning.bm25 });
    expect(fast.length).toBe(slow.length);
    const bySlow = new Map(slow.map((h) => [h.id, h.score]));
    for (const h of fast) expect(h.score).toBeCloseTo(bySlow.get(h.id) ?? -1, 9);
    expect(fast.map((h) => h.score)).toEqual([...fast.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('a document replaced in place scores as if the index had been built with it (the eval relies on it)', () => {
    const small = [...seeds.agents.values()];
    const index = buildRoutingIndex(small);
    const card = index.card('python-pro')!;
    const without = documentOf(card, { withoutExample: 0 });
    index.search.replace(without);
    const rebuilt = buildRoutingIndex(small, { replace: new Map([['python-pro', without]]) });
    const q = ['rust', 'extens', 'loop', 'pyo3', 'error'].map((term) => ({ term, weight: 1 }));
    const a = index.search.topHits(q, { bm25: index.tuning.bm25, keep: 10, rank: (sum) => sum });
    const b = rebuilt.search.topHits(q, { bm25: rebuilt.tuning.bm25, keep: 10, rank: (sum) => sum });
    expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
    a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i]?.score ?? -1, 9));
  });

  it('keeps no card per agent: cards are rebuilt on demand, only recent ones cached', () => {
    const fresh = [...dev.agents.values()].map((a) => ({ ...a, body: a.body }));
    const big = buildRoutingIndex(fresh);
    expect(fresh.filter((a) => cachedCard(a) !== undefined)).toEqual([]);
    expect(big.card('python-pro')?.name).toBe('python-pro');
    expect(fresh.filter((a) => cachedCard(a) !== undefined).map((a) => a.name)).toEqual(['python-pro']);
    expect(big.cards.get('python-infrastructure-engineer')?.examples.length).toBeGreaterThan(0);
    expect([...big.cards.keys()].length).toBe(dev.agents.size);
  });

  it('queries never grow the shared term dictionary', () => {
    routingIndexFor(seeds);
    const before = termDictionary().terms.length;
    matchAgents(seeds, 'zzqx wibblefrotz quuxification of the flibbertigibbet');
    expect(termDictionary().terms.length).toBe(before);
  });

  it('lexicalRanking: every agent sharing a word, best first, with scores and confidences', () => {
    const all = lexicalRanking(dev, 'tune the indexes of a slow postgres query');
    expect(all.length).toBeGreaterThan(5);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(all[0]!.confidence).toBeGreaterThan(0);
    expect(lexicalRanking(dev, 'tune the indexes of a slow postgres query', 3).map((r) => r.name)).toEqual(all.slice(0, 3).map((r) => r.name));
    expect(matchAgents(dev, 'tune the indexes of a slow postgres query').matches[0]?.name).toBe(all[0]!.name);
    expect(lexicalRanking(dev, '')).toEqual([]);
  });

  it('warms the index in the background', async () => {
    const again = await load(path.join(REPO_ROOT, 'agents'));
    await warmRoutingIndexAsync(again, { sliceMs: 0 });
    const index = routingIndexFor(again);
    expect(index.documentCount).toBe(again.agents.size);
    await warmRoutingIndexAsync(again);
    expect(routingIndexFor(again)).toBe(index);
  });

  it('search features come from an explicit index too (eval path)', () => {
    const index = buildRoutingIndex(seeds.agents.values());
    expect(matchWithIndex(index, 'testcontainers postgres').matches[0]?.name).toBe('infrastructure-specialist');
  });
});
