/**
 * The routing search index: one minisearch document per agent, BM25+ over stemmed terms (see text.ts).
 *
 * Field weighting is BM25F-style: the card's fields are folded into one indexed text in which each field's
 * terms count `FIELD_WEIGHTS[field]` times (after capping a term at TF_CAP occurrences per field), so a word
 * found in five fields saturates like one strong occurrence instead of scoring five times. Measured against
 * one minisearch field per card field (summed per-field BM25): equal or better on every set
 * (`npm run eval:routing`), much better on descriptions-as-queries, and half the postings.
 *
 * Memory and time at scale (10,000 agents; `npm run bench`):
 *   - no card is kept per agent: a card is built, turned into a document and dropped; cards are rebuilt on
 *     demand for reasons, route_task and the card resource (card.ts caches the most recent ones);
 *   - each record keeps its document packed (term ids and counts, ~1 KB), so a reload re-reads only changed
 *     files and a rebuild is one pass over typed arrays;
 *   - postings live in two index-wide typed arrays (5 bytes each) behind minisearch's own index structure
 *     (PostingList), instead of a Map entry per posting (~50 bytes);
 *   - queries score those postings directly with minisearch's BM25+ formula (RoutingMiniSearch.topHits).
 * Index plus cached documents: ~28 MB at 10,000 agents (it was ~300 MB with cards kept).
 *
 * Built once per catalog snapshot and cached in a WeakMap keyed by the snapshot object, so a reload (a new
 * snapshot) gets a new index and a call in flight keeps the one it started with.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import { forEachTermId, idOfTerm, resetDictionaryIfLarge, termDictionary } from './text.js';
import { buildCardWith, CARD_FIELDS, CARD_LIMITS, cachedCard, cardOf, FIELD_WEIGHTS, type AgentCard, type CardField, type CardLimits } from './card.js';

/** Static pruning (see loadPacked). */
export interface PruneTuning {
  /** Only in catalogs of at least this many agents. */
  minDocs: number;
  /** Only words found in more than this share of the agents. */
  dfShare: number;
  /** Postings that count less than this are dropped. */
  belowCount: number;
}

export const DEFAULT_PRUNE: PruneTuning = { minDocs: 50, dfShare: 0.25, belowCount: 3 };

export interface SearchTuning {
  /** How much of an agent file each card field reads (characters). */
  limits: CardLimits;
  /** Static pruning of common words' weak postings. */
  prune: PruneTuning;
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
  /**
   * Equivalents of a task word count (idf / largest idf)^this: a word the catalog rarely or never uses is
   * translated into the catalog's words at full weight, a common word's equivalents barely count. 0 = off.
   */
  expansionSpecificity: number;
  /** At most this many equivalents per task (the heaviest), to bound the search time of long tasks. */
  maxExpansions: number;
  /**
   * In catalogs of at least 50 agents, task words found in more than this share of the agents are not
   * searched: they barely move the ranking and dominate the search time.
   */
  maxDfShare: number;
  /**
   * Rank fusion with a second lexical model: query likelihood with Dirichlet smoothing (`mu`) over the same
   * postings, fused with the BM25+ ranking by reciprocal rank (1 / (k + rank) summed). Undefined = BM25+ only.
   */
  likelihood?: { mu: number; k: number } | undefined;
}

/**
 * Measured with `npm run eval:routing` (dev leave-one-out, paraphrase set, descriptions as queries):
 * prefix and fuzzy matching bring nothing once terms are stemmed (and cost ~10% search time), so both are
 * off; k = 3 and coordination 0.25 were best or tied on every set.
 */
