/**
 * match_agents domain logic: task text → ranked agents with a calibrated confidence, reasons, and
 * abstention when nothing in the catalog fits.
 */
import type { CatalogSnapshot } from '../catalog/types.js';
import { CARD_FIELDS, cardTokens, type AgentCard, type CardField } from './card.js';
import { routingIndexFor, type RawHit, type RoutingIndex } from './index.js';
import { queryTerms, type QueryTerm } from './text.js';

export interface MatchReason {
  field: CardField;
  text: string;
}

export interface AgentMatch {
  name: string;
  /** Raw BM25+ score (comparable within one query only). */
  score: number;
  /** Probability-like confidence (0–1) that this agent is the right one, calibrated on the dev set. */
  confidence: number;
  reasons: MatchReason[];
}

export interface MatchResult {
  matches: AgentMatch[];
  /** True when no agent fits well enough (the best confidence is under the abstention threshold). */
  abstained: boolean;
  /** The query terms after stop words and stemming (what was searched). */
  terms: string[];
  /** Why the result is empty or truncated, when it is. */
  note?: string;
}

export interface MatchOptions {
  /** How many matches to return (default 5, 1–50). */
  limit?: number;
  /** Only agents from this source kind (flag, project, user, bundled) or whose source folder contains this text. */
  source?: string;
  /** Skip reasons (faster; the eval and the bench use it). */
  noReasons?: boolean;
  /** Agents not to return (route_task uses it). */
  exclude?: ReadonlySet<string>;
}

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;
/** Below this top confidence the matcher abstains. */
export const ABSTAIN_BELOW = 0.15;

/**
 * Logistic calibration of P(candidate is the right agent) from search features, fitted by
 * `npm run eval:routing -- --fit` (the first 5 candidates of every leave-one-example-out query on the dev
 * set, plus off-topic tasks weighted 10× so that "nothing fits" is learned from more than a handful of points).
 */
export const CALIBRATION = {
  bias: -5.71,
  coverage: 2.25,
  relative: 1.34,
  lead: 2.1,
  strength: 2.65,
  idfCoverage: 0.84,
  isTop: 1.08,
};

export interface Candidate {
  name: string;
  score: number;
  /** Share of the task's own words that this agent matched (0–1). */
  coverage: number;
  /** The same, each word weighted by its idf (a task's rare words count more; unknown words count most). */
  idfCoverage: number;
  hit: RawHit;
}

export interface RawSearch {
  query: QueryTerm[];
  candidates: Candidate[];
}

/** Search the index; every candidate with its features, best first. */
/** How many ranked candidates a search keeps (enough for any limit and for the features). */
export const CANDIDATES_KEPT = 60;

