/** Which agent a delegation goes to: the one named, or the one route_task picks (never a guess when it abstains). */
import { requireAgent } from '../catalog/lookup.js';
import type { AgentRecord } from '../catalog/types.js';
import type { RoutingEngine } from '../routing/engine.js';

export interface RoutedChoice {
  confidence: number;
  rationale: string;
  alternatives: string[];
  /** hybrid: decided by words and meaning; lexical: by words only (modeNote says why). */
  mode: 'lexical' | 'hybrid';
  modeNote?: string;
}

export type AgentChoice = { ok: true; agent: AgentRecord; routed?: RoutedChoice } | { ok: false; message: string; alternatives: string[] };

/** The agent a delegation names, trimmed; undefined when it names none (routing then picks one). */
export function namedAgent(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  return trimmed ? trimmed : undefined;
}

/** With a name: that agent (UnknownAgentError with the closest names otherwise). Without: route_task's pick. */
export function chooseAgent(engine: RoutingEngine, name: string | undefined, task: string): AgentChoice {
  const snapshot = engine.snapshot;
  const named = namedAgent(name);
  if (named !== undefined) return { ok: true, agent: requireAgent(snapshot, named) };
  const route = engine.route(task);
  const alternatives = route.alternatives.map((a) => a.name);
  const agent = route.agent !== null ? snapshot.agents.get(route.agent) : undefined;
  if (route.abstained || !agent) {
    const who = route.abstained ? 'no agent in the catalog fits this task well enough' : 'routing sends this task to a human expert, not to an agent';
    const alts = alternatives.length > 0 ? ` Weak candidates: ${alternatives.slice(0, 5).join(', ')}.` : '';
    return {
      ok: false,
      alternatives,
      message: `Nothing was delegated: ${who} (${route.rationale}).${alts} Name the agent to use with agent (list_agents or match_agents show candidates).`,
    };
  }
  const routed: RoutedChoice = { confidence: route.confidence, rationale: route.rationale, alternatives, mode: route.mode, ...(route.modeNote !== undefined ? { modeNote: route.modeNote } : {}) };
  return { ok: true, agent, routed };
}
