/**
 * Routing card: what an agent file says about which tasks it fits, split into weighted fields, and the
 * boundaries (hand-offs) it declares. Shared boilerplate (inlined shared-prompt blocks, include lines,
 * template placeholders) and code are removed, and lines that send work elsewhere do not count as
 * evidence for the agent itself. Cards depend only on the record, so they are cached per AgentRecord.
 */
import type { AgentRecord, CatalogSnapshot, Example } from '../catalog/types.js';
import { extractBoundaries, withCatalog, type Boundary, type RawBoundary } from './boundaries.js';
import { plain, scanLines, sentences, stripBoilerplate } from './lines.js';
import { terms, unlink } from './text.js';

/** The routing fields, weakest evidence last. */
export const CARD_FIELDS = ['name', 'summary', 'examples', 'usage', 'expertise', 'body'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/**
 * How many times a term of each field counts in the search index (BM25F-style folding, see index.ts).
 * Measured with `npm run eval:routing`; the body is the weakest evidence.
 */
export const FIELD_WEIGHTS: Record<CardField, number> = {
  name: 3,
  summary: 2,
  examples: 2,
  usage: 2,
  expertise: 2,
  body: 1,
};

export interface AgentCard {
  name: string;
  summary: string;
  examples: readonly Example[];
  /** Text segments (sentences, bullets, headings) per field; `examples` holds one segment per example. */
  fields: Record<CardField, string[]>;
  boundaries: RawBoundary[];
}

/** The most body / expertise characters kept (agent files run to 60 KB; the first part says what the agent is for). */
export const MAX_BODY_CHARS = 8_000;
export const MAX_EXPERTISE_CHARS = 8_000;

const USAGE_HEADING = /use this agent|usage|when to use|use cases?|when to (?:invoke|call|engage)|triggers?|invoke|proactive|should be used|use me\b|consult/i;
const EXPERTISE_HEADING =
  /responsibilit|expertise|knowledge|capabilit|focus|speciali[sz]|skills?|competenc|purpose|mission|domain|what (?:i|you) do|core|areas?\b|proficien|strengths|duties|scope|role|stack|technolog|mastery|experience|expert in/i;
const USAGE_LINE = /^(?:use (?:this agent|proactively|when|for|me)|must be consulted|mandatory consultation|invoke (?:this agent )?when|ideal for|best for)/i;

/** Words that only describe what the agent does NOT do: "(NOT Query Optimization)". */
function dropNegations(text: string): string {
  return text.replace(/\((?:not|except|excluding|no)\b[^)]*\)/gi, ' ').replace(/\s+/g, ' ').trim();
}

/** The example as routing text: situation, request and why it fits (the assistant reply names the agent). */
export function exampleText(ex: Example): string {
  return [ex.context, ex.user, ex.commentary].filter((s): s is string => typeof s === 'string' && s.length > 0).join(' \n ');
}

function buildCard(agent: AgentRecord): AgentCard {
  const lines = scanLines(agent.body);
  const boundaries = extractBoundaries(agent, lines);
  const boundaryLines = new Set(boundaries.map((b) => b.line));
  const summaryText = agent.summary.replace(/\\n/g, ' ');

  const fields: Record<CardField, string[]> = {
    name: [agent.name.replace(/[-_]+/g, ' ')],
    summary: [],
    examples: agent.examples.map(exampleText),
    usage: [],
    expertise: [],
    body: [],
  };
  for (const s of sentences(summaryText)) {
    if (boundaryLines.has(s)) continue;
    const clean = dropNegations(plain(s));
    if (!clean) continue;
    fields.summary.push(clean);
  }

  let bodyChars = 0;
  let expertiseChars = 0;
  for (const line of lines) {
    if (boundaryLines.has(line.raw)) continue;
    const text = dropNegations(line.kind === 'table' ? line.text.replace(/\|/g, ' ; ') : line.text);
    if (text.length < 2) continue;
    const heads = line.headings.join(' / ');
    if (line.kind === 'heading') {
      // Headings name the agent's topics ("Testing Infrastructure & Real Behavior Testing").
      if (USAGE_HEADING.test(text)) continue;
      if (expertiseChars < MAX_EXPERTISE_CHARS) fields.expertise.push(text);
      expertiseChars += text.length;
      continue;
    }
    if (USAGE_LINE.test(text) || USAGE_HEADING.test(line.headings[line.headings.length - 1] ?? '')) {
      fields.usage.push(text);
      continue;
    }
    if (line.headings.length === 0 && /^you are\b/i.test(text)) {
      fields.expertise.push(text);
      continue;
    }
    if (EXPERTISE_HEADING.test(heads) && line.kind !== 'prose') {
      if (expertiseChars < MAX_EXPERTISE_CHARS) fields.expertise.push(text);
      expertiseChars += text.length;
      continue;
    }
    if (bodyChars >= MAX_BODY_CHARS) continue;
    bodyChars += text.length;
    fields.body.push(text);
  }
  // Keep compact copies: symbols outside Latin-1 (emoji, arrows) carry no words and would make every
  // string two bytes per character; copies do not keep the file text alive (see text.ts unlink).
  for (const f of CARD_FIELDS) fields[f] = fields[f].map(compact).filter((x) => x.length > 0);
  for (const b of boundaries) {
    b.line = unlink(b.line);
    b.topics = b.topics.map(unlink);
  }
  return { name: agent.name, summary: agent.summary, examples: agent.examples, fields, boundaries };
}

