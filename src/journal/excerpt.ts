/** Excerpts: the passage of an entry where the query terms cluster, trimmed to word boundaries. */
import type { JournalEntry } from './types.js';

export const EXCERPT_CHARS = 240;

/** Same splitting rule as the index tokenizer: whitespace and punctuation. */
const SPLIT = /[\n\r\p{Z}\p{P}\p{S}]+/u;

export function tokenize(text: string): string[] {
  return text.split(SPLIT).filter((t) => t !== '');
}

export interface ExcerptSource {
  /** Section name, or undefined for the preamble. */
  section?: string;
  text: string;
}

export function excerptSources(entry: JournalEntry, sectionKeys?: ReadonlySet<string>): ExcerptSource[] {
  const out: ExcerptSource[] = [];
  if (!sectionKeys && entry.preamble !== '') out.push({ text: entry.preamble });
  for (const s of entry.sections) if (!sectionKeys || sectionKeys.has(s.key)) out.push({ section: s.name, text: s.text });
  return out;
}

function clip(text: string, start: number, end: number): string {
  let s = Math.max(0, start);
  let e = Math.min(text.length, end);
  if (s > 0) {
    // Start at a sentence start if one is close, else at the next word.
    const sentence = text.slice(Math.max(0, s - 60), s + 1).search(/[.!?]\s+\S[^.!?]*$/);
    if (sentence >= 0) {
      const abs = Math.max(0, s - 60) + sentence;
      const next = text.slice(abs).search(/\s\S/);
      s = next >= 0 ? abs + next + 1 : s;
    } else {
      const next = text.slice(s).search(/\s\S/);
      if (next >= 0 && next < 30) s += next + 1;
    }
  }
  if (e < text.length) {
    const back = text.slice(s, e).search(/\s\S*$/);
    if (back > 0) e = s + back;
  }
  const body = text.slice(s, e).replace(/\s+/g, ' ').trim();
  return `${s > 0 ? '…' : ''}${body}${e < text.length ? '…' : ''}`;
}

export interface Excerpt {
  text: string;
  section?: string;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/**
 * Whole-word occurrences of lower-case terms in `text`, in text order (at most `max`). Searches a lower-cased
 * copy with indexOf (much faster than a case-insensitive Unicode regex); when lower-casing changes the length
 * (rare scripts), positions are taken from the original text, case-sensitively.
 */
export function findTerms(text: string, terms: readonly string[], max = 200): Array<{ at: number; term: string }> {
  const lower = text.toLowerCase();
  const hay = lower.length === text.length ? lower : text;
  const hits: Array<{ at: number; term: string }> = [];
  for (const term of new Set(terms)) {
    if (term === '') continue;
    let found = 0;
    for (let at = hay.indexOf(term); at !== -1 && found < max; at = hay.indexOf(term, at + 1)) {
      if (at > 0 && WORD_CHAR.test(hay.charAt(at - 1))) continue;
      const end = at + term.length;
      if (end < hay.length && WORD_CHAR.test(hay.charAt(end))) continue;
      hits.push({ at, term });
      found++;
    }
  }
  hits.sort((a, b) => a.at - b.at);
  return hits.length > max ? hits.slice(0, max) : hits;
}

const MAX_HITS = 200;

/**
 * The window of about `size` characters holding the most distinct matched terms (earliest wins a tie).
 * `terms` are lower-case document terms (as the index reports them); matched as whole words, any case.
 */
export function makeExcerpt(sources: readonly ExcerptSource[], terms: readonly string[], size = EXCERPT_CHARS): Excerpt {
  const distinctWanted = new Set(terms.filter((t) => t !== '')).size;
  if (distinctWanted > 0) {
    const span = Math.floor(size * 0.75);
    let best: { source: ExcerptSource; start: number; distinct: number } | undefined;
    for (const source of sources) {
      const hits = findTerms(source.text, terms, MAX_HITS);
      // Sliding window over the hits: distinct terms within `span` characters of the window's first hit.
      const inWindow = new Map<string, number>();
      let j = 0;
      for (let i = 0; i < hits.length; i++) {
        const first = hits[i] as { at: number; term: string };
        while (j < hits.length && (hits[j] as { at: number }).at < first.at + span) {
          const t = (hits[j] as { term: string }).term;
          inWindow.set(t, (inWindow.get(t) ?? 0) + 1);
          j++;
        }
        if (!best || inWindow.size > best.distinct) best = { source, start: first.at, distinct: inWindow.size };
        if (best.distinct >= distinctWanted) break;
        const left = inWindow.get(first.term) ?? 1;
        if (left <= 1) inWindow.delete(first.term);
        else inWindow.set(first.term, left - 1);
      }
      if (best && best.distinct >= distinctWanted) break;
    }
    if (best) {
      const start = best.start - Math.floor(size / 4);
      const text = clip(best.source.text, start, Math.max(0, start) + size);
      return best.source.section !== undefined ? { text, section: best.source.section } : { text };
    }
  }
  const first = sources.find((s) => s.text.trim() !== '');
  if (!first) return { text: '' };
  const text = clip(first.text, 0, size);
  return first.section !== undefined ? { text, section: first.section } : { text };
}
