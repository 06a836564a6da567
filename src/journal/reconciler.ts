/**
 * IndexReconciler: brings an open index in line with the entry files, and keeps the files it had to skip.
 * A pass walks the roots folder by folder in time slices (stat every file, re-read only new or changed ones,
 * drop the missing), writing in small batches; single files are re-read on watcher events, and again a
 * moment after a change (a non-atomic writer may still be writing). Everything here reads entry files.
 */
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../shared/logger.js';
import { storeDoc } from './index.js';
import { DirWalker, loadEntrySync } from './load.js';
import { entryTypeIn, isInside, nestedRoots, rootOfPath, type JournalRoot } from './roots.js';
import type { JournalStore, StoreOp } from './store.js';
import type { Diagnostic, FileStamp, JournalType } from './types.js';
import type { WatchEvent } from './watch.js';

export interface PassStats {
  /** Time working (walking, reading, parsing, writing), in ms. */
  activeMs: number;
  /** Of which writing the index, in ms. */
  writeMs: number;
  /** Files read and parsed. */
  parsed: number;
}

export interface ReconcilerOptions {
  logger: Logger;
  /** The journal roots as they are now. */
  roots: () => readonly JournalRoot[];
  /** The index open now; undefined when there is none (or the journal is closed). */
  openStore: () => JournalStore | undefined;
  /** Run an index write; a failure is dealt with (logged, index marked degraded, or rebuilt if corrupt) and gives `fallback`. */
  guardWrite: <T>(write: () => T, fallback: T) => T;
  maxEntryBytes: number;
  sliceMs: number;
  now: () => number;
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

export class IndexReconciler {
  /** Files skipped (too large, binary, unreadable), with why and the stamp they had then. */
  private readonly skipped = new Map<string, { diagnostic: Diagnostic; stamp?: FileStamp }>();
  /** Folder → mtime at the last pass: a folder whose mtime moved had files added or removed. */
  private dirMtimes = new Map<string, number>();
  /** Running estimate of one index write (ms), to size the slices of a pass. */
  private writeCostMs = 0.05;
  private recheckTimer: NodeJS.Timeout | undefined;
  private readonly recheck = new Set<string>();
  private stopped = false;

  constructor(private readonly options: ReconcilerOptions) {}

  /** Files that were skipped (too large, binary, unreadable), with why. */
  diagnostics(): Diagnostic[] {
    return [...this.skipped.values()].map((s) => s.diagnostic);
  }

  skippedCount(): number {
    return this.skipped.size;
  }

  /** Other roots: no file skipped so far counts any more. */
  forgetSkipped(): void {
    this.skipped.clear();
  }

  /** A new index was opened: the next pass looks into every folder. */
  forgetFolders(): void {
    this.dirMtimes = new Map();
  }

  /** An entry this process wrote (and put into the index): it is not skipped. */
  noteWritten(file: string): void {
    this.skipped.delete(file);
  }

  /** No more rechecks (the journal is closing). */
  stop(): void {
    this.stopped = true;
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = undefined;
  }

  /**
   * One pass over every root into `store`, folder by folder: files whose stamp differs from the index are
   * re-read, new ones added, missing ones dropped, and folders gone since dropped whole. With `full` false,
   * folders whose mtime has not moved since the last pass are not looked into (an edit in place is caught by
   * a full pass or the watcher). Work is done in slices of `sliceMs` (at most 200 index writes each), each
   * slice's writes in one transaction. Returns undefined when cancelled (`alive()` turned false between
   * slices); a failed index write throws.
   */
  async readPass(store: JournalStore, full: boolean, alive: () => boolean): Promise<PassStats | undefined> {
    const roots = this.options.roots();
    const visited = new Map<string, number>();
    const stats: PassStats = { activeMs: 0, writeMs: 0, parsed: 0 };
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
    const sliceOver = (): boolean => ops.length >= 200 || performance.now() - slice + ops.length * this.writeCostMs > this.options.sliceMs;
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

  /** Watcher events: re-read the files named, drop the folders removed (and what was skipped under them). */
  async applyEvents(events: readonly WatchEvent[]): Promise<void> {
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
    this.readInto(file, root, known, ops);
    return true;
  }

  /** Read one file and queue its index update (or note it as skipped). Synchronous. */
  private readInto(file: string, root: JournalRoot, known: FileStamp | undefined, ops: StoreOp[]): void {
    const out = loadEntrySync(root.real, file, root.types[0] as JournalType, this.options.maxEntryBytes);
    if (out.kind === 'entry') {
      out.entry.type = entryTypeIn(root, out.entry);
      ops.push({ kind: 'upsert', doc: storeDoc(out.entry, out.stamp) });
      this.skipped.delete(file);
      // A file modified a moment ago may still be being written by a non-atomic writer: look again soon.
      if (this.options.now() - out.stamp.mtimeMs < 1500) this.scheduleRecheck(file);
      return;
    }
    if (known) ops.push({ kind: 'delete', path: file, stamp: known });
    if (out.kind === 'skipped') {
      const prev = this.skipped.get(file);
      if (!prev || prev.stamp?.mtimeMs !== out.stamp?.mtimeMs || prev.stamp?.size !== out.stamp?.size) {
        this.options.logger.warn(`journal: skipped ${file}: ${out.diagnostic.message}`);
      }
      this.skipped.set(file, out.stamp ? { diagnostic: out.diagnostic, stamp: out.stamp } : { diagnostic: out.diagnostic });
    } else {
      this.skipped.delete(file);
    }
  }

  private scheduleRecheck(file: string): void {
    this.recheck.add(file);
    if (this.recheckTimer || this.stopped) return;
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
      const store = this.options.openStore();
      if (!store) return;
      const root = rootOfPath(this.options.roots(), file);
      if (!root) continue;
      const ok = this.options.guardWrite(() => {
        this.checkFile(file, root, store.stamp(file), ops);
        if (ops.length < 200 && performance.now() - slice <= this.options.sliceMs) return true;
        store.apply(ops);
        ops = [];
        return true;
      }, false);
      if (!ok) return;
      if (ops.length === 0 && performance.now() - slice > this.options.sliceMs) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    const store = this.options.openStore();
    if (store && ops.length > 0) this.options.guardWrite(() => store.apply(ops), undefined);
  }
}