export function searchIndex(index: RoutingIndex, task: string, options: { filter?: (id: string) => boolean; keep?: number } = {}): RawSearch {
  const t = index.tuning;
  const n = index.documentCount;
  const df = index.df();
  const tooCommon = (term: string): boolean => n >= 50 && (df.get(term) ?? 0) > t.maxDfShare * n;
  const expanded = queryTerms(task, { expand: t.expansion > 0 }).filter((q) => !tooCommon(q.term));
  const own = expanded.filter((q) => q.original);
  const added = expanded
    .filter((q) => !q.original)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, t.maxExpansions)
    .map((q) => ({ ...q, weight: q.weight * 2 * t.expansion }));
  const query = [...own, ...added];
  if (query.length === 0) return { query, candidates: [] };
  const weights = new Map(query.map((q) => [q.term, q.weight]));
  const filter = options.filter;
  const hits = index.search.rawSearch(query.map((q) => q.term).join(' '), {
    tokenize: (s) => s.split(' '),
    processTerm: (term) => term,
    boostTerm: (term) => weights.get(term) ?? 1,
    prefix: t.prefixMin > 0 ? (term) => term.length >= t.prefixMin : false,
    fuzzy: t.fuzzyMin > 0 ? (term) => (term.length >= t.fuzzyMin ? 1 : false) : false,
    weights: t.weights,
    bm25: t.bm25,
  });
  const idfs = new Map(own.map((q) => [q.term, index.idf(q.term)]));
  let idfTotal = 0;
  for (const v of idfs.values()) idfTotal += v;
  // Score every hit (cheap), keep the best `keep` in order, then work out the features of those only.
  const keep = options.keep ?? CANDIDATES_KEPT;
  const coordination = t.coordination === 0.25 ? (x: number) => Math.sqrt(Math.sqrt(x)) : (x: number) => Math.pow(x, t.coordination);
  const scored: Array<{ h: RawHit; score: number }> = [];
  const before = (a: { h: RawHit; score: number }, b: { h: RawHit; score: number }): boolean => a.score > b.score || (a.score === b.score && a.h.id < b.h.id);
  for (const h of hits) {
    if (filter && !filter(h.id)) continue;
    let matchedWeight = 0;
    for (const q of h.queryTerms) matchedWeight += weights.get(q) ?? 0;
    // Summed BM25+ score times (matched weight)^coordination (minisearch's own ranking is sum × count).
    const item = { h, score: h.score * coordination(Math.max(matchedWeight, 0.1)) };
    if (scored.length >= keep) {
      const last = scored[scored.length - 1];
      if (!last || !before(item, last)) continue;
      scored.pop();
    }
    let i = scored.length;
    while (i > 0 && before(item, scored[i - 1] as { h: RawHit; score: number })) i--;
    scored.splice(i, 0, item);
  }
  const candidates: Candidate[] = scored.map(({ h, score }) => {
    let matched = 0;
    let matchedIdf = 0;
    for (const q of h.queryTerms) {
      const idf = idfs.get(q);
      if (idf !== undefined) {
        matched += 1;
        matchedIdf += idf;
      }
    }
    return { name: h.id, score, coverage: own.length > 0 ? matched / own.length : 0, idfCoverage: idfTotal > 0 ? matchedIdf / idfTotal : 0, hit: h };
  });
  return { query, candidates };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Features of candidate i in a result list (shared by the calibration fit and the matcher):
 * coverage of the task's words, score relative to the best, the best's lead over the runner-up (top only),
 * and score strength per task word, scaled by the catalog's largest idf so it means the same for 5 or 1,000 agents.
 */
export function features(candidates: readonly Candidate[], i: number, queryLength: number, documentCount: number): number[] {
  const c = candidates[i];
  const top = candidates[0];
  if (!c || !top || c.score <= 0) return [0, 0, 0, 0, 0, 0];
  const relative = Math.log(c.score / top.score);
  const second = candidates[1];
  const lead = i === 0 ? Math.min(3, Math.log(c.score / (second && second.score > 0 ? second.score : c.score / 20))) : 0;
  const idfMax = Math.log(1 + (documentCount + 0.5) / 0.5);
  const strength = Math.log(1 + c.score / (Math.max(1, queryLength) * idfMax));
  return [c.coverage, relative, lead, strength, c.idfCoverage, i === 0 ? 1 : 0];
}

export function confidenceOf(f: readonly number[]): number {
  const [coverage = 0, relative = 0, lead = 0, strength = 0, idfCoverage = 0, isTop = 0] = f;
  const z =
    CALIBRATION.bias +
    CALIBRATION.coverage * coverage +
    CALIBRATION.relative * relative +
    CALIBRATION.lead * lead +
    CALIBRATION.strength * strength +
    CALIBRATION.idfCoverage * idfCoverage +
    CALIBRATION.isTop * isTop;
  return sigmoid(z);
}

function sourceFilter(snapshot: CatalogSnapshot, source: string | undefined): ((id: string) => boolean) | undefined {
  if (!source) return undefined;
  const s = source.toLowerCase();
  return (id) => {
    const a = snapshot.agents.get(id);
    return a !== undefined && (a.source === s || a.sourceDir.toLowerCase().includes(s));
  };
}

/** Per card: term → the segments (field index × SEG + segment index) that contain it, for recent top matches. */
const SEG = 1_000_000;
const SEGMENT_CACHE_SIZE = 64;
const segmentIndex = new Map<AgentCard, Map<string, number[]>>();

