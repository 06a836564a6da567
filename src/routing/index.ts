/**
 * The routing search index: one minisearch document per agent, BM25+ over stemmed terms (see text.ts).
 *
 * Field weighting is BM25F-style: the card's fields are folded into one indexed text in which each field's
 * terms count `FIELD_WEIGHTS[field]` times (after capping a term at TF_CAP occurrences per field), so a word
 * found in five fields saturates like one strong occurrence instead of scoring five times. Measured against
 * one minisearch field per card field (summed per-field BM25): equal or better on every set
 * (`npm run eval:routing`), much better on descriptions-as-queries, and half the postings.
 *
 * Built once per catalog snapshot and cached in a WeakMap keyed by the snapshot object, so a reload (a new
 * snapshot) gets a new index and a call in flight keeps the one it started with.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import { CARD_FIELDS, cardOf, cardTokens, FIELD_WEIGHTS, type AgentCard, type CardField } from './card.js';

export interface SearchTuning {
  /** How many times a term of each card field counts in the indexed text. */
  fieldWeights: Record<CardField, number>;
  /** Occurrences of a term per card field beyond this add nothing. */
  tfCap: number;
  /** Minimum term length for prefix matching (0 = off). */
  prefixMin: number;
  /** Minimum term length for fuzzy matching with edit distance 1 (0 = off). */
  fuzzyMin: number;
  weights: { fuzzy: number; prefix: number };
  bm25: { k: number; b: number; d: number };
  /**
   * How much matching more of the task's words counts: the score is the BM25+ score per matched word times
   * (matched query weight)^coordination (minisearch's own ranking is the sum, i.e. coordination 1).
   */
  coordination: number;
  /** Weight of added equivalent terms (text.ts), 0 = no expansion. */
  expansion: number;
  /** At most this many equivalents per task (the heaviest), to bound the search time of long tasks. */
  maxExpansions: number;
  /**
   * In catalogs of at least 50 agents, task words found in more than this share of the agents are not
   * searched: they barely move the ranking and dominate the search time.
   */
  maxDfShare: number;
}

export const DEFAULT_TUNING: SearchTuning = {
  fieldWeights: FIELD_WEIGHTS,
  tfCap: 3,
  prefixMin: 0,
  fuzzyMin: 0,
  weights: { fuzzy: 0.3, prefix: 0.4 },
  bm25: { k: 3, b: 0.7, d: 0.5 },
  coordination: 0.25,
  expansion: 0.5,
  maxExpansions: 6,
  maxDfShare: 1,
};

/**
 * An indexed document: the card's distinct terms (stemmed) and how many times each counts (field weights
 * folded in). The index does no text processing.
 */
export interface RoutingDoc {
  id: string;
  terms: string[];
  counts: number[];
}

/** The document as the token list minisearch's own `add()` expects (each term repeated `count` times). */
export function tokensOf(doc: RoutingDoc): string[] {
  const out: string[] = [];
  doc.terms.forEach((t, i) => {
    for (let r = 0; r < (doc.counts[i] ?? 0); r++) out.push(t);
  });
  return out;
}

export interface RoutingIndex {
  search: RoutingMiniSearch;
  cards: Map<string, AgentCard>;
  snapshot: CatalogSnapshot | undefined;
  tuning: SearchTuning;
  /** Number of agents each term occurs in. */
  df(): ReadonlyMap<string, number>;
  /** Inverse document frequency (BM25 form); unseen terms get the largest value. */
  idf(term: string): number;
  documentCount: number;
}

export interface DocumentOptions {
  /** Leave out one example (leave-one-example-out evaluation). */
  withoutExample?: number;
  /** Leave out the description (description-as-query evaluation). */
  withoutSummary?: boolean;
}

const docCache = new WeakMap<AgentCard, { tuning: SearchTuning; doc: RoutingDoc }>();

