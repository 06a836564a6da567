/**
 * Listing an agent folder: every entry named `*.md` below it, as a glob `**\/*.md` with these rules:
 *  - names starting with a dot are neither listed nor entered;
 *  - folders named `node_modules` or `shared-prompts` (exactly, at any depth) are not entered: a
 *    shared-prompts folder holds include fragments, not agents;
 *  - symlinks are listed (the caller checks where they point) but never entered, so a link loop cannot make
 *    the walk run away; folders named like an agent file are listed and entered;
 *  - folders are entered down to MAX_SCAN_DEPTH levels (an entry's path below the folder has at most
 *    that many segments);
 *  - names are matched case-sensitively (`A.MD` is not an agent file);
 *  - a folder that cannot be read is skipped silently (the rest is listed).
 * Each entry keeps its directory entry, so files need no further stat to know what they are.
 */
import type { Dirent } from 'node:fs';
import { readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Folder nesting deeper than this is not scanned (real catalogs nest 3–4 levels). */
export const MAX_SCAN_DEPTH = 32;

const SKIPPED_FOLDERS = new Set(['node_modules', 'shared-prompts']);

export interface WalkEntry {
  /** Absolute path: the folder as given (resolved), then the names below it. */
  path: string;
  dirent: Dirent;
}

const isAgentName = (name: string): boolean => name.endsWith('.md') && !name.startsWith('.');

/** Sort out one folder's entries: agent-named entries to `out`, folders to enter to `next`. */
function visit(dir: string, depth: number, entries: readonly Dirent[], out: WalkEntry[], next: Array<{ dir: string; depth: number }>): void {
  for (const dirent of entries) {
    const name = dirent.name;
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (isAgentName(name)) out.push({ path: full, dirent });
    if (dirent.isDirectory() && depth + 1 < MAX_SCAN_DEPTH && !SKIPPED_FOLDERS.has(name)) next.push({ dir: full, depth: depth + 1 });
  }
}

/** Every agent-named entry below `root`, with synchronous reads (holds the event loop for the whole walk). */
export function walkAgentFilesSync(root: string): WalkEntry[] {
  const out: WalkEntry[] = [];
  const pending = [{ dir: path.resolve(root), depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(item.dir, { withFileTypes: true });
    } catch {
      continue;
    }
    visit(item.dir, item.depth, entries, out, pending);
  }
  return out;
}

/** The same walk with asynchronous reads: the event loop turns between folders. */
export async function walkAgentFiles(root: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const pending = [{ dir: path.resolve(root), depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = await readdir(item.dir, { withFileTypes: true });
    } catch {
      continue;
    }
    visit(item.dir, item.depth, entries, out, pending);
  }
  return out;
}
