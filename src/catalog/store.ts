/**
 * CatalogStore holds the current immutable snapshot and swaps it whole on reload. A call in flight keeps
 * the snapshot it started with, so no half-parsed agent is ever visible.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import chokidar, { type FSWatcher } from 'chokidar';
import { agentSources, sharedPromptFolders, type CatalogConfig } from './config.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import { buildSnapshot, MAX_SCAN_DEPTH, SYNC_SCAN_MAX_FILES, type ParseCache } from './load.js';
import { parseCacheFile, readParseCache, writeParseCache } from './parse-cache-file.js';
import { BodyStore } from './packed-body.js';
import { VERSION } from '../shared/version.js';
import type { AgentRecord, CatalogSnapshot } from './types.js';
import type { DerivedCodec } from './derived.js';

/** How long after a load its parse cache write waits (the first requests are answered meanwhile). */
const SAVE_AFTER_LOAD_MS = 1000;

export interface CatalogChange {
  snapshot: CatalogSnapshot;
  /** True when the set of agent names changed (prompt/resource list_changed is due). */
  namesChanged: boolean;
}

export class CatalogStore extends EventEmitter<{ change: [CatalogChange]; close: [] }> {
  /** The bodies of every record this store parsed or read from the parse cache; its snapshots' `bodies`. */
  readonly bodies = new BodyStore();
  private current: CatalogSnapshot | undefined;
  private cache: ParseCache = new Map();
  private cacheDirty = false;
  private cacheLoaded = false;
  private saving: Promise<void> | undefined;
  private derivedTimer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private watcherReady: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<CatalogSnapshot> | undefined;
  private pending = false;
  private firstLoad: Promise<CatalogSnapshot> | undefined;
  private version = 0;
  private closed = false;
  private derived: DerivedCodec | undefined;

  constructor(
    readonly config: CatalogConfig,
    private readonly logger: Logger = silentLogger,
    /** Debounce for file events, in ms. */
    private readonly debounceMs = 80,
  ) {
    super();
  }

  /** Persist `codec`'s data with the parse cache (call before load()). */
  persistDerived(codec: DerivedCodec): this {
    this.derived = codec;
    return this;
  }

