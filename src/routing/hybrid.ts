/**
 * Matching by words and meaning together. The candidates are the lexical matcher's (match.ts) plus the agents
 * whose centroid is closest to the task; each is scored by one logistic model (MATCH_MODEL) over how the task
 * compares with it by meaning (agent vectors, vectors.ts) and by words (the lexical features). The score is a
 * probability that the agent is the right one, so it falls with rank and a client can threshold it. A second
 * model (SCOPE_MODEL) decides whether anything in the catalog fits at all: when the task is closer to
 * everyday requests (anchors.ts) than to any agent, or matches nothing well, the matcher abstains.
 */
import type { RoutingEngine } from './engine.js';
import type { AgentSimilarity, AgentVectors } from './vectors.js';
import { agentPassages } from './vectors.js';
import { confidenceOf, DEFAULT_LIMIT, features, lexicalReasons, MAX_LIMIT, searchIndex, sourceFilter, type AgentMatch, type MatchOptions, type MatchReason, type MatchResult } from './match.js';
import { taskWords } from './text.js';
import { MAX_ENCODE_CHARS } from '../encoder/static-encoder.js';
import { CANDIDATES_KEPT, CENTROID_CANDIDATES, CONFIDENCE, MATCH_FEATURES, MATCH_MODEL, SCOPE_BELOW, SCOPE_FEATURES, SCOPE_MODEL, type LogisticModel, type MatchModel, type ScopeModel } from './tuning.js';

/** The vectors a hybrid match needs: the snapshot's agents, the task, and the everyday anchors. */
export interface MeaningInput {
  vectors: AgentVectors;
  /** The task's unit vector. */
  query: Float32Array;
  /** Cosine similarity of the task with the closest everyday anchor sentence. */
  anchor: number;
  /** Leave this passage of this agent out (the eval's leave-one-example-out). */
  skip?: { name: string; passage: number };
  /** Encode another text the same way (vector and anchor similarity); undefined when no word is known. */
  encode?: (text: string) => { query: Float32Array; anchor: number } | undefined;
}

/** What one candidate is scored on (the MATCH_MODEL inputs). */
export interface CandidateFeatures {
  best: number;
  centroid: number;
  /** Closest passage minus the closest passage of any candidate (0 for the closest agent). */
  gap: number;
  lexical: number;
  relative: number;
  coverage: number;
  summary: number;
  example: number;
  /** The closest passage to the task with this agent's name words taken out (= best when none occurs). */
  unnamed: number;
}

