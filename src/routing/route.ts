/**
 * route_task domain logic. With a current agent: stay when the task is in its scope, hand off when the
 * task falls under one of its boundaries (naming the boundary line), or hand off to a clearly better
 * catalog match when the task is outside its scope altogether. Without one: pick the best match, then
 * consult that agent's own boundaries: its file saying "this kind of task goes to X" beats raw text
 * similarity when X is in the catalog.
 */
import { requireAgent } from '../catalog/lookup.js';
import { EXPERTS, type Boundary, type BoundaryKind } from './boundaries.js';
import type { RoutingEngine } from './engine.js';
import type { RoutingIndex } from './index.js';
import { matchWith, type AgentMatch } from './match.js';
import { expansionsOf, lazy, queryTerms, terms, type QueryTerm } from './text.js';
import {
  ABSTAIN_BELOW,
  EQUIVALENT_WEIGHT,
  EXPERTS_SHARE,
  HANDOFF_SHARE,
  MIN_BOUNDARY_MASS,
  NEIGHBOUR_MIN_CONFIDENCE,
  OUT_OF_SCOPE_BELOW,
  ROUTE_CANDIDATES,
} from './tuning.js';

export type RouteDecision = 'stay' | 'handoff' | 'pick';

export interface RouteHandoff {
  to: string;
  inCatalog: boolean;
  kind: BoundaryKind;
  /** The boundary line in the agent file that sends this kind of task to `to`. */
  line: string;
  topics: string[];
  /** The task words this boundary covers (stemmed). */
  matched: string[];
  /** Strength of the match between the task and this boundary (idf-weighted, comparable within one call). */
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
  /** Confidence (0–1) in the chosen agent from the matcher; for a boundary hand-off, at least the boundary's strength. */
  confidence: number;
  /** True when no agent in the catalog fits the task well. */
  abstained: boolean;
  alternatives: RouteAlternative[];
  /** Boundaries of the current (or best-matching) agent that cover this task, strongest first. */
  handoffs: RouteHandoff[];
  rationale: string;
  /** The agent whose boundaries were consulted. */
  consulted: string | null;
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

function describe(t: TargetEvidence): string {
  const h = t.handoffs[0];
  const where = t.to === EXPERTS ? 'a human expert (the file names no agent)' : t.inCatalog ? `${t.to}` : `${t.to} (not in this catalog)`;
  return `${h?.kind ?? 'handoff'} to ${where}: "${h?.line ?? ''}" covers ${[...t.claims.keys()].join(', ')}`;
}

/** Route a task (RoutingEngine.route). Throws UnknownAgentError (a CatalogError, with suggestions) when currentAgent is not in the catalog. */
export function routeWith(engine: RoutingEngine, task: string, options: RouteOptions = {}): RouteResult {
  const snapshot = engine.snapshot;
  const tuning = engine.tuning;
  const match = matchWith(engine, task, { limit: ROUTE_CANDIDATES, noReasons: true, ...(options.source !== undefined ? { source: options.source } : {}) });
  const query = queryTerms(task, { expand: tuning.expansion > 0, lookup: engine.termOf }).map((q) => (q.original ? q : { ...q, weight: tuning.expansion }));
  const best = match.matches[0];
  const confidenceOf = (name: string): number => match.matches.find((m) => m.name === name)?.confidence ?? 0;

  const asked = options.currentAgent?.trim();
  if (asked) {
    const current = requireAgent(snapshot, asked).name;
    const a = analyse(engine, current, query);
    const handoffs = a.targets.flatMap((t) => t.handoffs).sort((x, y) => y.score - x.score).slice(0, 8);
    const win = winningTarget(a);
    if (win) {
      const conf = win.inCatalog ? Math.max(confidenceOf(win.to), 0.5) : 0.5;
      return {
        decision: 'handoff',
        agent: win.to === EXPERTS ? null : win.to,
        confidence: round(conf),
        abstained: false,
        alternatives: alternativesOf(match.matches, new Set([win.to, current])),
        handoffs,
        rationale:
          `The task falls under a boundary of ${current}: ${describe(win)}.` +
          (win.inCatalog || win.to === EXPERTS ? '' : ` ${win.to} is not in this catalog; the alternatives are the closest agents that are.`),
        consulted: current,
      };
    }
    // A neighbour this agent's file names (in the catalog) that fits the task clearly better than the
    // agent itself: the file says that kind of work goes there, and the task reads like that agent's work.
    const rank = (name: string): number => {
      const i = match.matches.findIndex((m) => m.name === name);
      return i < 0 ? Number.POSITIVE_INFINITY : i;
    };
    const neighbour = neighbourHandoff(engine, current, match.matches, rank);
    if (neighbour && !match.abstained) {
      const line = neighbour.line;
      return {
        decision: 'handoff',
        agent: neighbour.to,
        confidence: round(confidenceOf(neighbour.to)),
        abstained: false,
        alternatives: alternativesOf(match.matches, new Set([neighbour.to, current])),
        handoffs: [{ ...neighbour, matched: [], score: 0 }, ...handoffs.filter((h) => h.line !== line)].slice(0, 8),
        rationale: `The task matches ${neighbour.to} better than ${current} (confidence ${confidenceOf(neighbour.to).toFixed(2)} vs ${confidenceOf(current).toFixed(2)}), and ${current}'s file sends work to it: "${line}".`,
        consulted: current,
      };
    }
    const own = confidenceOf(current);
    const inScope = a.ownTerms.length > 0 && (own >= OUT_OF_SCOPE_BELOW || best?.name === current || a.ownMass >= (a.targets[0]?.mass ?? 0));
    if (!inScope && best && best.name !== current && !match.abstained) {
      return {
        decision: 'handoff',
        agent: best.name,
        confidence: best.confidence,
        abstained: false,
        alternatives: alternativesOf(match.matches, new Set([best.name, current])),
        handoffs,
        rationale: `The task does not match the scope of ${current} (${a.ownTerms.length > 0 ? `only ${a.ownTerms.join(', ')}` : 'no shared words'}) and none of its boundaries covers it; ${best.name} matches it best.`,
        consulted: current,
      };
    }
    return {
      decision: 'stay',
      agent: current,
      confidence: round(Math.max(own, inScope ? 0.5 : 0)),
      abstained: !inScope && match.abstained,
      alternatives: alternativesOf(match.matches, new Set([current])),
      handoffs,
      rationale: inScope
        ? `The task is in the scope of ${current} (${a.ownTerms.slice(0, 8).join(', ')})${handoffs.length > 0 ? `; its boundaries touch it more weakly (${handoffs[0]?.to})` : ' and none of its boundaries covers it'}.`
        : `Nothing in the catalog fits this task better than ${current}, but it is not clearly in its scope either.`,
      consulted: current,
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
    };
  }
  const a = analyse(engine, best.name, query);
  const handoffs = a.targets.flatMap((t) => t.handoffs).sort((x, y) => y.score - x.score).slice(0, 8);
  const win = winningTarget(a, { requireInCatalog: true });
  if (win) {
    return {
      decision: 'pick',
      agent: win.to,
      confidence: round(Math.max(confidenceOf(win.to), Math.min(best.confidence, 0.9))),
      abstained: false,
      alternatives: alternativesOf(match.matches, new Set([win.to])),
      handoffs,
      rationale: `${best.name} matches the task best by text, but its own file sends this kind of task elsewhere: ${describe(win)}.`,
      consulted: best.name,
    };
  }
  const outside = a.targets.find((t) => !t.inCatalog && t.to !== EXPERTS && winningTarget({ ...a, targets: [t] }) !== undefined);
  return {
    decision: 'pick',
    agent: best.name,
    confidence: best.confidence,
    abstained: best.confidence < ABSTAIN_BELOW,
    alternatives: alternativesOf(match.matches, new Set([best.name])),
    handoffs,
    rationale:
      `${best.name} matches the task best (confidence ${best.confidence.toFixed(2)}).` +
      (outside ? ` Its file would send this to ${outside.to}, which is not in this catalog.` : ''),
    consulted: best.name,
  };
}
