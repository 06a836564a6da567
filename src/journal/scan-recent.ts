/**
 * Recent entries without an index (no SQLite engine could be loaded, see sqlite.ts): a walk over the entry
 * files, in time slices, keeping only what ordering needs of each entry; the few listed are read again.
 * Newest first, ties broken by path (descending), as the index orders them.
 */
import { matchesType } from './index.js';
import { walkEntryFiles, type ScanContext } from './scan.js';
import type { JournalEntry, JournalType, JournalTypeFilter } from './types.js';

export interface RecentQuery {
  limit: number;
  type: JournalTypeFilter;
  /** Oldest entry time to include (ms since the epoch); undefined: any. */
  since?: number | undefined;
}

/** The newest `limit` entries of the roots (read in full, newest first). */
export async function scanRecent(query: RecentQuery, ctx: Omit<ScanContext, 'maxBytes'>): Promise<JournalEntry[]> {
  const found: Array<{ path: string; type: JournalType; time: number }> = [];
  const finished = await walkEntryFiles(ctx, (file, root) => {
    const e = ctx.reader(file, root.types[0] as JournalType);
    if (!e) return;
    const type = ctx.typeOf(root, e);
    if (!matchesType(type, query.type) || (query.since !== undefined && e.time < query.since)) return;
    found.push({ path: e.path, type, time: e.time });
  });
  if (!finished) return [];
  found.sort((a, b) => b.time - a.time || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
  const out: JournalEntry[] = [];
  for (const f of found) {
    if (out.length >= query.limit) break;
    const e = ctx.reader(f.path, f.type);
    if (e) out.push({ ...e, type: f.type });
  }
  return out;
}
