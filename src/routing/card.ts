/**
 * Routing card: what an agent file says about which tasks it fits, split into weighted fields, and the
 * boundaries (hand-offs) it declares. Shared boilerplate (inlined shared-prompt blocks, include lines,
 * template placeholders) and code are removed, and lines that send work elsewhere do not count as
 * evidence for the agent itself. A card depends only on the record; building one is a pure function (the
 * engine keeps the most recently used ones, engine.ts).
 */
import type { AgentRecord, CatalogSnapshot, Example } from '../catalog/types.js';
import { extractBoundaries, withCatalog, type Boundary, type BoundaryLookups, type RawBoundary } from './boundaries.js';
import { plain, scanLines, sentences } from './lines.js';
import { CARD_LIMITS, FIELD_WEIGHTS, type CardLimits } from './tuning.js';
import { isWordChar, replaceSpans, startsWithAsciiCI } from '../shared/text-scan.js';

/** The routing fields, weakest evidence last. */
export const CARD_FIELDS = ['name', 'summary', 'examples', 'usage', 'expertise', 'body'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

export interface AgentCard {
  name: string;
  summary: string;
  examples: readonly Example[];
  /** Text segments (sentences, bullets, headings) per field; `examples` holds one segment per example. */
  fields: Record<CardField, string[]>;
  boundaries: RawBoundary[];
}

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
export function headFields(agent: AgentRecord, memo?: BoundaryLookups): Pick<Record<CardField, string[]>, 'name' | 'summary' | 'examples'> {
  const boundaryLines = new Set(extractBoundaries({ name: agent.name, summary: agent.summary, body: '' }, [], memo).map((b) => b.line));
  return { name: nameField(agent), summary: summaryField(agent, boundaryLines), examples: agent.examples.map((e) => compact(exampleText(e))) };
}

/**
 * The card of one record with its markdown `body`, built afresh (`limits`: how much of the file each field
 * reads; `memo` speeds up reading many files).
 */
export function buildCardWith(agent: AgentRecord, body: string, limits: Readonly<CardLimits> = CARD_LIMITS, memo?: BoundaryLookups): AgentCard {
  const lines = scanLines(body);
  const boundaries = extractBoundaries({ name: agent.name, summary: agent.summary, body }, lines, memo);
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
  return { name: agent.name, summary: agent.summary, examples: agent.examples, fields, boundaries };
}

/** Symbols outside Latin-1 (emoji, arrows) carry no words. */
function compact(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]|\s{2}/.test(text) ? text.replace(/[^\u0000-\u00ff]+/g, ' ').replace(/\s{2,}/g, ' ').trim() : text.trim();
}

/** Boundaries of a card with `inCatalog` resolved against a snapshot. */
export function boundariesIn(snapshot: CatalogSnapshot, card: AgentCard): Boundary[] {
  return withCatalog(card.boundaries, (n) => snapshot.agents.has(n));
}

/** Boundary statements of an agent with its markdown `body`, found without building its fields (for counting them). */
export function boundariesOfBody(agent: AgentRecord, body: string, memo?: BoundaryLookups): RawBoundary[] {
  return extractBoundaries({ name: agent.name, summary: agent.summary, body }, undefined, memo);
}

/** Number of `<example>` blocks (for list_agents / get_agent_prompt). */
export function exampleCount(agent: AgentRecord): number {
  return agent.examples.length;
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

/** The full routing card of one agent of a snapshot as plain JSON (resource `agent://{name}/card`). */
export function routingCardJson(snapshot: CatalogSnapshot, agent: AgentRecord, card: AgentCard): RoutingCardJson {
  const boundaries = boundariesIn(snapshot, card);
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
