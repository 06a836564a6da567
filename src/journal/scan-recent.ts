/**
 * Recent entries without an index (no SQLite engine could be loaded, see sqlite.ts): a walk over the entry
 * files, in time slices, keeping only what ordering needs of each entry; the few listed are read again.
 * Newest first, ties broken by path (descending), as the index orders them.
 */
import path from 'node:path';
import { matchesType } from './index.js';
import { DirWalker } from './load.js';
import type { ScanContext } from './scan.js';
import type { JournalEntry, JournalType, JournalTypeFilter } from './types.js';

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface RecentQuery {
  limit: number;
  type: JournalTypeFilter;
  /** Oldest entry time to include (ms since the epoch); undefined: any. */
  since?: number | undefined;
}

/** The newest `limit` entries of the roots (read in full, newest first). */
export async function scanRecent(query: RecentQuery, ctx: Omit<ScanContext, 'maxBytes'>): Promise<JournalEntry[]> {
  const found: Array<{ path: string; type: JournalType; time: number }> = [];
  let slice = performance.now();
  for (const { root, exclude } of ctx.roots) {
    if (!root.exists) continue;
    const walker = new DirWalker(root.real, exclude);
    for (let listing = walker.next(); listing; listing = walker.next()) {
      for (const name of listing.files) {
        if (performance.now() - slice > ctx.sliceMs) {
          await yieldToLoop();
          if (ctx.cancelled?.()) return [];
          slice = performance.now();
        }
        const file = path.join(listing.dir, name);
        const e = ctx.reader(file, root.types[0] as JournalType);
        if (!e) continue;
        const type = ctx.typeOf(root, e);
        if (!matchesType(type, query.type) || (query.since !== undefined && e.time < query.since)) continue;
        found.push({ path: e.path, type, time: e.time });
      }
    }
  }
  found.sort((a, b) => b.time - a.time || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
  const out: JournalEntry[] = [];
  for (const f of found) {
    if (out.length >= query.limit) break;
    const e = ctx.reader(f.path, f.type);
    if (e) out.push({ ...e, type: f.type });
  }
  return out;
}
