/**
 * Line scanner for agent bodies: removes shared boilerplate (inlined shared-prompt blocks, include lines,
 * template placeholders, HTML comments), skips code fences, and labels each remaining line with its kind
 * and the headings it sits under. card.ts and boundaries.ts both read this.
 */

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

/** `<!-- BEGIN: x -->…<!-- END: x -->` and similar paired markers that wrap inlined shared prompts. */
const PAIRED_BLOCK = /<!--\s*BEGIN:\s*([^>]*?)\s*-->[\s\S]*?<!--\s*END:\s*\1\s*-->/g;
const PROJECT_BLOCK = /<!--\s*PROJECT[_-]SPECIFIC[_-](?:BEGIN|COMMANDS-START)[^>]*-->[\s\S]*?<!--\s*PROJECT[_-]SPECIFIC[_-](?:END|COMMANDS-END)[^>]*-->/g;
const COMMENT = /<!--[\s\S]*?-->/g;
/** A whole line that includes a shared prompt (`@~/.claude/shared-prompts/NAME.md`). */
const INCLUDE_LINE = /^\s*@~?\/?[^\s]*shared-prompts\/[^\s]+\s*$/;
/** A mid-line reference to a shared prompt ("Follow @~/.claude/shared-prompts/quality-gates.md for …"). */
const INCLUDE_MENTION = /@~?\/?[^\s]*shared-prompts\/[^\s]+/g;
const EXAMPLE_BLOCK = /<example>[\s\S]*?<\/example>/gi;

/** Shared boilerplate blocks removed, line numbers kept: marked blocks, comments and examples become blank lines. */
function stripBlocks(text: string): string {
  if (!text.includes('<')) return text;
  // Keep only the newlines of a removed block (line numbers stay put).
  const blank = (m: string): string => {
    let lines = 0;
    for (let i = m.indexOf('\n'); i >= 0; i = m.indexOf('\n', i + 1)) lines++;
    return '\n'.repeat(lines);
  };
  let t = text;
  if (t.includes('<!--')) t = t.replace(PAIRED_BLOCK, blank).replace(PROJECT_BLOCK, blank).replace(COMMENT, blank);
  if (/<example>/i.test(t)) t = t.replace(EXAMPLE_BLOCK, blank);
  return t;
}

function stripInclude(line: string): string {
  if (!line.includes('shared-prompts/')) return line;
  return INCLUDE_LINE.test(line) ? '' : line.replace(INCLUDE_MENTION, ' ');
}

/** Whether a char code is matched by `\s` in a regular expression. */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) || c === 32 || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
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

/** Markdown decoration off: bold/italic markers, backticks, links, leading list markers, emoji checkmarks. */
export function plain(text: string): string {
  if (alreadyPlain(text)) return text;
  let t = text;
  if (t.includes('](')) t = t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  if (/[*_`]/.test(t)) t = t.replace(/\*\*|__|`/g, '').replace(/(^|\s)\*(\S)/g, '$1$2');
  const c = t.charCodeAt(0);
  // A list marker can only start with a space, -, *, +, • or a digit.
  if (isSpace(c) || c === 45 || c === 42 || c === 43 || c === 0x2022 || (c >= 48 && c <= 57)) t = t.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '');
  if (/^[^A-Za-z0-9"'([]/.test(t)) t = t.replace(/^(?:[\s✅❌✓✗✔✘⚠🚨📈🔍→>-]|\uFE0F)+/u, '');
  return t.replace(/\s{2,}|[\t\n\r]/g, ' ').trim();
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
/** A line that is only a bold label: `**Label:**`, `**Label**:`, `**Label**` (optionally a list item). */
const BOLD_LABEL = /^(?:[-*]\s+)?\*\*([^*]{2,120}?)\*\*\s*:?\s*$|^(?:[-*]\s+)?\*\*([^*]{2,120}?):\*\*\s*$/;
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
    const h = c === 35 ? HEADING.exec(trimmed) : null;
    const b = h || !trimmed.includes('**') ? null : BOLD_LABEL.exec(trimmed);
    if (h || b) {
      const level = h ? (h[1] ?? '#').length : 7;
      const text = plain(h ? (h[2] ?? '') : (b?.[1] ?? b?.[2] ?? '')).replace(/:$/, '');
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
