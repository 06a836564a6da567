/**
 * Routing card: what an agent file says about which tasks it fits, split into weighted fields, and the
 * boundaries (hand-offs) it declares. Shared boilerplate (inlined shared-prompt blocks, include lines,
 * template placeholders) and code are removed, and lines that send work elsewhere do not count as
 * evidence for the agent itself. Cards depend only on the record; they are built on demand and only the
 * most recently used ones are cached (see cardOf).
 */
import type { AgentRecord, CatalogSnapshot, Example } from '../catalog/types.js';
import { extractBoundaries, withCatalog, type Boundary, type RawBoundary } from './boundaries.js';
import { plain, scanLines, sentences } from './lines.js';
import { isWordChar, replaceSpans, startsWithAsciiCI } from '../text-scan.js';

/** The routing fields, weakest evidence last. */
export const CARD_FIELDS = ['name', 'summary', 'examples', 'usage', 'expertise', 'body'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/**
 * How many times a term of each field counts in the search index (BM25F-style folding, see index.ts).
 * Whole numbers (the index stores integer counts). Measured with `npm run eval:routing`: the body is the
 * weakest evidence; "use this agent when…" lines the strongest after the name (usage 3 vs 2: dev
 * leave-one-out top-1 +2 points, the other sets unchanged; other weights within noise).
 */
export const FIELD_WEIGHTS: Record<CardField, number> = {
  name: 3,
  summary: 2,
  examples: 2,
  usage: 3,
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

/**
 * How much of an agent file a card reads into each field (characters). Agent files run to 60 KB; what the
 * agent is for is said in its description, examples, usage notes and the headings and bullets of its
 * expertise sections; the rest is process prose. Measured with `npm run eval:routing` (fresh index per
 * held-out example): capping the body at 4,000 characters cost 2 points of dev top-1 and 3 of the
 * paraphrase set; body and expertise at 4,000 cost 5 and 7; dropping the body cost 13 points of the
 * paraphrase set; leaving out process sections (skipProcess: tool access, MCP tools, modes, journal,
 * metrics) cost 3 and 3 (those sections repeat the agent's domain words). So the caps stay at 8,000: the
 * memory is in postings, which are compact (index.ts).
 */
export interface CardLimits {
  /** Prose and bullets outside usage / expertise sections. */
  body: number;
  /** Headings, and bullets under expertise / responsibility headings. */
  expertise: number;
  /** "Use this agent when…" lines and bullets under usage headings. */
  usage: number;
  /** Leave out sections about the agent's process rather than its domain (tool access, MCP tools, modes, metrics…). */
  skipProcess: boolean;
}

export const CARD_LIMITS: Readonly<CardLimits> = { body: 8_000, expertise: 8_000, usage: 8_000, skipProcess: false };

/**
 * Headings of sections that describe how an agent works (its tools, modes, journal, authority, metrics,
 * hand-over protocol), not what it knows: the same sections, with the same process words ("debug",
 * "review", "validate", "test"), recur in every agent of a catalog family.
 */
const PROCESS_HEADING =
  /\b(?:mcp|tool (?:access|selection|strategy|awareness|usage|integration)|analysis tools|modal operation|operational modes?|journal|success metrics|decision authority|communication protocol|workflow requirements|commit requirements|quality gates?)\b/i;

const USAGE_HEADING = /use this agent|usage|when to use|use cases?|when to (?:invoke|call|engage)|triggers?|invoke|proactive|should be used|use me\b|consult/i;
const EXPERTISE_HEADING =
  /responsibilit|expertise|knowledge|capabilit|focus|speciali[sz]|skills?|competenc|purpose|mission|domain|what (?:i|you) do|core|areas?\b|proficien|strengths|duties|scope|role|stack|technolog|mastery|experience|expert in/i;
const USAGE_LINE = /^(?:use (?:this agent|proactively|when|for|me)|must be consulted|mandatory consultation|invoke (?:this agent )?when|ideal for|best for)/i;

/** Words that open an aside about what the agent does NOT do, in the order they are tried. */
const NEGATIONS = ['not', 'except', 'excluding', 'no'];

/** Words that only describe what the agent does NOT do: "(NOT Query Optimization)". */
function dropNegations(text: string): string {
  if (!text.includes('(')) return text;
  // `(not …)` asides: a `(`, one of the words, then up to the next `)`. By hand: /\((?:not|…)\b[^)]*\)/gi
  // rescanned the rest of the text from every `(` that had no `)` after it.
  const spans: Array<{ start: number; end: number }> = [];
  let close = text.indexOf(')');
  for (let open = text.indexOf('('); open >= 0 && close >= 0; open = text.indexOf('(', open + 1)) {
    if (close < open) close = text.indexOf(')', open + 1);
    if (close < 0) break;
    const word = NEGATIONS.find((w) => startsWithAsciiCI(text, w, open + 1) && !isWordChar(text.charCodeAt(open + 1 + w.length)));
    if (word === undefined) continue;
    spans.push({ start: open, end: close + 1 });
    open = close;
  }
  return replaceSpans(text, spans, () => ' ').replace(/\s+/g, ' ').trim();
}

/** The example as routing text: situation, request and why it fits (the assistant reply names the agent). */
export function exampleText(ex: Example): string {
  return [ex.context, ex.user, ex.commentary].filter((s): s is string => typeof s === 'string' && s.length > 0).join(' \n ');
}

/** The name field: the name with separators as spaces. */
function nameField(agent: AgentRecord): string[] {
  return [agent.name.replace(/[-_]+/g, ' ')];
}

/** Description sentences that are not boundary statements, negations dropped. */
function summaryField(agent: AgentRecord, boundaryLines: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const s of sentences(agent.summary.replace(/\\n/g, ' '))) {
    if (boundaryLines.has(s)) continue;
    const clean = compact(dropNegations(plain(s)));
    if (clean) out.push(clean);
  }
  return out;
}

/**
 * The fields that need no body: name, description and examples. Reasons for a match come from these first,
 * so most matches never read (inflate) an agent body.
 */
export function headFields(agent: AgentRecord): Pick<Record<CardField, string[]>, 'name' | 'summary' | 'examples'> {
  const boundaryLines = new Set(extractBoundaries({ name: agent.name, summary: agent.summary, body: '' }, []).map((b) => b.line));
  return { name: nameField(agent), summary: summaryField(agent, boundaryLines), examples: agent.examples.map((e) => compact(exampleText(e))) };
}

function buildCard(agent: AgentRecord, limits: Readonly<CardLimits>): AgentCard {
  // `body` inflates the packed text on every access: read it once.
  const lines = scanLines(agent.body);
  const boundaries = extractBoundaries(agent, lines);
  const boundaryLines = new Set(boundaries.map((b) => b.line));

  const fields: Record<CardField, string[]> = {
    name: nameField(agent),
    summary: summaryField(agent, boundaryLines),
    // One segment per example, in order (the eval leaves one out by its position).
    examples: agent.examples.map((e) => compact(exampleText(e))),
    usage: [],
    expertise: [],
    body: [],
  };
  let bodyChars = 0;
  let expertiseChars = 0;
  let usageChars = 0;
  const push = (field: 'usage' | 'expertise' | 'body', text: string): void => {
    const clean = text.trim();
    if (clean.length > 0) fields[field].push(clean);
  };
  // Lines under the same headings share one headings array (lines.ts): classify each array once.
  let lastHeadings: readonly string[] | undefined;
  let inUsage = false;
  let inExpertise = false;
  let inProcess = false;
  for (const line of lines) {
    if (boundaryLines.has(line.raw)) continue;
    if (line.headings !== lastHeadings) {
      lastHeadings = line.headings;
      inUsage = USAGE_HEADING.test(line.headings[line.headings.length - 1] ?? '');
      inExpertise = EXPERTISE_HEADING.test(line.headings.join(' / '));
      inProcess = limits.skipProcess && PROCESS_HEADING.test(line.headings.join(' / '));
    }
    if (inProcess || (limits.skipProcess && line.kind === 'heading' && PROCESS_HEADING.test(line.text))) continue;
    const text = dropNegations(line.kind === 'table' ? line.text.replace(/\|/g, ' ; ') : line.text);
    if (text.length < 2) continue;
    if (line.kind === 'heading') {
      // Headings name the agent's topics ("Testing Infrastructure & Real Behavior Testing").
      if (USAGE_HEADING.test(text)) continue;
      if (expertiseChars < limits.expertise) push('expertise', text);
      expertiseChars += text.length;
      continue;
    }
    if (inUsage || USAGE_LINE.test(text)) {
      if (usageChars < limits.usage) push('usage', text);
      usageChars += text.length;
      continue;
    }
    if (line.headings.length === 0 && /^you are\b/i.test(text)) {
      push('expertise', text);
      continue;
    }
    if (line.kind !== 'prose' && inExpertise) {
      if (expertiseChars < limits.expertise) push('expertise', text);
      expertiseChars += text.length;
      continue;
    }
    if (bodyChars >= limits.body) continue;
    bodyChars += text.length;
    push('body', text);
  }
  boundaryCounts_.set(agent, boundaries.length);
  return { name: agent.name, summary: agent.summary, examples: agent.examples, fields, boundaries };
}

/** Symbols outside Latin-1 (emoji, arrows) carry no words. */
function compact(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]|\s{2}/.test(text) ? text.replace(/[^\u0000-\u00ff]+/g, ' ').replace(/\s{2,}/g, ' ').trim() : text.trim();
}