export const DEFAULT_TUNING: SearchTuning = {
  limits: CARD_LIMITS,
  prune: DEFAULT_PRUNE,
  fieldWeights: FIELD_WEIGHTS,
  tfCap: 3,
  prefixMin: 0,
  fuzzyMin: 0,
  weights: { fuzzy: 0.3, prefix: 0.4 },
  bm25: { k: 3, b: 0.7, d: 0.5 },
  coordination: 0.25,
  expansion: 0.5,
  expansionSpecificity: 0,
  maxExpansions: 6,
  maxDfShare: 1,
  // Measured (`npm run eval:routing`, BM25+ alone → fused): dev leave-one-out 65.9/80.5/0.746 →
  // 65.9/81.1/0.749 (top-1/top-3/MRR), paraphrase 66.7 → 70.0 top-1, voltagent tasks top-3 83.3 → 86.7,
  // descriptions as queries equal or better on every catalog. mu 500–2000 and k 3–60 within one query.
  likelihood: { mu: 1000, k: 60 },
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
  /** The indexed records by name (the snapshot's own objects). */
  records: ReadonlyMap<string, AgentRecord>;
  /** The routing card of an indexed agent, rebuilt on demand (recent ones cached); undefined if unknown. */
  card(name: string): AgentCard | undefined;
  /**
   * Every card by name, as a read-only map view that builds each card when it is read (cards are not kept:
   * iterate once, do not hold on to them).
   */
  cards: ReadonlyMap<string, AgentCard>;
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

/** Scratch space for accumulate(): per term id, the serial of the last document that saw it, and its slot. */
let seenBy = new Int32Array(1 << 15);
let slotOf = new Int32Array(1 << 15);
let serial = 0;

/**
 * The card's terms (as ids) with their weighted counts: each term counts its field's weight per occurrence,
 * at most `tfCap` occurrences per field. Per token only typed-array reads and writes (no Map lookups).
 */
function accumulate(card: AgentCard, options: DocumentOptions, tuning: SearchTuning): { ids: number[]; counts: number[] } {
  if (++serial >= 0x7fffffff) {
    serial = 1;
    seenBy.fill(0);
  }
  const ids: number[] = [];
  const counts: number[] = [];
  // Per slot: field number × 256 + occurrences in that field.
  const last: number[] = [];
  const cap = Math.min(255, tuning.tfCap);
  CARD_FIELDS.forEach((f, fi) => {
    const weight = tuning.fieldWeights[f];
    if (weight <= 0 || (f === 'summary' && options.withoutSummary)) return;
    const segs = f === 'examples' && options.withoutExample !== undefined ? card.fields.examples.filter((_, i) => i !== options.withoutExample) : card.fields[f];
    const tag = fi * 256;
    const count = (id: number): void => {
      if (id >= seenBy.length) {
        let size = seenBy.length * 2;
        while (size <= id) size *= 2;
        const a = new Int32Array(size);
        a.set(seenBy);
        seenBy = a;
        const b = new Int32Array(size);
        b.set(slotOf);
        slotOf = b;
      }
      if (seenBy[id] !== serial) {
        seenBy[id] = serial;
        slotOf[id] = ids.length;
        ids.push(id);
        counts.push(weight);
        last.push(tag + 1);
        return;
      }
      const k = slotOf[id] as number;
      const l = last[k] as number;
      if (l - (l % 256) !== tag) last[k] = tag + 1;
      else if (l % 256 < cap) last[k] = l + 1;
      else return;
      counts[k] = (counts[k] as number) + weight;
    };
    // One pass over the field (the cap is per field, and no token spans a line break).
    forEachTermId(segs.join('\n'), count);
  });
  return { ids, counts };
}

/** A card → the indexed document. */
export function documentOf(card: AgentCard, options: DocumentOptions = {}, tuning: SearchTuning = DEFAULT_TUNING): RoutingDoc {
  const plain = options.withoutExample === undefined && !options.withoutSummary;
  if (plain) {
    const hit = docCache.get(card);
    if (hit && hit.tuning === tuning && hit.doc.id === card.name) return hit.doc;
  }
  const { ids, counts } = accumulate(card, options, tuning);
  const names = termDictionary().terms;
  const doc = { id: card.name, terms: ids.map((id) => names[id] as string), counts };
  if (plain) docCache.set(card, { tuning, doc });
  return doc;
}

/** A card → its packed document (see packDocument), straight from term ids. */
function packedDocumentOf(card: AgentCard, tuning: SearchTuning): PackedDoc {
  const { ids, counts } = accumulate(card, {}, tuning);
  const packed = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) packed[i] = (ids[i] as number) * 256 + Math.min(MAX_COUNT, Math.max(1, Math.round(counts[i] as number)));
  return packed;
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

/** Postings count at most this much (counts are stored in one byte). */
const MAX_COUNT = 255;

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

/** All postings of an index in two flat arrays, grouped by term, documents ascending within a term. */
interface PostingStore {
  docs: Uint32Array;
  counts: Uint8Array;
}

/**
 * The postings of one term, as minisearch reads them (a Map from document short id to term count: `size`,
 * `keys()`, `get()`), stored as a slice of the index-wide typed arrays: 5 bytes a posting instead of ~50 for
 * a Map entry. minisearch's search asks `get(id)` for each id right after `keys()` yields it, so `get` first
 * tries the slot after the previous answer. Writes (minisearch's add/discard/replace, used by the eval) turn
 * the list into a plain Map first.
 */
export class PostingList implements Iterable<[number, number]> {
  private map: Map<number, number> | undefined;
  private next = 0;
  /** Sum of the stored counts, computed on first use (the stored postings never change). */
  private storedTotal: number | undefined;

  constructor(
    private readonly store: PostingStore,
    private readonly start: number,
    private readonly length: number,
  ) {}

  get size(): number {
    return this.map ? this.map.size : this.length;
  }

  keys(): IterableIterator<number> {
    if (this.map) return this.map.keys();
    this.next = 0;
    return this.store.docs.subarray(this.start, this.start + this.length).values();
  }

  get(doc: number): number | undefined {
    if (this.map) return this.map.get(doc);
    const docs = this.store.docs;
    let i = this.next;
    if (i >= this.length || docs[this.start + i] !== doc) {
      let lo = 0;
      let hi = this.length - 1;
      i = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const d = docs[this.start + mid] as number;
        if (d === doc) {
          i = mid;
          break;
        }
        if (d < doc) lo = mid + 1;
        else hi = mid - 1;
      }
      if (i < 0) return undefined;
    }
    this.next = i + 1;
    return this.store.counts[this.start + i];
  }

  has(doc: number): boolean {
    return this.get(doc) !== undefined;
  }

  set(doc: number, count: number): this {
    this.writable().set(doc, count);
    return this;
  }

  delete(doc: number): boolean {
    return this.writable().delete(doc);
  }

  *entries(): IterableIterator<[number, number]> {
    if (this.map) {
      yield* this.map.entries();
      return;
    }
    for (let i = 0; i < this.length; i++) yield [this.store.docs[this.start + i] as number, this.store.counts[this.start + i] as number];
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  /** Every (document, count), fastest way (no iterator objects). */
  forEachPosting(fn: (doc: number, count: number) => void): void {
    if (this.map) {
      for (const [doc, count] of this.map) fn(doc, count);
      return;
    }
    const { docs, counts } = this.store;
    const end = this.start + this.length;
    for (let i = this.start; i < end; i++) fn(docs[i] as number, counts[i] as number);
  }

  forEach(fn: (count: number, doc: number) => void): void {
    for (const [doc, count] of this.entries()) fn(count, doc);
  }

  /** The term's count in all indexed text (the sum of its postings' counts). */
  get totalCount(): number {
    if (this.map) {
      let sum = 0;
      for (const count of this.map.values()) sum += count;
      return sum;
    }
    if (this.storedTotal === undefined) {
      let sum = 0;
      const counts = this.store.counts;
      for (let i = this.start, end = this.start + this.length; i < end; i++) sum += counts[i] as number;
      this.storedTotal = sum;
    }
    return this.storedTotal;
  }

  private writable(): Map<number, number> {
    if (!this.map) this.map = new Map(this.entries());
    return this.map;
  }
}

/** A document as term ids with their counts, one 32-bit word per term: id × 256 + count (count ≤ 255). */
export type PackedDoc = Uint32Array;

/** Pack a document against the shared dictionary. */
export function packDocument(doc: RoutingDoc): PackedDoc {
  const packed = new Uint32Array(doc.terms.length);
  doc.terms.forEach((t, i) => {
    packed[i] = idOfTerm(t) * 256 + Math.min(MAX_COUNT, Math.max(1, Math.round(doc.counts[i] ?? 1)));
  });
  return packed;
}

/**
 * Groups the postings of packed documents by term: it keeps only references to the documents (their packed
 * arrays are cached per record anyway), counts document frequencies on the way, and fills the two final
 * arrays in place with a counting sort. No per-posting or per-term JavaScript objects, and no intermediate
 * copy of the postings, so a 10,000-agent build is quick and adds little to the peak memory.
 */
class PostingsBuilder {
  private df = new Uint32Array(Math.max(1024, termDictionary().terms.length));
  private readonly docs: PackedDoc[] = [];
  private maxTerm = -1;

  /** Add the next document (short ids are 0, 1, 2… in the order of the calls). */
  add(packed: PackedDoc): void {
    this.docs.push(packed);
    for (let i = 0; i < packed.length; i++) {
      const id = Math.floor((packed[i] as number) / 256);
      if (id >= this.df.length) {
        let size = this.df.length * 2;
        while (size <= id) size *= 2;
        this.df = grow(this.df, size);
      }
      if (id > this.maxTerm) this.maxTerm = id;
      this.df[id] = (this.df[id] as number) + 1;
    }
  }

  documentFrequency(id: number): number {
    return this.df[id] ?? 0;
  }

  /** Term ids that occur, ascending. */
  *termIds(): Generator<number> {
    for (let t = 0; t <= this.maxTerm; t++) if ((this.df[t] as number) > 0) yield t;
  }

  /**
   * Group by term. `keep(termId, count)` drops a posting when false (static pruning). Returns the store and
   * each term's [start, length] at [2 × id, 2 × id + 1]; documents ascend within a term.
   */
  finish(keep: (termId: number, count: number) => boolean): { store: PostingStore; slices: Uint32Array } {
    const termCount = this.maxTerm + 1;
    const slices = new Uint32Array(termCount * 2);
    for (const packed of this.docs) {
      for (let i = 0; i < packed.length; i++) {
        const v = packed[i] as number;
        const t = Math.floor(v / 256);
        if (keep(t, v % 256)) slices[2 * t + 1] = (slices[2 * t + 1] as number) + 1;
      }
    }
    let at = 0;
    for (let t = 0; t < termCount; t++) {
      slices[2 * t] = at;
      at += slices[2 * t + 1] as number;
    }
    const docs = new Uint32Array(at);
    const counts = new Uint8Array(at);
    const fill = new Uint32Array(termCount);
    this.docs.forEach((packed, doc) => {
      for (let i = 0; i < packed.length; i++) {
        const v = packed[i] as number;
        const t = Math.floor(v / 256);
        const c = v % 256;
        if (!keep(t, c)) continue;
        const slot = (slices[2 * t] as number) + (fill[t] as number);
        fill[t] = (fill[t] as number) + 1;
        docs[slot] = doc;
        counts[slot] = c;
      }
    });
    return { store: { docs, counts }, slices };
  }
}

function grow<T extends Uint32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * minisearch with a bulk loader. `add()` walks the radix tree once per token and keeps a Map entry per
 * posting; here postings are collected in typed arrays and the tree gets one insertion per distinct term,
 * each term's postings a compact PostingList. It fills the same protected fields `add()` fills (minisearch
 * exposes them to subclasses), so minisearch's own BM25+ search runs unchanged; test/routing checks that
 * searches agree with `addAll`. It also counts document frequencies on the way.
 */
