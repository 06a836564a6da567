/**
 * Journal vectors: one vector per entry (title + section texts), computed in the background, incrementally
 * (a pass stats every entry file and embeds only new or changed ones; an unchanged file is never read
 * again), and cached on disk keyed by content hash + model id. Uses the journal only through its public
 * service API (roots, read, search), so the full-text index can change underneath.
 *
 * Semantic and hybrid search answer from whatever is embedded so far; an entry written a moment ago is found
 * by the lexical side of hybrid search until the next pass embeds it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '../encoder/embedder.js';
import { contentKey, readVectorCache, writeVectorCache } from '../encoder/vector-cache.js';
import { VectorMatrix } from '../encoder/vector-matrix.js';
import type { Logger } from '../shared/logger.js';
import { sectionKey } from './entry.js';
import type { EntryContent, JournalHit, JournalType, JournalTypeFilter, SearchOptions, SearchOutcome } from './types.js';

/** What the journal vectors need from the journal service (JournalService fits). */
/** Vector file of a journal: one per set of journal roots. */
export function journalCacheFile(cacheDir: string, roots: readonly string[]): string {
  return path.join(cacheDir, 'semantic', `journal-${contentKey(...roots).slice(0, 16)}.vec`);
}

export interface JournalSource {
  getRoots(): Promise<Array<{ real: string; exists: boolean }>>;
  read(path: string): Promise<EntryContent>;
  search(query: string, options?: SearchOptions): Promise<SearchOutcome>;
}

/** Characters of an entry that are embedded (title first). */
export const ENTRY_CHARS = 1_500;

interface EntryVec {
  key: string;
  row: number;
  mtimeMs: number;
  size: number;
  type: JournalType;
  time: number;
  sections: string[];
}

export interface JournalVectorStatus {
  ready: boolean;
  entries: number;
  computed: number;
  reused: number;
  ms?: number;
  cache?: string;
}

export interface JournalVectorOptions {
  batch?: number;
  /** Keep the vectors in memory only (--no-cache). */
  noCache?: boolean;
  /** Time between incremental passes (ms, default 60 s; 0 = one pass only). */
  rescanMs?: number;
}

export function entryText(e: EntryContent): string {
  const sections = Object.entries(e.sectionTexts).map(([name, text]) => `${name}: ${text}`);
  const body = sections.length > 0 ? sections.join('\n') : e.content.replace(/^---[\s\S]*?\n---\n/, '');
  return `${e.title}\n${body}`.replace(/\s+/g, ' ').trim().slice(0, ENTRY_CHARS);
}

type Stamp = [mtimeMs: number, size: number, key: string, type: JournalType, time: number, sections: string[]];

export class JournalVectors {
  private matrix: VectorMatrix;
  private readonly entries = new Map<string, EntryVec>();
  private pass: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private ready = false;
  private stat: JournalVectorStatus = { ready: false, entries: 0, computed: 0, reused: 0 };
  private cacheRead = false;
  /** The cache file holds the vectors in memory (read at start, or written since): a pass that changed nothing need not write it. */
  private fileCurrent = false;
  private file: string | undefined;

  constructor(
    private readonly journal: JournalSource,
    private readonly embedder: Embedder,
    private readonly cacheDir: string,
    private readonly logger: Logger,
    private readonly options: JournalVectorOptions = {},
  ) {
    this.matrix = new VectorMatrix(embedder.dimensions, 256);
  }

  start(): void {
    if (this.pass || this.closed) return;
    this.runPass();
  }

  private runPass(): void {
    this.pass = this.doPass()
      .catch((err: unknown) => {
        if (!this.closed) this.logger.warn(`semantic: journal vectors pass failed: ${(err as Error).message}`);
      })
      .finally(() => {
        this.pass = undefined;
        const every = this.options.rescanMs ?? 60_000;
        if (!this.closed && every > 0) {
          this.timer = setTimeout(() => this.runPass(), this.entries.size > 20_000 ? Math.max(every, 300_000) : every);
          this.timer.unref();
        }
      });
  }

  /** Resolves when no pass is running. */
  async whenIdle(): Promise<void> {
    while (this.pass) await this.pass;
  }

  status(): JournalVectorStatus {
    return { ...this.stat, ready: this.ready, entries: this.entries.size };
  }

