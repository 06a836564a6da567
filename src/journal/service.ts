/**
 * JournalService: the journal as one object for tools and CLI. The full-text index is an SQLite FTS5
 * database (store.ts), on disk per set of roots, so a restart answers from it at once. start() never blocks:
 * roots are resolved and the database opened, then a reconcile pass walks the roots folder by folder in time
 * slices (stat every file, re-parse only new or changed ones, drop the missing), writing in small batches.
 * Until a first complete pass has ever finished on the database (a first build), search scans the files
 * instead. A watcher (debounced) and a periodic reconcile (unref'd timer) keep it current; writes are visible
 * to the next search at once. Memory stays flat: no entry text and no file list is held. Reading and writing
 * single entries is entries.ts; answering from the files while the index cannot is scanner.ts.
 */
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { CatalogError } from '../errors.js';
import type { Logger } from '../logger.js';
import { entryFileReader, readEntry, writeEntries } from './entries.js';
import { entryMeta, JournalIndex, storeDoc, summaryOf, type EntryReader } from './index.js';
import { chooseSqliteEngine, type EngineChoice } from './sqlite.js';
import { DirWalker, loadEntrySync, MAX_ENTRY_BYTES } from './load.js';
import { entryTypeIn, isInside, nestedRoots, resolveRoots, rootOfPath, type JournalRoot } from './roots.js';
import { JournalScanner } from './scanner.js';
import { isCorruption, JournalStore, MEMORY, storeFile, type StoreOp } from './store.js';
import type {
  Diagnostic,
  EntryContent,
  EntrySummary,
  FileStamp,
  JournalType,
  JournalTypeFilter,
  SearchOptions,
  SearchOutcome,
  Thoughts,
  WrittenEntry,
} from './types.js';
import { JournalWatcher, type WatchEvent } from './watch.js';
import { within } from '../within.js';

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

/** `unindexed`: no SQLite engine could be loaded; every query scans the entry files (status().indexNote says why). */
export type JournalState = 'idle' | 'loading' | 'indexing' | 'ready' | 'unindexed' | 'closed';

/** How long a search waits for a first build before a scan answers it instead (default). */
const WAIT_FOR_FIRST_BUILD_MS = 300;

export interface JournalStatus {
  state: JournalState;
  entries: number;
  indexed: boolean;
  skipped: number;
  /** Set while the index cannot be written (disk full, write errors): searches scan the files, and say so. */
  degraded?: string;
  roots: Array<{ path: string; types: JournalType[]; exists: boolean }>;
  /** Why there is no index (no SQLite engine with FTS5 could be loaded), when there is none. */
  indexNote?: string;
  /** Of the first pass over the files, once done: time walking, reading and parsing (ms), and time writing the index (ms). */
  loadMs?: number;
  indexMs?: number;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** lstat, or undefined when there is nothing there (never follows a symlink). */
function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** A real folder at `p` (a symlink to one does not count: the walks never enter those). */
const isRealDir = (p: string): boolean => lstatOrUndefined(p)?.isDirectory() === true;

const sameRoots = (a: readonly JournalRoot[], b: readonly JournalRoot[]): boolean =>
  a.length === b.length && a.every((r, i) => r.real === b[i]?.real && r.types.join() === b[i]?.types.join());

export class JournalService {
  private store: JournalStore | undefined;
  private index: JournalIndex | undefined;
  /** True once a complete pass has finished on the database (by this process or another one sharing it). */
  private complete = false;
  private readonly skipped = new Map<string, { diagnostic: Diagnostic; stamp?: FileStamp }>();
  private roots: JournalRoot[] = [];
  private rootsReady: Promise<JournalRoot[]> | undefined;
  private loaded: Promise<void> | undefined;
  private built: Promise<void> | undefined;
  private watcher: JournalWatcher | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private recheckTimer: NodeJS.Timeout | undefined;
  private readonly recheck = new Set<string>();
  private reconciling: Promise<void> | undefined;
  private reconcileRound = 0;
  /** Folder → mtime at the last pass: a folder whose mtime moved had files added or removed. */
  private dirMtimes = new Map<string, number>();
  private state: JournalState = 'idle';
  private closed = false;
  private signalClosed: () => void = () => undefined;
  /** Settles on close (what waits on something else gives up then). */
  private readonly closing = new Promise<void>((resolve) => (this.signalClosed = resolve));
  /** When the current index load began (searches wait for a first build only shortly after it). */
  private buildStartedAt = 0;
  private generation = 0;
  /** Running estimate of one index write (ms), to size the slices of a pass. */
  private writeCostMs = 0.05;
  private loadMs: number | undefined;
  private indexMs: number | undefined;
  /**
   * Why the index lacks entries, since a write to it failed (disk full, I/O error); undefined when it is
   * whole. Cleared by a full pass that ends with no write failing meanwhile (faults counts them).
   */
  private indexFault: string | undefined;
  private faults = 0;
  private readonly maxBytes: number;
  private readonly sliceMs: number;
  private readonly now: () => number;
  private readonly reader: EntryReader;
  private readonly scanner: JournalScanner;
  /** The SQLite engine (chosen when the index is first opened), or why there is none. */
  private engineChoice: EngineChoice | undefined;