export class RoutingMiniSearch extends MiniSearch<RoutingDoc> {
  /** Number of documents each term occurs in, counted while loading (before pruning). */
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

  /** Field length (distinct terms) per short id, for the documents loaded in bulk. */
  private lengths = new Float64Array(0);
  /** Total (weighted) term count per short id, and over the whole index, for query likelihood. */
  private tokenLengths = new Float64Array(0);
  private tokenTotal = 0;
  /** Scratch accumulators of topHits, indexed by short id. */
  private scratch: { score: Float64Array; weight: Float64Array; masks: Uint32Array; words: number; ql: Float64Array } | undefined;

  /**
   * The best `keep` documents for weighted query terms, scored with minisearch's BM25+ (the same formula,
   * parameters and document statistics as `search()`; test/routing checks the scores agree), summed over the
   * matched terms and then ranked by `rank(sum, matchedWeight)`. It reads this index's posting lists
   * directly into typed-array accumulators: minisearch's own executor builds a result object, a term list and
   * a match record per posting, which made it most of the cost of a query at 1,000 agents.
   */
  topHits(
    query: ReadonlyArray<{ term: string; weight: number }>,
    options: {
      bm25: { k: number; b: number; d: number };
      keep: number;
      rank: (sum: number, matchedWeight: number) => number;
      filter?: ((id: string) => boolean) | undefined;
      likelihood?: { mu: number; k: number } | undefined;
    },
  ): Array<RawHit & { rank: number }> {
    const fieldId = this._fieldIds.text ?? 0;
    const size = this._nextId;
    const words = Math.max(1, Math.ceil(query.length / 32));
    let sc = this.scratch;
    if (!sc || sc.score.length < size || sc.words < words) {
      sc = { score: new Float64Array(size), weight: new Float64Array(size), masks: new Uint32Array(size * words), words, ql: new Float64Array(size) };
      this.scratch = sc;
    }
    const { score, weight, masks, ql } = sc;
    const lk = options.likelihood;
    const tokenLengths = this.tokenLengths;
    const tokenTotal = this.tokenTotal;
    const useQl = lk !== undefined && tokenTotal > 0;
    let qlWeight = 0;
    const stride = sc.words;
    const touched: number[] = [];
    const { k, b, d } = options.bm25;
    const n = this._documentCount;
    const avg = this._avgFieldLength[fieldId] ?? 1;
    const dirty = this._dirtCount > 0;
    const lengths = this.lengths;
    query.forEach((q, qi) => {
      const postings = this._index.get(q.term)?.get(fieldId) as unknown as PostingList | Map<number, number> | undefined;
      if (!postings || postings.size === 0) return;
      let df = postings.size;
      if (dirty) for (const doc of postings.keys()) if (!this._documentIds.has(doc)) df--;
      if (df <= 0) return;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const bit = 1 << qi % 32;
      const word = Math.floor(qi / 32);
      // Query likelihood: the term's share of all indexed text (from its postings, as stored).
      let qlScale = 0;
      if (useQl) {
        let cf = 0;
        if (postings instanceof PostingList) cf = postings.totalCount;
        else for (const tf of postings.values()) cf += tf;
        qlScale = cf > 0 ? tokenTotal / (lk.mu * cf) : 0;
        if (qlScale > 0) qlWeight += q.weight;
      }
      const add = (doc: number, tf: number): void => {
        if (dirty && !this._documentIds.has(doc)) return;
        const len = doc < lengths.length ? (lengths[doc] as number) : (this._fieldLength.get(doc)?.[fieldId] ?? avg);
        const s = q.weight * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * len) / avg)));
        if (qlScale > 0) ql[doc] = (ql[doc] as number) + q.weight * Math.log(1 + tf * qlScale);
        if (weight[doc] === 0) touched.push(doc);
        score[doc] = (score[doc] as number) + s;
        weight[doc] = (weight[doc] as number) + q.weight;
        masks[doc * stride + word] = (masks[doc * stride + word] as number) | bit;
      };
      if (postings instanceof PostingList) postings.forEachPosting(add);
      else for (const [doc, tf] of postings) add(doc, tf);
    });
    // Keep the best `keep` by rank (ties by id), then clear the accumulators of every touched document.
    type Kept = { doc: number; id: string; rank: number; sum: number; order: number };
    const kept: Kept[] = [];
    const before = (x: Kept, y: Kept): boolean => x.order > y.order || (x.order === y.order && (x.rank > y.rank || (x.rank === y.rank && x.id < y.id)));
    // Filtered out first: the fused ranks must not depend on agents the caller excluded (e.g. by source).
    const filter = options.filter;
    const candidates = filter ? touched.filter((doc) => filter(this._documentIds.get(doc) ?? '')) : touched;
    const all = options.keep >= candidates.length;
    const ranks = Float64Array.from(candidates, (doc) => options.rank(score[doc] as number, weight[doc] as number));
    const fused = useQl ? this.fuseLikelihood(candidates, ranks, ql, qlWeight, lk, tokenLengths) : undefined;
    for (let ti = 0; ti < candidates.length; ti++) {
      const doc = candidates[ti] as number;
      const id = this._documentIds.get(doc) as string | undefined;
      if (id === undefined) continue;
      const r = ranks[ti] as number;
      const item = { doc, id, rank: r, sum: score[doc] as number, order: fused ? (fused[ti] as number) : r };
      if (all) {
        kept.push(item);
        continue;
      }
      if (kept.length >= options.keep) {
        const last = kept[kept.length - 1] as Kept;
        if (!before(item, last)) continue;
        kept.pop();
      }
      let i = kept.length;
      while (i > 0 && before(item, kept[i - 1] as Kept)) i--;
      kept.splice(i, 0, item);
    }
    if (all) kept.sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
    const out = kept.map((x) => {
      const queryTerms: string[] = [];
      const match: Record<string, unknown> = {};
      query.forEach((q, qi) => {
        if (((masks[x.doc * stride + Math.floor(qi / 32)] as number) & (1 << qi % 32)) !== 0) {
          queryTerms.push(q.term);
          match[q.term] = ['text'];
        }
      });
      return { id: x.id, score: x.sum, queryTerms, match, rank: x.rank };
    });
    for (const doc of touched) {
      score[doc] = 0;
      weight[doc] = 0;
      ql[doc] = 0;
      masks.fill(0, doc * stride, doc * stride + stride);
    }
    return out;
  }

  /**
   * Reciprocal rank fusion of the BM25+ ranking and the query-likelihood ranking (Dirichlet smoothing) of
   * the touched documents: per touched document (same positions), 1 / (k + BM25 rank) + 1 / (k + likelihood rank).
   * `bm` holds their BM25+ scores (same positions).
   */
  private fuseLikelihood(
    touched: readonly number[],
    bm: Float64Array,
    ql: Float64Array,
    qlWeight: number,
    lk: { mu: number; k: number },
    tokenLengths: Float64Array,
  ): Float64Array {
    const n = touched.length;
    const lq = new Float64Array(n);
    const avgTokens = this.tokenTotal / Math.max(1, this._documentCount);
    for (let i = 0; i < n; i++) {
      const doc = touched[i] as number;
      const len = doc < tokenLengths.length ? (tokenLengths[doc] as number) : avgTokens;
      lq[i] = (ql[doc] as number) + qlWeight * Math.log(lk.mu / (len + lk.mu));
    }
    const fused = new Float64Array(n);
    const order = new Uint32Array(n);
    const addRanks = (values: Float64Array): void => {
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((x, y) => (values[y] as number) - (values[x] as number) || (touched[x] as number) - (touched[y] as number));
      for (let r = 0; r < n; r++) {
        const i = order[r] as number;
        fused[i] = (fused[i] as number) + 1 / (lk.k + r + 1);
      }
    };
    addRanks(bm);
    addRanks(lq);
    return fused;
  }

  /** Load packed documents (see packDocument) into this empty index. */
  loadPacked(docs: Iterable<{ id: string; packed: PackedDoc }>, prune: PruneTuning = DEFAULT_PRUNE): void {
    if (this._documentCount !== 0) throw new Error('loadPacked needs an empty index');
    const fieldId = this._fieldIds.text ?? 0;
    const builder = new PostingsBuilder();
    let total = 0;
    let count = 0;
    const lengths: number[] = [];
    const tokenLengths: number[] = [];
    let tokenTotal = 0;
    for (const doc of docs) {
      if (this._idToShortId.has(doc.id)) throw new Error(`duplicate document id ${doc.id}`);
      const shortId = count++;
      this._documentIds.set(shortId, doc.id);
      this._idToShortId.set(doc.id, shortId);
      builder.add(doc.packed);
      // minisearch's field length is the number of distinct terms.
      const fieldLengths: number[] = [];
      fieldLengths[fieldId] = doc.packed.length;
      this._fieldLength.set(shortId, fieldLengths);
      lengths.push(doc.packed.length);
      let tokens = 0;
      for (let i = 0; i < doc.packed.length; i++) tokens += (doc.packed[i] as number) & 255;
      tokenLengths.push(tokens);
      tokenTotal += tokens;
      total += doc.packed.length;
    }
    this.lengths = Float64Array.from(lengths);
    this.tokenLengths = Float64Array.from(tokenLengths);
    this.tokenTotal = tokenTotal;
    // Static pruning: in catalogs of 50+ agents, a word found in more than a quarter of the agents keeps
    // only the postings where it counts at least 3 times (a title, summary or repeated word);
    // a passing mention of a common word is noise. Measured neutral-to-better on every eval set, and 20%
    // fewer postings to score per query at 1,000 agents.
    const pruning = count >= prune.minDocs;
    const { store, slices } = builder.finish((t, n) => !pruning || n >= prune.belowCount || builder.documentFrequency(t) <= prune.dfShare * count);
    const df = this.documentFrequency;
    const terms = termDictionary().terms;
    for (const t of builder.termIds()) {
      const term = terms[t] as string;
      df.set(term, builder.documentFrequency(t));
      const length = slices[2 * t + 1] as number;
      if (length === 0) continue;
      const list = new PostingList(store, slices[2 * t] as number, length);
      this._index.set(term, new Map([[fieldId, list as unknown as Map<number, number>]]));
    }
    this._documentCount = count;
    this._nextId = count;
    const avg: number[] = [];
    avg[fieldId] = count > 0 ? total / count : 0;
    this._avgFieldLength = avg;
  }
}

