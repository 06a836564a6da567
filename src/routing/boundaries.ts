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
import { hasLineTerminator, isSpace, isWordChar, replaceSpans, skipBackward, skipForward, startsWithAsciiCI, trimEndWhere, trimStartWhere } from '../shared/text-scan.js';

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

/** Texts longer than this are computed each time, not kept: a memo of long table cells would hold megabytes. */
const MAX_MEMO_KEY = 256;

/** `compute`, memoised per text (short texts only); the memo starts over past `limit` entries. */
function memoized<T>(limit: number, compute: (text: string) => T | undefined): (text: string) => T | undefined {
  const memo = new Map<string, T | null>();
  return (text) => {
    if (text.length > MAX_MEMO_KEY) return compute(text);
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

/** Characters that end a name token but are not part of it (`.replace(/[.,;:!?)]+$/, '')`, done from the end). */
const TRAILING_PUNCTUATION = new Set([46, 44, 59, 58, 33, 63, 41]);

/** `Database-Specialist` / `ml_orchestrator` / `` `qa-engineer` `` → `database-specialist`; undefined when not agent-like. */
export function normalizeAgentName(text: string): string | undefined {
  const name = trimEndWhere(
    text
      .replace(/[`*"'“”]/g, '')
      .replace(/'s$/i, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-'),
    (c) => TRAILING_PUNCTUATION.has(c),
  );
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

/**
 * `(…)` groups (from a `(` to the next `)`, inner `(` included) replaced by `replace(group)`: what
 * `.replace(/\([^)]*\)/g, replace)` does, in one pass (once a `(` has no `)` after it, no later one has).
 */
function replaceParenGroups(text: string, replace: (group: string) => string): string {
  if (!text.includes('(')) return text;
  const spans: Array<{ start: number; end: number }> = [];
  for (let open = text.indexOf('('); open >= 0; ) {
    const close = text.indexOf(')', open + 1);
    if (close < 0) break;
    spans.push({ start: open, end: close + 1 });
    open = text.indexOf('(', close + 1);
  }
  return replaceSpans(text, spans, replace);
}

/** Words that end a topic phrase without adding to it ("… requiring", "… with"). */
const TRAILING_LINK_WORDS = new Set(['requiring', 'needing', 'while', 'that', 'which', 'who', 'when', 'where', 'if', 'needed', 'with', 'for', 'to', 'by', 'from']);

/** `p` without a last blank-separated link word (what `.replace(/\s+(?:requiring|…|from)$/i, '')` did). */
function withoutTrailingLinkWord(p: string): string {
  const wordStart = skipBackward(p, p.length, (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
  if (wordStart === 0 || wordStart === p.length || !isSpace(p.charCodeAt(wordStart - 1))) return p;
  if (!TRAILING_LINK_WORDS.has(p.slice(wordStart).toLowerCase())) return p;
  return p.slice(0, skipBackward(p, wordStart, isSpace));
}

const LEADING_TOPIC_JUNK = (c: number): boolean => isSpace(c) || c === 46 || c === 58 || c === 45;
const TRAILING_TOPIC_JUNK = (c: number): boolean => LEADING_TOPIC_JUNK(c) || c === 33 || c === 63;

/** A free-text fragment → short topic phrases. */
export function splitTopics(fragment: string): string[] {
  let text = replaceParenGroups(fragment, (m) => (/\b(?:not|except)\b/i.test(m) ? ' ' : m.slice(1, -1)))
    .replace(/["“”]/g, ' ')
    .replace(/[→←⇒>]+/g, ',')
    .replace(/\s+/g, ' ')
    .trim();
  for (let i = 0; i < 4; i++) {
    const next = text.replace(LEAD_VERBS, '').trim();
    if (next === text) break;
    text = next;
  }
  const parts = splitOnTopicSeparators(text)
    .map((p) => trimEndWhere(trimStartWhere(withoutTrailingLinkWord(p.replace(LEAD_VERBS, '')), LEADING_TOPIC_JUNK), TRAILING_TOPIC_JUNK).trim())
    .filter((p) => p.length > 1 && p.length <= 120 && /[a-z]/i.test(p) && !FILLER.test(p));
  return [...new Set(parts)].slice(0, 12);
}

/**
 * Where a topic separator that starts at `at` ends (blanks after it not counted), or -1: `,` `;` `|` `:`,
 * the whole words "and", "or", "as well as" in any case, or a dash with a blank on both sides (the blank
 * before it is the last of the run that ends at `at`, so `blankBefore` must be true).
 */
function separatorEnd(text: string, at: number, blankBefore: boolean): number {
  const c = text.charCodeAt(at);
  if (c === 44 || c === 59 || c === 124 || c === 58) return at + 1;
  if (c === 45) return blankBefore && isSpace(text.charCodeAt(at + 1)) ? at + 2 : -1;
  if (!blankBefore && at > 0 && isWordChar(text.charCodeAt(at - 1))) return -1;
  for (const w of ['and', 'or', 'as well as']) {
    if (startsWithAsciiCI(text, w, at) && !isWordChar(text.charCodeAt(at + w.length))) return at + w.length;
  }
  return -1;
}

/**
 * Split on topic separators and the blanks around them, as
 * `.split(/\s*(?:[,;|]|\band\b|\bor\b|\bas well as\b|\s-\s|:)\s*` + `/i)` split, in one pass: a separator can
 * only follow the whole blank run it starts in, so each run is looked at once instead of from each of its
 * positions.
 */
function splitOnTopicSeparators(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let piece = 0;
  let q = 0;
  while (q < n) {
    const r = skipForward(text, q, isSpace);
    const y = r < n ? separatorEnd(text, r, r > q) : -1;
    if (y < 0) {
      q = r > q ? r + 1 : q + 1;
      continue;
    }
    const e = skipForward(text, y, isSpace);
    out.push(text.slice(piece, q));
    piece = e;
    q = e;
  }
  out.push(text.slice(piece));
  return out;
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

/**
 * `x should handle/run/…` or `x handles …`: the named agent takes the work. Sticky: it is tried only at the
 * first few positions after a name (an unanchored search rescanned every blank run from each position).
 */
const TAKES_OVER = /\s+(?:should|must|will|can|to)\s+(?:handle|run|own|take|do|implement|review|validate|perform|address|manage|design)\b|\s+(?:handles|owns|takes over|is responsible for|takes care of)\b/iy;
/**
 * Incoming work ("… receives requirements from", "From"): text that ends with the word "from". (The same
 * answer as `\b(?:receives?|…)\b[^.]*\bfrom\s*$|\bfrom\s*$`, whose second branch alone decides it and
 * whose first is quadratic.)
 */
const INCOMING = /\bfrom\s*$/i;

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

/** `text` without a trailing run of `(`, dashes or `:` and the blanks after it (`/[(\-–—:]+\s*$/`). */
function withoutTrailingOpeners(text: string): string {
  const end = skipBackward(text, text.length, isSpace);
  const start = skipBackward(text, end, (c) => c === 40 || c === 45 || c === 0x2013 || c === 0x2014 || c === 58);
  return start === end ? text : text.slice(0, start);
}

/** TAKES_OVER at one of the first three positions of `rest` (where the old search's match had to start). */
function takesOverAt(rest: string): { end: number } | undefined {
  for (let at = 0; at <= 2 && at < rest.length; at++) {
    TAKES_OVER.lastIndex = at;
    const m = TAKES_OVER.exec(rest);
    if (m) return { end: at + m[0].length };
  }
  return undefined;
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
    const before = splitTopics(withoutTrailingOpeners(text.slice(0, cueStart)));
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
    const t = takesOverAt(rest);
    if (!t) continue;
    add(ctx, h.name, opts.kind ?? 'handoff', splitTopics(rest.slice(t.end)), line);
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

/**
 * `**Name**: rest` / `Name: rest` / `**To name**: rest` at the start of a list item. The two label shapes;
 * what follows the label (blanks, an optional colon, blanks, then the rest of the line) is read by
 * `labelled`, so that blank runs are not split between competing quantifiers.
 */
const BOLD_LABEL = /^(?:[-*+•]\s+|\d+[.)]\s+)?(?:[✅❌✓✗✔✘]\s*)?\*\*([^*]{2,80}?)\*\*/u;
const PLAIN_LABEL = /^(?:[-*+•]\s+|\d+[.)]\s+)?`?([A-Za-z][\w-]{2,60})`?\s*:/u;

/**
 * The label and the rest of a labelled line: what
 * `^…\*\*([^*]{2,80}?)\*\*\s*:?\s*(.*)$|^…`?([A-Za-z][\w-]{2,60})`?\s*:\s+(.*)$` (u) matched. The rest must
 * not hold a line terminator after its first character (`.` does not match one).
 */
export function labelled(raw: string): { label: string; rest: string } | undefined {
  const bold = BOLD_LABEL.exec(raw);
  if (bold) {
    let i = skipForward(raw, bold[0].length, isSpace);
    if (raw.charCodeAt(i) === 58) i = skipForward(raw, i + 1, isSpace);
    if (!hasLineTerminator(raw, i)) return { label: (bold[1] ?? '').replace(/:$/, '').trim(), rest: raw.slice(i).trim() };
  }
  const plainLabel = PLAIN_LABEL.exec(raw);
  if (plainLabel) {
    const afterColon = plainLabel[0].length;
    const i = skipForward(raw, afterColon, isSpace);
    if (i > afterColon && !hasLineTerminator(raw, i)) return { label: (plainLabel[1] ?? '').replace(/:$/, '').trim(), rest: raw.slice(i).trim() };
  }
  return undefined;
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
      const rest = withoutGroupsNaming(lab.rest, ctx.self);
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
 * `text` with each innermost `(…)` group that names `self` as a whole word (any case) replaced by a space:
 * "(coordinate with me)" asides. Matched by hand, not with a regular expression built from the name (an
 * agent's name is data: "x(" broke the expression, "(a+)+b" made it exponential).
 */
function withoutGroupsNaming(text: string, self: string): string {
  if (self === '' || !text.includes('(')) return text;
  const spans: Array<{ start: number; end: number }> = [];
  let close = text.indexOf(')');
  for (let open = text.indexOf('('); open >= 0; ) {
    if (close >= 0 && close < open) close = text.indexOf(')', open + 1);
    if (close < 0) break;
    const nextOpen = text.indexOf('(', open + 1);
    if (nextOpen < 0 || nextOpen > close) {
      if (namesWord(text.slice(open + 1, close), self)) spans.push({ start: open, end: close + 1 });
    }
    open = nextOpen;
  }
  return replaceSpans(text, spans, () => ' ');
}

/** Whether `self` occurs in `text` (any case) with a word boundary (`\b`) at both of its ends. */
function namesWord(text: string, self: string): boolean {
  const lower = text.toLowerCase();
  const first = self.charCodeAt(0);
  const last = self.charCodeAt(self.length - 1);
  for (let at = lower.indexOf(self); at >= 0; at = lower.indexOf(self, at + 1)) {
    const end = at + self.length;
    const startOk = isWordChar(first) !== (at > 0 && isWordChar(lower.charCodeAt(at - 1)));
    const endOk = isWordChar(last) !== (end < lower.length && isWordChar(lower.charCodeAt(end)));
    if (startOk && endOk) return true;
  }
  return false;
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
