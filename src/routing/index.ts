/**
 * The routing search index: a compact inverted index over one packed document per agent (documents.ts),
 * searched with BM25+ fused with a query-likelihood model (topHits).
 *
 * Field weighting is BM25F-style: the card's fields are folded into one document in which each field's terms
 * count `fieldWeights[field]` times (docs/decisions.md "Routing: one folded field (BM25F-style)"). A document is a list of
 * (term id, count); the index groups them by term:
 *   - postings: two index-wide typed arrays (document, count), grouped by term, documents ascending within a
 *     term (5 bytes a posting), each term's slice found through the term dictionary's id;
 *   - per term: document frequency (before pruning) and total count (after pruning);
 *   - per document: its name, its number of distinct terms (BM25 length) and of weighted tokens (likelihood).
 * An index is immutable once built, except for the scratch accumulators of topHits. It replaced a subclass
 * of MiniSearch (docs/decisions.md "Routing: our own inverted index instead of a MiniSearch subclass").
 */
import type { AgentRecord } from '../catalog/types.js';
import type { TermDictionary, TermGeneration } from './dictionary.js';
import type { PruneTuning, SearchTuning } from './tuning.js';

/**
 * An indexed document: the card's distinct terms (stemmed) and how many times each counts (field weights
 * folded in). The index does no text processing.
 */
export interface RoutingDoc {
  id: string;
  terms: string[];
  counts: number[];
}

/** A document as term ids with their counts, one 32-bit word per term: id × 256 + count (count ≤ 255). */
export type PackedDoc = Uint32Array;

/** Postings count at most this much (counts are stored in one byte). */
export const MAX_COUNT = 255;

/** Pack a document against a term dictionary (adds its terms). */
export function packDocument(doc: RoutingDoc, dictionary: TermDictionary): PackedDoc {
  const packed = new Uint32Array(doc.terms.length);
  doc.terms.forEach((t, i) => {
    packed[i] = dictionary.idOf(t) * 256 + Math.min(MAX_COUNT, Math.max(1, Math.round(doc.counts[i] ?? 1)));
  });
  return packed;
}

