/**
 * The search fallback while the index is first being built: a scan of the entry files themselves, folder by
 * folder, in time slices (the event loop stays free). Whole-word presence of the query terms (the last one
 * may be a prefix), weighted by rarity; recency breaks ties. Slow on a large journal, but complete and
 * correct, and only used until the first build of the index is done.
 */
import path from 'node:path';
import { entryText, parseEntry, parseTitleTime } from './entry.js';
import { entryMeta, hitOf, matchesType, sectionFilterKeys, tieKey, type EntryMeta, type EntryReader } from './index.js';
import { DirWalker, readEntryTextSync } from './load.js';
import type { JournalRoot } from './roots.js';
import type { JournalEntry, JournalHit, JournalType, SearchOptions } from './types.js';

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** What ranking needs of a matching entry. */
type MatchMeta = Pick<EntryMeta, 'path' | 'type' | 'time'>;

export interface ScanContext {
  /** Roots to walk, each with the folders to leave out (another root nested inside it). */
  roots: ReadonlyArray<{ root: JournalRoot; exclude: ReadonlySet<string> }>;
  /** The type of an entry found in a root. */
  typeOf: (root: JournalRoot, entry: JournalEntry) => JournalType;
  reader: EntryReader;
  maxBytes: number;
  sliceMs: number;
  /** Stop early (service closing): the scan then returns what it has. */
  cancelled?: () => boolean;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The walk both fallback scans make: `visit` is called with each entry file of the roots, in DirWalker's
 * order, and the event loop gets a turn before a file once `sliceMs` has passed since the last one. Resolves
 * false when `cancelled` says stop at such a turn (the remaining files are not visited), true otherwise.
 * `visit` reads the file itself, through a reader that checks it lies inside its root.
 */
export async function walkEntryFiles(ctx: Pick<ScanContext, 'roots' | 'sliceMs' | 'cancelled'>, visit: (file: string, root: JournalRoot) => void): Promise<boolean> {
  let slice = performance.now();
  for (const { root, exclude } of ctx.roots) {
    if (!root.exists) continue;
    const walker = new DirWalker(root.real, exclude);
    for (let listing = walker.next(); listing; listing = walker.next()) {
      for (const name of listing.files) {
        if (performance.now() - slice > ctx.sliceMs) {
          await yieldToLoop();
          if (ctx.cancelled?.()) return false;
          slice = performance.now();
        }
        visit(path.join(listing.dir, name), root);
      }
    }
  }
  return true;
}

export async function scanJournal(terms: readonly string[], options: SearchOptions, ctx: ScanContext): Promise<JournalHit[]> {
  const limit = options.limit ?? 10;
  const keys = sectionFilterKeys(options.sections);
  // Only what ranking needs is kept per match (a common word matches a fifth of a large journal); the few
  // hits shown are read again for their title, sections and excerpt.
  const matches: Array<{ meta: MatchMeta; counts: number[] }> = [];
  const df = terms.map(() => 0);
  let total = 0;
  const finished = await walkEntryFiles(ctx, (file, root) => {
    const read = readEntryTextSync(root.real, file, ctx.maxBytes);
    if (read.kind !== 'text') return;
    total++;
    // Most files hold none of the words: skip them before parsing.
    const lower = read.text.toLowerCase();
    if (!terms.some((t) => lower.includes(t))) return;
    const e = parseEntry({ text: read.text, path: file, type: root.types[0] as JournalType, mtimeMs: read.stamp.mtimeMs });
    e.type = ctx.typeOf(root, e);
    if (!matchesType(e.type, options.type) || (keys && !e.sections.some((s) => keys.has(s.key)))) return;
    const title = parseTitleTime(e.title) === undefined ? e.title : '';
    const text = (keys ? e.sections.filter((x) => keys.has(x.key)).map((x) => x.text).join('\n') : `${title}\n${entryText(e)}`).toLowerCase();
    let any = false;
    const counts = terms.map((t, i) => {
      let c = 0;
      const prefix = i === terms.length - 1 && t.length >= 3;
      for (let at = text.indexOf(t); at !== -1 && c < 50; at = text.indexOf(t, at + t.length)) {
        if (at > 0 && WORD_CHAR.test(text.charAt(at - 1))) continue;
        if (!prefix && at + t.length < text.length && WORD_CHAR.test(text.charAt(at + t.length))) continue;
        c++;
      }
      if (c > 0) {
        any = true;
        df[i] = (df[i] as number) + 1;
      }
      return c;
    });
    if (any) matches.push({ meta: { path: e.path, type: e.type, time: e.time }, counts });
  });
  if (!finished) return [];
  const n = Math.max(1, total);
  const scored = matches.map(({ meta, counts }) => {
    let score = 0;
    counts.forEach((c, i) => {
      if (c > 0) score += Math.log(1 + n / (df[i] as number)) * (1 + Math.log(c));
    });
    return { meta, score, key: tieKey(score) };
  });
  scored.sort((a, b) => b.key - a.key || b.meta.time - a.meta.time);
  const out: JournalHit[] = [];
  for (const { meta, score } of scored) {
    if (out.length >= limit) break;
    const e = ctx.reader(meta.path, meta.type);
    if (e) out.push(hitOf({ ...entryMeta(e), type: meta.type }, score, e, terms, keys));
  }
  return out;
}