/** A card → the indexed document. */
export function documentOf(card: AgentCard, options: DocumentOptions = {}, tuning: SearchTuning = DEFAULT_TUNING): RoutingDoc {
  const plain = options.withoutExample === undefined && !options.withoutSummary;
  if (plain) {
    const hit = docCache.get(card);
    if (hit && hit.tuning === tuning && hit.doc.id === card.name) return hit.doc;
  }
  const tokens = cardTokens(card);
  const counts = new Map<string, number>();
  for (const f of CARD_FIELDS) {
    const weight = tuning.fieldWeights[f];
    if (weight <= 0 || (f === 'summary' && options.withoutSummary)) continue;
    const segs = f === 'examples' && options.withoutExample !== undefined ? tokens.examples.filter((_, i) => i !== options.withoutExample) : tokens[f];
    const seen = new Map<string, number>();
    for (const seg of segs) {
      for (const t of seg) {
        const n = seen.get(t) ?? 0;
        if (n >= tuning.tfCap) continue;
        seen.set(t, n + 1);
        counts.set(t, (counts.get(t) ?? 0) + weight);
      }
    }
  }
  const doc = { id: card.name, terms: [...counts.keys()], counts: [...counts.values()] };
  if (plain) docCache.set(card, { tuning, doc });
  return doc;
}

function miniSearchOptions(tuning: SearchTuning): Options<RoutingDoc> {
  return {
    idField: 'id',
    fields: ['text'],
    storeFields: [],
    // Documents carry pre-processed term lists: hand them through untouched.
    extractField: (doc, field) => (field === 'id' ? doc.id : tokensOf(doc)),
    stringifyField: (value) => value as string,
    tokenize: (value) => value as unknown as string[],
    processTerm: (term) => term,
    searchOptions: { bm25: tuning.bm25 },
    autoVacuum: false,
  };
}

/** A plain minisearch instance with the routing options (documents added with add/addAll). */
export function newMiniSearch(tuning: SearchTuning = DEFAULT_TUNING): MiniSearch<RoutingDoc> {
  return new MiniSearch<RoutingDoc>(miniSearchOptions(tuning));
}

const PRUNE_MIN_DOCS = 50;
const PRUNE_DF_SHARE = 0.25;
const PRUNE_BELOW_TF = 3;

/** One search hit before ranking (what minisearch accumulates per document). */
export interface RawHit {
  id: string;
  /** Summed BM25+ score (not multiplied by the matched-term count as `search()` does). */
  score: number;
  /** Query terms that matched. */
  queryTerms: string[];
  /** Document term → fields, as minisearch reports it. */
  match: Record<string, unknown>;
}

type ExecuteQuery = (query: string, options: SearchOptions) => Map<number, { score: number; terms: string[]; match: Record<string, unknown> }>;

/**
 * minisearch with a bulk loader. `add()` walks the radix tree once per token; here postings are counted in
 * plain maps first and the tree gets one insertion per distinct term, which keeps a 1,000-agent build well
 * under budget. It fills the same protected fields `add()` fills (minisearch exposes them to subclasses);
 * test/routing checks that searches agree with `addAll`. It also counts document frequencies on the way.
 */
export class RoutingMiniSearch extends MiniSearch<RoutingDoc> {
  /** Number of documents each term occurs in, counted while loading. */
  readonly documentFrequency = new Map<string, number>();

  /**
   * Every matching document with its summed score, unsorted. Skips the per-hit result objects and the full
   * sort of `search()` (the caller ranks and keeps the top few); falls back to `search()` if the library's
   * query executor ever changes shape.
   */
  rawSearch(query: string, options: SearchOptions): RawHit[] {
    const exec = (this as unknown as { executeQuery?: ExecuteQuery }).executeQuery;
    if (typeof exec !== 'function') {
      return this.search(query, options).map((r) => ({ id: r.id as string, score: r.score / Math.max(1, r.queryTerms.length), queryTerms: r.queryTerms, match: r.match }));
    }
    const hits: RawHit[] = [];
    for (const [docId, hit] of exec.call(this, query, options)) {
      const id = this._documentIds.get(docId) as string | undefined;
      if (id !== undefined) hits.push({ id, score: hit.score, queryTerms: hit.terms, match: hit.match });
    }
    return hits;
  }