  private async doPass(): Promise<void> {
    const t0 = performance.now();
    const roots = (await this.journal.getRoots()).filter((r) => r.exists);
    this.file ??= journalCacheFile(this.cacheDir, roots.map((r) => r.real));
    const model = this.embedder.modelId;
    // The first pass seeds from the disk cache: stamps say which files are unchanged.
    const stamps = new Map<string, Stamp>();
    let cached: { matrix: VectorMatrix; entries: Map<string, { start: number; count: number }> } | undefined;
    let cacheNote = this.stat.cache ?? 'no cache file yet';
    if (!this.cacheRead && !this.options.noCache) {
      this.cacheRead = true;
      const read = await readVectorCache(this.file, model, this.embedder.dimensions);
      if (read.ok && Array.isArray(read.cache.extra)) {
        cached = read.cache;
        this.fileCurrent = true;
        for (const s of read.cache.extra as Array<[string, ...Stamp]>) if (Array.isArray(s) && typeof s[0] === 'string') stamps.set(s[0], s.slice(1) as Stamp);
        cacheNote = `read ${read.cache.entries.size} cached entry vectors`;
      } else if (!read.ok) {
        cacheNote = read.missing ? 'no cache file yet' : `cache not trusted (${read.reason}): rebuilding`;
        if (!read.missing) this.logger.warn(`semantic: journal ${cacheNote}`);
      }
    }
    const files = new Set<string>();
    // Loaded here, not at import: this module is imported at every start, this pass runs only with --semantic.
    const { default: fg } = await import('fast-glob');
    for (const r of roots) for (const f of await fg('**/*.md', { cwd: r.real, absolute: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true })) files.add(f);
    // A fresh matrix keeps memory flat across passes (rows of removed entries are dropped).
    const matrix = new VectorMatrix(this.embedder.dimensions, Math.max(256, files.size));
    const next = new Map<string, EntryVec>();
    const todo: Array<{ file: string; text: string; key: string; mtimeMs: number; size: number; type: JournalType; time: number; sections: string[] }> = [];
    let reused = 0;
    let changed = false;
    for (const file of files) {
      if (this.closed) return;
      let st: { mtimeMs: number; size: number };
      try {
        st = await fs.stat(file);
      } catch {
        continue;
      }
      const known = this.entries.get(file);
      const stamp = stamps.get(file);
      if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) {
        next.set(file, { ...known, row: matrix.pushRow(this.matrix, known.row) });
        reused++;
        continue;
      }
      if (stamp && cached && stamp[0] === st.mtimeMs && stamp[1] === st.size) {
        const e = cached.entries.get(stamp[2]);
        if (e && e.count === 1) {
          next.set(file, { key: stamp[2], row: matrix.pushRow(cached.matrix, e.start), mtimeMs: st.mtimeMs, size: st.size, type: stamp[3], time: stamp[4], sections: stamp[5] });
          reused++;
          continue;
        }
      }
      changed = true;
      let entry: EntryContent;
      try {
        entry = await this.journal.read(file);
      } catch {
        continue;
      }
      const text = entryText(entry);
      if (!text) continue;
      todo.push({ file, text, key: contentKey(model, text), mtimeMs: st.mtimeMs, size: st.size, type: entry.type, time: Date.parse(entry.date) || st.mtimeMs, sections: entry.sections.map(sectionKey) });
    }
    if (this.entries.size !== reused) changed = true;
    const batch = this.options.batch ?? 64;
    let computed = 0;
    for (let i = 0; i < todo.length; i += batch) {
      if (this.closed) return;
      for (const t of todo.slice(i, i + batch)) {
        const v = this.embedder.encode(t.text);
        if (v) next.set(t.file, { key: t.key, row: matrix.push(v), mtimeMs: t.mtimeMs, size: t.size, type: t.type, time: t.time, sections: t.sections });
        computed++;
      }
      this.stat = { ...this.stat, computed };
      // Encoding is synchronous: give requests a turn between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.closed) return;
    this.matrix = matrix;
    this.entries.clear();
    for (const [k, v] of next) this.entries.set(k, v);
    this.ready = true;
    this.stat = { ready: true, entries: next.size, computed, reused, ms: Math.round(performance.now() - t0), cache: cacheNote };
    if (changed || !this.fileCurrent) {
      try {
        await this.save();
        this.fileCurrent = true;
      } catch (err) {
        this.logger.warn(`semantic: journal vector cache not written: ${(err as Error).message}`);
      }
    }
  }

  private async save(): Promise<void> {
    if (!this.file || this.options.noCache) return;
    const entries: Array<[string, { start: number; count: number }]> = [];
    const extra: Array<[string, ...Stamp]> = [];
    for (const [file, e] of this.entries) {
      entries.push([`${e.key}:${e.row}`, { start: e.row, count: 1 }]);
      extra.push([file, e.mtimeMs, e.size, `${e.key}:${e.row}`, e.type, e.time, e.sections]);
    }
    await writeVectorCache(this.file, this.embedder.modelId, this.matrix, entries, extra);
  }