/**
 * Each record's packed document, built once per file (records of unchanged files are reused across
 * reloads, so a reload re-reads only what changed): ~1 KB an agent, against ~10 KB for a card.
 */
type DocEntry = { generation: number; tuning: SearchTuning } & ({ packed: PackedDoc } | { load: () => PackedDoc });
let packedDocs = new WeakMap<AgentRecord, DocEntry>();

/** The entry's document: kept in memory, or read again from the parse cache (undefined if that fails). */
function docOfEntry(entry: DocEntry): PackedDoc | undefined {
  if ('packed' in entry) return entry.packed;
  try {
    return entry.load();
  } catch {
    return undefined;
  }
}

/** The record's document entry if it was made for `tuning` in the current dictionary generation. */
function currentEntry(agent: AgentRecord, tuning: SearchTuning): DocEntry | undefined {
  const hit = packedDocs.get(agent);
  return hit && hit.tuning === tuning && hit.generation === termDictionary().generation ? hit : undefined;
}

function packedDocOf(agent: AgentRecord, tuning: SearchTuning): PackedDoc {
  const entry = currentEntry(agent, tuning);
  const kept = entry ? docOfEntry(entry) : undefined;
  if (kept) return kept;
  const generation = termDictionary().generation;
  // A fresh card, used once: the index keeps the postings, not the card.
  let card: AgentCard;
  try {
    card = (tuning.limits === CARD_LIMITS ? cachedCard(agent) : undefined) ?? buildCardWith(agent, tuning.limits);
  } catch {
    // The body could not be read (a damaged parse cache): index the agent by its name and description.
    card = buildCardWith({ ...agent, body: '' }, tuning.limits);
  }
  const packed = packedDocumentOf(card, tuning);
  packedDocs.set(agent, { generation, tuning, packed });
  if (tuning === DEFAULT_TUNING) builtDocs++;
  return packed;
}

