/**
 * Boundaries: every statement in an agent file that sends work elsewhere, parsed into
 * `{to, topics, kind, line}`. Shapes handled (all seen in real catalogs):
 *   - a section about other agents ("Boundaries with Other Agents", "Integration with other agents:")
 *     listing `**Database-Specialist**: Handles query optimization…` or `- Work with x-expert on y`;
 *   - a section whose heading names the target ("Hand Off to ai-engineer", "Escalate to security-engineer")
 *     followed by ❌/plain bullets, each one a topic;
 *   - delegation tables (`| jax-pro | Numerical heavy lifting on GPU |`) under a delegation heading;
 *   - "Must escalate to experts" lists (bullets without a named agent go to `experts`);
 *   - free text anywhere: "Coordinates with ai-engineer for ML integration and qa-engineer for validation",
 *     "delegate schema optimization to database-specialist", "hand off … to x", "escalate … to x",
 *     "x should handle …", "x handles …", "(coordinate with x)".
 * Incoming statements ("receives requirements from x", "From x:") and the agent itself are ignored.
 */
import { plain, scanLines, sentences, type ScannedLine } from './lines.js';
import { AGENT_NAME_MEMO_SIZE, SECTION_KIND_MEMO_SIZE } from './tuning.js';

export type BoundaryKind = 'handoff' | 'escalate' | 'coordinate' | 'delegate';

export interface RawBoundary {
  /** Target agent name, lowercase-hyphenated; `experts` for an escalation that names nobody. */
  to: string;
  /** What goes there, as short phrases from the line. */
  topics: string[];
  kind: BoundaryKind;
  /** The source line (trimmed, at most 400 characters). */
  line: string;
}

export interface Boundary extends RawBoundary {
  /** True when `to` names an agent in the current catalog. */
  inCatalog: boolean;
}

/** The target used for escalations that name no agent ("Must escalate to experts"). */
export const EXPERTS = 'experts';

/** Hyphenated words ending like a role are agent names; these common tech nouns are not. */
const NOT_ROLES = new Set(
  'user users server servers browser container containers border layer layers order header headers parameter parameters cluster clusters folder provider providers handler handlers filter filters wrapper number cursor error errors vector factor color driver drivers compiler parser parsers loader router controller controllers scheduler worker workers buffer docker computer member members other owner poster center counter register character letter matter water paper after under over never ever either whether rather further cover power tier ratio scenario'.split(
    ' ',
  ),
);
/** Last segments that are roles although short or unusual. */
const ROLE_WORDS = new Set('pro qa sre dev ops devops mlops secops admin lead bot guru ninja agent expert architect consultant assistant'.split(' '));
const ROLE_SUFFIXES = ['er', 'or', 'ist', 'ian', 'ert'];
const ROLE_END = new RegExp(`(?:${ROLE_SUFFIXES.join('|')})$`);
/** A two-part word starting like this is an adjective ("multi-agent", "cross-border"), not a name. */
const PREFIX_WORDS = new Set('multi inter cross non pre post sub self co anti semi over under re de un well high low full half'.split(' '));
/** Function words never appear inside agent names ("agent-to-agent", "the-invoking-orchestrator"). */
const FUNCTION_WORDS = new Set('to for of and or the a an by in on with from at as is'.split(' '));

