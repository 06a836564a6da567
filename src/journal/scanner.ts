/**
 * JournalScanner: answers from the entry files themselves when the index cannot (a first build not done yet,
 * an index that lacks entries, or no SQLite engine at all). Scans run one at a time, and a scan is reused
 * for the same search shortly after it, while no journal change has been seen.
 */
import { queryTerms, type EntryReader } from './index.js';
import { entryTypeIn, rootWalks, type JournalRoot } from './roots.js';
import { scanJournal } from './scan.js';
import { scanRecent } from './scan-recent.js';
import type { JournalEntry, JournalHit, JournalTypeFilter, SearchOptions } from './types.js';

/** How long after it ended a fallback scan answers the same search again (no journal change seen meanwhile). */
const SCAN_REUSE_MS = 10_000;
const MAX_RECENT_SCANS = 32;

export interface ScannerOptions {
  /** The journal roots as they are now. */
  roots: () => readonly JournalRoot[];
  reader: EntryReader;
  maxBytes: number;
  sliceMs: number;
  /** Stop early (the journal is closing): a scan then returns what it has. */
  cancelled: () => boolean;
}

export class JournalScanner {
  /** Tail of the queue of scans (see searchFiles). */
  private queue: Promise<void> = Promise.resolve();
  /**
   * Recent scans by query (and options): the same search again within SCAN_REUSE_MS, with no journal change
   * seen in between, gets the same answer instead of reading every file once more. A client polling during
   * a long first build would otherwise keep a scan running back to back with the build, tripling its time
   * and adding up both jobs' memory.
   */
  private readonly recentScans = new Map<string, { at: number; changes: number; results: Promise<JournalHit[]> }>();
  /** Journal changes seen (watch events, writes): a scan made before one is not reused. */
  private changes = 0;

  constructor(private readonly options: ScannerOptions) {}

  /** A journal change was seen: no scan made before it is reused. */
  noteChange(): void {
    this.changes++;
  }

  /** The index answers from now on: the scans kept for reuse are dropped. */
  forgetScans(): void {
    this.recentScans.clear();
  }

  /** Search by reading every entry file (in time slices). */
  async searchFiles(query: string, options: SearchOptions): Promise<JournalHit[]> {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const key = JSON.stringify([terms, options]);
    const recent = this.recentScans.get(key);
    if (recent && recent.changes === this.changes && performance.now() - recent.at < SCAN_REUSE_MS) return [...(await recent.results)];
    const roots = this.options.roots();
    // One scan at a time: a scan of a large journal reads every file, and concurrent ones would multiply
    // memory and I/O during a first build; the queue drains as fast as one scan would.
    const run = (): Promise<JournalHit[]> =>
      scanJournal(terms, options, {
        roots: rootWalks(roots),
        typeOf: entryTypeIn,
        reader: this.options.reader,
        maxBytes: this.options.maxBytes,
        sliceMs: this.options.sliceMs,
        cancelled: this.options.cancelled,
      });
    const scan = this.queue.then(run, run);
    this.queue = scan.then(
      () => undefined,
      () => undefined,
    );
    if (this.recentScans.size >= MAX_RECENT_SCANS) this.recentScans.clear();
    const entry = { at: performance.now(), changes: this.changes, results: scan };
    this.recentScans.set(key, entry);
    // Reuse counts from when the scan ends (a scan takes seconds on a large journal); a failed one is not reused.
    scan.then(
      () => (entry.at = performance.now()),
      () => this.recentScans.delete(key),
    );
    return scan;
  }

  /** The newest entries, found by reading every entry file (in time slices). */
  readRecentFiles(limit: number, type: JournalTypeFilter, since: number | undefined): Promise<JournalEntry[]> {
    return scanRecent({ limit, type, since }, { roots: rootWalks(this.options.roots()), typeOf: entryTypeIn, reader: this.options.reader, sliceMs: this.options.sliceMs, cancelled: this.options.cancelled });
  }
}