/** True when the record has a document for the default tuning in this dictionary generation (kept or stored). */
function hasDocument(agent: AgentRecord): boolean {
  return currentEntry(agent, DEFAULT_TUNING) !== undefined;
}

/** Documents built (not loaded from the parse cache) since the last takeBuiltDocumentCount(). */
let builtDocs = 0;

/** How many documents were built since the last call: when > 0, the parse cache has new data to persist. */
export function takeBuiltDocumentCount(): number {
  const n = builtDocs;
  builtDocs = 0;
  return n;
}

/** The packed document of a record in the current dictionary generation (default tuning), if made. */
export function packedDocumentOfRecord(agent: AgentRecord): { packed: PackedDoc; generation: number } | undefined {
  const entry = currentEntry(agent, DEFAULT_TUNING);
  const packed = entry ? docOfEntry(entry) : undefined;
  return entry && packed ? { packed, generation: entry.generation } : undefined;
}

/** True when the record's document (default tuning, current dictionary) is held in memory, not read from a file. */
export function documentHeld(agent: AgentRecord): boolean {
  const entry = currentEntry(agent, DEFAULT_TUNING);
  return entry !== undefined && 'packed' in entry;
}

/**
 * Give a record its packed document (default tuning, current dictionary) as a function that reads it from
 * the parse cache each time it is needed: the index keeps the postings, so the documents need not stay in
 * memory (~1 KB an agent); a reload reads them again.
 */