  /** The current snapshot; load() must have resolved once. */
  get snapshot(): CatalogSnapshot {
    if (!this.current) throw new Error('catalog not loaded yet: await store.load() first');
    return this.current;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get loaded(): boolean {
    return this.current !== undefined;
  }

  get(name: string): AgentRecord | undefined {
    return this.snapshot.agents.get(name);
  }

  async load(): Promise<CatalogSnapshot> {
    if (this.current) return this.current;
    return (this.firstLoad ??= this.reload());
  }

  /** The current snapshot, waiting for the first load if it is still running (servers answer initialize first). */
  ready(): Promise<CatalogSnapshot> {
    return this.current ? Promise.resolve(this.current) : this.load();
  }

  /** Rebuild the snapshot (reusing unchanged parses) and swap it in. Concurrent calls coalesce. */
  reload(): Promise<CatalogSnapshot> {
    if (this.reloading) {
      this.pending = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        const sources = agentSources(this.config);
        if (!this.cacheLoaded && this.config.useCache) {
          this.cacheLoaded = true;
          this.cache = await readParseCache(this.cacheFile(), VERSION, this.bodies, this.derived);
        }
        let snap: CatalogSnapshot;
        do {
          this.pending = false;
          snap = await buildSnapshot({
            sources,
            sharedPromptDirs: sharedPromptFolders(this.config),
            cache: this.cache,
            bodies: this.bodies,
            version: ++this.version,
            onParsed: () => (this.cacheDirty = true),
            // The first load of a catalog the cache knows to be small: nothing is served before it anyway.
            // Reloads, and big catalogs, walk asynchronously so calls in flight keep being answered.
            syncScan: !this.current && this.cache.size > 0 && this.cache.size <= SYNC_SCAN_MAX_FILES,
            // Bodies are compressed by the cache write, which waits for the first answers (below).
            packOnSave: this.config.useCache,
          });
        } while (this.pending && !this.closed);
        if (this.closed) return snap;
        // Written a little later, not while the first requests after a load are being answered; close()
        // writes what is still unsaved.
        if (this.cacheDirty && this.config.useCache) this.saveWithin(SAVE_AFTER_LOAD_MS);
        const before = this.current;
        this.current = snap;
        const namesChanged = !before || before.names.length !== snap.names.length || before.names.some((n, i) => snap.names[i] !== n);
        if (before) this.emit('change', { snapshot: snap, namesChanged });
        return snap;
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /**
   * Derived data was added to records (e.g. boundary counts): persist it with a cache write within
   * `delayMs` (many small additions share one write; a finished batch passes 0).
   */
  noteDerived(delayMs = 1000): void {
    if (!this.config.useCache || this.closed) return;
    this.cacheDirty = true;
    this.saveWithin(delayMs);
  }

  /** A cache write within `delayMs` (one timer for all the changes meanwhile; 0: now). */
  private saveWithin(delayMs: number): void {
    if (delayMs <= 0) {
      if (this.derivedTimer) clearTimeout(this.derivedTimer);
      this.derivedTimer = undefined;
      this.saveCache();
      return;
    }
    if (this.derivedTimer) return;
    this.derivedTimer = setTimeout(() => {
      this.derivedTimer = undefined;
      if (this.cacheDirty && !this.closed) this.saveCache();
    }, delayMs);
    this.derivedTimer.unref?.();
  }

  private cacheFile(): string {
    return parseCacheFile(this.config.cacheDir, agentSources(this.config).map((s) => s.dir));
  }

  /** Write the parse cache in the background (one write at a time; failures only logged). */
  private saveCache(): void {
    if (this.saving) return;
    this.cacheDirty = false;
    this.saving = writeParseCache(this.cacheFile(), VERSION, this.cache, this.bodies, this.derived)
      .catch((err: unknown) => this.logger.warn(`parse cache not written: ${(err as Error).message}`))
      .finally(() => {
        this.saving = undefined;
        if (this.cacheDirty && !this.closed) this.saveCache();
      });
  }

  /** Watch every source and shared-prompt folder that exists; reload (debounced) on any change. */
  watch(): void {
    if (this.watcher || this.closed) return;
    const dirs = [...agentSources(this.config).map((s) => s.dir), ...sharedPromptFolders(this.config)].filter((d) => {
      try {
        return fs.statSync(d).isDirectory();
      } catch {
        return false;
      }
    });
    if (dirs.length === 0) return;
    this.watcher = chokidar.watch(dirs, {
      ignoreInitial: true,
      followSymlinks: false,
      depth: MAX_SCAN_DEPTH,
      ignored: (p, stats) => (stats?.isFile() ?? false) && !p.endsWith('.md'),
    });
    const watcher = this.watcher;
    this.watcherReady = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    const schedule = (): void => {
      if (this.closed) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.reload().catch((err: unknown) => this.logger.error(`reload failed: ${(err as Error).message}`));
      }, this.debounceMs);
      this.timer.unref?.();
    };
    this.watcher.on('all', schedule);
    this.watcher.on('error', (err) => this.logger.warn(`watcher: ${(err as Error).message}`));
  }

  /** Resolves once the watcher is ready (tests wait on this before touching files). */
  watchReady(): Promise<void> {
    return this.watcherReady;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emit('close');
    if (this.derivedTimer) clearTimeout(this.derivedTimer);
    this.derivedTimer = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const w = this.watcher;
    this.watcher = undefined;
    if (w) {
      clearChokidarThrottles(w);
      await w.close();
    }
    // A load still running is not awaited: its result is dropped (closed), and the process may exit.
    if (this.saving) await this.saving;
    // What is still unsaved (derived data made in this process: boundary counts, routing documents) is
    // saved now rather than lost.
    if (this.cacheDirty && this.config.useCache && this.current) {
      this.saveCache();
      if (this.saving) await this.saving;
    }
  }
}

/**
 * chokidar 4.0.3's close() leaves its 1 s readdir throttle timers armed, which keeps a closing process alive
 * for up to a second. Clear them first (private field; harmless if a later version renames it).
 */
function clearChokidarThrottles(w: FSWatcher): void {
  const throttled = (w as unknown as { _throttled?: Map<string, Map<string, { timeoutObject?: NodeJS.Timeout }>> })._throttled;
  if (!(throttled instanceof Map)) return;
  for (const m of throttled.values()) for (const t of m.values()) if (t.timeoutObject) clearTimeout(t.timeoutObject);
}
