/**
 * Search over the journal's full-text index (the SQLite FTS5 store, see store.ts): query terms, ranking and
 * hits. Ranking: BM25 relevance first (the title counts 1.5×), recency as the tie-breaker. The last query
 * word is also matched as a prefix when the journal does not hold it as a word (it may be unfinished); when
 * the exact words find nothing, words of five letters or more are matched with a typo or two. Excerpts show
 * the matching passage, cut from the entry file (read back for the hits shown: the index stores no text).
 */
import { distance } from 'fastest-levenshtein';
import { InvalidQueryError } from '../shared/errors.js';
import { KNOWN_SECTION_KEYS, parseTitleTime, sectionKey, sectionNames } from './entry.js';
import { excerptSources, makeExcerpt, tokenize } from './excerpt.js';
import { OTHER_COLUMN, quoteTerm, TITLE_COLUMN, type JournalStore, type ScoredRow, type StoreDoc, type StoreRow } from './store.js';
import type { EntrySummary, FileStamp, JournalEntry, JournalHit, JournalType, JournalTypeFilter, SearchOptions } from './types.js';

/** Words too common to help ranking (and whose posting lists would make every query slow). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in ' +
    'into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same ' +
    'she should so some such than that the their theirs them themselves then there these they this those through to too under until up ' +
    'very was we were what when where which while who whom why will with would you your yours yourself yourselves also s t ' +
    'although though however yet still even just quite really maybe perhaps yes ok okay like get got getting make made ' +
    'much many lot lots thing things way something anything everything nothing one ones us let lets going'
  ).split(' '),
);

/** Query words beyond this many are ignored (a query is a few keywords). */
export const MAX_QUERY_TERMS = 32;
/**
 * Words longer than this are matched exactly, never with typos: typo matching looks up every one-edit
 * variant of a word (about 150 × its length of them, each as long as the word), so its cost grows with the
 * square of the word's length. Real words are far shorter (docs/decisions.md, "Journal: no typo matching of
 * long words").
 */
export const MAX_FUZZY_TERM_CHARS = 40;

/**
 * Query terms: tokenised like the index (whitespace and punctuation), lower-cased, stop words dropped,
 * deduplicated. A control character other than a tab or line break (NUL included) is refused with
 * InvalidQueryError: the full-text engine cannot take it, and no journal word holds one.
 */