/** `a` when index `id` fits in it, else a copy doubled in size until it does. */
export function withRoomFor<T extends Int32Array | Uint32Array>(a: T, id: number): T {
  if (id < a.length) return a;
  let size = Math.max(1, a.length) * 2;
  while (size <= id) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** One search hit. */
export interface RawHit {
  id: string;
  /** Summed BM25+ score of the matched query terms. */
  score: number;
  /** Query terms that matched, in query order. */
  queryTerms: string[];
}

export interface TopHitsOptions {
  bm25: { k: number; b: number; d: number };
  /** How many hits to return, best first. */
  keep: number;
  /** The BM25+ ranking value of a document from its summed score and the summed weight of its matched terms. */
  rank: (sum: number, matchedWeight: number) => number;
  /** Documents (by name) to leave out before ranking. */
  filter?: ((id: string) => boolean) | undefined;
  /** Fuse with query likelihood (see SearchTuning.likelihood). */
  likelihood?: { mu: number; k: number } | undefined;
}

/** Scratch accumulators of topHits, indexed by document number. */
interface Scratch {
  score: Float64Array;
  weight: Float64Array;
  masks: Uint32Array;
  words: number;
  ql: Float64Array;
}

export class RoutingIndex {
  readonly documentCount: number;
  /** Document number → agent name. */
  private readonly names: string[];
  /** The dictionary generation the documents' term ids belong to. */
  private readonly terms: TermGeneration;
  /** Per term id: [start, length] of its postings in `docs` / `counts`. */
  private readonly slices: Uint32Array;
  private readonly docs: Uint32Array;
  private readonly counts: Uint8Array;
  /** Per term id: number of documents it occurs in, before pruning. */
  private readonly df: Uint32Array;
  /** Per term id: the sum of its stored postings' counts (after pruning). */
  private readonly cf: Uint32Array;
  /** Per document: distinct terms (the BM25 length). */
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  /** Per document, and over all documents: weighted token count (query likelihood). */
  private readonly tokenLengths: Float64Array;
  private readonly tokenTotal: number;
  private scratch: Scratch | undefined;

  /**
   * Index `docs` (names unique), whose term ids belong to `terms`. Static pruning: in catalogs of at least
   * `prune.minDocs` agents, a word found in more than `prune.dfShare` of the agents keeps only the postings
   * where it counts at least `prune.belowCount` times (a title, summary or repeated word).
   */
  constructor(
    docs: Iterable<{ id: string; packed: PackedDoc }>,
    terms: TermGeneration,
    prune: Readonly<PruneTuning>,
    /** The indexed records by name, and the tuning the documents were made with (for the matcher). */
    readonly records: ReadonlyMap<string, AgentRecord>,
    readonly tuning: Readonly<SearchTuning>,
  ) {
    const builder = new PostingsBuilder(terms.terms.length);
    const names: string[] = [];
    const seen = new Set<string>();
    let total = 0;
    const lengths: number[] = [];
    const tokenLengths: number[] = [];
    let tokenTotal = 0;
    for (const doc of docs) {
      if (seen.has(doc.id)) throw new Error(`duplicate document id ${doc.id}`);
      seen.add(doc.id);
      names.push(doc.id);
      builder.add(doc.packed);
      lengths.push(doc.packed.length);
      let tokens = 0;
      for (let i = 0; i < doc.packed.length; i++) tokens += (doc.packed[i] as number) & 255;
      tokenLengths.push(tokens);
      tokenTotal += tokens;
      total += doc.packed.length;
    }
    const count = names.length;
    const pruning = count >= prune.minDocs;
    const built = builder.finish((t, n) => !pruning || n >= prune.belowCount || builder.documentFrequency(t) <= prune.dfShare * count);
    this.documentCount = count;
    this.names = names;
    this.terms = terms;
    this.slices = built.slices;
    this.docs = built.docs;
    this.counts = built.counts;
    this.cf = built.totals;
    this.df = builder.frequencies();
    this.lengths = Float64Array.from(lengths);
    this.avgLength = count > 0 ? total / count : 0;
    this.tokenLengths = Float64Array.from(tokenLengths);
    this.tokenTotal = tokenTotal;
  }

  /** Number of agents a term occurs in (before pruning). */
  documentFrequency(term: string): number {
    const id = this.terms.ids.get(term);
    return id === undefined || id >= this.df.length ? 0 : (this.df[id] as number);
  }

  /** Inverse document frequency (BM25 form) of a term in this index; unseen terms get the largest value. */
  idf(term: string): number {
    const n = this.documentCount;
    const d = Math.min(n, this.documentFrequency(term));
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  }

  /** Number of terms with postings. */
  get termCount(): number {
    let n = 0;
    for (let t = 1; t < this.slices.length; t += 2) if ((this.slices[t] as number) > 0) n++;
    return n;
  }

  /** A term's stored postings as [start, end) in `docs` / `counts`; undefined when it has none. */
  private postings(term: string): { start: number; end: number } | undefined {
    const id = this.terms.ids.get(term);
    if (id === undefined || 2 * id + 1 >= this.slices.length) return undefined;
    const length = this.slices[2 * id + 1] as number;
    if (length === 0) return undefined;
    const start = this.slices[2 * id] as number;
    return { start, end: start + length };
  }

  /**
   * The best `keep` documents for weighted query terms. Each document's BM25+ score is summed over its
   * matched terms (term weight × idf × BM25+ saturation, idf from the stored postings), then ranked by
   * `rank(sum, matchedWeight)`; with `likelihood`, the order is the reciprocal-rank fusion of that ranking and
   * the query-likelihood ranking (fuseLikelihood). Ties: by name. Scores are accumulated in typed arrays
   * indexed by document number, so a query allocates little beyond its result.
   */
  topHits(query: ReadonlyArray<{ term: string; weight: number }>, options: TopHitsOptions): Array<RawHit & { rank: number }> {
    const size = this.documentCount;
    const words = Math.max(1, Math.ceil(query.length / 32));
    let sc = this.scratch;
    if (!sc || sc.score.length < size || sc.words < words) {
      sc = { score: new Float64Array(size), weight: new Float64Array(size), masks: new Uint32Array(size * words), words, ql: new Float64Array(size) };
      this.scratch = sc;
    }
    const { score, weight, masks, ql } = sc;
    const lk = options.likelihood;
    const tokenTotal = this.tokenTotal;
    const useQl = lk !== undefined && tokenTotal > 0;
    let qlWeight = 0;
    const stride = sc.words;
    const touched: number[] = [];
    const { k, b, d } = options.bm25;
    const n = this.documentCount;
    const avg = this.avgLength;
    const lengths = this.lengths;
    const docs = this.docs;
    const counts = this.counts;
    query.forEach((q, qi) => {
      const postings = this.postings(q.term);
      if (!postings) return;
      const { start, end } = postings;
      const df = end - start;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const bit = 1 << qi % 32;
      const word = Math.floor(qi / 32);
      // Query likelihood: the term's share of all indexed text (from its postings, as stored).
      let qlScale = 0;
      if (useQl) {
        const cf = this.cf[this.terms.ids.get(q.term) as number] as number;
        qlScale = cf > 0 ? tokenTotal / (lk.mu * cf) : 0;
        if (qlScale > 0) qlWeight += q.weight;
      }
      for (let i = start; i < end; i++) {
        const doc = docs[i] as number;
        const tf = counts[i] as number;
        const len = lengths[doc] as number;
        const s = q.weight * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * len) / avg)));
        if (qlScale > 0) ql[doc] = (ql[doc] as number) + q.weight * Math.log(1 + tf * qlScale);
        if (weight[doc] === 0) touched.push(doc);
        score[doc] = (score[doc] as number) + s;
        weight[doc] = (weight[doc] as number) + q.weight;
        masks[doc * stride + word] = (masks[doc * stride + word] as number) | bit;
      }
    });
    // Keep the best `keep` by rank (ties by id), then clear the accumulators of every touched document.
    type Kept = { doc: number; id: string; rank: number; sum: number; order: number };
    const kept: Kept[] = [];
    const before = (x: Kept, y: Kept): boolean => x.order > y.order || (x.order === y.order && (x.rank > y.rank || (x.rank === y.rank && x.id < y.id)));
    // Filtered out first: the fused ranks must not depend on agents the caller excluded (e.g. by source).
    const filter = options.filter;
    const names = this.names;
    const candidates = filter ? touched.filter((doc) => filter(names[doc] as string)) : touched;
    const all = options.keep >= candidates.length;
    const ranks = Float64Array.from(candidates, (doc) => options.rank(score[doc] as number, weight[doc] as number));
    const fused = useQl ? this.fuseLikelihood(candidates, ranks, ql, qlWeight, lk) : undefined;
    for (let ti = 0; ti < candidates.length; ti++) {
      const doc = candidates[ti] as number;
      const r = ranks[ti] as number;
      const item = { doc, id: names[doc] as string, rank: r, sum: score[doc] as number, order: fused ? (fused[ti] as number) : r };
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
      query.forEach((q, qi) => {
        if (((masks[x.doc * stride + Math.floor(qi / 32)] as number) & (1 << qi % 32)) !== 0) queryTerms.push(q.term);
      });
      return { id: x.id, score: x.sum, queryTerms, rank: x.rank };
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
   * `bm` holds their BM25+ ranking values (same positions).
   */
  private fuseLikelihood(touched: readonly number[], bm: Float64Array, ql: Float64Array, qlWeight: number, lk: { mu: number; k: number }): Float64Array {
    const n = touched.length;
    const lq = new Float64Array(n);
    const tokenLengths = this.tokenLengths;
    for (let i = 0; i < n; i++) {
      const doc = touched[i] as number;
      const len = tokenLengths[doc] as number;
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
}

/**
 * Groups the postings of packed documents by term: it keeps only references to the documents (their packed
 * arrays are cached per record anyway), counts document frequencies on the way, and fills the final arrays
 * in place with a counting sort. No per-posting or per-term JavaScript objects, and no intermediate copy
 * of the postings, so a 10,000-agent build is quick and adds little to the peak memory.
 */
class PostingsBuilder {
  private df: Uint32Array;
  private readonly docs: PackedDoc[] = [];
  private maxTerm = -1;

  constructor(expectedTerms: number) {
    this.df = new Uint32Array(Math.max(1024, expectedTerms));
  }

  /** Add the next document (document numbers are 0, 1, 2… in the order of the calls). */
  add(packed: PackedDoc): void {
    this.docs.push(packed);
    for (let i = 0; i < packed.length; i++) {
      const id = Math.floor((packed[i] as number) / 256);
      this.df = withRoomFor(this.df, id);
      if (id > this.maxTerm) this.maxTerm = id;
      this.df[id] = (this.df[id] as number) + 1;
    }
  }

  documentFrequency(id: number): number {
    return this.df[id] ?? 0;
  }

  /** Document frequency per term id, for the term ids that occur (a copy of exactly that length). */
  frequencies(): Uint32Array {
    return this.df.slice(0, this.maxTerm + 1);
  }

  /**
   * Group by term. `keep(termId, count)` drops a posting when false (static pruning). Returns the postings,
   * each term's [start, length] at [2 × id, 2 × id + 1] (documents ascend within a term), and each term's
   * total stored count.
   */
  finish(keep: (termId: number, count: number) => boolean): { docs: Uint32Array; counts: Uint8Array; slices: Uint32Array; totals: Uint32Array } {
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
    const totals = new Uint32Array(termCount);
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
        totals[t] = (totals[t] as number) + c;
      }
    });
    return { docs, counts, slices, totals };
  }
}