/** What the scope decision is made on (the SCOPE_MODEL inputs). */
export interface ScopeFeatures {
  top: number;
  best: number;
  anchor: number;
  margin: number;
  lexical: number;
  coverage: number;
  /** Cosine similarity of the task with the catalog as a whole. */
  catalog: number;
  /**
   * The margin (closest passage minus closest anchor) of the task with the top agents' name words taken out:
   * "remove rust from a bicycle chain" without "rust" reads like an everyday request, "rewrite this Rust
   * parser to be zero-copy" without it still reads like work. Equal to `margin` when no name word occurs.
   */
  context: number;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** sigmoid(bias + Σ weight · input) over the model's inputs. */
function logistic<K extends string>(m: Readonly<LogisticModel<K>>, f: Readonly<Record<K, number>>, keys: readonly K[]): number {
  let z = m.bias;
  for (const k of keys) z += m[k] * f[k];
  return sigmoid(z);
}

export function matchProbability(f: CandidateFeatures, m: Readonly<MatchModel> = MATCH_MODEL): number {
  return logistic(m, f, MATCH_FEATURES);
}

/** The reported confidence of a candidate: its probability, capped by P(in scope), calibrated (CONFIDENCE). */
export function reportedConfidence(probability: number, inScope: number, c: Readonly<{ scale: number; shift: number }> = CONFIDENCE): number {
  const p = Math.min(Math.max(Math.min(probability, inScope), 1e-6), 1 - 1e-6);
  return sigmoid(c.scale * Math.log(p / (1 - p)) + c.shift);
}

export function scopeProbability(f: ScopeFeatures, m: Readonly<ScopeModel> = SCOPE_MODEL): number {
  return logistic(m, f, SCOPE_FEATURES);
}

export interface ScoredCandidate {
  name: string;
  probability: number;
  features: CandidateFeatures;
  similarity: AgentSimilarity;
  /** Position among the lexical candidates (-1 when only meaning proposed it). */
  lexicalRank: number;
}

export interface RankOptions {
  /** Only agents this accepts are candidates. */
  filter?: (name: string) => boolean;
  /** Agents scored even when neither words nor meaning propose them (route_task's current agent and boundary targets). */
  include?: readonly string[];
}

export interface HybridRanking {
  candidates: ScoredCandidate[];
  scope: ScopeFeatures;
  /** P(some agent of the catalog fits). */
  inScope: number;
  /** The task's own words that the lexical search used (not stems). */
  words: string[];
  /** The lexical search, for reasons. */
  raw: ReturnType<typeof searchIndex>;
}

/**
 * Score every candidate of a task, best first (the eval fits the models on these features). Candidates
 * without vectors (e.g. an agent whose text has no known word) are scored on words alone.
 */
export function rankHybrid(engine: RoutingEngine, task: string, meaning: MeaningInput, options: RankOptions = {}): HybridRanking {
  const filter = options.filter;
  const index = engine.index;
  const raw = searchIndex(index, task, { keep: CANDIDATES_KEPT, lookup: engine.termOf, ...(filter ? { filter } : {}) });
  const originals = raw.query.filter((q) => q.original);
  const lexical = new Map<string, { rank: number; confidence: number; relative: number; coverage: number }>();
  const topScore = raw.candidates[0]?.score ?? 0;
  raw.candidates.forEach((c, i) =>
    lexical.set(c.name, {
      rank: i,
      confidence: confidenceOf(features(raw.candidates, i, originals.length, index.documentCount)),
      relative: topScore > 0 ? c.score / topScore : 0,
      coverage: c.coverage,
    }),
  );
  const known = (name: string): boolean => engine.snapshot.agents.has(name) && (!filter || filter(name));
  const names = new Set(lexical.keys());
  for (const c of meaning.vectors.centroidRanking(meaning.query, CENTROID_CANDIDATES, known)) names.add(c.name);
  for (const name of options.include ?? []) if (known(name)) names.add(name);
  const sims = new Map<string, AgentSimilarity>();
  let bestAny = 0;
  for (const name of names) {
    const skip = meaning.skip && meaning.skip.name === name ? meaning.skip.passage : -1;
    const s = meaning.vectors.similarity(name, meaning.query, skip);
    if (!s) continue;
    sims.set(name, s);
    if (s.best > bestAny) bestAny = s.best;
  }
  const none: AgentSimilarity = { best: 0, second: 0, centroid: 0, summary: 0, example: 0, passage: -1 };
  const taskWordSet = new Set(asciiWords(task.length > MAX_ENCODE_CHARS ? task.slice(0, MAX_ENCODE_CHARS) : task));
  const unnamedQueries = new Map<string, Float32Array | undefined>();
  const unnamedOf = (name: string, s: AgentSimilarity): number => {
    // Only the top lexical candidates: each distinct set of name words costs one more encode of the task.
    const l = lexical.get(name);
    if (!meaning.encode || !l || l.rank >= UNNAMED_CANDIDATES) return s.best;
    const own = asciiWords(name).filter((w) => w.length >= 3 && taskWordSet.has(w));
    if (own.length === 0) return s.best;
    const key = own.sort().join(' ');
    if (!unnamedQueries.has(key)) {
      const text = withoutWords(task, new Set(own));
      unnamedQueries.set(key, text === undefined ? undefined : meaning.encode(text)?.query);
    }
    const q = unnamedQueries.get(key);
    return q ? (meaning.vectors.similarity(name, q)?.best ?? s.best) : s.best;
  };
  const candidates: ScoredCandidate[] = [];
  for (const name of names) {
    const s = sims.get(name) ?? none;
    const l = lexical.get(name);
    const f: CandidateFeatures = {
      best: s.best,
      centroid: s.centroid,
      gap: sims.has(name) ? s.best - bestAny : -1,
      lexical: l?.confidence ?? 0,
      relative: l?.relative ?? 0,
      coverage: l?.coverage ?? 0,
      summary: s.summary,
      example: s.example,
      unnamed: sims.has(name) ? unnamedOf(name, s) : 0,
    };
    candidates.push({ name, probability: matchProbability(f), features: f, similarity: s, lexicalRank: l?.rank ?? -1 });
  }
  candidates.sort((a, b) => b.probability - a.probability || (a.name < b.name ? -1 : 1));
  let lexTop = 0;
  let covTop = 0;
  for (const l of lexical.values()) {
    if (l.confidence > lexTop) lexTop = l.confidence;
    if (l.coverage > covTop) covTop = l.coverage;
  }
  const margin = bestAny - meaning.anchor;
  const scope: ScopeFeatures = {
    top: candidates[0]?.probability ?? 0,
    best: bestAny,
    anchor: meaning.anchor,
    margin,
    lexical: lexTop,
    coverage: covTop,
    catalog: meaning.vectors.catalogSimilarity(meaning.query),
    context: contextMargin(task, candidates, meaning, margin),
  };
  const words = taskWords(task, engine.termOf);
  return { candidates, scope, inScope: scopeProbability(scope), words: originals.map((q) => words.get(q.term) ?? q.term), raw };
}

/** Lexical candidates whose `unnamed` feature is computed (the rest use their closest passage). */
const UNNAMED_CANDIDATES = 20;
/** Candidates whose name words are taken out of the task for the `context` feature. */
const CONTEXT_NAMES = 3;
/** Candidates compared with the task without those words. */
const CONTEXT_CANDIDATES = 20;

/** The ASCII letter-and-digit runs of a text, lower-cased ("cargo-deny" → cargo, deny). */
function asciiWords(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) | 0x20 : 0;
    const alnum = (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
    if (alnum && start < 0) start = i;
    else if (!alnum && start >= 0) {
      out.push(text.slice(start, i).toLowerCase());
      start = -1;
    }
  }
  return out;
}