export function seedStoredDocument(agent: AgentRecord, load: () => PackedDoc): void {
  packedDocs.set(agent, { generation: termDictionary().generation, tuning: DEFAULT_TUNING, load });
}

/** Build an index over records (any iterable; used by the snapshot cache, the eval and the bench). */
export function buildRoutingIndex(
  agents: Iterable<AgentRecord>,
  options: {
    snapshot?: CatalogSnapshot;
    tuning?: SearchTuning;
    /** Index these documents instead of the agents' own (the eval leaves one example or the description out). */
    replace?: ReadonlyMap<string, RoutingDoc>;
  } = {},
): RoutingIndex {
  const tuning = options.tuning ?? DEFAULT_TUNING;
  if (resetDictionaryIfLarge()) packedDocs = new WeakMap();
  const records = new Map<string, AgentRecord>();
  const custom = tuning.limits !== CARD_LIMITS;
  function* documents(): Generator<{ id: string; packed: PackedDoc }> {
    for (const agent of agents) {
      if (records.has(agent.name)) continue;
      records.set(agent.name, agent);
      const instead = options.replace?.get(agent.name);
      yield { id: agent.name, packed: instead ? packDocument(instead) : packedDocOf(agent, tuning) };
    }
  }
  const search = new RoutingMiniSearch(miniSearchOptions(tuning));
  search.loadPacked(documents(), tuning.prune);
  const n = search.documentCount;
  const df = search.documentFrequency;
  const card = (name: string): AgentCard | undefined => {
    const agent = records.get(name);
    if (!agent) return undefined;
    return custom ? buildCardWith(agent, tuning.limits) : cardOf(agent);
  };
  return {
    search,
    records,
    card,
    cards: new CardView(records, card),
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

/** A name → card map over the indexed records whose cards are built as they are read. */
class CardView implements ReadonlyMap<string, AgentCard> {
  constructor(
    private readonly records: ReadonlyMap<string, AgentRecord>,
    private readonly build: (name: string) => AgentCard | undefined,
  ) {}

  get size(): number {
    return this.records.size;
  }

  get(name: string): AgentCard | undefined {
    return this.build(name);
  }

  has(name: string): boolean {
    return this.records.has(name);
  }

  keys(): MapIterator<string> {
    return this.records.keys();
  }

  *values(): MapIterator<AgentCard> {
    for (const name of this.records.keys()) {
      const card = this.build(name);
      if (card) yield card;
    }
  }

  *entries(): MapIterator<[string, AgentCard]> {
    for (const name of this.records.keys()) {
      const card = this.build(name);
      if (card) yield [name, card];
    }
  }

  [Symbol.iterator](): MapIterator<[string, AgentCard]> {
    return this.entries();
  }

  forEach(fn: (card: AgentCard, name: string, map: ReadonlyMap<string, AgentCard>) => void): void {
    for (const [name, card] of this.entries()) fn(card, name, this);
  }
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

/** True once the routing index of this snapshot is built (match_agents then answers without building it). */
export function routingIndexReady(snapshot: CatalogSnapshot): boolean {
  return bySnapshot.has(snapshot);
}

/** Build the index of a snapshot ahead of the first match (e.g. right after a reload); cheap if already built. */
export function warmRoutingIndex(snapshot: CatalogSnapshot): void {
  routingIndexFor(snapshot);
}

/**
 * Build the index of a snapshot in the background: each agent's document is made in time slices of about
 * `sliceMs` (yielding to the event loop in between, so requests keep being answered), then the index is
 * loaded in one go (tens of milliseconds at 1,000 agents, a few hundred at 10,000). A match that arrives
 * meanwhile builds what is left synchronously, reusing the documents already made. Resolves when the index
 * is ready, or early when `signal` aborts (e.g. a newer snapshot replaced this one).
 */
export async function warmRoutingIndexAsync(snapshot: CatalogSnapshot, options: { signal?: AbortSignal; sliceMs?: number } = {}): Promise<void> {
  const slice = options.sliceMs ?? 10;
  let started = performance.now();
  for (const agent of snapshot.agents.values()) {
    if (options.signal?.aborted || bySnapshot.has(snapshot)) return;
    // Documents read from the parse cache are read when the index is loaded; only missing ones are made here.
    if (!hasDocument(agent)) packedDocOf(agent, DEFAULT_TUNING);
    if (performance.now() - started >= slice) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  }
  if (!options.signal?.aborted) routingIndexFor(snapshot);
}
