/**
 * match_agents domain logic: task text → ranked agents with a calibrated confidence, reasons, and
 * abstention when nothing in the catalog fits.
 */
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import type { BoundaryLookups } from './boundaries.js';
import { headFields, type AgentCard, type CardField } from './card.js';
import type { RoutingEngine } from './engine.js';
import type { RawHit, RoutingIndex } from './index.js';
import { Lru } from './lru.js';
import { queryTerms, taskWords, type QueryTerm, type TermLookup } from './text.js';
import { ABSTAIN_BELOW, BODY_CACHE_SIZE, BODY_LOOKUPS, CALIBRATION, CANDIDATES_KEPT, HEAD_CACHE_SIZE } from './tuning.js';

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
  /** The task's own words that were searched (stop words removed; as written in the task, not stemmed). */
  terms: string[];
  /** Which matcher answered: words only, or words and meaning (agent vectors ready). */
  mode: 'lexical' | 'hybrid';
  /** Why meaning did not take part, when it did not. */
  modeNote?: string;
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
export { ABSTAIN_BELOW, CALIBRATION, CANDIDATES_KEPT };

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

export interface SearchOptions {
  filter?: (id: string) => boolean;
  /** How many ranked candidates to keep (default CANDIDATES_KEPT). */
  keep?: number;
  /** Token → term (an engine passes its dictionary's memoised lookup). */
  lookup?: TermLookup;
}

/** Search the index; every candidate with its features, best first. */
export function searchIndex(index: RoutingIndex, task: string, options: SearchOptions = {}): RawSearch {
  const t = index.tuning;
  const n = index.documentCount;
  const tooCommon = (term: string): boolean => n >= 50 && index.documentFrequency(term) > t.maxDfShare * n;
  // A task word's equivalents count by how specific the word is here (idf relative to the largest).
  const idfMax = Math.log(1 + (n + 0.5) / 0.5);
  const gamma = t.expansionSpecificity;
  const specificity = gamma > 0 ? (term: string): number => Math.pow(Math.min(1, index.idf(term) / idfMax), gamma) : undefined;
  const expanded = queryTerms(task, { expand: t.expansion > 0, ...(specificity ? { specificity } : {}), ...(options.lookup ? { lookup: options.lookup } : {}) }).filter(
    (q) => !tooCommon(q.term),
  );
  const own = expanded.filter((q) => q.original);
  const added = expanded
    .filter((q) => !q.original)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, t.maxExpansions)
    .map((q) => ({ ...q, weight: q.weight * 2 * t.expansion }));
  const query = [...own, ...added];
  if (query.length === 0) return { query, candidates: [] };
  const filter = options.filter;
  const idfs = new Map(own.map((q) => [q.term, index.idf(q.term)]));
  let idfTotal = 0;
  for (const v of idfs.values()) idfTotal += v;
  // Score every hit (cheap), keep the best `keep` in order, then work out the features of those only.
  const keep = options.keep ?? CANDIDATES_KEPT;
  const coordination = t.coordination === 0.25 ? (x: number) => Math.sqrt(Math.sqrt(x)) : (x: number) => Math.pow(x, t.coordination);
  // Summed BM25+ score times (matched weight)^coordination.
  const rank = (sum: number, matchedWeight: number): number => sum * coordination(Math.max(matchedWeight, 0.1));
  // With the query-likelihood fusion (index.ts) the order is the fused one; each score is the BM25+ score
  // capped by the score of the agent ranked above, so scores (and the confidence features) follow the order.
  let cap = Number.POSITIVE_INFINITY;
  const scored = index.topHits(query, { bm25: t.bm25, keep, rank, filter, likelihood: t.likelihood }).map((h) => {
    cap = Math.min(cap, h.rank);
    return { h, score: cap };
  });
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

/** Agents of one source (kind, or a folder path fragment); undefined when no source is asked for. */
export function sourceFilter(snapshot: CatalogSnapshot, source: string | undefined): ((id: string) => boolean) | undefined {
  if (!source) return undefined;
  const s = source.toLowerCase();
  return (id) => {
    const a = snapshot.agents.get(id);
    return a !== undefined && (a.source === s || a.sourceDir.toLowerCase().includes(s));
  };
}

/** One field's segments as one lowercase text, with where each segment starts. */
interface LowerField {
  segs: readonly string[];
  text: string;
  starts: number[];
}