  /** Load documents into this empty index. */
  loadDocuments(docs: readonly RoutingDoc[]): void {
    if (this._documentCount !== 0) throw new Error('loadDocuments needs an empty index');
    const fieldId = this._fieldIds.text ?? 0;
    const postings = new Map<string, Map<number, number>>();
    const df = this.documentFrequency;
    let total = 0;
    docs.forEach((doc, shortId) => {
      if (this._idToShortId.has(doc.id)) throw new Error(`duplicate document id ${doc.id}`);
      this._documentIds.set(shortId, doc.id);
      this._idToShortId.set(doc.id, shortId);
      const unique = doc.terms.length;
      doc.terms.forEach((t, i) => {
        let byDoc = postings.get(t);
        if (!byDoc) postings.set(t, (byDoc = new Map()));
        byDoc.set(shortId, doc.counts[i] ?? 1);
        df.set(t, (df.get(t) ?? 0) + 1);
      });
      // minisearch's field length is the number of distinct terms.
      const lengths: number[] = [];
      lengths[fieldId] = unique;
      this._fieldLength.set(shortId, lengths);
      total += unique;
    });
    // Static pruning: in catalogs of 50+ agents, a word found in more than a quarter of the agents keeps
    // only the postings where it counts at least PRUNE_BELOW_TF times (a title, summary or repeated word);
    // a passing mention of a common word is noise. Measured neutral-to-better on every eval set, and 20%
    // fewer postings to score per query at 1,000 agents.
    if (docs.length >= PRUNE_MIN_DOCS) {
      for (const byDoc of postings.values()) {
        if (byDoc.size <= PRUNE_DF_SHARE * docs.length) continue;
        for (const [d, n] of byDoc) if (n < PRUNE_BELOW_TF) byDoc.delete(d);
      }
    }
    for (const [t, byDoc] of postings) this._index.set(t, new Map([[fieldId, byDoc]]));
    this._documentCount = docs.length;
    this._nextId = docs.length;
    const avg: number[] = [];
    avg[fieldId] = docs.length > 0 ? total / docs.length : 0;
    this._avgFieldLength = avg;
  }
}

export function bulkLoad(docs: readonly RoutingDoc[], tuning: SearchTuning): RoutingMiniSearch {
  const search = new RoutingMiniSearch(miniSearchOptions(tuning));
  search.loadDocuments(docs);
  return search;
}

/** Build an index over records (any iterable; used by the snapshot cache, the eval and the bench). */
export function buildRoutingIndex(agents: Iterable<AgentRecord>, options: { snapshot?: CatalogSnapshot; tuning?: SearchTuning } = {}): RoutingIndex {
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const cards = new Map<string, AgentCard>();
  const docs: RoutingDoc[] = [];
  for (const agent of agents) {
    if (cards.has(agent.name)) continue;
    const card = cardOf(agent);
    cards.set(agent.name, card);
    docs.push(documentOf(card, {}, tuning));
  }
  const search = bulkLoad(docs, tuning);
  const n = docs.length;
  const df = search.documentFrequency;
  return {
    search,
    cards,
    snapshot: options.snapshot,
    tuning,
    documentCount: n,
    df: () => df,
    idf: (term) => {
      const d = Math.min(n, df.get(term) ?? 0);
      return Math.log(1 + (n - d + 0.5) / (d + 0.5));
    },
  };
}

const bySnapshot = new WeakMap<CatalogSnapshot, RoutingIndex>();

/** The index of a snapshot, built on first use and cached for the snapshot's lifetime. */
export function routingIndexFor(snapshot: CatalogSnapshot): RoutingIndex {
  let index = bySnapshot.get(snapshot);
  if (!index) {
    index = buildRoutingIndex(snapshot.agents.values(), { snapshot });
    bySnapshot.set(snapshot, index);
  }
  return index;
}

/** Build the index of a snapshot ahead of the first match (e.g. right after a reload); cheap if already built. */
export function warmRoutingIndex(snapshot: CatalogSnapshot): void {
  routingIndexFor(snapshot);
}