  /** Entries by meaning, best first: path and cosine similarity. */
  rank(query: Float32Array, options: { limit?: number; type?: JournalTypeFilter; sections?: readonly string[] } = {}): Array<{ path: string; score: number; time: number }> {
    const limit = options.limit ?? 10;
    const type = options.type ?? 'both';
    const sections = options.sections && options.sections.length > 0 ? new Set(options.sections.map(sectionKey)) : undefined;
    const out: Array<{ path: string; score: number; time: number }> = [];
    for (const [file, e] of this.entries) {
      if (type !== 'both' && e.type !== type) continue;
      if (sections && !e.sections.some((s) => sections.has(s))) continue;
      out.push({ path: file, score: this.matrix.score(query, e.row), time: e.time });
    }
    out.sort((a, b) => b.score - a.score || b.time - a.time);
    return out.slice(0, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass?.catch(() => undefined);
  }
}

export type JournalMode = 'lexical' | 'semantic' | 'hybrid';

export interface JournalSearchResult extends SearchOutcome {
  /** Which mode answered (lexical when semantic was asked for but is not ready). */
  mode: JournalMode;
  note?: string;
}

function hitFrom(entry: EntryContent, score: number): JournalHit {
  return { path: entry.path, type: entry.type, date: entry.date, title: entry.title, sections: entry.sections, score: Math.round(score * 1000) / 1000, excerpt: entry.excerpt };
}

/** RRF constant for journal hybrid search (same shape as agent routing). */
const JOURNAL_RRF_K = 10;

/**
 * search_journal with a mode: lexical (the full-text index), semantic (vectors only) or hybrid (reciprocal
 * rank fusion of both). Falls back to lexical, saying so, when vectors or the query vector are not ready.
 */
export async function searchJournalWithMode(
  journal: JournalSource,
  query: string,
  options: SearchOptions,
  mode: JournalMode,
  semantic: { vectors: JournalVectors | undefined; queryVector: (text: string) => Float32Array | undefined } | undefined,
): Promise<JournalSearchResult> {
  const limit = options.limit ?? 10;
  if (mode === 'lexical') return { ...(await journal.search(query, options)), mode: 'lexical' };
  const vectors = semantic?.vectors;
  const status = vectors?.status();
  const qv = vectors && status?.ready ? semantic.queryVector(query) : undefined;
  if (!vectors || !qv) {
    const why = !semantic ? 'semantic search is off or unavailable' : !status?.ready ? 'journal vectors are still being computed' : 'the query has no word the encoder knows';
    return { ...(await journal.search(query, options)), mode: 'lexical', note: `${why}: answered lexically` };
  }
  const rankOpts = { limit: mode === 'semantic' ? limit : Math.min(100, limit * 3), ...(options.type ? { type: options.type } : {}), ...(options.sections ? { sections: options.sections } : {}) };
  const byMeaning = vectors.rank(qv, rankOpts);
  const read = async (p: string, score: number): Promise<JournalHit | undefined> => {
    try {
      return hitFrom(await journal.read(p), score);
    } catch {
      return undefined; // removed since it was embedded
    }
  };
  if (mode === 'semantic') {
    const hits = (await Promise.all(byMeaning.map((r) => read(r.path, r.score)))).filter((h): h is JournalHit => h !== undefined);
    return { results: hits, indexed: true, mode: 'semantic' };
  }
  const lexical = await journal.search(query, { ...options, limit: Math.min(100, limit * 3) });
  const fused = new Map<string, { score: number; hit?: JournalHit; time: number }>();
  lexical.results.forEach((h, i) => fused.set(h.path, { score: 1 / (JOURNAL_RRF_K + i + 1), hit: h, time: Date.parse(h.date) || 0 }));
  byMeaning.forEach((r, i) => {
    const f = fused.get(r.path);
    if (f) f.score += 1 / (JOURNAL_RRF_K + i + 1);
    else fused.set(r.path, { score: 1 / (JOURNAL_RRF_K + i + 1), time: r.time });
  });
  const top = [...fused.entries()].sort((a, b) => b[1].score - a[1].score || b[1].time - a[1].time).slice(0, limit);
  const results = (
    await Promise.all(top.map(async ([p, f]) => (f.hit ? { ...f.hit, score: Math.round(f.score * 100_000) / 1000 } : read(p, f.score * 100))))
  ).filter((h): h is JournalHit => h !== undefined);
  return { results, indexed: lexical.indexed, ...(lexical.degraded !== undefined ? { degraded: lexical.degraded } : {}), mode: 'hybrid' };
}
