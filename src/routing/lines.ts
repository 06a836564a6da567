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

/** Remove every piece of shared boilerplate, keeping line numbers stable (removed text becomes blank lines). */
export function stripBoilerplate(text: string): string {
  const blank = (m: string): string => m.replace(/[^\n]/g, '');
  return text
    .replace(PAIRED_BLOCK, blank)
    .replace(PROJECT_BLOCK, blank)
    .replace(COMMENT, blank)
    .replace(EXAMPLE_BLOCK, blank)
    .split('\n')
    .map((l) => (INCLUDE_LINE.test(l) ? '' : l.replace(INCLUDE_MENTION, ' ')))
    .join('\n');
}

/** Markdown decoration off: bold/italic markers, backticks, links, leading list markers, emoji checkmarks. */
export function plain(text: string): string {
  let t = text;
  if (t.includes('](')) t = t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  if (/[*_`]/.test(t)) t = t.replace(/\*\*|__|`/g, '').replace(/(^|\s)\*(\S)/g, '$1$2');
  t = t.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '');
  if (/^[^A-Za-z0-9"'([]/.test(t)) t = t.replace(/^(?:[\s✅❌✓✗✔✘⚠🚨📈🔍→>-]|\uFE0F)+/u, '');
  return t.replace(/\s{2,}|[\t\n\r]/g, ' ').trim();
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
/** A line that is only a bold label: `**Label:**`, `**Label**:`, `**Label**` (optionally a list item). */
const BOLD_LABEL = /^(?:[-*]\s+)?\*\*([^*]{2,120}?)\*\*\s*:?\s*$|^(?:[-*]\s+)?\*\*([^*]{2,120}?):\*\*\s*$/;
const BULLET = /^(?:[-*+•]|\d+[.)])\s+|^[✅❌✓✗✔✘]/u;

/** Scan a body (or any markdown) into labelled lines, boilerplate and code removed. */
export function scanLines(markdown: string): ScannedLine[] {
  const lines = stripBoilerplate(markdown).split('\n');
  const out: ScannedLine[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    const f = /^(```|~~~)/.exec(trimmed);
    if (f) {
      if (fence === undefined) fence = f[1];
      else if (trimmed.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence !== undefined || trimmed === '' || /^[-*_=]{3,}$/.test(trimmed)) return;
    const h = HEADING.exec(trimmed);
    const b = h ? null : BOLD_LABEL.exec(trimmed);
    if (h || b) {
      const level = h ? (h[1] ?? '#').length : 7;
      const text = plain(h ? (h[2] ?? '') : (b?.[1] ?? b?.[2] ?? '')).replace(/:$/, '');
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
      out.push({ raw: trimmed, text, kind: 'heading', level, headings: stack.map((s) => s.text), lineNo: i + 1 });
      stack.push({ level, text });
      return;
    }
    // A short prose line ending in a colon introduces a list ("Integration with other agents:").
    if (/^[A-Z][^|*#]{2,80}:$/.test(trimmed)) {
      const text = plain(trimmed).replace(/:$/, '');
      const level = 8;
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
      out.push({ raw: trimmed, text, kind: 'heading', level, headings: stack.map((s) => s.text), lineNo: i + 1 });
      stack.push({ level, text });
      return;
    }
    let kind: LineKind = 'prose';
    if (trimmed.startsWith('|')) {
      if (/^\|[\s:|-]+\|?$/.test(trimmed)) return; // table separator row
      kind = 'table';
    } else if (BULLET.test(trimmed)) kind = 'bullet';
    out.push({ raw: trimmed, text: plain(trimmed), kind, level: 0, headings: stack.map((s) => s.text), lineNo: i + 1 });
  });
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