/**
 * Cards are not kept for every agent (a card holds ~10 KB of text; 10,000 agents would hold 100+ MB):
 * the index keeps only its postings, and cards are rebuilt on demand (reasons, route_task, the card
 * resource) with the most recently used ones cached. Boundary counts (list_agents) are kept per record.
 */
const CARD_CACHE_SIZE = 256;
const recentCards = new Map<AgentRecord, AgentCard>();
const boundaryCounts_ = new WeakMap<AgentRecord, number>();

/** A fresh card with the given limits, not cached (the index build and the eval use it). */
export function buildCardWith(agent: AgentRecord, limits: Readonly<CardLimits> = CARD_LIMITS): AgentCard {
  return buildCard(agent, limits);
}

/** The card of one record (built on demand; the most recently used cards are cached). */
export function cardOf(agent: AgentRecord): AgentCard {
  let card = recentCards.get(agent);
  if (card) {
    recentCards.delete(agent);
  } else {
    card = buildCard(agent, CARD_LIMITS);
    if (recentCards.size >= CARD_CACHE_SIZE) {
      const oldest = recentCards.keys().next().value;
      if (oldest) recentCards.delete(oldest);
    }
  }
  recentCards.set(agent, card);
  return card;
}

/** The cached card of a record, if it is among the recently used ones (never builds one). */
export function cachedCard(agent: AgentRecord): AgentCard | undefined {
  return recentCards.get(agent);
}

/** Boundaries of an agent with `inCatalog` resolved against a snapshot. */
export function boundariesOf(snapshot: CatalogSnapshot, agent: AgentRecord): Boundary[] {
  return withCatalog(cardOf(agent).boundaries, (n) => snapshot.agents.has(n));
}

/** Number of boundary statements in an agent file (for list_agents / get_agent_prompt). */
export function boundaryCount(agent: AgentRecord): number {
  let n = boundaryCounts_.get(agent);
  if (n === undefined) {
    // Boundaries only (no fields), and no card cached: a page of list_agents should not evict the cards
    // that reasons and route_task reuse.
    n = (recentCards.get(agent)?.boundaries ?? extractBoundaries(agent, scanLines(agent.body))).length;
    boundaryCounts_.set(agent, n);
  }
  return n;
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
