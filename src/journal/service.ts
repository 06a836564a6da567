/**
 * JournalService: the journal as one object for tools and CLI. It owns three parts and decides, per query,
 * which one answers:
 *
 *  - the indexer (indexer.ts): the SQLite FTS5 index (store.ts), on disk per set of roots so a restart
 *    answers from it at once; its lifecycle (lifecycle.ts: one tagged union, every transition in one
 *    function), the first build, the watcher and the periodic reconcile (reconciler.ts);
 *  - the scanner (scanner.ts): answers from the entry files while the index cannot (a first build not done,
 *    an index lacking entries, no SQLite engine);
 *  - entry I/O (entries.ts): reading one entry, reading index rows back, writing entries (each visible to the
 *    next search at once).
 *
 * start() never blocks; every query waits only for the index to be opened.
 */
import type { JournalConfig } from './config.js';
import { CatalogError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { entryFileReader, readEntry, writeEntries } from './entries.js';
import { entryMeta, summaryOf, type EntryReader } from './index.js';
import { JournalIndexer, type JournalStatus } from './indexer.js';
import { MAX_ENTRY_BYTES } from './load.js';
import type { JournalRoot } from './roots.js';
import { JournalScanner } from './scanner.js';
import type { Diagnostic, EntryContent, EntrySummary, JournalTypeFilter, SearchOptions, SearchOutcome, Thoughts, WrittenEntry } from './types.js';

export type { JournalState } from './lifecycle.js';
export type { JournalStatus } from './indexer.js';

export interface JournalServiceOptions {
  /** Watch the roots for changes (default: config.watch). */
  watch?: boolean;
  /** Period of the reconcile pass in ms (default 60 s; 0 turns it off). */
  reconcileMs?: number;
  /** Debounce of watcher events in ms (default 75). */
  debounceMs?: number;
  /** Largest entry file read, in bytes (default 1 MiB). */
  maxEntryBytes?: number;
  /** Work per time slice before yielding to the event loop, in ms (default 12). */
  sliceMs?: number;
  /** How long a search waits for an unfinished first build before a scan answers it, in ms (default 300). */
  firstBuildWaitMs?: number;
  /** A first build (of an index never completed) starts once this settles (default: at once). */
  firstBuildAfter?: Promise<unknown>;
  /** Clock (tests). */
  now?: () => number;
}

/** How long a search waits for a first build before a scan answers it instead (default). */
const WAIT_FOR_FIRST_BUILD_MS = 300;

const DAY_MS = 86_400_000;

export class JournalService {
  private readonly indexer: JournalIndexer;
  private readonly scanner: JournalScanner;
  /** Reads the entry file an index row or a scan names, inside the current roots. */
  private readonly reader: EntryReader;
  private readonly maxEntryBytes: number;
  private readonly now: () => number;

  constructor(
    readonly config: JournalConfig,
    logger: Logger,
    options: JournalServiceOptions = {},
  ) {
    this.maxEntryBytes = options.maxEntryBytes ?? MAX_ENTRY_BYTES;
    this.now = options.now ?? Date.now;
    const sliceMs = options.sliceMs ?? 12;
    this.reader = entryFileReader(() => this.indexer.currentRoots(), this.maxEntryBytes);
    this.indexer = new JournalIndexer(
      config,
      logger,
      {
        watch: options.watch ?? config.watch,
        reconcileMs: options.reconcileMs ?? 60_000,
        debounceMs: options.debounceMs ?? 75,
        maxEntryBytes: this.maxEntryBytes,
        sliceMs,
        firstBuildWaitMs: options.firstBuildWaitMs ?? WAIT_FOR_FIRST_BUILD_MS,
        firstBuildAfter: options.firstBuildAfter,
        now: this.now,
      },
      { changed: () => this.scanner.noteChange(), completed: () => this.scanner.forgetScans() },
      this.reader,
    );
    this.scanner = new JournalScanner({
      roots: () => this.indexer.currentRoots(),
      reader: this.reader,
      maxBytes: this.maxEntryBytes,
      sliceMs,
      cancelled: () => this.indexer.closed,
    });
  }

  /** Begin opening, reconciling and watching in the background. Returns at once; safe to call twice. */
  start(): void {
    this.indexer.start();
  }

  /** Resolves when search can answer: roots resolved and the index opened (it answers if complete, else a scan does). */
  whenLoaded(): Promise<void> {
    return this.indexer.whenLoaded();
  }

  /** Resolves when the index is complete and a first pass over the files has brought it up to date. */
  whenReady(): Promise<void> {
    return this.indexer.whenReady();
  }

  /**
   * Why the journal has no index, once that is known (the engine is chosen when the index is first opened):
   * queries then scan the entry files. Undefined while an index is in use or not yet opened.
   */
  indexNote(): string | undefined {
    return this.indexer.indexNote();
  }

  status(): JournalStatus {
    return this.indexer.status();
  }

  /** Files that were skipped (too large, binary, unreadable), with why. */
  diagnostics(): Diagnostic[] {
    return this.indexer.diagnostics();
  }

  getRoots(): Promise<JournalRoot[]> {
    return this.indexer.getRoots();
  }

  /** The index database file (':memory:' when the cache is off), once open. */
  indexFile(): string | undefined {
    return this.indexer.indexFile();
  }

  /**
   * Catch what the watcher missed: new, changed and removed files, roots created or re-pointed since.
   * Files are re-stat'ed where their folder changed, and everywhere every tenth round.
   */
  reconcile(): Promise<void> {
    return this.indexer.reconcile();
  }

  /** Search the index when it holds every entry; otherwise scan the entry files (and say why in the outcome). */
  async search(query: string, options: SearchOptions = {}): Promise<SearchOutcome> {
    await this.indexer.whenSearchable();
    if (this.indexer.closed) throw new CatalogError('CLOSED', 'The journal is closed.');
    const hits = this.indexer.search(query, options);
    if (hits) return { results: hits, indexed: true };
    const results = await this.scanner.searchFiles(query, options);
    const degraded = this.indexer.degraded();
    return degraded === undefined ? { results, indexed: false } : { results, indexed: false, degraded };
  }

  /** Summaries of the newest entries: from the index once it is complete; without one (no SQLite engine), from the files. */
  async listRecent(options: { limit?: number | undefined; type?: JournalTypeFilter | undefined; days?: number | undefined } = {}): Promise<EntrySummary[]> {
    await this.indexer.whenListable();
    const limit = options.limit ?? 10;
    const type = options.type ?? 'both';
    const since = this.now() - (options.days ?? 30) * DAY_MS;
    const listed = this.indexer.recent({ limit, type, since });
    if (listed === 'unindexed') return (await this.scanner.readRecentFiles(limit, type, since)).map((e) => summaryOf(entryMeta(e), e));
    const out: EntrySummary[] = [];
    for (const meta of listed) {
      const e = this.reader(meta.path, meta.type);
      if (e) out.push(summaryOf(meta, e));
    }
    return out;
  }

  /** The newest entries in full, read from their files (an entry removed or replaced since it was listed is left out). */
  async readRecent(options: { limit?: number | undefined; type?: JournalTypeFilter | undefined } = {}): Promise<EntryContent[]> {
    await this.indexer.whenListable();
    const limit = options.limit ?? 5;
    const type = options.type ?? 'both';
    // A few spare ones from the index: entries whose file went since it was indexed are skipped.
    const listed = this.indexer.recent({ limit: limit + 5, type });
    const found = listed === 'unindexed' ? await this.scanner.readRecentFiles(limit, type, undefined) : listed;
    const out: EntryContent[] = [];
    for (const e of found) {
      if (out.length >= limit) break;
      try {
        out.push(await this.read(e.path));
      } catch {
        // removed or replaced since it was listed: skip it
      }
    }
    return out;
  }

  /** Read one entry by path (absolute, or relative to a root). Throws CatalogError when refused. */
  async read(input: string): Promise<EntryContent> {
    return readEntry(input, await this.indexer.getRoots(), this.maxEntryBytes);
  }

  /** Write an entry (process_thoughts; see entries.ts writeEntries): into the files, then into the index at once. */
  async write(thoughts: Thoughts): Promise<WrittenEntry[]> {
    if (this.indexer.closed) throw new CatalogError('CLOSED', 'The journal is closed.');
    return writeEntries(
      thoughts,
      {
        rootsForWrite: async () => {
          await this.indexer.whenLoaded();
          return this.indexer.getRoots();
        },
        written: (entry, stamp, root, roots) => {
          this.scanner.noteChange();
          this.indexer.noteWritten(entry, stamp, root, roots);
        },
      },
      { maxBytes: this.maxEntryBytes, now: this.now },
    );
  }

  close(): Promise<void> {
    return this.indexer.close();
  }
}
