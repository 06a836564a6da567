/**
 * JournalIndexer: owns the journal's full-text index and its lifecycle (lifecycle.ts). start() never blocks:
 * roots are resolved and the database opened (store.ts; no SQLite engine: `unindexed`), then a first pass
 * brings it in line with the files (reconciler.ts). A watcher (debounced) and a periodic reconcile (unref'd
 * timer) keep it current. A write to the index that fails marks it degraded until a full pass gets through;
 * a database that turns out corrupt is deleted and built again (a new load). Until a first build has ever
 * completed on the database, or while it is degraded, it does not answer searches (a scan does).
 */
import type { JournalConfig } from './config.js';
import type { Logger } from '../shared/logger.js';
import { JournalIndex, storeDoc, type EntryMeta, type EntryReader } from './index.js';
import {
  degradedOf,
  holdsEveryEntry,
  loadOf,
  nextLifecycle,
  openIndexOf,
  reportedState,
  type JournalState,
  type Lifecycle,
  type LifecycleEvent,
  type OpenIndex,
} from './lifecycle.js';
import { IndexReconciler, type PassStats } from './reconciler.js';
import { resolveRoots, type JournalRoot } from './roots.js';
import { chooseSqliteEngine, type EngineChoice } from './sqlite.js';
import { isCorruption, JournalStore, MEMORY, storeFile } from './store.js';
import type { Diagnostic, FileStamp, JournalEntry, JournalHit, JournalType, JournalTypeFilter, SearchOptions } from './types.js';
import { JournalWatcher, type WatchEvent } from './watch.js';
import { within } from '../shared/within.js';

export interface IndexerOptions {
  /** Watch the roots for changes. */
  watch: boolean;
  /** Period of the reconcile pass in ms (0 turns it off). */
  reconcileMs: number;
  /** Debounce of watcher events in ms. */
  debounceMs: number;
  /** Largest entry file read, in bytes. */
  maxEntryBytes: number;
  /** Work per time slice before yielding to the event loop, in ms. */
  sliceMs: number;
  /** How long a search waits for an unfinished first build before a scan answers it, in ms. */
  firstBuildWaitMs: number;
  /** A first build (of an index never completed) starts once this settles (undefined: at once). */
  firstBuildAfter: Promise<unknown> | undefined;
  now: () => number;
}

/** What the indexer tells the rest of the journal. */
export interface IndexerHooks {
  /** The watcher reported a change to the journal. */
  changed(): void;
  /** A first build completed: the index answers from now on. */
  completed(): void;
}

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

const sameRoots = (a: readonly JournalRoot[], b: readonly JournalRoot[]): boolean =>
  a.length === b.length && a.every((r, i) => r.real === b[i]?.real && r.types.join() === b[i]?.types.join());

export class JournalIndexer {
  private life: Lifecycle = { kind: 'idle' };
  /** Loads begun so far (each load's id). */
  private loads = 0;
  private roots: JournalRoot[] = [];
  private rootsReady: Promise<JournalRoot[]> | undefined;
  /** The SQLite engine (chosen when the index is first opened), or why there is none. */
  private engineChoice: EngineChoice | undefined;
  /** Index writes that failed so far: a full pass during which none did clears `degraded`. */
  private writeFaults = 0;
  private firstPass: { loadMs: number; indexMs: number } | undefined;
  private watcher: JournalWatcher | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | undefined;
  private reconcileRound = 0;
  private signalClosed: () => void = () => undefined;
  /** Settles on close (what waits on something else gives up then). */
  private readonly closing = new Promise<void>((resolve) => (this.signalClosed = resolve));
  private readonly reconciler: IndexReconciler;

