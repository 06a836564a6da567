/**
 * route_task domain logic. With a current agent: stay when the task is in its scope, hand off when the
 * task falls under one of its boundaries (naming the boundary line), or hand off to a clearly better
 * catalog match when the task is outside its scope altogether. Without one: pick the best match, then
 * consult that agent's own boundaries: its file saying "this kind of task goes to X" beats raw text
 * similarity when X is in the catalog.
 */
import { requireAgent } from '../catalog/lookup.js';
import type { AgentRecord } from '../catalog/types.js';
import type { Embedder } from '../encoder/embedder.js';
import { dot } from '../encoder/static-encoder.js';
import { EXPERTS, type Boundary, type BoundaryKind } from './boundaries.js';
import type { RoutingEngine } from './engine.js';
import type { RoutingIndex } from './index.js';
import { hybridResult, matchFilter, rankHybrid, reportedConfidence, type HybridRanking } from './hybrid.js';
import { matchWith, type AgentMatch, type MatchOptions, type MatchResult } from './match.js';
import { expansionsOf, lazy, queryTerms, taskWords, terms, type QueryTerm } from './text.js';
import {
  ABSTAIN_BELOW,
  BOUNDARY_HANDOFF_CONFIDENCE,
  EQUIVALENT_WEIGHT,
  EXPERTS_SHARE,
  HANDOFF_SHARE,
  MIN_BOUNDARY_MASS,
  NEIGHBOUR_MIN_CONFIDENCE,
  OUT_OF_SCOPE_BELOW,
  ROUTE_CANDIDATES,
  SEMANTIC_ROUTE,
} from './tuning.js';

export type RouteDecision = 'stay' | 'handoff' | 'pick';

export interface RouteHandoff {
  to: string;
  inCatalog: boolean;
  kind: BoundaryKind;
  /** The boundary line in the agent file that sends this kind of task to `to`. */
  line: string;
  topics: string[];
  /** The task's words that this boundary uses (as written in the task). */
  matched: string[];
  /** How close the task is to this boundary (by meaning: cosine similarity; by words: idf-weighted overlap); comparable within one answer. */
  score: number;
}

export interface RouteAlternative {
  name: string;
  confidence: number;
}

export interface RouteResult {
  decision: RouteDecision;
  /** The agent that should do the task (may be outside the catalog for a hand-off; see handoffs[].inCatalog); null when nothing fits. */
  agent: string | null;
  /** Confidence (0–1) in the chosen agent from the matcher (for a stay: in the current agent); a hand-off an agent's own file asks for is at least 0.5. */
  confidence: number;
  /** True when no agent in the catalog fits the task well. */
  abstained: boolean;
  alternatives: RouteAlternative[];
  /** Boundaries of the current (or best-matching) agent that cover this task, strongest first. */
  handoffs: RouteHandoff[];
  rationale: string;
  /** The agent whose boundaries were consulted. */
  consulted: string | null;
  /** Whether meaning took part (agent vectors ready) or words only. */
  mode: 'lexical' | 'hybrid';
  /** Why meaning did not take part, when it did not. */
  modeNote?: string;
}

export interface RouteOptions {
  /** The agent currently holding the task. */
  currentAgent?: string;
  /** Restrict matching to a source (as match_agents). */
  source?: string;
}

/** Words in a boundary line that only say "send it elsewhere" (stemmed on first use: lazy()). */
const boundaryNoise = lazy(
  () =>
    new Set(
      terms('coordinate coordinates coordinating coordination delegate delegating delegation escalate escalation hand off handoff handles handle should run requires expertise collaborate work with experts specialist engineer expert agent'),
    ),
);

/** Role words in agent names that say nothing about the domain. */
const roleTerms = lazy(() => new Set(terms('engineer specialist expert architect pro developer analyst manager reviewer designer orchestrator auditor optimizer administrator admin lead agent')));

/**
 * What a boundary is about: its topics (or, without topics, its line) plus the domain words of the target's
 * name ("database-specialist" → database).
 */
