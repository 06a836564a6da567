/**
 * Watching the journal roots (chokidar), debounced. To keep the cost flat whatever the journal size, day
 * folders (`YYYY-MM-DD`) older than a few days are not watched file by file: entries are written into
 * today's folder, and the service's periodic reconcile catches changes anywhere else.
 */
import path from 'node:path';
import type { Stats } from 'node:fs';
import chokidar, { type FSWatcher } from 'chokidar';
import { MAX_WALK_DEPTH } from './load.js';

export interface WatchEvent {
  path: string;
  /** 'dir' for a removed folder (every entry under it is gone). */
  kind: 'file' | 'dir';
}

export interface WatcherOptions {
  onEvents: (events: WatchEvent[]) => void;
  onError?: (err: unknown) => void;
  /** Quiet time before a batch of events is delivered (ms). */
  debounceMs?: number;
  /** A batch is delivered at the latest this long after its first event (ms). */
  maxWaitMs?: number;
  /** Day folders older than this many days are left to the reconcile pass. */
  recentDays?: number;
  now?: () => number;
}

const DAY_DIR = /^(\d{4})-(\d{2})-(\d{2})$/;

export class JournalWatcher {
  private watcher: FSWatcher | undefined;
  private readonly roots = new Set<string>();
  private pending = new Map<string, WatchEvent>();
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;
  private closed = false;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly recentDays: number;
  private readonly now: () => number;

  constructor(private readonly options: WatcherOptions) {
    this.debounceMs = options.debounceMs ?? 75;
    this.maxWaitMs = options.maxWaitMs ?? 500;
    this.recentDays = options.recentDays ?? 3;
    this.now = options.now ?? Date.now;
  }

  watching(root: string): boolean {
    return this.roots.has(root);
  }

  /** Start watching a root folder (its real path; it must exist). */
  add(root: string): void {
    if (this.closed || this.roots.has(root)) return;
    this.roots.add(root);
    if (!this.watcher) {
      this.watcher = chokidar.watch(root, {
        ignoreInitial: true,
        followSymlinks: false,
        depth: MAX_WALK_DEPTH,
        persistent: true,
        ignored: (p: string, stats?: Stats) => this.ignored(p, stats),
      });
      this.watcher.on('add', (p) => this.queue(p, 'file'));
      this.watcher.on('change', (p) => this.queue(p, 'file'));
      this.watcher.on('unlink', (p) => this.queue(p, 'file'));
      this.watcher.on('unlinkDir', (p) => this.queue(p, 'dir'));
      this.watcher.on('error', (err) => this.options.onError?.(err));
    } else {
      this.watcher.add(root);
    }
  }

  private ignored(p: string, stats?: Stats): boolean {
    if (this.roots.has(p)) return false;
    const base = path.basename(p);
    if (base.startsWith('.') || base === 'node_modules') return true;
    if (this.roots.has(path.dirname(p))) {
      const m = DAY_DIR.exec(base);
      if (m) {
        const day = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
        if (day < this.now() - this.recentDays * 86_400_000) return true;
      }
    }
    if (stats?.isFile() && !/\.md$/i.test(base)) return true;
    return false;
  }

  private queue(p: string, kind: WatchEvent['kind']): void {
    if (this.closed) return;
    if (kind === 'file' && !/\.md$/i.test(p)) return;
    if (this.pending.size === 0) this.firstAt = this.now();
    this.pending.set(p, { path: p, kind });
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstAt + this.maxWaitMs - this.now()));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.closed || this.pending.size === 0) return;
    const events = [...this.pending.values()];
    this.pending = new Map();
    this.options.onEvents(events);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    const w = this.watcher;
    this.watcher = undefined;
    if (w) await w.close();
  }
}
