/**
 * Line scanner for agent bodies: removes shared boilerplate (inlined shared-prompt blocks, include lines,
 * template placeholders, HTML comments), skips code fences, and labels each remaining line with its kind
 * and the headings it sits under. card.ts and boundaries.ts both read this.
 */
import { atxHeading, blocks, indexOfAsciiCI, isSpace, replaceSpans, skipForward } from '../shared/text-scan.js';

export type LineKind = 'heading' | 'bullet' | 'table' | 'prose';

export interface ScannedLine {
  /** The line as written (trimmed). */
  raw: string;
  /** The line without markdown decoration (list markers, bold, backticks, heading hashes). */
  text: string;
  kind: LineKind;
  /**
   * Heading level for 'heading' lines: 1–6 for markdown headings, 7 for a bold label line (`**Label:**`),
   * 8 for a short plain line ending in a colon that introduces a list.
   */
  level: number;
  /** Texts of the headings this line sits under, outermost first (for a heading: its parents). */
  headings: string[];
  /** 1-based line number in the body. */
  lineNo: number;
}

/** Names of paired markers longer than this are not looked for (real ones are file names). */
const MAX_MARKER_NAME = 512;

/** A removed block's replacement: only its newlines, so line numbers stay put. */
const blankLines = (m: string): string => {
  let lines = 0;
  for (let i = m.indexOf('\n'); i >= 0; i = m.indexOf('\n', i + 1)) lines++;
  return '\n'.repeat(lines);
};

/** Every `<!--` in `text`, in order. */
function commentStarts(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('<!--'); i >= 0; i = text.indexOf('<!--', i + 4)) out.push(i);
  return out;
}

/** A finder of the first `>` at or after an index, for indexes that mostly increase: one indexOf per `>`. */
function gtFinder(text: string): (from: number) => number {
  let lo = 0;
  let found = text.indexOf('>');
  return (from) => {
    if (from < lo || (found >= 0 && from > found)) found = text.indexOf('>', from);
    lo = from;
    return found;
  };
}

/**
 * The marker `<!--\s*KEYWORD[^>]*-->` at `at` (an index of `<!--`): blanks, `keyword` (a string, or a sticky
 * expression), then anything but `>` up to a `-->` (whose `>` is then the first one after the keyword).
 * Returns the text between keyword and `-->`, and the index after the marker.
 */
function markerAt(text: string, at: number, keyword: string | RegExp, nextGt: (from: number) => number): { rest: string; end: number } | undefined {
  const k = skipForward(text, at + 4, isSpace);
  let kEnd: number;
  if (typeof keyword === 'string') {
    if (!text.startsWith(keyword, k)) return undefined;
    kEnd = k + keyword.length;
  } else {
    keyword.lastIndex = k;
    const m = keyword.exec(text);
    if (!m) return undefined;
    kEnd = k + m[0].length;
  }
  const gt = nextGt(kEnd);
  if (gt < 0 || gt - 2 < kEnd || text.charCodeAt(gt - 1) !== 45 || text.charCodeAt(gt - 2) !== 45) return undefined;
  return { rest: text.slice(kEnd, gt - 2), end: gt + 1 };
}

/**
 * `<!-- BEGIN: x -->…<!-- END: x -->` blocks (inlined shared prompts): the matches of
 * `/<!--\s*BEGIN:\s*([^>]*?)\s*-->[\s\S]*?<!--\s*END:\s*\1\s*-->/g`. END markers are indexed by name first,
 * so an opening marker that is never closed costs one lookup, not a scan to the end of the text.
 */
function pairedBlocks(text: string): Array<{ start: number; end: number }> {
  const starts = commentStarts(text);
  if (starts.length < 2) return [];
  const ends = new Map<string, Array<{ at: number; end: number }>>();
  const endGt = gtFinder(text);
  for (const at of starts) {
    const m = markerAt(text, at, 'END:', endGt);
    if (!m) continue;
    const name = m.rest.trim();
    if (name.length > MAX_MARKER_NAME) continue;
    const list = ends.get(name);
    if (list) list.push({ at, end: m.end });
    else ends.set(name, [{ at, end: m.end }]);
  }
  if (ends.size === 0) return [];
  const out: Array<{ start: number; end: number }> = [];
  const next = new Map<string, number>();
  const beginGt = gtFinder(text);
  let from = 0;
  for (const at of starts) {
    if (at < from) continue;
    const m = markerAt(text, at, 'BEGIN:', beginGt);
    if (!m) continue;
    const name = m.rest.trim();
    const list = ends.get(name);
    if (!list) continue;
    let j = next.get(name) ?? 0;
    while (j < list.length && (list[j] as { at: number }).at < m.end) j++;
    next.set(name, j);
    const close = list[j];
    if (!close) continue;
    out.push({ start: at, end: close.end });
    from = close.end;
  }
  return out;
}

const PROJECT_OPEN = /PROJECT[_-]SPECIFIC[_-](?:BEGIN|COMMANDS-START)/y;
const PROJECT_CLOSE = /PROJECT[_-]SPECIFIC[_-](?:END|COMMANDS-END)/y;