/** The task without the space-separated words that contain one of `words`; undefined when none does. */
function withoutWords(task: string, words: ReadonlySet<string>): string | undefined {
  const text = task.length > MAX_ENCODE_CHARS ? task.slice(0, MAX_ENCODE_CHARS) : task;
  let removed = false;
  const kept: string[] = [];
  for (const word of text.split(' ')) {
    if (asciiWords(word).some((w) => words.has(w))) removed = true;
    else kept.push(word);
  }
  return removed ? kept.join(' ') : undefined;
}

/** The `context` scope feature (see ScopeFeatures). */
function contextMargin(task: string, candidates: readonly ScoredCandidate[], meaning: MeaningInput, margin: number): number {
  if (!meaning.encode) return margin;
  const nameWords = new Set<string>();
  for (const c of candidates.slice(0, CONTEXT_NAMES)) for (const w of asciiWords(c.name)) if (w.length >= 3) nameWords.add(w);
  const text = withoutWords(task, nameWords);
  if (text === undefined) return margin;
  const other = meaning.encode(text);
  if (!other) return margin;
  let best = -1;
  for (const c of candidates.slice(0, CONTEXT_CANDIDATES)) {
    const s = meaning.vectors.similarity(c.name, other.query);
    if (s && s.best > best) best = s.best;
  }
  return best - other.anchor;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The filter a match's `source` and `exclude` options describe (undefined: every agent). */
export function matchFilter(engine: RoutingEngine, options: MatchOptions): ((name: string) => boolean) | undefined {
  const src = sourceFilter(engine.snapshot, options.source);
  const exclude = options.exclude;
  return src || exclude ? (name: string) => (!exclude || !exclude.has(name)) && (!src || src(name)) : undefined;
}

/** Rank agents for a task by words and meaning (RoutingEngine.match when the agent vectors are ready). */
export function hybridMatchWith(engine: RoutingEngine, task: string, meaning: MeaningInput, options: MatchOptions = {}): MatchResult {
  const filter = matchFilter(engine, options);
  return hybridResult(engine, rankHybrid(engine, task, meaning, filter ? { filter } : {}), options);
}

/** The match_agents answer for a ranking: the top `limit` candidates with calibrated confidences and reasons. */
export function hybridResult(engine: RoutingEngine, ranking: HybridRanking, options: MatchOptions = {}): MatchResult {
  const asked = Number.isFinite(options.limit) ? Math.floor(options.limit as number) : DEFAULT_LIMIT;
  const limit = Math.max(1, Math.min(MAX_LIMIT, asked));
  const lexicalReasonsOf = options.noReasons ? undefined : lexicalReasons(engine, ranking.raw);
  // A task that nothing in the catalog fits gets no confident match: each confidence is capped by P(in scope).
  const inScope = ranking.inScope;
  const matches: AgentMatch[] = ranking.candidates.slice(0, limit).map((c, i) => {
    let reasons: MatchReason[] = lexicalReasonsOf && c.lexicalRank >= 0 ? lexicalReasonsOf(c.name, i) : [];
    if (!options.noReasons && reasons.length < 3 && c.similarity.passage >= 0) {
      const agent = engine.snapshot.agents.get(c.name);
      const card = engine.card(c.name);
      const p = agent && card ? agentPassages(agent, card)[c.similarity.passage] : undefined;
      if (p && !reasons.some((r) => p.text.includes(r.text.replace(/\.\.\.$/, '')))) {
        const text = p.text.length > 240 ? `${p.text.slice(0, 237)}...` : p.text;
        reasons = c.lexicalRank < 0 ? [{ field: p.field, text }, ...reasons] : [...reasons, { field: p.field, text }];
      }
    }
    return { name: c.name, score: round3(c.probability), confidence: round3(reportedConfidence(c.probability, inScope)), reasons: reasons.slice(0, 3) };
  });
  const abstained = matches.length === 0 || ranking.inScope < SCOPE_BELOW;
  const result: MatchResult = { matches, abstained, terms: ranking.words, mode: 'hybrid' };
  if (matches.length === 0) result.note = 'no agent matches the task in words or meaning';
  else if (abstained) result.note = ranking.scope.margin < 0 ? 'the task reads like an everyday request, not work for these agents' : 'no agent fits well: the best match is weak';
  return result;
}