function lowerField(segs: readonly string[]): LowerField {
  const starts: number[] = [];
  let at = 0;
  for (const seg of segs) {
    starts.push(at);
    at += seg.length + 1;
  }
  return { segs, text: segs.join('\n').toLowerCase(), starts };
}

const HEAD_FIELDS: readonly CardField[] = ['name', 'summary', 'examples'];
const BODY_FIELDS: readonly CardField[] = ['usage', 'expertise', 'body'];

/**
 * Recently matched agents' fields, lowercased for the reason lookup (one per engine): the fields that need
 * no body (name, description, examples) per record, and the body fields per card (built only when the
 * first ones give fewer than three reasons).
 */
export class ReasonFields {
  private readonly heads = new Lru<AgentRecord, Map<CardField, LowerField>>(HEAD_CACHE_SIZE);
  private readonly bodies = new Lru<AgentCard, Map<CardField, LowerField>>(BODY_CACHE_SIZE);

  head(agent: AgentRecord, memo?: BoundaryLookups): Map<CardField, LowerField> {
    return this.heads.get(agent, () => {
      const head = headFields(agent, memo);
      return new Map<CardField, LowerField>([
        ['name', lowerField(head.name)],
        ['summary', lowerField(head.summary)],
        ['examples', lowerField(head.examples)],
      ]);
    });
  }

  body(card: AgentCard): Map<CardField, LowerField> {
    return this.bodies.get(card, () => new Map(BODY_FIELDS.map((f) => [f, lowerField(card.fields[f])] as const)));
  }
}