/**
 * `<!-- PROJECT_SPECIFIC_BEGIN… -->…<!-- PROJECT_SPECIFIC_END… -->` blocks (template placeholders): the
 * matches of `/<!--\s*PROJECT[_-]SPECIFIC[_-](?:BEGIN|COMMANDS-START)[^>]*-->[\s\S]*?<!--\s*PROJECT[_-]SPECIFIC[_-](?:END|COMMANDS-END)[^>]*-->/g`.
 */
function projectBlocks(text: string): Array<{ start: number; end: number }> {
  const starts = commentStarts(text);
  if (starts.length < 2) return [];
  const closes: Array<{ at: number; end: number }> = [];
  const closeGt = gtFinder(text);
  for (const at of starts) {
    const m = markerAt(text, at, PROJECT_CLOSE, closeGt);
    if (m) closes.push({ at, end: m.end });
  }
  const out: Array<{ start: number; end: number }> = [];
  const openGt = gtFinder(text);
  let j = 0;
  let from = 0;
  for (const at of starts) {
    if (at < from) continue;
    const m = markerAt(text, at, PROJECT_OPEN, openGt);
    if (!m) continue;
    while (j < closes.length && (closes[j] as { at: number }).at < m.end) j++;
    const close = closes[j];
    // No closing marker after this opening one: none after any later one either.
    if (!close) break;
    out.push({ start: at, end: close.end });
    from = close.end;
  }
  return out;
}

/** Shared boilerplate blocks removed, line numbers kept: marked blocks, comments and examples become blank lines. */
export function stripBlocks(text: string): string {
  if (!text.includes('<')) return text;
  let t = text;
  if (t.includes('<!--')) {
    t = replaceSpans(t, pairedBlocks(t), blankLines);
    t = replaceSpans(t, projectBlocks(t), blankLines);
    t = replaceSpans(t, blocks(t, '<!--', '-->'), blankLines);
  }
  if (indexOfAsciiCI(t, '<example>') >= 0) t = replaceSpans(t, blocks(t, '<example>', '</example>', true), blankLines);
  return t;
}

const SHARED_PROMPTS = 'shared-prompts/';

/**
 * A line without its shared-prompt references: a line that is only one (`@~/.claude/shared-prompts/x.md`,
 * blanks around) becomes empty; a mention inside a line (`@…shared-prompts/x.md`, from the `@` to the end of
 * its word) becomes a space. What `^\s*@~?\/?\S*shared-prompts\/\S+\s*$` and
 * `/@~?\/?\S*shared-prompts\/\S+/g` did, in one pass over the words: in each word only its first `@` can
 * start a reference (a later one sees a subset of what follows).
 */
export function stripInclude(line: string): string {
  if (!line.includes(SHARED_PROMPTS)) return line;
  const n = line.length;
  let out = '';
  let at = 0;
  let words = 0;
  let wholeLine = false;
  let nextAt = line.indexOf('@');
  let nextRef = line.indexOf(SHARED_PROMPTS);
  for (let i = skipForward(line, 0, isSpace); i < n; i = skipForward(line, i, isSpace)) {
    const wordEnd = skipForward(line, i, (c) => !isSpace(c));
    words++;
    if (nextAt >= 0 && nextAt < i) nextAt = line.indexOf('@', i);
    if (nextAt >= 0 && nextAt < wordEnd) {
      if (nextRef >= 0 && nextRef <= nextAt) nextRef = line.indexOf(SHARED_PROMPTS, nextAt + 1);
      if (nextRef >= 0 && nextRef + SHARED_PROMPTS.length < wordEnd) {
        if (words === 1 && nextAt === i) wholeLine = true;
        out += line.slice(at, nextAt) + ' ';
        at = wordEnd;
      }
    }
    i = wordEnd;
  }
  if (wholeLine && words === 1) return '';
  return at === 0 ? line : out + line.slice(at);
}

/**
 * True when `plain` would return the text unchanged: it starts with a letter, quote or bracket, ends without
 * whitespace, and has no markup characters, control characters, link syntax or runs of whitespace. One pass
 * over the characters instead of five regular expressions (most lines of an agent file are plain prose).
 */
function alreadyPlain(t: string): boolean {
  const n = t.length;
  if (n === 0) return false;
  const c0 = t.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || c0 === 34 || c0 === 39 || c0 === 40 || c0 === 91)) return false;
  if (isSpace(t.charCodeAt(n - 1))) return false;
  let prevSpace = false;
  for (let i = 1; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 42 || c === 95 || c === 96 || c < 32) return false;
    if (c === 40 && t.charCodeAt(i - 1) === 93) return false;
    const space = c === 32 || (c > 126 && isSpace(c));
    if (space && prevSpace) return false;
    prevSpace = space;
  }
  return true;
}

/**
 * Markdown links `[text](url)` replaced by their text: what `.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')`
 * does, in one pass (after a `[` whose `]` is not followed by `(`, the next candidate is after that `]`;
 * once no `)` follows, nothing further can match).
 */