function compact(text: string): string {
  // eslint-disable-next-line no-control-regex
  return unlink(text.replace(/[^\u0000-\u00ff]+/g, ' ').replace(/\s{2,}/g, ' ').trim());
}

/**
 * The index terms of each segment of each field (stop words removed, stemmed), parallel to `card.fields`.
 * Computed when needed (index documents are cached per card; reasons keep a small cache) rather than
 * stored with every card, which would double the memory of a large catalog.
 */
export function cardTokens(card: AgentCard): Record<CardField, string[][]> {
  const tokens = {} as Record<CardField, string[][]>;
  for (const f of CARD_FIELDS) tokens[f] = card.fields[f].map((seg) => terms(seg));
  return tokens;
}

const cards = new WeakMap<AgentRecord, AgentCard>();

/** The card of one record, built once per record object (the loader reuses records of unchanged files). */
export function cardOf(agent: AgentRecord): AgentCard {
  let card = cards.get(agent);
  if (!card) {
    card = buildCard(agent);
    cards.set(agent, card);
  }
  return card;
}

/** Boundaries of an agent with `inCatalog` resolved against a snapshot. */
export function boundariesOf(snapshot: CatalogSnapshot, agent: AgentRecord): Boundary[] {
  return withCatalog(cardOf(agent).boundaries, (n) => snapshot.agents.has(n));
}

/** Number of boundary statements in an agent file (for list_agents / get_agent_prompt). */
export function boundaryCount(agent: AgentRecord): number {
  return cardOf(agent).boundaries.length;
}

/** Number of `<example>` blocks (for list_agents / get_agent_prompt). */
export function exampleCount(agent: AgentRecord): number {
  return agent.examples.length;
}

/** Both counts for one agent, by name; undefined when the agent is not in the snapshot. */
export function boundaryCounts(snapshot: CatalogSnapshot, name: string): { boundaries: number; examples: number } | undefined {
  const agent = snapshot.agents.get(name);
  if (!agent) return undefined;
  return { boundaries: boundaryCount(agent), examples: exampleCount(agent) };
}

export interface RoutingCardJson {
  name: string;
  summary: string;
  source: string;
  path: string;
  examples: Example[];
  boundaries: Boundary[];
  /** Boundary targets, deduplicated, with whether each is in the catalog. */
  handoffTargets: Array<{ to: string; inCatalog: boolean; kinds: string[]; count: number }>;
  /** The routing text per field (what match_agents searches), boilerplate removed. */
  fields: Record<CardField, string[]>;
  /** How much each field counts in matching. */
  fieldWeights: Record<CardField, number>;
}

/** The full routing card of one agent as plain JSON (resource `agent://{name}/card`); undefined if unknown. */
export function routingCard(snapshot: CatalogSnapshot, name: string): RoutingCardJson | undefined {
  const agent = snapshot.agents.get(name);
  if (!agent) return undefined;
  const card = cardOf(agent);
  const boundaries = boundariesOf(snapshot, agent);
  const targets = new Map<string, { to: string; inCatalog: boolean; kinds: string[]; count: number }>();
  for (const b of boundaries) {
    const t = targets.get(b.to) ?? { to: b.to, inCatalog: b.inCatalog, kinds: [], count: 0 };
    if (!t.kinds.includes(b.kind)) t.kinds.push(b.kind);
    t.count++;
    targets.set(b.to, t);
  }
  return {
    name: agent.name,
    summary: agent.summary,
    source: agent.source,
    path: agent.path,
    examples: agent.examples.map((e) => ({ ...e })),
    boundaries,
    handoffTargets: [...targets.values()],
    fields: {
      name: [...card.fields.name],
      summary: [...card.fields.summary],
      examples: [...card.fields.examples],
      usage: [...card.fields.usage],
      expertise: [...card.fields.expertise],
      body: [...card.fields.body],
    },
    fieldWeights: { ...FIELD_WEIGHTS },
  };
}

/** For tests: the body with boilerplate removed (what the card reads). */
export function routingText(agent: AgentRecord): string {
  return stripBoilerplate(agent.body);
}