function boundaryTerms(engine: RoutingEngine, to: string, line: string, topics: readonly string[]): Set<string> {
  const source = topics.length > 0 ? topics.join(' , ') : line;
  const text = source.replace(/\b[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+\b/g, ' ');
  const noise = boundaryNoise();
  const roles = roleTerms();
  const out = new Set(terms(text, engine.termOf).filter((t) => !noise.has(t)));
  if (to !== EXPERTS) for (const t of terms(to.replace(/-/g, ' '), engine.termOf)) if (!roles.has(t)) out.add(t);
  return out;
}

/**
 * How much one task word counts, between 0.5 (in every agent) and 1 (in none): idf scaled by the largest
 * possible idf, so the thresholds below mean "about N words" in a 5-agent or a 1,000-agent catalog alike.
 */
function idfOf(index: RoutingIndex): (t: string) => number {
  const max = Math.log(1 + (Math.max(1, index.documentCount) + 0.5) / 0.5);
  return (t) => 0.5 + (0.5 * index.idf(t)) / max;
}

interface TargetEvidence {
  to: string;
  inCatalog: boolean;
  handoffs: RouteHandoff[];
  /** Task word → 1 when a boundary to this target uses it, EQUIVALENT when it uses an equivalent. */
  claims: Map<string, number>;
  /** Task words a boundary to this target uses literally. */
  direct: Set<string>;
  mass: number;
}

interface BoundaryAnalysis {
  targets: TargetEvidence[];
  /** idf mass of task words in the agent's own card and in none of its boundaries. */
  ownMass: number;
  ownTerms: string[];
}

/**
 * Weigh the task's words between an agent's boundaries and its own scope. Each task word counts (idf-scaled)
 * for a boundary target when the boundary uses the word itself (full weight) or one of its equivalents
 * (half weight: "sql" → database); it counts for the agent's own scope only when the agent's own text uses
 * the word itself and no boundary does. Boundaries are explicit statements, so they get the benefit of the doubt.
 */
function analyse(engine: RoutingEngine, agentName: string, query: readonly QueryTerm[]): BoundaryAnalysis {
  const agent = engine.snapshot.agents.get(agentName);
  const card = engine.card(agentName);
  if (!agent || !card) return { targets: [], ownMass: 0, ownTerms: [] };
  const idf = idfOf(engine.index);
  const originals = query.filter((q) => q.original);
  const concept = new Map(originals.map((q) => [q.term, [[q.term, 1] as const, ...[...(expansionsOf(q.term) ?? new Map<string, number>()).keys()].map((e) => [e, EQUIVALENT_WEIGHT] as const)]]));
  const byTarget = new Map<string, TargetEvidence>();
  const claimed = new Set<string>();
  for (const b of engine.boundaries(agent)) {
    const bt = boundaryTerms(engine, b.to, b.line, b.topics);
    const claims = new Map<string, number>();
    for (const q of originals) {
      let best = 0;
      for (const [e, f] of concept.get(q.term) ?? []) if (f > best && bt.has(e)) best = f;
      if (best > 0) claims.set(q.term, best);
    }
    if (claims.size === 0) continue;
    const score = [...claims].reduce((s, [t, f]) => s + f * idf(t), 0);
    const ev = byTarget.get(b.to) ?? { to: b.to, inCatalog: b.inCatalog, handoffs: [], claims: new Map<string, number>(), direct: new Set<string>(), mass: 0 };
    ev.handoffs.push({ to: b.to, inCatalog: b.inCatalog, kind: b.kind, line: b.line, topics: b.topics, matched: [...claims.keys()], score: round(score) });
    for (const [t, f] of claims) {
      ev.claims.set(t, Math.max(ev.claims.get(t) ?? 0, f));
      if (f === 1) {
        ev.direct.add(t);
        // "Must escalate to experts" items reuse the agent's own domain words ("decisions about MCP
        // servers"); they do not take those words away from the agent's scope.
        if (b.to !== EXPERTS) claimed.add(t);
      }
    }
    byTarget.set(b.to, ev);
  }
  for (const ev of byTarget.values()) {
    ev.mass = [...ev.claims].reduce((s, [t, f]) => s + f * idf(t), 0);
    ev.handoffs.sort((x, y) => y.score - x.score);
  }
  const own = engine.termsOfCard(card);
  let ownMass = 0;
  const ownTerms: string[] = [];
  for (const q of originals) {
    if (claimed.has(q.term) || !own.has(q.term)) continue;
    ownMass += idf(q.term);
    ownTerms.push(q.term);
  }
  const targets = [...byTarget.values()].sort((x, y) => y.mass - x.mass);
  return { targets, ownMass, ownTerms };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A boundary target in the catalog that the matcher ranks above the current agent with real confidence. */
function neighbourHandoff(engine: RoutingEngine, current: string, matches: readonly AgentMatch[], rank: (name: string) => number): (Boundary & { kind: BoundaryKind }) | undefined {
  const agent = engine.snapshot.agents.get(current);
  if (!agent) return undefined;
  const mine = rank(current);
  let best: Boundary | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const b of engine.boundaries(agent)) {
    if (!b.inCatalog) continue;
    const r = rank(b.to);
    const m = matches[r];
    if (r >= mine || r >= bestRank || !m || m.confidence < NEIGHBOUR_MIN_CONFIDENCE) continue;
    best = b;
    bestRank = r;
  }
  return best;
}

/** The strongest boundary target, when its evidence beats the agent's own scope. */
function winningTarget(a: BoundaryAnalysis, options: { requireInCatalog?: boolean } = {}): TargetEvidence | undefined {
  for (const t of a.targets) {
    if (options.requireInCatalog && !t.inCatalog) continue;
    if (t.to === EXPERTS && options.requireInCatalog) continue;
    const strict = t.to === EXPERTS;
    if (t.direct.size === 0 || t.mass < (strict ? 2 * MIN_BOUNDARY_MASS : MIN_BOUNDARY_MASS)) continue;
    if (t.mass / (t.mass + a.ownMass) < (strict ? EXPERTS_SHARE : HANDOFF_SHARE)) continue;
    return t;
  }
  return undefined;
}

function alternativesOf(matches: readonly AgentMatch[], exclude: ReadonlySet<string>): RouteAlternative[] {
  return matches.filter((m) => !exclude.has(m.name)).slice(0, 4).map((m) => ({ name: m.name, confidence: m.confidence }));
}

function describe(t: TargetEvidence, words: (stems: readonly string[]) => string[]): string {
  const h = t.handoffs[0];
  const where = t.to === EXPERTS ? 'a human expert (the file names no agent)' : t.inCatalog ? `${t.to}` : `${t.to} (not in this catalog)`;
  return `${h?.kind ?? 'handoff'} to ${where}: "${h?.line ?? ''}" covers ${words([...t.claims.keys()]).join(', ')}`;
}

/** How the task compares with each boundary of the agent holding it, by meaning. */
interface BoundaryMeaning {
  boundary: Boundary;
  /** Cosine similarity of the task with the boundary's topics (plus the target's name) or its whole line, whichever is closer. */
  similarity: number;
}

/** Boundaries of one agent whose meaning is compared with a task (the rest of a very long list is ignored). */
const MAX_BOUNDARIES_COMPARED = 40;

function boundaryMeanings(engine: RoutingEngine, agent: AgentRecord, encoder: Embedder, query: Float32Array): BoundaryMeaning[] {
  const out: BoundaryMeaning[] = [];
  for (const b of engine.boundaries(agent).slice(0, MAX_BOUNDARIES_COMPARED)) {
    const topic = b.topics.length > 0 ? b.topics.join(' , ') : b.line;
    const texts = [b.to === EXPERTS ? topic : `${topic} (${b.to.replace(/-/g, ' ')})`, b.line];
    let similarity = -1;
    for (const t of texts) {
      const v = encoder.encode(t);
      if (v) similarity = Math.max(similarity, dot(v, query));
    }
    out.push({ boundary: b, similarity });
  }
  return out;
}

/** The task's own words for a list of stems ("queries" rather than "queri"). */
function wordsOf(task: string, engine: RoutingEngine): (stems: readonly string[]) => string[] {
  let words: Map<string, string> | undefined;
  return (stems) => {
    words ??= taskWords(task, engine.termOf);
    return stems.map((t) => words?.get(t) ?? t);
  };
}

/** The matcher's view of a task for route_task: by meaning when the agent vectors are ready, by words before. */
interface RouteMatch {
  match: MatchResult;
  /** P(this agent is the right one) for the agents scored (hybrid) or its lexical confidence. */
  probability(name: string): number;
  /** The reported (calibrated) confidence of an agent. */
  confidence(name: string): number;
  meaning?: { encoder: Embedder; query: Float32Array; ranking: HybridRanking };
}

function routeMatch(engine: RoutingEngine, task: string, options: RouteOptions, current: AgentRecord | undefined): RouteMatch {
  const base: MatchOptions = { limit: ROUTE_CANDIDATES, noReasons: true, ...(options.source !== undefined ? { source: options.source } : {}) };
  const m = engine.meaningOf(task);
  if ('input' in m) {
    const include = current ? [current.name, ...engine.boundaries(current).filter((b) => b.inCatalog).map((b) => b.to)] : [];
    const filter = matchFilter(engine, base);
    const ranking = rankHybrid(engine, task, m.input, { include, ...(filter ? { filter } : {}) });
    const match = hybridResult(engine, ranking, base);
    const scored = new Map(ranking.candidates.map((c) => [c.name, c.probability]));
    return {
      match,
      probability: (name) => scored.get(name) ?? 0,
      confidence: (name) => round(reportedConfidence(scored.get(name) ?? 0, ranking.inScope)),
      meaning: { encoder: m.encoder, query: m.input.query, ranking },
    };
  }
  const match = { ...matchWith(engine, task, base), modeNote: m.why };
  const conf = (name: string): number => match.matches.find((x) => x.name === name)?.confidence ?? 0;
  return { match, probability: conf, confidence: conf };
}

function modeOf(r: RouteMatch): Pick<RouteResult, 'mode' | 'modeNote'> {
  return r.match.modeNote !== undefined ? { mode: r.match.mode, modeNote: r.match.modeNote } : { mode: r.match.mode };
}

/** Route a task (RoutingEngine.route). Throws UnknownAgentError (a CatalogError, with suggestions) when currentAgent is not in the catalog. */
export function routeWith(engine: RoutingEngine, task: string, options: RouteOptions = {}): RouteResult {
  const snapshot = engine.snapshot;
  const tuning = engine.tuning;
  const asked = options.currentAgent?.trim();
  const currentAgent = asked ? requireAgent(snapshot, asked) : undefined;
  const rm = routeMatch(engine, task, options, currentAgent);
  const match = rm.match;
  const mode = modeOf(rm);
  const query = queryTerms(task, { expand: tuning.expansion > 0, lookup: engine.termOf }).map((q) => (q.original ? q : { ...q, weight: tuning.expansion }));
  const best = match.matches[0];
  const words = wordsOf(task, engine);
  const lexicalHandoffs = (a: BoundaryAnalysis): RouteHandoff[] =>
    a.targets
      .flatMap((t) => t.handoffs)
      .map((h) => ({ ...h, matched: words(h.matched) }))
      .sort((x, y) => y.score - x.score)
      .slice(0, 8);

  if (currentAgent) {
    const current = currentAgent.name;
    const a = analyse(engine, current, query);
    const own = rm.probability(current);
    const meanings = rm.meaning ? boundaryMeanings(engine, currentAgent, rm.meaning.encoder, rm.meaning.query) : undefined;
    const ownSimilarity = rm.meaning?.ranking.candidates.find((c) => c.name === current)?.similarity.best ?? 0;
    let handoffs = lexicalHandoffs(a);
    if (meanings) {
      // With meaning, every boundary is scored by how close the task is to it; the words it shares with the task are kept.
      const shared = new Map(handoffs.map((h) => [h.line, h.matched]));
      handoffs = meanings
        .filter((m) => shared.has(m.boundary.line) || m.similarity >= Math.max(ownSimilarity - SEMANTIC_ROUTE.listedWithin, SEMANTIC_ROUTE.listedAtLeast))
        .map((m) => ({ to: m.boundary.to, inCatalog: m.boundary.inCatalog, kind: m.boundary.kind, line: m.boundary.line, topics: m.boundary.topics, matched: shared.get(m.boundary.line) ?? [], score: round(m.similarity) }))
        .sort((x, y) => y.score - x.score)
        .slice(0, 8);
    }
    const handoff = (to: string, confidence: number, rationale: string): RouteResult => ({
      decision: 'handoff',
      agent: to === EXPERTS ? null : to,
      confidence: round(confidence),
      abstained: false,
      alternatives: alternativesOf(match.matches, new Set([to, current])),
      handoffs,
      rationale,
      consulted: current,
      ...mode,
    });

    // 1. The task uses the words of one of the agent's boundaries more than those of its own scope.
    const win = winningTarget(a);
    if (win) {
      const conf = win.inCatalog ? Math.max(rm.confidence(win.to), BOUNDARY_HANDOFF_CONFIDENCE) : BOUNDARY_HANDOFF_CONFIDENCE;
      return handoff(
        win.to,
        conf,
        `The task falls under a boundary of ${current}: ${describe(win, words)}.` +
          (win.inCatalog || win.to === EXPERTS ? '' : ` ${win.to} is not in this catalog; the alternatives are the closest agents that are.`),
      );
    }

    // 2. By meaning: a boundary target in the catalog that fits about as well as the agent itself, or a
    //    boundary outside the catalog that the task is closer to than to anything the agent does.
    if (meanings) {
      let chosen: { m: BoundaryMeaning; score: number } | undefined;
      for (const m of meanings) {
        const b = m.boundary;
        const inCatalog = b.inCatalog && b.to !== EXPERTS;
        const score = inCatalog
          ? rm.probability(b.to) - own > SEMANTIC_ROUTE.targetBelowOwn && rm.probability(b.to) >= SEMANTIC_ROUTE.targetAtLeast && m.similarity > 0
            ? 10 + rm.probability(b.to)
            : undefined
          : m.similarity - ownSimilarity > SEMANTIC_ROUTE.outsideAboveOwn && m.similarity >= SEMANTIC_ROUTE.outsideAtLeast
            ? m.similarity
            : undefined;
        if (score !== undefined && (!chosen || score > chosen.score)) chosen = { m, score };
      }
      if (chosen) {
        const b = chosen.m.boundary;
        const inCatalog = b.inCatalog && b.to !== EXPERTS;
        const where = b.to === EXPERTS ? 'a human expert (the file names no agent)' : inCatalog ? b.to : `${b.to} (not in this catalog)`;
        const why = inCatalog
          ? `the task fits ${b.to} (confidence ${rm.confidence(b.to).toFixed(2)}) about as well as or better than ${current} (${rm.confidence(current).toFixed(2)})`
          : `the task is closer to that boundary (similarity ${chosen.m.similarity.toFixed(2)}) than to anything ${current} does (${ownSimilarity.toFixed(2)})`;
        return handoff(b.to, inCatalog ? Math.max(rm.confidence(b.to), BOUNDARY_HANDOFF_CONFIDENCE) : BOUNDARY_HANDOFF_CONFIDENCE, `${current}'s file sends this kind of work to ${where}: "${b.line}"; ${why}.`);
      }
    }

    // 3. A neighbour this agent's file names (in the catalog) that fits the task clearly better than the
    //    agent itself: the file says that kind of work goes there, and the task reads like that agent's work.
    const rank = (name: string): number => {
      const i = match.matches.findIndex((m) => m.name === name);
      return i < 0 ? Number.POSITIVE_INFINITY : i;
    };
    const neighbour = neighbourHandoff(engine, current, match.matches, rank);
    if (neighbour && !match.abstained) {
      const line = neighbour.line;
      if (!handoffs.some((h) => h.line === line)) handoffs = [{ ...neighbour, matched: [], score: 0 }, ...handoffs].slice(0, 8);
      return handoff(neighbour.to, rm.confidence(neighbour.to), `The task matches ${neighbour.to} better than ${current} (confidence ${rm.confidence(neighbour.to).toFixed(2)} vs ${rm.confidence(current).toFixed(2)}), and ${current}'s file sends work to it: "${line}".`);
    }

    // 4. Outside the agent's scope altogether, and another agent fits clearly better.
    const ownWords = words(a.ownTerms);
    if (best && best.name !== current && !match.abstained) {
      const outside = rm.meaning
        ? rm.probability(best.name) - own > SEMANTIC_ROUTE.betterBy && own < SEMANTIC_ROUTE.ownBelow
        : !(a.ownTerms.length > 0 && (own >= OUT_OF_SCOPE_BELOW || a.ownMass >= (a.targets[0]?.mass ?? 0)));
      if (outside) {
        return handoff(
          best.name,
          best.confidence,
          `The task does not fit the scope of ${current} (confidence ${rm.confidence(current).toFixed(2)}${ownWords.length > 0 ? `; shared words: ${ownWords.slice(0, 6).join(', ')}` : ''}) and none of its boundaries covers it; ${best.name} fits it best (${best.confidence.toFixed(2)}).`,
        );
      }
    }
    const stayConfidence = rm.confidence(current);
    const fits = match.matches[0]?.name === current || stayConfidence >= OUT_OF_SCOPE_BELOW;
    return {
      decision: 'stay',
      agent: current,
      confidence: stayConfidence,
      abstained: !fits && match.abstained,
      alternatives: alternativesOf(match.matches, new Set([current])),
      handoffs,
      rationale: fits
        ? `The task is in the scope of ${current} (confidence ${stayConfidence.toFixed(2)}${ownWords.length > 0 ? `; shared words: ${ownWords.slice(0, 8).join(', ')}` : ''})${handoffs.length > 0 ? `; its closest boundary ("${handoffs[0]?.line}") fits the task less well` : ' and none of its boundaries covers it'}.`
        : `Nothing in the catalog fits this task clearly better than ${current}, but it is not clearly in its scope either (confidence ${stayConfidence.toFixed(2)}).`,
      consulted: current,
      ...mode,
    };
  }

  if (!best || match.abstained) {
    return {
      decision: 'pick',
      agent: null,
      confidence: best?.confidence ?? 0,
      abstained: true,
      alternatives: alternativesOf(match.matches, new Set()),
      handoffs: [],
      rationale: match.note ?? 'No agent in the catalog fits this task.',
      consulted: null,
      ...mode,
    };
  }
  const a = analyse(engine, best.name, query);
  const handoffs = lexicalHandoffs(a);
  const win = winningTarget(a, { requireInCatalog: true });
  if (win) {
    return {
      decision: 'pick',
      agent: win.to,
      confidence: round(Math.max(rm.confidence(win.to), Math.min(best.confidence, 0.9))),
      abstained: false,
      alternatives: alternativesOf(match.matches, new Set([win.to])),
      handoffs,
      rationale: `${best.name} fits the task best, but its own file sends this kind of task elsewhere: ${describe(win, words)}.`,
      consulted: best.name,
      ...mode,
    };
  }
  const outside = a.targets.find((t) => !t.inCatalog && t.to !== EXPERTS && winningTarget({ ...a, targets: [t] }) !== undefined);
  return {
    decision: 'pick',
    agent: best.name,
    confidence: best.confidence,
    abstained: best.confidence < ABSTAIN_BELOW && match.mode === 'lexical',
    alternatives: alternativesOf(match.matches, new Set([best.name])),
    handoffs,
    rationale:
      `${best.name} fits the task best (confidence ${best.confidence.toFixed(2)}).` +
      (outside ? ` Its file would send this to ${outside.to}, which is not in this catalog: "${outside.handoffs[0]?.line ?? ''}".` : ''),
    consulted: best.name,
    ...mode,
  };
}