function markdownLinksToText(t: string): string {
  let out = '';
  let at = 0;
  let from = 0;
  for (;;) {
    const open = t.indexOf('[', from);
    if (open < 0) break;
    const close = t.indexOf(']', open + 1);
    if (close < 0) break;
    if (t.charCodeAt(close + 1) !== 40) {
      from = close + 1;
      continue;
    }
    const paren = t.indexOf(')', close + 2);
    if (paren < 0) break;
    out += t.slice(at, open) + t.slice(open + 1, close);
    at = paren + 1;
    from = at;
  }
  return at === 0 ? t : out + t.slice(at);
}

/** Markdown decoration off: bold/italic markers, backticks, links, leading list markers, emoji checkmarks. */
export function plain(text: string): string {
  if (alreadyPlain(text)) return text;
  let t = text;
  if (t.includes('](')) t = markdownLinksToText(t);
  if (/[*_`]/.test(t)) t = t.replace(/\*\*|__|`/g, '').replace(/(^|\s)\*(\S)/g, '$1$2');
  const c = t.charCodeAt(0);
  // A list marker can only start with a space, -, *, +, • or a digit.
  if (isSpace(c) || c === 45 || c === 42 || c === 43 || c === 0x2022 || (c >= 48 && c <= 57)) t = t.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '');
  if (/^[^A-Za-z0-9"'([]/.test(t)) t = t.replace(/^(?:[\s✅❌✓✗✔✘⚠🚨📈🔍→>-]|\uFE0F)+/u, '');
  return t.replace(/\s{2,}|[\t\n\r]/g, ' ').trim();
}

/**
 * A line that is only a bold label: `**Label:**`, `**Label**:`, `**Label**` (optionally a list item).
 * (`\s*(?::\s*)?$` is `\s*:?\s*$` without the two blank runs competing for the same characters.)
 */
const BOLD_LABEL = /^(?:[-*]\s+)?\*\*([^*]{2,120}?)\*\*\s*(?::\s*)?$|^(?:[-*]\s+)?\*\*([^*]{2,120}?):\*\*\s*$/;
const BULLET = /^(?:[-*+•]|\d+[.)])\s+|^[✅❌✓✗✔✘]/u;

/** Scan a body (or any markdown) into labelled lines, boilerplate and code removed. */
export function scanLines(markdown: string): ScannedLine[] {
  const lines = stripBlocks(markdown).split('\n');
  const out: ScannedLine[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  // Lines under the same headings share one (read-only) array of heading texts.
  let under: string[] = [];
  const enter = (level: number, text: string, trimmed: string, lineNo: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
    out.push({ raw: trimmed, text, kind: 'heading', level, headings: stack.map((x) => x.text), lineNo });
    stack.push({ level, text });
    under = stack.map((x) => x.text);
  };
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = stripInclude(lines[i] as string).trim();
    if (trimmed === '') continue;
    const c = trimmed.charCodeAt(0);
    if (c === 96 || c === 126) {
      // ``` or ~~~
      const f = /^(```|~~~)/.exec(trimmed);
      if (f) {
        if (fence === undefined) fence = f[1];
        else if (trimmed.startsWith(fence)) fence = undefined;
        continue;
      }
    }
    if (fence !== undefined) continue;
    if ((c === 45 || c === 42 || c === 95 || c === 61) && /^[-*_=]{3,}$/.test(trimmed)) continue;
    const h = c === 35 ? atxHeading(trimmed, 'any') : undefined;
    const b = h || !trimmed.includes('**') ? null : BOLD_LABEL.exec(trimmed);
    if (h || b) {
      const level = h ? h.level : 7;
      const text = plain(h ? h.text : (b?.[1] ?? b?.[2] ?? '')).replace(/:$/, '');
      enter(level, text, trimmed, i + 1);
      continue;
    }
    // A short prose line ending in a colon introduces a list ("Integration with other agents:").
    if (c >= 65 && c <= 90 && trimmed.charCodeAt(trimmed.length - 1) === 58 && /^[A-Z][^|*#]{2,80}:$/.test(trimmed)) {
      enter(8, plain(trimmed).replace(/:$/, ''), trimmed, i + 1);
      continue;
    }
    let kind: LineKind = 'prose';
    if (c === 124) {
      if (/^\|[\s:|-]+\|?$/.test(trimmed)) continue; // table separator row
      kind = 'table';
    } else if ((c === 45 || c === 42 || c === 43 || (c >= 48 && c <= 57) || c > 127) && BULLET.test(trimmed)) kind = 'bullet';
    out.push({ raw: trimmed, text: plain(trimmed), kind, level: 0, headings: under, lineNo: i + 1 });
  }
  return out;
}

/** Split a description or paragraph into sentences (keeps "e.g." and file names together). */
export function sentences(text: string): string[] {
  return text
    .replace(/\\n/g, '\n')
    .split(/(?<=[.!?])\s+(?=[A-Z"'(*])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