  constructor(
    private readonly config: JournalConfig,
    private readonly logger: Logger,
    private readonly options: IndexerOptions,
    private readonly hooks: IndexerHooks,
    /** Reads an entry file back for an index row (excerpts); see entries.ts entryFileReader. */
    private readonly reader: EntryReader,
  ) {
    this.reconciler = new IndexReconciler({
      logger,
      roots: () => this.roots,
      openStore: () => openIndexOf(this.life)?.store,
      guardWrite: (write, fallback) => this.guardedSync(write, fallback, true),
      maxEntryBytes: options.maxEntryBytes,
      sliceMs: options.sliceMs,
      now: options.now,
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Lifecycle

  /** Every change of state goes through here. */
  private dispatch(event: LifecycleEvent): void {
    this.life = nextLifecycle(this.life, event);
  }

  get closed(): boolean {
    return this.life.kind === 'closed';
  }

  /** The open index of load `load`, while that load is the current one and has one. */
  private indexOfLoad(load: number): OpenIndex | undefined {
    return loadOf(this.life)?.id === load ? openIndexOf(this.life) : undefined;
  }

  /** Begin opening, reconciling and watching in the background. Returns at once; safe to call twice. */
  start(): void {
    if (this.life.kind !== 'idle') return;
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
    if (this.options.watch) {
      this.watcher = new JournalWatcher({
        debounceMs: this.options.debounceMs,
        now: this.options.now,
        onEvents: (events) => void this.applyEvents(events),
        onError: (err) => this.logger.warn(`journal: watcher: ${(err as Error).message ?? String(err)}`),
      });
      void this.rootsReady.then((roots) => this.watchExisting(roots));
    }
    const every = this.options.reconcileMs;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => void this.reconcile().catch((err: unknown) => this.logger.warn(`journal: reconcile: ${(err as Error).message}`)), every);
      this.reconcileTimer.unref();
    }
  }

  /** A new load: drop the index in use (if any), open one for the current roots, then run a full pass over the files. */
  private beginLoad(): void {
    const previous = openIndexOf(this.life);
    const id = ++this.loads;
    const startedAt = performance.now();
    const opened = this.openIndex(id).catch((err: unknown) => this.logger.error(`journal: cannot open the index: ${(err as Error).stack ?? String(err)}`));
    const built = opened.then(() => this.buildFirst(id));
    built.catch((err: unknown) => this.logger.error(`journal: indexing failed: ${(err as Error).stack ?? String(err)}`));
    this.dispatch({ kind: 'load', load: { id, startedAt, opened, built } });
    this.closeStore(previous?.store);
  }

  private closeStore(store: JournalStore | undefined): void {
    try {
      store?.close();
    } catch (err) {
      this.logger.warn(`journal: closing the index: ${(err as Error).message}`);
    }
  }

  /** Open the index of load `id` (reads and creates the database file), or find that there can be none. */
  private async openIndex(id: number): Promise<void> {
    const roots = (await this.rootsReady) ?? [];
    if (loadOf(this.life)?.id !== id) return;
    if (!this.engineChoice) {
      this.engineChoice = chooseSqliteEngine(this.config.sqliteEngines);
      if (this.engineChoice.reason !== undefined) this.logger.warn(`journal: ${this.indexNote()}`);
    }
    const { engine } = this.engineChoice;
    if (!engine) {
      this.dispatch({ kind: 'noEngine', load: id });
      return;
    }
    const file = this.config.useCache ? storeFile(this.config.cacheDir, roots) : MEMORY;
    const store = JournalStore.open(file, this.logger, engine);
    this.dispatch({ kind: 'opened', load: id, open: { store, index: new JournalIndex(store, this.reader) } });
    const complete = this.guardedSync(() => store.getMeta('complete') === '1', false);
    if (complete) this.dispatch({ kind: 'completeSeen', load: id });
    this.reconciler.forgetFolders();
    if (store.file !== MEMORY) this.logger.debug(`journal: index ${store.file}${complete ? '' : ' (first build)'}`);
  }

  /**
   * The first pass of load `id`: a first build (bulk mode, then the index is marked complete) or, on an index
   * already complete, a reconcile with the files.
   */
  private async buildFirst(id: number): Promise<void> {
    const life = this.life;
    if (life.kind !== 'opened' || life.load.id !== id) return;
    const { store } = life.open;
    const warm = life.complete;
    if (!warm && this.options.firstBuildAfter) {
      await Promise.race([this.options.firstBuildAfter.catch(() => undefined), this.closing]);
      if (!this.indexOfLoad(id) || !store.open) return;
    }
    this.dispatch({ kind: 'passStarted', load: id, warm });
    const t0 = performance.now();
    if (!warm) this.guardedSync(() => store.setBulk(true), undefined, true);
    const faults = this.writeFaults;
    const pass = await this.guarded(() => this.runPass(id, true), undefined, true);
    if (!warm && store.open) this.guardedSync(() => store.setBulk(false), undefined, true);
    if (!pass || loadOf(this.life)?.id !== id) return;
    if (this.writeFaults === faults) this.dispatch({ kind: 'whole', load: id });
    if (!holdsEveryEntry(this.life)) {
      this.guardedSync(() => store.setMeta('complete', '1'), undefined, true);
      this.hooks.completed();
    }
    this.firstPass = { loadMs: pass.activeMs - pass.writeMs, indexMs: pass.writeMs };
    this.dispatch({ kind: 'passDone', load: id });
    const entries = this.guardedSync(() => openIndexOf(this.life)?.store.count() ?? 0, 0);
    this.logger.info(
      `journal: ${entries} entries ${warm ? 'reconciled with the index' : 'indexed'} in ${Math.round(performance.now() - t0)} ms ` +
        `(${pass.parsed} parsed, read+parse ${Math.round(this.firstPass.loadMs)} ms, index writes ${Math.round(this.firstPass.indexMs)} ms)`,
    );
  }

  /**
   * The database turned out corrupt while in use: drop it, delete the file, and build a new one (search
   * scans meanwhile). Other errors are logged, and a failed write marks the index as degraded (lacking
   * entries) until a full pass gets through: the next pass or event retries.
   */
  private failed(err: unknown, writing = false): void {
    if (this.closed) return;
    const open = openIndexOf(this.life);
    if (!isCorruption(err)) {
      const message = (err as Error).message ?? String(err);
      this.logger.warn(`journal: index: ${message}`);
      if (writing) {
        this.writeFaults++;
        this.dispatch({ kind: 'writeFailed', reason: `the journal index ${open?.store.file ?? ''} cannot be written (${message}): searches scan the entry files until it can` });
      }
      return;
    }
    if (!open) return;
    this.logger.warn(`journal: index ${open.store.file} is corrupt (${(err as Error).message}); rebuilding it`);
    try {
      open.store.close();
    } catch {
      // already unusable
    }
    JournalStore.remove(open.store.file);
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

  /** Resolves when search can answer: roots resolved and the index opened (it answers if complete, else a scan does). */
  whenLoaded(): Promise<void> {
    return this.whenLoadReaches('opened');
  }

  /** Resolves when the index is complete and a first pass over the files has brought it up to date. */
  whenReady(): Promise<void> {
    return this.whenLoadReaches('built');
  }

  /** Wait for `stage` of the current load; a reload (roots changed, corrupt database) begins a new load, so wait for the latest one. */
  private async whenLoadReaches(stage: 'opened' | 'built'): Promise<void> {
    this.start();
    let current: Promise<void> | undefined;
    while (current !== loadOf(this.life)?.[stage]) {
      current = loadOf(this.life)?.[stage];
      await current?.catch(() => undefined);
    }
  }

  /** True when the index holds every entry (possibly stale by a few seconds). Asks the database while it does not. */
  private isComplete(): boolean {
    const life = this.life;
    if (holdsEveryEntry(life) || (life.kind !== 'opened' && life.kind !== 'building')) return holdsEveryEntry(life);
    if (this.guardedSync(() => life.open.store.getMeta('complete') === '1', false)) this.dispatch({ kind: 'completeSeen', load: life.load.id });
    return holdsEveryEntry(this.life);
  }

  /**
   * Why the journal has no index, once that is known (the engine is chosen when the index is first opened):
   * queries then scan the entry files. Undefined while an index is in use or not yet opened.
   */
  indexNote(): string | undefined {
    const reason = this.engineChoice?.reason;
    return reason === undefined ? undefined : `journal index off: ${reason}; searches and listings scan the entry files (slower on a large journal)`;
  }

  /** Why the index lacks entries (a write to it failed), while it does. */
  degraded(): string | undefined {
    return degradedOf(this.life);
  }

  status(): JournalStatus {
    const open = openIndexOf(this.life);
    const s: JournalStatus = {
      state: reportedState(this.life),
      entries: open ? this.guardedSync(() => open.store.count(), 0) : 0,
      indexed: this.isComplete() && this.degraded() === undefined,
      skipped: this.reconciler.skippedCount(),
      roots: this.roots.map((r) => ({ path: r.real, types: [...r.types], exists: r.exists })),
    };
    const note = this.indexNote();
    if (note !== undefined) s.indexNote = note;
    const degraded = this.degraded();
    if (degraded !== undefined) s.degraded = degraded;
    if (this.firstPass !== undefined) {
      s.loadMs = Math.round(this.firstPass.loadMs);
      s.indexMs = Math.round(this.firstPass.indexMs);
    }
    return s;
  }

  /** Files that were skipped (too large, binary, unreadable), with why. */
  diagnostics(): Diagnostic[] {
    return this.reconciler.diagnostics();
  }

  async getRoots(): Promise<JournalRoot[]> {
    this.start();
    return (await this.rootsReady) ?? [];
  }

  /** The roots as they are now (empty until resolved). */
  currentRoots(): readonly JournalRoot[] {
    return this.roots;
  }

  /** The index database file (':memory:' when the cache is off), once open. */
  indexFile(): string | undefined {
    return openIndexOf(this.life)?.store.file;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Queries

  /**
   * Wait for the index to be opened and, shortly after a load began, for its first build: a build that
   * finishes quickly (an empty or small journal, the index opened on this very call) then answers, like
   * every later search. A long build is not waited for.
   */
  async whenSearchable(): Promise<void> {
    await this.whenLoaded();
    if (this.isComplete()) return;
    const load = loadOf(this.life);
    if (!load) return;
    const left = load.startedAt + this.options.firstBuildWaitMs - performance.now();
    if (left > 0) await within(this.whenReady(), left);
  }

  /**
   * Search the index (synchronous), or undefined when it cannot answer: not complete, degraded (a write to
   * it failed, so a scan finds every entry), absent, or found corrupt just now.
   */
  search(query: string, options: SearchOptions): JournalHit[] | undefined {
    const open = openIndexOf(this.life);
    if (!open || !this.isComplete() || this.degraded() !== undefined) return undefined;
    try {
      return open.index.search(query, options);
    } catch (err) {
      this.failed(err);
      if (!isCorruption(err)) throw err;
      return undefined;
    }
  }

  /** Listings answer from the index: wait for it to be complete (it is at once on a warm start). */
  async whenListable(): Promise<void> {
    await this.whenLoaded();
    if (!this.isComplete()) await this.whenReady();
  }

  /**
   * Entries newest first from the index ([] when it is not open); 'unindexed' when there can be no index
   * (no SQLite engine): the caller scans the files instead.
   */
  recent(query: { limit: number; type: JournalTypeFilter; since?: number }): EntryMeta[] | 'unindexed' {
    if (this.engineChoice !== undefined && this.engineChoice.engine === undefined) return 'unindexed';
    const open = openIndexOf(this.life);
    if (!open) return [];
    return this.guardedSync(() => open.index.recent(query), []);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Keeping the index current

  /**
   * An entry this process wrote: into the index at once, visible to the next search (a failure is logged
   * and marks the index degraded; searches scan meanwhile, and the watcher or the next pass retries). A root
   * the write created is watched from now on.
   */
  noteWritten(entry: JournalEntry, stamp: FileStamp, root: JournalRoot, roots: readonly JournalRoot[]): void {
    const open = openIndexOf(this.life);
    if (open) this.guardedSync(() => open.store.upsert(storeDoc(entry, stamp)), undefined, true);
    this.reconciler.noteWritten(entry.path);
    if (!root.exists) {
      root.exists = true;
      this.watchExisting(roots);
    }
  }

  private watchExisting(roots: readonly JournalRoot[]): void {
    if (!this.watcher || this.closed) return;
    for (const r of roots) if (r.exists && !this.watcher.watching(r.real)) this.watcher.add(r.real);
  }

  /** A pass of load `load` over the files (see IndexReconciler.readPass); undefined when cancelled or the load has no index. */
  private async runPass(load: number, full: boolean): Promise<PassStats | undefined> {
    const open = this.indexOfLoad(load);
    if (!open) return undefined;
    return this.reconciler.readPass(open.store, full, () => this.indexOfLoad(load) === open);
  }

  private async applyEvents(events: readonly WatchEvent[]): Promise<void> {
    if (this.closed) return;
    this.hooks.changed();
    await this.reconciler.applyEvents(events);
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
      this.reconciler.forgetSkipped();
      this.beginLoad();
      this.watchExisting(roots);
      return;
    }
    for (const [i, r] of roots.entries()) (this.roots[i] as JournalRoot).exists = r.exists;
    this.watchExisting(this.roots);
    // While the index lacks entries (a write failed), every pass is a full one: it is what clears the fault.
    const full = ++this.reconcileRound % 10 === 0 || this.degraded() !== undefined;
    const faults = this.writeFaults;
    const load = loadOf(this.life)?.id ?? 0;
    const pass = await this.guarded(() => this.runPass(load, full), undefined, true);
    if (pass && full && this.writeFaults === faults) this.dispatch({ kind: 'whole', load });
  }

  async close(): Promise<void> {
    const load = loadOf(this.life);
    const open = openIndexOf(this.life);
    if (this.closed) return;
    this.dispatch({ kind: 'close' });
    this.signalClosed();
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = undefined;
    this.reconciler.stop();
    const w = this.watcher;
    this.watcher = undefined;
    if (w) await w.close();
    await load?.built.catch(() => undefined);
    await this.reconciling?.catch(() => undefined);
    this.closeStore(open?.store);
  }
}