function segmentsByTerm(card: AgentCard): Map<string, number[]> {
  let map = segmentIndex.get(card);
  if (map) {
    // Least recently used goes first: re-insert on use.
    segmentIndex.delete(card);
    segmentIndex.set(card, map);
    return map;
  }
  map = new Map();
  const tokens = cardTokens(card);
  CARD_FIELDS.forEach((field, fi) => {
    tokens[field].forEach((toks, si) => {
      const key = fi * SEG + si;
      for (const t of toks) {
        const list = map?.get(t);
        if (!list) map?.set(t, [key]);
        else if (list[list.length - 1] !== key) list.push(key);
      }
    });
  });
  segmentIndex.set(card, map);
  if (segmentIndex.size > SEGMENT_CACHE_SIZE) {
    const oldest = segmentIndex.keys().next().value;
    if (oldest) segmentIndex.delete(oldest);
  }
  return map;
}

function reasonsFor(index: RoutingIndex, c: Candidate): MatchReason[] {
  const card = index.cards.get(c.name);
  if (!card) return [];
  // The index folds the fields together; find the matched words back in the card's own segments.
  const byTerm = segmentsByTerm(card);
  const hits = new Map<number, number>();
  for (const term of Object.keys(c.hit.match)) for (const key of byTerm.get(term) ?? []) hits.set(key, (hits.get(key) ?? 0) + 1);
  const best = new Map<number, { key: number; n: number }>();
  for (const [key, n] of hits) {
    const fi = Math.floor(key / SEG);
    const prev = best.get(fi);
    if (!prev || n > prev.n || (n === prev.n && key < prev.key)) best.set(fi, { key, n });
  }
  const reasons: MatchReason[] = [];
  for (const fi of [...best.keys()].sort((a, b) => a - b)) {
    const field = CARD_FIELDS[fi];
    const key = best.get(fi)?.key ?? 0;
    const seg = field ? card.fields[field][key % SEG] : undefined;
    if (!field || !seg) continue;
    reasons.push({ field, text: seg.length > 240 ? `${seg.slice(0, 237)}...` : seg });
    if (reasons.length >= 3) break;
  }
  return reasons;
}

/** Rank agents for a task with an explicit index (the eval uses its own indexes). */
export function matchWithIndex(index: RoutingIndex, task: string, options: MatchOptions & { snapshot?: CatalogSnapshot } = {}): MatchResult {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit ?? DEFAULT_LIMIT)));
  const srcFilter = options.snapshot ? sourceFilter(options.snapshot, options.source) : undefined;
  const exclude = options.exclude;
  const filter = srcFilter || exclude ? (id: string) => (!exclude || !exclude.has(id)) && (!srcFilter || srcFilter(id)) : undefined;
  const raw = searchIndex(index, task, filter ? { filter } : {});
  const termsOut = raw.query.filter((q) => q.original).map((q) => q.term);
  if (raw.query.length === 0) return { matches: [], abstained: true, terms: termsOut, note: 'the task has no searchable words' };
  const originals = termsOut.length;
  const matches: AgentMatch[] = raw.candidates.slice(0, limit).map((c, i) => ({
    name: c.name,
    score: Math.round(c.score * 1000) / 1000,
    confidence: Math.round(confidenceOf(features(raw.candidates, i, originals, index.documentCount)) * 1000) / 1000,
    reasons: options.noReasons ? [] : reasonsFor(index, c),
  }));
  const top = matches[0];
  const abstained = !top || top.confidence < ABSTAIN_BELOW;
  const result: MatchResult = { matches, abstained, terms: termsOut };
  if (!top) result.note = 'no agent shares any word with the task';
  else if (abstained) result.note = 'no agent fits well: the best match is weak';
  return result;
}

/** Rank the agents of a snapshot for a task. */
export function matchAgents(snapshot: CatalogSnapshot, task: string, options: MatchOptions = {}): MatchResult {
  return matchWithIndex(routingIndexFor(snapshot), task, { ...options, snapshot });
}