export function queryTerms(query: string): string[] {
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(query);
  if (control) {
    const code = `U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InvalidQueryError(`The query holds a control character (${code}${code === 'U+0000' ? ', NUL' : ''}) at position ${control.index}: search with plain words.`);
  }
  const out: string[] = [];
  for (const t of tokenize(query.toLowerCase())) {
    if (t === '' || STOP_WORDS.has(t) || out.includes(t)) continue;
    out.push(t);
    if (out.length >= MAX_QUERY_TERMS) break;
  }
  return out;
}

/** What a listing shows of an entry. */
export interface EntryMeta {
  path: string;
  type: JournalType;
  time: number;
  title: string;
  /** Distinct section names, in file order. */
  sections: string[];
}

/** Reads an entry back from disk (for excerpts: the index holds no text). */
export type EntryReader = (path: string, type: JournalType) => JournalEntry | undefined;

export function entryMeta(e: JournalEntry): EntryMeta {
  return { path: e.path, type: e.type, time: e.time, title: e.title, sections: sectionNames(e) };
}

/** The index document of an entry: title (unless it is just the time), known sections, the rest as "other". */
export function storeDoc(e: JournalEntry, stamp: FileStamp): StoreDoc {
  const columns: Record<string, string> = {};
  // Reference titles are just the time ("8:16:46 PM - May 27, 2025"): noise for search. Real titles are indexed.
  if (e.title !== '' && parseTitleTime(e.title) === undefined) columns[TITLE_COLUMN] = e.title;
  const add = (column: string, text: string): void => {
    if (text === '') return;
    const prev = columns[column];
    columns[column] = prev === undefined ? text : `${prev}\n\n${text}`;
  };
  add(OTHER_COLUMN, e.preamble);
  for (const sec of e.sections) add(KNOWN_SECTION_KEYS.has(sec.key) ? sec.key : OTHER_COLUMN, `${KNOWN_SECTION_KEYS.has(sec.key) ? '' : `${sec.name}\n`}${sec.text}`);
  return {
    path: e.path,
    type: e.type,
    time: e.time,
    title: e.title,
    sections: sectionNames(e),
    keys: [...new Set(e.sections.map((s) => s.key))],
    stamp,
    columns,
  };
}

/** Round to 4 significant digits: scores this close count as a tie, which recency breaks. */
export const tieKey = (score: number): number => (score === 0 ? 0 : Number(score.toPrecision(4)));

export function matchesType(type: JournalType, filter: JournalTypeFilter | undefined): boolean {
  return filter === undefined || filter === 'both' || type === filter;
}

/** Requested section names (either spelling) → section keys. Undefined when no filter. */
export function sectionFilterKeys(sections: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!sections || sections.length === 0) return undefined;
  const keys = new Set(sections.map(sectionKey).filter((k) => k !== ''));
  return keys.size > 0 ? keys : undefined;
}

/** Edit distance allowed for a typo in `term` (MiniSearch's rule: 0.2 × length, at most 2; none under 5 letters). */
export function fuzzyDistance(term: string): number {
  return term.length < 5 ? 0 : Math.min(2, Math.round(term.length * 0.2));
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Every string one edit (deletion, transposition, substitution, insertion) away from `term`. */
export function oneEditAway(term: string): Set<string> {
  const chars = [...new Set(ALPHABET + term)];
  const out = new Set<string>();
  for (let i = 0; i <= term.length; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i);
    if (tail !== '') {
      out.add(head + tail.slice(1));
      if (tail.length > 1) out.add(head + (tail[1] as string) + (tail[0] as string) + tail.slice(2));
      for (const c of chars) out.add(head + c + tail.slice(1));
    }
    for (const c of chars) out.add(head + c + tail);
  }
  out.delete(term);
  return out;
}

/** The next string after every string starting with `prefix` (for a range scan). */
const prefixEnd = (prefix: string): string => prefix.slice(0, -1) + String.fromCodePoint((prefix.codePointAt(prefix.length - 1) ?? 0) + 1);

export class JournalIndex {
  constructor(
    private readonly store: JournalStore,
    private readonly reader: EntryReader,
  ) {}

  /** Full-text search (synchronous: a few milliseconds even at 100,000 entries). */
  search(query: string, options: SearchOptions = {}): JournalHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const limit = options.limit ?? 10;
    const keys = sectionFilterKeys(options.sections);
    const fields = keys ? [...new Set([...keys].map((k) => (KNOWN_SECTION_KEYS.has(k) ? k : OTHER_COLUMN)))] : undefined;
    const filter = { type: options.type === 'both' ? undefined : options.type, keys: keys ? [...keys] : undefined, fields };
    // The last word may be unfinished: match it as a prefix when it is not a word of the journal itself.
    const last = terms.at(-1) as string;
    const prefix = last.length >= 3 && !this.store.hasTerm(last);
    let rows = this.ranked(matchExpression(terms, prefix ? last : undefined), limit, filter);
    // Excerpts look for whole words: the words the prefix stands for (only when it found something).
    let matched = prefix && rows.length > 0 ? [...terms, ...this.store.termsBetween(last, prefixEnd(last), 50)] : terms;
    // Exact words (and the last one as a prefix) first; typo-tolerant matching only when that finds nothing.
    if (rows.length === 0) {
      const fuzzy = this.fuzzyTerms(terms);
      if (fuzzy.length > 0) {
        matched = fuzzy;
        rows = this.ranked(matchExpression(fuzzy, undefined), limit, filter);
      }
    }
    const out: JournalHit[] = [];
    for (const row of rows) {
      if (out.length >= limit) break;
      const hit = this.hit(row, matched, keys);
      if (hit) out.push(hit);
    }
    return out;
  }

  /**
   * The best rows, relevance first and, among scores equal to 4 digits, newest first. Fetches a few more than
   * asked, and more again while the rows past the limit still tie with the last one kept.
   */
  private ranked(match: string, limit: number, filter: Parameters<JournalStore['search']>[2]): ScoredRow[] {
    // A few spare rows: hits whose file vanished since it was indexed are dropped.
    let fetch = limit + 10;
    let rows: ScoredRow[];
    for (;;) {
      rows = this.store.search(match, fetch, filter);
      const edge = rows[limit - 1];
      const lastRow = rows.at(-1);
      if (rows.length < fetch || !edge || !lastRow || tieKey(lastRow.score) !== tieKey(edge.score)) break;
      fetch *= 4;
    }
    return rows
      .map((r) => ({ r, key: tieKey(r.score) }))
      .sort((a, b) => b.key - a.key || b.r.time - a.r.time)
      .map((x) => x.r);
  }

  /** Index terms within the allowed edit distance of the query terms (one edit: all of them; two: same first letters). */
  private fuzzyTerms(terms: readonly string[]): string[] {
    const out = new Set<string>();
    let checked = 0;
    for (const t of terms) {
      const d = fuzzyDistance(t);
      if (d === 0 || t.length > MAX_FUZZY_TERM_CHARS) continue;
      for (const v of oneEditAway(t)) if (this.store.hasTerm(v)) out.add(v);
      if (d >= 2) {
        const head = t.slice(0, 2);
        for (const cand of this.store.termsBetween(head, prefixEnd(head), 5000)) {
          if (Math.abs(cand.length - t.length) <= d && distance(cand, t) <= d) out.add(cand);
        }
      }
      if (out.size > 200 || ++checked >= 8) break;
    }
    return [...out];
  }

  private hit(row: ScoredRow, terms: readonly string[], keys: ReadonlySet<string> | undefined): JournalHit | undefined {
    const e = this.reader(row.path, row.type);
    return e ? hitOf(row, row.score, e, terms, keys) : undefined;
  }

  /** Entries newest first, filtered by type and (optionally) by a minimum time. */
  recent(options: { limit: number; type?: JournalTypeFilter; since?: number }): EntryMeta[] {
    const type = options.type === undefined || options.type === 'both' ? undefined : options.type;
    return this.store.recent(options.limit, type, options.since).map(metaOfRow);
  }
}

const metaOfRow = (r: StoreRow): EntryMeta => ({ path: r.path, type: r.type, time: r.time, title: r.title, sections: r.sections });

/** FTS5 query: any of the terms (the prefix one with `*`). */
export function matchExpression(terms: readonly string[], prefixTerm: string | undefined): string {
  return terms.map((t) => (t === prefixTerm ? `${quoteTerm(t)} *` : quoteTerm(t))).join(' OR ');
}

/** A search hit: the entry as listed, its score, and the passage where `terms` cluster (inside `keys` sections when given). */
export function hitOf(meta: EntryMeta, score: number, e: JournalEntry, terms: readonly string[], keys: ReadonlySet<string> | undefined): JournalHit {
  const ex = makeExcerpt(excerptSources(e, keys), terms);
  const hit: JournalHit = {
    path: meta.path,
    type: meta.type,
    date: new Date(meta.time).toISOString(),
    title: meta.title,
    sections: [...meta.sections],
    score: Math.round(score * 1000) / 1000,
    excerpt: ex.text,
  };
  if (ex.section !== undefined) hit.excerptSection = ex.section;
  return hit;
}

export function summaryOf(meta: EntryMeta, e: JournalEntry): EntrySummary {
  return {
    path: meta.path,
    type: meta.type,
    date: new Date(meta.time).toISOString(),
    title: meta.title,
    sections: [...meta.sections],
    excerpt: makeExcerpt(excerptSources(e), []).text,
  };
}
