/** `<example>` blocks: extraction from descriptions and bodies, and the summary without them. */
import type { Example } from './types.js';
import { blocks, isSpace, skipBackward, startsWithAsciiCI } from '../shared/text-scan.js';

const LABEL = /(^|[\s>])(context|user|assistant)\s*:/gi;

/**
 * Literal `\n` escapes made newlines, runs of spaces and tabs made one space, blanks around line breaks and
 * blank lines dropped, trimmed. (Each line trimmed and empty lines left out: the result the expression
 * `\s*\n\s*` replaced by a newline gave, without its quadratic scan of long blank runs.)
 */
function clean(text: string): string {
  return text
    .replace(/\\n/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

function stripQuotes(text: string): string {
  const t = text.trim();
  const pairs: Array<[string, string]> = [
    ['"', '"'],
    ['\u201c', '\u201d'],
    ["'", "'"],
  ];
  for (const [a, b] of pairs) if (t.length >= 2 && t.startsWith(a) && t.endsWith(b)) return t.slice(1, -1).trim();
  return t;
}

export function parseExample(inner: string): Example | undefined {
  let text = inner.replace(/\\n/g, '\n');
  let commentary: string | undefined;
  const c = blocks(text, '<commentary>', '</commentary>', true)[0];
  if (c) {
    commentary = clean(text.slice(c.innerStart, c.innerEnd));
    text = text.slice(0, c.start) + ' ' + text.slice(c.end);
  }
  const parts: Partial<Record<'context' | 'user' | 'assistant', string>> = {};
  const marks: Array<{ label: 'context' | 'user' | 'assistant'; start: number; end: number }> = [];
  for (const m of text.matchAll(LABEL)) {
    const label = (m[2] ?? '').toLowerCase() as 'context' | 'user' | 'assistant';
    const start = (m.index ?? 0) + (m[1] ?? '').length;
    marks.push({ label, start, end: start + m[0].length - (m[1] ?? '').length });
  }
  // Keep only the first occurrence of each label, in order (later "user:" inside quotes is text).
  const firsts = marks.filter((m, i) => marks.findIndex((o) => o.label === m.label) === i);
  firsts.forEach((m, i) => {
    const next = firsts[i + 1];
    parts[m.label] = clean(text.slice(m.end, next ? next.start : text.length));
  });
  const user = parts.user ? stripQuotes(parts.user) : '';
  if (!user) return undefined;
  const example: Example = { user };
  if (parts.context) example.context = parts.context;
  if (parts.assistant) example.assistant = stripQuotes(parts.assistant);
  if (commentary) example.commentary = commentary;
  return example;
}

export function extractExamples(...texts: string[]): Example[] {
  const out: Example[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    for (const b of blocks(text, '<example>', '</example>', true)) {
      const ex = parseExample(text.slice(b.innerStart, b.innerEnd));
      if (ex && !seen.has(ex.user)) {
        seen.add(ex.user);
        out.push(ex);
      }
    }
  }
  return out;
}

/**
 * Where a trailing "Examples:" lead-in starts (blanks, an optional dash, "example" or "examples" in any case,
 * blanks, an optional `:` or `-`, blanks, an optional dash and blanks, at the very end), or -1. Read from the
 * end, which is what `/(?:\n|\s)*(?:-\s*)?(?:examples?)\s*[:-]?\s*(?:-\s*)?$/i` matches (that expression
 * is exponential in the length of a blank run).
 */
function examplesLeadIn(head: string): number {
  const dash = (c: number): boolean => c === 45;
  let i = skipBackward(head, head.length, isSpace);
  if (dash(head.charCodeAt(i - 1))) i = skipBackward(head, i - 1, isSpace);
  const c = head.charCodeAt(i - 1);
  if (c === 58 || dash(c)) i = skipBackward(head, i - 1, isSpace);
  if (startsWithAsciiCI(head, 'examples', i - 8)) i -= 8;
  else if (startsWithAsciiCI(head, 'example', i - 7)) i -= 7;
  else return -1;
  let start = skipBackward(head, i, isSpace);
  if (dash(head.charCodeAt(start - 1))) start = skipBackward(head, start - 1, isSpace);
  return start;
}

/** The description without example blocks and "Examples:" lead-ins, whitespace folded. */
export function summarize(description: string): string {
  const cut = description.search(/<example>/i);
  let head = cut >= 0 ? description.slice(0, cut) : description;
  head = head.replace(/\\n/g, '\n');
  const leadIn = examplesLeadIn(head);
  if (leadIn >= 0) head = head.slice(0, leadIn);
  return head.replace(/\s+/g, ' ').trim();
}