/** Index of the segment containing position `pos` (starts ascending). */
function segmentAt(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The segment of a field that mentions the most matched words (Porter stems are word prefixes, but y → i). */
function bestSegment(text: string, starts: readonly number[], wanted: readonly string[]): number | undefined {
  const hits = new Map<number, number>();
  for (const stem of wanted) {
    const seen = new Set<number>();
    for (const form of stem.endsWith('i') ? [stem, `${stem.slice(0, -1)}y`] : [stem]) {
      let at = text.indexOf(form);
      while (at >= 0) {
        const before = at === 0 ? 32 : text.charCodeAt(at - 1);
        if (!((before >= 97 && before <= 122) || (before >= 48 && before <= 57))) seen.add(segmentAt(starts, at));
        at = text.indexOf(form, at + form.length);
      }
    }
    for (const seg of seen) hits.set(seg, (hits.get(seg) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestHits = 0;
  for (const [seg, n] of hits) {
    if (n > bestHits || (n === bestHits && best !== undefined && seg < best)) {
      bestHits = n;
      best = seg;
    }
  }
  return best;
}

/**
 * Reasons come first from the fields that need no body (name, description, examples). The body fields
 * (usage, expertise, body) need the card, rebuilt on demand (a few hundred microseconds; recent ones are
 * cached), so they are read for the best match, and for at most BODY_LOOKUPS other matches whose first
 * fields gave no reason at all, in rank order. The rule depends only on the query, never on what is cached.
 */
function reasonsFor(engine: RoutingEngine, c: Candidate, rank: number, originals: ReadonlySet<string>, budget: { lookups: number }): MatchReason[] {
  const agent = engine.index.records.get(c.name);
  if (!agent) return [];
  // The index folds the fields together; find the matched words back in the card's own sentences
  // (the task's own words; added equivalents only when none of those matched).
  const matched = c.hit.queryTerms;
  const own = matched.filter((t) => originals.has(t));
  const wanted = own.length > 0 ? own : matched;
  const reasons: MatchReason[] = [];
  const look = (field: CardField, lf: LowerField | undefined): void => {
    if (!lf || reasons.length >= 3) return;
    const i = bestSegment(lf.text, lf.starts, wanted);
    const seg = i === undefined ? undefined : lf.segs[i];
    if (seg) reasons.push({ field, text: seg.length > 240 ? `${seg.slice(0, 237)}...` : seg });
  };
  const head = engine.reasonFields.head(agent, engine.boundaryMemo);
  for (const f of HEAD_FIELDS) look(f, head.get(f));
  let readBody = rank === 0 && reasons.length < 3;
  if (!readBody && reasons.length === 0 && budget.lookups > 0) {
    budget.lookups--;
    readBody = true;
  }
  if (readBody) {
    const card = engine.card(c.name);
    if (card) {
      const body = engine.reasonFields.body(card);
      for (const f of BODY_FIELDS) look(f, body.get(f));
    }
  }
  return reasons;
}

/**
 * Reasons for candidates of a lexical search, by name and rank in the answer (hybrid.ts): the same rule as
 * the lexical matcher, one budget of body lookups per answer.
 */
export function lexicalReasons(engine: RoutingEngine, raw: RawSearch): (name: string, rank: number) => MatchReason[] {
  const originalSet = new Set(raw.query.filter((q) => q.original).map((q) => q.term));
  const byName = new Map(raw.candidates.map((c) => [c.name, c]));
  const budget = { lookups: BODY_LOOKUPS };
  return (name, rank) => {
    const c = byName.get(name);
    return c ? reasonsFor(engine, c, rank, originalSet, budget) : [];
  };
}

/** Rank the engine's agents for a task by words alone (RoutingEngine.match before the agent vectors are ready). */
export function matchWith(engine: RoutingEngine, task: string, options: MatchOptions = {}): MatchResult {
  const index = engine.index;
  const asked = Number.isFinite(options.limit) ? Math.floor(options.limit as number) : DEFAULT_LIMIT;
  const limit = Math.max(1, Math.min(MAX_LIMIT, asked));
  const srcFilter = sourceFilter(engine.snapshot, options.source);
  const exclude = options.exclude;
  const filter = srcFilter || exclude ? (id: string) => (!exclude || !exclude.has(id)) && (!srcFilter || srcFilter(id)) : undefined;
  const raw = searchIndex(index, task, { lookup: engine.termOf, ...(filter ? { filter } : {}) });
  const stems = raw.query.filter((q) => q.original).map((q) => q.term);
  const words = taskWords(task, engine.termOf);
  const termsOut = stems.map((t) => words.get(t) ?? t);
  if (raw.query.length === 0) return { matches: [], abstained: true, terms: termsOut, mode: 'lexical', note: 'the task has no searchable words' };
  const originals = stems.length;
  const originalSet = new Set(stems);
  const budget = { lookups: BODY_LOOKUPS };
  // A lower rank never reports a higher confidence than the rank above it (the features of rank 2 and 3
  // differ in kind from rank 1's lead, so the raw values can cross).
  let ceiling = 1;
  const matches: AgentMatch[] = raw.candidates.slice(0, limit).map((c, i) => {
    ceiling = Math.min(ceiling, Math.round(confidenceOf(features(raw.candidates, i, originals, index.documentCount)) * 1000) / 1000);
    return { name: c.name, score: Math.round(c.score * 1000) / 1000, confidence: ceiling, reasons: options.noReasons ? [] : reasonsFor(engine, c, i, originalSet, budget) };
  });
  const top = matches[0];
  const abstained = !top || top.confidence < ABSTAIN_BELOW;
  const result: MatchResult = { matches, abstained, terms: termsOut, mode: 'lexical' };
  if (!top) result.note = 'no agent shares any word with the task';
  else if (abstained) result.note = 'no agent fits well: the best match is weak';
  return result;
}

export interface LexicalRanked {
  name: string;
  /** BM25+ score with the coordination factor (what the ranking sorts by; comparable within one task only). */
  score: number;
  /** Calibrated confidence (0–1), as match_agents reports it for this rank. */
  confidence: number;
  /** Share of the task's own words this agent matched (0–1). */
  coverage: number;
}

/**
 * The full lexical ranking of a task, best first: every agent that shares a word with the task (up to
 * `limit`), with its score and calibrated confidence. No reasons (cheap). For rank fusion with other
 * rankers (src/routing/hybrid.ts).
 */
export function lexicalRankingWith(engine: RoutingEngine, task: string, limit = Number.MAX_SAFE_INTEGER, options: { source?: string } = {}): LexicalRanked[] {
  const index = engine.index;
  const filter = sourceFilter(engine.snapshot, options.source);
  // At least two candidates: the confidence of the best one depends on its lead over the runner-up.
  const raw = searchIndex(index, task, { keep: Math.max(2, limit), lookup: engine.termOf, ...(filter ? { filter } : {}) });
  const originals = raw.query.filter((q) => q.original).length;
  return raw.candidates.slice(0, Math.max(0, limit)).map((c, i) => ({
    name: c.name,
    score: c.score,
    confidence: confidenceOf(features(raw.candidates, i, originals, index.documentCount)),
    coverage: c.coverage,
  }));
}