  constructor(
    readonly config: Config,
    private readonly logger: Logger,
    private readonly options: JournalServiceOptions = {},
  ) {
    this.maxBytes = options.maxEntryBytes ?? MAX_ENTRY_BYTES;
    this.sliceMs = options.sliceMs ?? 12;
    this.now = options.now ?? Date.now;
    this.reader = entryFileReader(() => this.roots, this.maxBytes);
    this.scanner = new JournalScanner({ roots: () => this.roots, reader: this.reader, maxBytes: this.maxBytes, sliceMs: this.sliceMs, cancelled: () => this.closed });
  }

  /** Begin opening, reconciling and watching in the background. Returns at once; safe to call twice. */
  start(): void {
    if (this.rootsReady || this.closed) return;
    this.state = 'loading';
    this.rootsReady = resolveRoots({ project: this.config.journalDir, user: this.config.userJournalDir }).then(
      (roots) => {
        this.roots = roots;
        for (const r of roots) if (!r.exists) this.logger.debug(`journal: ${r.types.join('+')} root ${r.dir} does not exist yet (created on first write)`);
        return roots;
      },
      (err: unknown) => {
        this.logger.error(`journal: cannot resolve roots: ${(err as Error).message}`);
        return [];
      },
    );
    this.beginLoad();
    if (this.options.watch ?? this.config.watch) {
      this.watcher = new JournalWatcher({
        debounceMs: this.options.debounceMs ?? 75,
        now: this.now,
        onEvents: (events) => void this.applyEvents(events),
        onError: (err) => this.logger.warn(`journal: watcher: ${(err as Error).message ?? String(err)}`),
      });
      void this.rootsReady.then((roots) => this.watchExisting(roots));
    }
    const every = this.options.reconcileMs ?? 60_000;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => void this.reconcile().catch((err: unknown) => this.logger.warn(`journal: reconcile: ${(err as Error).message}`)), every);
      this.reconcileTimer.unref();
    }
  }

  /** Open the index for the current roots (new generation), then run a full pass over the files. */
  private beginLoad(): void {
    this.buildStartedAt = performance.now();
    const generation = ++this.generation;
    this.state = 'loading';
    this.loaded = (async () => {
      const roots = (await this.rootsReady) ?? [];
      if (this.closed || generation !== this.generation) return;
      this.openStore(roots);
    })().catch((err: unknown) => this.logger.error(`journal: cannot open the index: ${(err as Error).stack ?? String(err)}`));
    this.built = this.loaded.then(async () => {
      if (this.closed || generation !== this.generation || !this.store) return;
      const warm = this.complete;
      if (!warm && this.options.firstBuildAfter) {
        await Promise.race([this.options.firstBuildAfter.catch(() => undefined), this.closing]);
        if (this.closed || generation !== this.generation || !this.store?.open) return;
      }
      this.state = warm ? 'ready' : 'indexing';
      const t0 = performance.now();
      const store = this.store;
      if (!warm) this.guardedSync(() => store.setBulk(true), undefined, true);
      const faults = this.faults;
      const pass = await this.guarded(() => this.runPass(generation, true), undefined, true);
      if (!warm && store.open) this.guardedSync(() => store.setBulk(false), undefined, true);
      if (!pass || generation !== this.generation || this.closed) return;
      if (this.faults === faults) this.indexFault = undefined;
      if (!this.complete) {
        this.guardedSync(() => this.store?.setMeta('complete', '1'), undefined, true);
        this.complete = true;
        this.scanner.forgetScans();
      }
      this.loadMs = pass.activeMs - pass.writeMs;
      this.indexMs = pass.writeMs;
      this.state = 'ready';
      const entries = this.guardedSync(() => this.store?.count() ?? 0, 0);
      this.logger.info(
        `journal: ${entries} entries ${warm ? 'reconciled with the index' : 'indexed'} in ${Math.round(performance.now() - t0)} ms ` +
          `(${pass.parsed} parsed, read+parse ${Math.round(this.loadMs)} ms, index writes ${Math.round(this.indexMs)} ms)`,
      );
    });
    this.built.catch((err: unknown) => this.logger.error(`journal: indexing failed: ${(err as Error).stack ?? String(err)}`));
  }

  private openStore(roots: readonly JournalRoot[]): void {
    this.store?.close();
    if (!this.engineChoice) {
      this.engineChoice = chooseSqliteEngine(this.config.sqliteEngines);
      if (this.engineChoice.reason !== undefined) this.logger.warn(`journal: ${this.indexNote()}`);
    }
    const { engine } = this.engineChoice;
    if (!engine) {
      this.store = undefined;
      this.index = undefined;
      this.complete = false;
      this.state = 'unindexed';
      return;
    }
    const file = this.config.useCache ? storeFile(this.config.cacheDir, roots) : MEMORY;
    const store = JournalStore.open(file, this.logger, engine);
    this.store = store;
    this.index = new JournalIndex(store, this.reader);
    this.complete = this.guardedSync(() => store.getMeta('complete') === '1', false);
    this.dirMtimes = new Map();
    if (store.file !== MEMORY) this.logger.debug(`journal: index ${store.file}${this.complete ? '' : ' (first build)'}`);
  }

  /**
   * The database turned out corrupt while in use: drop it, delete the file, and build a new one (search
   * scans meanwhile). Other errors are logged, and a failed write marks the index as lacking entries (see
   * indexFault) until a full pass gets through: the next pass or event retries.
   */
  private failed(err: unknown, writing = false): void {
    if (this.closed) return;
    if (!isCorruption(err)) {
      const message = (err as Error).message ?? String(err);
      this.logger.warn(`journal: index: ${message}`);
      if (writing) {
        this.faults++;
        this.indexFault ??= `the journal index ${this.store?.file ?? ''} cannot be written (${message}): searches scan the entry files until it can`;
      }
      return;
    }
    const store = this.store;
    if (!store) return;
    this.logger.warn(`journal: index ${store.file} is corrupt (${(err as Error).message}); rebuilding it`);
    this.store = undefined;
    this.index = undefined;
    this.complete = false;
    try {
      store.close();
    } catch {
      // already unusable
    }
    JournalStore.remove(store.file);
    this.beginLoad();
  }

  /** Run an index operation; a failure goes to failed() (`writing`: the operation writes the index). */
  private guardedSync<T>(fn: () => T, fallback: T, writing = false): T {
    try {
      return fn();
    } catch (err) {
      this.failed(err, writing);
      return fallback;
    }
  }

  private async guarded<T>(fn: () => Promise<T>, fallback: T, writing = false): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.failed(err, writing);
      return fallback;
    }
  }

  private watchExisting(roots: readonly JournalRoot[]): void {
    if (!this.watcher || this.closed) return;
    for (const r of roots) if (r.exists && !this.watcher.watching(r.real)) this.watcher.add(r.real);
  }

  /** Resolves when search can answer: roots resolved and the index opened (it answers if complete, else a scan does). */
  async whenLoaded(): Promise<void> {
    this.start();
    let current: Promise<void> | undefined;
    while (current !== this.loaded) {
      current = this.loaded;
      await current;
    }
  }

  /** Resolves when the index is complete and a first pass over the files has brought it up to date. */
  async whenReady(): Promise<void> {
    this.start();
    // A reload (roots changed, corrupt database) replaces the promise; wait for the latest one.
    let current: Promise<void> | undefined;
    while (current !== this.built) {
      current = this.built;
      await current?.catch(() => undefined);
    }
  }

  /** True when the index holds every entry (possibly stale by a few seconds), so it answers searches. */
  private isComplete(): boolean {
    if (!this.complete && this.store) this.complete = this.guardedSync(() => this.store?.getMeta('complete') === '1', false);
    return this.complete;
  }

  /**
   * Why the journal has no index, once that is known (the engine is chosen when the index is first opened):
   * queries then scan the entry files. Undefined while an index is in use or not yet opened.
   */
  indexNote(): string | undefined {
    const reason = this.engineChoice?.reason;
    return reason === undefined ? undefined : `journal index off: ${reason}; searches and listings scan the entry files (slower on a large journal)`;
  }

  status(): JournalStatus {
    const s: JournalStatus = {
      state: this.state,
      entries: this.store ? this.guardedSync(() => this.store?.count() ?? 0, 0) : 0,
      indexed: this.isComplete() && this.indexFault === undefined,
      skipped: this.skipped.size,
      roots: this.roots.map((r) => ({ path: r.real, types: [...r.types], exists: r.exists })),
    };
    const note = this.indexNote();
    if (note !== undefined) s.indexNote = note;
    if (this.indexFault !== undefined) s.degraded = this.indexFault;
    if (this.loadMs !== undefined) s.loadMs = Math.round(this.loadMs);
    if (this.indexMs !== undefined) s.indexMs = Math.round(this.indexMs);
    return s;
  }

  /** Files that were skipped (too large, binary, unreadable), with why. */
  diagnostics(): Diagnostic[] {
    return [...this.skipped.values()].map((s) => s.diagnostic);
  }

  async getRoots(): Promise<JournalRoot[]> {
    this.start();
    return (await this.rootsReady) ?? [];
  }

  /** The index database file (':memory:' when the cache is off), once open. */
  indexFile(): string | undefined {
    return this.store?.file;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Keeping the index current

  /**
   * One pass over every root, folder by folder: files whose stamp differs from the index are re-read, new
   * ones added, missing ones dropped, and folders gone since dropped whole. With `full` false, folders whose
   * mtime has not moved since the last pass are not looked into (an edit in place is caught by a full pass or
   * the watcher). Work is done in slices of `sliceMs` (at most 200 index writes each), each slice's writes in
   * one transaction. Returns undefined when cancelled (closing, or the index was replaced).
   */
  private async runPass(generation: number, full: boolean): Promise<{ activeMs: number; writeMs: number; parsed: number } | undefined> {
    const store = this.store;
    if (!store) return undefined;
    const alive = (): boolean => !this.closed && generation === this.generation && this.store === store;
    const roots = this.roots;
    const visited = new Map<string, number>();
    const stats = { activeMs: 0, writeMs: 0, parsed: 0 };
    let ops: StoreOp[] = [];
    let slice = performance.now();
    const flush = (): void => {
      if (ops.length === 0) return;
      const t = performance.now();
      store.apply(ops);
      const ms = performance.now() - t;
      stats.writeMs += ms;
      this.writeCostMs = 0.8 * this.writeCostMs + (0.2 * ms) / ops.length;
      ops = [];
    };
    // A slice ends when its reading and parsing plus the expected cost of its writes reach sliceMs.
    const sliceOver = (): boolean => ops.length >= 200 || performance.now() - slice + ops.length * this.writeCostMs > this.sliceMs;
    const pause = async (): Promise<boolean> => {
      flush();
      stats.activeMs += performance.now() - slice;
      await yieldToLoop();
      slice = performance.now();
      return alive();
    };
    for (const root of roots) {
      if (!root.exists) continue;
      const walker = new DirWalker(root.real, nestedRoots(root, roots));
      for (let listing = walker.next(); listing; listing = walker.next()) {
        visited.set(listing.dir, listing.mtimeMs);
        if (!full && this.dirMtimes.get(listing.dir) === listing.mtimeMs) continue;
        const known = store.filesIn(listing.dir);
        for (const name of listing.files) {
          const file = path.join(listing.dir, name);
          const k = known.get(name);
          known.delete(name);
          if (this.checkFile(file, root, k?.stamp, ops)) stats.parsed++;
          if (sliceOver() && !(await pause())) return undefined;
        }
        // Indexed but not listed: gone (or now a symlink or special file, which the walk skips), unless a
        // regular file was created since the listing (another process wrote it meanwhile).
        for (const [name, k] of known) if (lstatOrUndefined(path.join(listing.dir, name))?.isFile() !== true) ops.push({ kind: 'delete', path: path.join(listing.dir, name), stamp: k.stamp });
        if (sliceOver() && !(await pause())) return undefined;
      }
    }
    // Folders holding indexed entries that the walk did not list: gone, now a symlink, or outside every root
    // (rows the index should never have had). A folder created after the walk passed its parent, by a write
    // meanwhile, is still there and keeps its entries.
    for (const dir of store.dirs()) if (!visited.has(dir) && (!rootOfPath(roots, dir) || !isRealDir(dir))) ops.push({ kind: 'deleteDir', dir, recursive: false });
    flush();
    for (const p of [...this.skipped.keys()]) if (!visited.has(path.dirname(p)) || !lstatOrUndefined(p)) this.skipped.delete(p);
    this.dirMtimes = visited;
    stats.activeMs += performance.now() - slice;
    return stats;
  }

  /**
   * Compare one file with what the index knows (`known`: its stamp there) and queue what it takes to bring
   * the index in line. Returns true when the file was read and parsed.
   */
  private checkFile(file: string, root: JournalRoot, known: FileStamp | undefined, ops: StoreOp[]): boolean {
    const st = lstatOrUndefined(file);
    if (!st) {
      if (known) ops.push({ kind: 'delete', path: file, stamp: known });
      this.skipped.delete(file);
      return false;
    }
    // A symlink or special file goes on to the read, which refuses it (and drops its row) like every read.
    if (st.isFile() && known && known.mtimeMs === st.mtimeMs && known.size === st.size) return false;
    const skipped = this.skipped.get(file)?.stamp;
    if (!known && skipped && skipped.mtimeMs === st.mtimeMs && skipped.size === st.size) return false;
    this.loadInto(file, root, known, ops);
    return true;
  }

  /** Read one file and queue its index update (or note it as skipped). Synchronous. */
  private loadInto(file: string, root: JournalRoot, known: FileStamp | undefined, ops: StoreOp[]): void {
    const out = loadEntrySync(root.real, file, root.types[0] as JournalType, this.maxBytes);
    if (out.kind === 'entry') {
      out.entry.type = entryTypeIn(root, out.entry);
      ops.push({ kind: 'upsert', doc: storeDoc(out.entry, out.stamp) });
      this.skipped.delete(file);
      // A file modified a moment ago may still be being written by a non-atomic writer: look again soon.
      if (this.now() - out.stamp.mtimeMs < 1500) this.scheduleRecheck(file);
      return;
    }
    if (known) ops.push({ kind: 'delete', path: file, stamp: known });
    if (out.kind === 'skipped') {
      const prev = this.skipped.get(file);
      if (!prev || prev.stamp?.mtimeMs !== out.stamp?.mtimeMs || prev.stamp?.size !== out.stamp?.size) {
        this.logger.warn(`journal: skipped ${file}: ${out.diagnostic.message}`);
      }
      this.skipped.set(file, out.stamp ? { diagnostic: out.diagnostic, stamp: out.stamp } : { diagnostic: out.diagnostic });
    } else {
      this.skipped.delete(file);
    }
  }

  private scheduleRecheck(file: string): void {
    this.recheck.add(file);
    if (this.recheckTimer || this.closed) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = undefined;
      const files = [...this.recheck];
      this.recheck.clear();
      void this.refreshFiles(files);
    }, 1000);
    this.recheckTimer.unref();
  }

  /** Re-read files whose size or mtime changed; drop the ones that are gone. Sliced like a pass. */
  private async refreshFiles(files: readonly string[], dirsGone: readonly string[] = []): Promise<void> {
    // A folder reported removed may be back already (moved away and back): then its files speak for themselves.
    let ops: StoreOp[] = dirsGone.filter((dir) => !isRealDir(dir)).map((dir) => ({ kind: 'deleteDir', dir, recursive: true }));
    let slice = performance.now();
    for (const file of files) {
      const store = this.store;
      if (this.closed || !store) return;
      const root = rootOfPath(this.roots, file);
      if (!root) continue;
      const ok = this.guardedSync(
        () => {
          this.checkFile(file, root, store.stamp(file), ops);
          if (ops.length < 200 && performance.now() - slice <= this.sliceMs) return true;
          store.apply(ops);
          ops = [];
          return true;
        },
        false,
        true,
      );
      if (!ok) return;
      if (ops.length === 0 && performance.now() - slice > this.sliceMs) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    const store = this.store;
    if (!this.closed && store && ops.length > 0) this.guardedSync(() => store.apply(ops), undefined, true);
  }

  private async applyEvents(events: readonly WatchEvent[]): Promise<void> {
    if (this.closed) return;
    this.scanner.noteChange();
    const files: string[] = [];
    const dirs: string[] = [];
    for (const ev of events) {
      if (ev.kind === 'dir') {
        dirs.push(ev.path);
        for (const p of [...this.skipped.keys()]) if (isInside(ev.path, p)) this.skipped.delete(p);
      } else {
        files.push(ev.path);
      }
    }
    await this.refreshFiles(files, dirs);
  }

  /**
   * Catch what the watcher missed: new, changed and removed files, roots created or re-pointed since.
   * Files are re-stat'ed where their folder changed, and everywhere every tenth round.
   */
  reconcile(): Promise<void> {
    this.start();
    this.reconciling ??= this.doReconcile().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private async doReconcile(): Promise<void> {
    await this.whenReady();
    if (this.closed) return;
    const roots = await resolveRoots({ project: this.config.journalDir, user: this.config.userJournalDir });
    if (this.closed) return;
    if (!sameRoots(roots, this.roots)) {
      this.logger.info('journal: roots changed; reloading');
      this.roots = roots;
      this.rootsReady = Promise.resolve(roots);
      this.skipped.clear();
      this.beginLoad();
      this.watchExisting(roots);
      return;
    }
    for (const [i, r] of roots.entries()) (this.roots[i] as JournalRoot).exists = r.exists;
    this.watchExisting(this.roots);
    // While the index lacks entries (a write failed), every pass is a full one: it is what clears the fault.
    const full = ++this.reconcileRound % 10 === 0 || this.indexFault !== undefined;
    const faults = this.faults;
    const pass = await this.guarded(() => this.runPass(this.generation, full), undefined, true);
    if (pass && full && this.faults === faults) this.indexFault = undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Queries

  async search(query: string, options: SearchOptions = {}): Promise<SearchOutcome> {
    await this.whenLoaded();
    // A first build that finishes quickly (an empty or small journal, the index opened on this very call)
    // is waited for: the answer then comes from the index, like every later one. A long build is not.
    if (!this.isComplete()) {
      const left = this.buildStartedAt + (this.options.firstBuildWaitMs ?? WAIT_FOR_FIRST_BUILD_MS) - performance.now();
      if (left > 0) await within(this.whenReady(), left);
    }
    if (this.closed) throw new CatalogError('CLOSED', 'The journal is closed.');
    const index = this.index;
    // An index that lacks entries (a write to it failed) does not answer: a scan finds every entry.
    if (index && this.isComplete() && this.indexFault === undefined) {
      try {
        return { results: index.search(query, options), indexed: true };
      } catch (err) {
        this.failed(err);
        if (!isCorruption(err)) throw err;
      }
    }
    const results = await this.scanner.searchFiles(query, options);
    return this.indexFault === undefined ? { results, indexed: false } : { results, indexed: false, degraded: this.indexFault };
  }

  /** Listings answer from the index: wait for it to be complete (it is at once on a warm start). */
  private async whenListable(): Promise<JournalIndex | undefined> {
    await this.whenLoaded();
    if (!this.isComplete()) await this.whenReady();
    return this.index;
  }

  /** True when no index can be had at all (no SQLite engine): every query scans. Known once loaded. */
  private get unindexed(): boolean {
    return this.engineChoice !== undefined && this.engineChoice.engine === undefined;
  }

  async listRecent(options: { limit?: number | undefined; type?: JournalTypeFilter | undefined; days?: number | undefined } = {}): Promise<EntrySummary[]> {
    const index = await this.whenListable();
    if (this.unindexed) {
      const since = this.now() - (options.days ?? 30) * 86_400_000;
      return (await this.scanner.readRecentFiles(options.limit ?? 10, options.type ?? 'both', since)).map((e) => summaryOf(entryMeta(e), e));
    }
    if (!index) return [];
    const days = options.days ?? 30;
    const recent = this.guardedSync(() => index.recent({ limit: options.limit ?? 10, type: options.type ?? 'both', since: this.now() - days * 86_400_000 }), []);
    return recent.map((e) => index.summary(e)).filter((e): e is EntrySummary => e !== undefined);
  }

  async readRecent(options: { limit?: number | undefined; type?: JournalTypeFilter | undefined } = {}): Promise<EntryContent[]> {
    const index = await this.whenListable();
    const out: EntryContent[] = [];
    if (this.unindexed) {
      for (const e of await this.scanner.readRecentFiles(options.limit ?? 5, options.type ?? 'both', undefined)) {
        try {
          out.push(await this.read(e.path));
        } catch {
          // removed or replaced since the walk: skip it
        }
      }
      return out;
    }
    if (!index) return [];
    for (const e of this.guardedSync(() => index.recent({ limit: (options.limit ?? 5) + 5, type: options.type ?? 'both' }), [])) {
      if (out.length >= (options.limit ?? 5)) break;
      try {
        out.push(await this.read(e.path));
      } catch {
        // removed or replaced since it was indexed: skip it
      }
    }
    return out;
  }

  /** Read one entry by path (absolute, or relative to a root). Throws CatalogError when refused. */
  async read(input: string): Promise<EntryContent> {
    return readEntry(input, await this.getRoots(), this.maxBytes);
  }

  /** Write an entry (process_thoughts; see entries.ts writeEntries): into the files, then into the index at once. */
  async write(thoughts: Thoughts): Promise<WrittenEntry[]> {
    if (this.closed) throw new CatalogError('CLOSED', 'The journal is closed.');
    return writeEntries(
      thoughts,
      {
        rootsForWrite: async () => {
          await this.whenLoaded();
          return this.getRoots();
        },
        written: (entry, stamp, root, roots) => {
          this.scanner.noteChange();
          const store = this.store;
          // Visible to the next search at once (a failure here is logged and marks the index as lacking entries;
          // searches scan meanwhile, and the watcher or the next pass retries).
          if (store && !this.closed) this.guardedSync(() => store.upsert(storeDoc(entry, stamp)), undefined, true);
          this.skipped.delete(entry.path);
          if (!root.exists) {
            root.exists = true;
            this.watchExisting(roots);
          }
        },
      },
      { maxBytes: this.maxBytes, now: this.now },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    this.state = 'closed';
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.reconcileTimer = undefined;
    this.recheckTimer = undefined;
    const w = this.watcher;
    this.watcher = undefined;
    if (w) await w.close();
    await this.built?.catch(() => undefined);
    await this.reconciling?.catch(() => undefined);
    const store = this.store;
    this.store = undefined;
    this.index = undefined;
    try {
      store?.close();
    } catch (err) {
      this.logger.warn(`journal: closing the index: ${(err as Error).message}`);
    }
  }
}
