/** `<example>` blocks: extraction from descriptions and bodies, and the summary without them. */
import type { Example } from './types.js';

const EXAMPLE_BLOCK = /<example>([\s\S]*?)<\/example>/gi;
const COMMENTARY = /<commentary>([\s\S]*?)<\/commentary>/i;
const LABEL = /(^|[\s>])(context|user|assistant)\s*:/gi;

function clean(text: string): string {
  return text
    .replace(/\\n/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
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
  const c = COMMENTARY.exec(text);
  if (c) {
    commentary = clean(c[1] ?? '');
    text = text.slice(0, c.index) + ' ' + text.slice(c.index + c[0].length);
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
    for (const m of text.matchAll(EXAMPLE_BLOCK)) {
      const ex = parseExample(m[1] ?? '');
      if (ex && !seen.has(ex.user)) {
        seen.add(ex.user);
        out.push(ex);
      }
    }
  }
  return out;
}

/** The description without example blocks and "Examples:" lead-ins, whitespace folded. */
export function summarize(description: string): string {
  const cut = description.search(/<example>/i);
  let head = cut >= 0 ? description.slice(0, cut) : description;
  head = head.replace(/\\n/g, '\n');
  head = head.replace(/(?:\n|\s)*(?:-\s*)?(?:examples?)\s*[:-]?\s*(?:-\s*)?$/i, '');
  return head.replace(/\s+/g, ' ').trim();
}