function isRoleName(segments: string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  if (segments.some((s) => FUNCTION_WORDS.has(s))) return false;
  if (segments.length === 2 && PREFIX_WORDS.has(segments[0] ?? '')) return false;
  if (ROLE_WORDS.has(last)) return true;
  return last.length >= 5 && ROLE_END.test(last) && !NOT_ROLES.has(last);
}
const NAME_TOKEN = /(?<![\w/.-])[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+(?![\w/-])/g;

/** `compute`, memoised per text; the memo starts over past `limit` entries. */
function memoized<T>(limit: number, compute: (text: string) => T | undefined): (text: string) => T | undefined {
  const memo = new Map<string, T | null>();
  return (text) => {
    const hit = memo.get(text);
    if (hit !== undefined) return hit ?? undefined;
    const value = compute(text);
    if (memo.size > limit) memo.clear();
    memo.set(text, value ?? null);
    return value;
  };
}

/** The two lookups boundary reading repeats most: agent names and section headings. */
export interface BoundaryLookups {
  agentName(text: string): string | undefined;
  sectionKind(heading: string): BoundaryKind | undefined;
}

/**
 * Those lookups memoised: the same names and headings recur across the agents of a catalog. Owned by
 * whoever reads many agent files (a Routing keeps one); without one, each lookup is computed.
 */
export class BoundaryMemo implements BoundaryLookups {
  readonly agentName = memoized(AGENT_NAME_MEMO_SIZE, normalizeAgentName);
  readonly sectionKind = memoized(SECTION_KIND_MEMO_SIZE, sectionKind);
}

const UNMEMOISED: BoundaryLookups = { agentName: normalizeAgentName, sectionKind };

/** `Database-Specialist` / `ml_orchestrator` / `` `qa-engineer` `` → `database-specialist`; undefined when not agent-like. */
export function normalizeAgentName(text: string): string | undefined {
  const name = text
    .replace(/[`*"'“”]/g, '')
    .replace(/'s$/i, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[.,;:!?)]+$/, '');
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(name)) return undefined;
  if (!isRoleName(name.split('-'))) return undefined;
  if (name.length > 60) return undefined;
  return name;
}

interface NameHit {
  name: string;
  start: number;
  end: number;
}

function namesIn(text: string, memo: BoundaryLookups): NameHit[] {
  const out: NameHit[] = [];
  for (const m of text.matchAll(NAME_TOKEN)) {
    const end = (m.index ?? 0) + m[0].length;
    if (/^['’]s\b/.test(text.slice(end, end + 3))) continue; // possessive: "ai-engineer's trained models"
    const name = memo.agentName(m[0]);
    if (name) out.push({ name, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

const LEAD_VERBS =
  /^(?:(?:he|she|it|they|this agent|which|who)\s+)?(?:handles?|handling|owns?|analy[sz]es|provides?|defines?|designs?|manages?|covers?|performs?|does|takes?|implements?|reviews?|validates?|for|on|about|regarding|with|to|when|if|needs?|needing|requiring|requires?|involving|involves?|responsible for|should|must|will|can|all|any|the|a|an|and|or)\b[\s:,-]*/i;

/** Fragments that are not topics ("… when needed", "… if appropriate"). */
const FILLER = /^(?:yes|no|when|where|the|this|that|it|needed|necessary|required|appropriate|applicable|possible|relevant|as needed|if needed|where needed)$/i;

/** A free-text fragment → short topic phrases. */
export function splitTopics(fragment: string): string[] {
  let text = fragment
    .replace(/\([^)]*\)/g, (m) => (/\b(?:not|except)\b/i.test(m) ? ' ' : m.slice(1, -1)))
    .replace(/["“”]/g, ' ')
    .replace(/[→←⇒>]+/g, ',')
    .replace(/\s+/g, ' ')
    .trim();
  for (let i = 0; i < 4; i++) {
    const next = text.replace(LEAD_VERBS, '').trim();
    if (next === text) break;
    text = next;
  }
  const parts = text
    .split(/\s*(?:[,;|]|\band\b|\bor\b|\bas well as\b|\s-\s|:)\s*/i)
    .map((p) =>
      p
        .replace(LEAD_VERBS, '')
        .replace(/\s+(?:requiring|needing|while|that|which|who|when|where|if|needed|with|for|to|by|from)$/i, '')
        .replace(/^[\s.:-]+|[\s.:!?-]+$/g, '')
        .trim(),
    )
    .filter((p) => p.length > 1 && p.length <= 120 && /[a-z]/i.test(p) && !FILLER.test(p));
  return [...new Set(parts)].slice(0, 12);
}

/** Which kind a heading or cue word implies; undefined when it is not about other agents. */
function sectionKind(heading: string): BoundaryKind | undefined {
  const h = heading.toLowerCase();
  if (/escalat/.test(h)) return 'escalate';
  if (/delegat/.test(h)) return 'delegate';
  if (/hand[\s-]?offs?\b|handing off|boundar|out of scope|not in scope|when not to use|do not use|don'?t use|referr?als?\b|defer/.test(h)) return 'handoff';
  if (/coordinat|collaborat|integration with other|other agents|related agents|works? with|working with|partner/.test(h)) return 'coordinate';
  return undefined;
}

/** Cue phrases in free text; each names the kind and whether the target follows the cue. */
const CUES: Array<{ re: RegExp; kind: BoundaryKind }> = [
  { re: /\bescalat\w*/i, kind: 'escalate' },
  { re: /\bdelegat\w*/i, kind: 'delegate' },
  { re: /\bhand(?:s|ed|ing)?[\s-]?off\b|\bhandoffs?\b/i, kind: 'handoff' },
  { re: /\b(?:route|routes|routing|defer|defers|refer|refers|pass|passes|send|sends|transfer|transfers|forward|forwards)\b(?:\s+\w+){0,3}?\s+to\b/i, kind: 'handoff' },
  { re: /\b(?:coordinat\w*|collaborat\w*|consult\w*|partner\w*|liais\w*|work(?:s|ing)?\s+(?:closely\s+)?with|team\s+up\s+with|sync\s+with|pair\s+with|align\w*\s+with)\b/i, kind: 'coordinate' },
];

/** `x should handle/run/…` or `x handles …`: the named agent takes the work. */
const TAKES_OVER = /\s+(?:should|must|will|can|to)\s+(?:handle|run|own|take|do|implement|review|validate|perform|address|manage|design)\b|\s+(?:handles|owns|takes over|is responsible for|takes care of)\b/i;
/** Incoming work: ignore. */
const INCOMING = /\b(?:receives?|receiving|gets?|accepts?|takes?)\b[^.]*\bfrom\s*$|\bfrom\s*$/i;

interface Ctx {
  self: string;
  memo: BoundaryLookups;
  out: RawBoundary[];
  seen: Set<string>;
  lastHeadings?: readonly string[];
  lastMayEscalate?: boolean;
}

function add(ctx: Ctx, to: string, kind: BoundaryKind, topics: string[], line: string): void {
  if (to === ctx.self) return;
  const key = `${to}\u0000${line}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  ctx.out.push({ to, kind, topics, line: line.length > 400 ? `${line.slice(0, 397)}...` : line });
}

/**
 * Free-text rules on one sentence or line. Returns true when it found a boundary.
 * After a cue ("coordinate with", "delegate … to"), every agent name that follows is a target; its
 * topics are the words after it up to the next name, plus, in a short list item, the words before the cue
 * ("Security policies requiring coordination with security-engineer for …"), or those alone when nothing
 * follows the name ("If the request involves PyTorch, coordinate with ai-engineer").
 */
function freeText(ctx: Ctx, text: string, line: string, opts: { kind?: BoundaryKind; shortItem?: boolean } = {}): boolean {
  let found = false;
  const hits = namesIn(text, ctx.memo).filter((h) => h.name !== ctx.self);
  if (hits.length === 0) return false;

  for (const cue of CUES) {
    const m = cue.re.exec(text);
    if (!m) continue;
    const cueStart = m.index;
    const cueEnd = m.index + m[0].length;
    const after = hits.filter((h) => h.start >= cueEnd);
    if (after.length === 0) continue;
    const before = splitTopics(text.slice(0, cueStart).replace(/[(\-–—:]+\s*$/, ''));
    after.forEach((h, i) => {
      const next = after[i + 1];
      const between = text.slice(cueStart, h.start);
      if (INCOMING.test(text.slice(0, h.start))) return;
      let topics = splitTopics(text.slice(h.end, next ? next.start : text.length));
      // "delegate X to NAME": the topic sits between the cue and the name.
      if (i === 0 && /\bto\s*(?:the\s+)?$/i.test(between)) {
        const middle = splitTopics(text.slice(cueEnd, h.start).replace(/\bto\s*(?:the\s+)?$/i, ''));
        if (middle.length > 0) topics = [...middle, ...topics];
      }
      const head = text.slice(0, cueStart).trim();
      const beforeWords = head.split(/\s+/).filter(Boolean).length;
      const parenthetical = head.endsWith('(');
      if (topics.length === 0 || (opts.shortItem && !parenthetical && beforeWords > 0 && beforeWords <= 8)) topics = [...before, ...topics];
      add(ctx, h.name, opts.kind ?? cue.kind, [...new Set(topics)], line);
      found = true;
    });
    if (found) return true;
  }

  // "qa-engineer should run unit tests", "ai-engineer handles model training".
  for (const h of hits) {
    const rest = text.slice(h.end);
    const t = TAKES_OVER.exec(rest);
    if (!t || t.index > 2) continue;
    add(ctx, h.name, opts.kind ?? 'handoff', splitTopics(rest.slice(t.index + t[0].length)), line);
    found = true;
  }
  return found;
}

/** Free text over each sentence of a line. */
function freeTextLine(ctx: Ctx, text: string, line: string, opts: { kind?: BoundaryKind; shortItem?: boolean } = {}): boolean {
  if (!HYPHENATED.test(text)) return false;
  let found = false;
  for (const s of sentences(text)) if (freeText(ctx, s, line, opts)) found = true;
  return found;
}

/** `**Name**: rest` / `Name: rest` / `**To name**: rest` at the start of a list item. */
const LABEL = /^(?:[-*+•]\s+|\d+[.)]\s+)?(?:[✅❌✓✗✔✘]\s*)?\*\*([^*]{2,80}?)\*\*\s*:?\s*(.*)$|^(?:[-*+•]\s+|\d+[.)]\s+)?`?([A-Za-z][\w-]{2,60})`?\s*:\s+(.*)$/u;

function labelled(raw: string): { label: string; rest: string } | undefined {
  const m = LABEL.exec(raw);
  if (!m) return undefined;
  const label = (m[1] ?? m[3] ?? '').replace(/:$/, '').trim();
  const rest = (m[2] ?? m[4] ?? '').trim();
  return { label, rest };
}

function tableCells(raw: string): string[] {
  return raw
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => plain(c));
}

/** The target named in a heading like "Hand Off to ai-engineer" or "Escalate to security-engineer". */
function headingTarget(ctx: Ctx, heading: string): string | undefined {
  const m = /\b(?:to|with)\s+`?\**([A-Za-z][\w-]+)/i.exec(heading);
  if (!m) return undefined;
  return ctx.memo.agentName(m[1] ?? '');
}

function nearestSection(ctx: Ctx, line: ScannedLine, headings: string[]): { heading: string; kind: BoundaryKind } | undefined {
  for (let i = headings.length - 1; i >= 0; i--) {
    const h = headings[i] ?? '';
    const kind = ctx.memo.sectionKind(h);
    if (kind) return { heading: h, kind };
  }
  void line;
  return undefined;
}

/** Verbs that open a list item about working with another agent ("Share APIs with frontend-developer"). */
const ITEM_VERB =
  /^(?:share|shares|provide|provides|support|supports|guide|guides|help|helps|assist|assists|work|works|collaborate|coordinate|partner|consult|engage|involve|loop|notify|inform|report|hand|pass|send|sync|align|review|pair|defer|escalate|delegate|request|ask|brief|handoff|feed|route)\b/i;

/** Any hyphenated word at all (agent names are hyphenated); lines without one can only be "experts" escalations. */
const HYPHENATED = /[A-Za-z0-9][-_][A-Za-z]/;

/** Whether a heading path may hold boundary items without agent names. */
function mayEscalate(headings: readonly string[]): boolean {
  return headings.length > 0 && /escalat|hand|deleg|experts?\b/i.test(headings.join(' '));
}

/**
 * A necessary condition for a line to name an agent: a hyphenated or underscored word whose last part is a
 * role (what normalizeAgentName accepts). One regular expression, so the many lines with "pre-commit" or
 * "real-time" skip the full parse.
 */
const ROLE_HINT = new RegExp(`[-_][a-z0-9]*(?:${[...ROLE_SUFFIXES, ...ROLE_WORDS].join('|')})(?![a-z0-9])`, 'i');

function scanLine(ctx: Ctx, line: ScannedLine, headings: string[]): void {
  if (line.kind === 'heading') return;
  const hyphenated = HYPHENATED.test(line.raw);
  if (!hyphenated) {
    // Lines under the same headings share one array (lines.ts): test each array once.
    if (headings !== ctx.lastHeadings) {
      ctx.lastHeadings = headings;
      ctx.lastMayEscalate = mayEscalate(headings);
    }
    if (!ctx.lastMayEscalate) return;
  }
  const section = nearestSection(ctx, line, headings);
  const raw = line.raw;
  // Only items of a section whose heading names the target, or of an escalation section, can be boundaries
  // without naming an agent in the line itself.
  if ((!section || (section.kind !== 'escalate' && !headingTarget(ctx, section.heading))) && !ROLE_HINT.test(raw)) return;
  const shortItem = line.kind === 'bullet';

  if (!section) {
    const lab = labelled(raw);
    if (lab && /^from\b/i.test(lab.label)) return;
    if (lab && freeTextLine(ctx, plain(lab.rest), raw, { shortItem })) return;
    freeTextLine(ctx, line.text, raw, { shortItem });
    return;
  }
  const override = section.kind === 'escalate' || section.kind === 'delegate' ? section.kind : undefined;
  const opts = override ? { kind: override, shortItem } : { shortItem };
  const target = headingTarget(ctx, section.heading);

  if (line.kind === 'table') {
    const cells = tableCells(raw);
    const idx = cells.findIndex((c) => ctx.memo.agentName(c) !== undefined && c.trim().split(/\s+/).length === 1);
    if (idx >= 0) {
      const to = ctx.memo.agentName(cells[idx] ?? '') as string;
      const topics = cells.filter((c, i) => i !== idx && !/^(?:✅|❌)?\s*(?:yes|no|-|n\/a)?$/i.test(c.trim())).flatMap(splitTopics);
      add(ctx, to, section.kind, topics, raw);
    }
    return;
  }

  const lab = labelled(raw);
  if (lab) {
    if (/^from\b/i.test(lab.label)) return; // incoming ("From ai-engineer: …")
    // A label names an agent only when written as one word ("Database-Specialist", "To ai-engineer"); "zen planner" is not.
    const bare = lab.label.replace(/^to\s+/i, '');
    const named = /\s/.test(bare) ? undefined : ctx.memo.agentName(bare);
    const labelTarget = named ?? headingTarget(ctx, lab.label);
    if (labelTarget) {
      const rest = lab.rest.replace(new RegExp(`\\([^()]*\\b${ctx.self}\\b[^()]*\\)`, 'gi'), ' ');
      add(ctx, labelTarget, ctx.memo.sectionKind(lab.label) ?? section.kind, splitTopics(rest), raw);
      return;
    }
    if (freeTextLine(ctx, plain(lab.rest), raw, opts)) return;
  }
  if (freeTextLine(ctx, line.text, raw, opts)) return;

  // Items under a heading that names the target ("Hand Off to ai-engineer"): each item (except ✅ ones) is a topic.
  if (target) {
    if (!/^(?:[-*+]\s*)?[✅✓✔]/u.test(raw)) add(ctx, target, section.kind, splitTopics(line.text), raw);
    return;
  }
  if (line.kind !== 'bullet') return;
  // An item in a section about other agents that names one after a verb or "with/to".
  const hits = namesIn(line.text, ctx.memo).filter((h) => h.name !== ctx.self);
  const first = hits[0];
  if (first && section.kind !== 'escalate') {
    const prefix = line.text.slice(0, first.start);
    if (!INCOMING.test(prefix) && (ITEM_VERB.test(line.text) || /\b(?:with|to)\s+(?:the\s+)?$/i.test(prefix) || prefix.trim() === '')) {
      const topics = splitTopics(line.text.slice(first.end));
      add(ctx, first.name, section.kind, topics.length > 0 ? topics : splitTopics(prefix), raw);
      return;
    }
  }
  // "Must escalate to experts": items that name nobody still say "not mine".
  if (section.kind === 'escalate' && hits.length === 0 && /\bexperts?\b/i.test(section.heading)) {
    add(ctx, EXPERTS, 'escalate', splitTopics(line.text), raw);
  }
}

/**
 * Every boundary in an agent: its description (free text) and its body (sections, tables, free text).
 * `memo` speeds up reading many agents (the same answer without it).
 */
export function extractBoundaries(agent: { name: string; summary: string; body: string }, lines?: ScannedLine[], memo: BoundaryLookups = UNMEMOISED): RawBoundary[] {
  const ctx: Ctx = { self: agent.name.toLowerCase(), memo, out: [], seen: new Set() };
  for (const s of sentences(agent.summary)) freeText(ctx, plain(s), s);
  for (const line of lines ?? scanLines(agent.body)) scanLine(ctx, line, line.headings);
  return ctx.out;
}

/** Attach inCatalog to raw boundaries. */
export function withCatalog(raw: readonly RawBoundary[], has: (name: string) => boolean): Boundary[] {
  return raw.map((b) => ({ ...b, inCatalog: b.to !== EXPERTS && has(b.to) }));
}
