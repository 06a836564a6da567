/**
 * Finding and reading entry files. Walks never follow symlinks and skip hidden names (temp files of
 * writers are hidden). Every read goes through one check (readEntryTextSync) and refuses what is outside the
 * root, a symlink, not a regular file, hard-linked, too large or binary, with a diagnostic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readFileInsideSync, type FileRefusal } from '../shared/safe-paths.js';
import { parseEntry } from './entry.js';
import type { Diagnostic, FileStamp, JournalEntry, JournalType } from './types.js';

/** Entries larger than this are skipped with a diagnostic (real entries are a few KB). */
export const MAX_ENTRY_BYTES = 1024 * 1024;
/** Folder nesting deeper than this is not walked (the layout is root/YYYY-MM-DD/file.md). */
export const MAX_WALK_DEPTH = 4;

export interface WalkResult {
  files: string[];
  /** Folder → mtime, for the reconcile pass (a folder whose mtime moved had files added or removed). */
  dirs: Map<string, number>;
}

/**
 * Every `.md` file under `root` (real path), skipping hidden names, node_modules, symlinks and the folders in
 * `exclude` (another root nested inside this one).
 */
export async function walkRoot(root: string, exclude: ReadonlySet<string> = new Set(), maxDepth = MAX_WALK_DEPTH): Promise<WalkResult> {
  const out: WalkResult = { files: [], dirs: new Map() };
  let level = [root];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    await Promise.all(
      level.map(async (dir) => {
        let entries: fs.Dirent[];
        try {
          const [st, list] = await Promise.all([fs.promises.stat(dir), fs.promises.readdir(dir, { withFileTypes: true })]);
          out.dirs.set(dir, st.mtimeMs);
          entries = list;
        } catch {
          return; // vanished or unreadable: nothing to index there
        }
        for (const d of entries) {
          if (d.name.startsWith('.') || d.isSymbolicLink()) continue;
          const full = path.join(dir, d.name);
          if (d.isDirectory()) {
            if (depth < maxDepth && d.name !== 'node_modules' && !exclude.has(full)) next.push(full);
          } else if (d.isFile() && /\.md$/i.test(d.name)) {
            out.files.push(full);
          }
        }
      }),
    );
    level = next;
  }
  return out;
}

/** One folder of a walk: its mtime and the `.md` entry names directly in it (newest name first). */
export interface DirListing {
  dir: string;
  mtimeMs: number;
  files: string[];
}

/**
 * A synchronous, step-by-step walk of one root: next() lists one folder at a time (depth first, the root
 * itself first, then day folders newest first), so callers can slice their work and never hold the whole
 * journal's file list. Same rules as walkRoot: no symlinks, no hidden names, no node_modules, no `exclude`.
 */
export class DirWalker {
  private readonly stack: Array<{ dir: string; depth: number }>;

  constructor(
    root: string,
    private readonly exclude: ReadonlySet<string> = new Set(),
    private readonly maxDepth = MAX_WALK_DEPTH,
  ) {
    this.stack = [{ dir: root, depth: 0 }];
  }

  next(): DirListing | undefined {
    for (let top = this.stack.pop(); top; top = this.stack.pop()) {
      let mtimeMs: number;
      let entries: fs.Dirent[];
      try {
        mtimeMs = fs.statSync(top.dir).mtimeMs;
        entries = fs.readdirSync(top.dir, { withFileTypes: true });
      } catch {
        continue; // vanished or unreadable: nothing to index there
      }
      const files: string[] = [];
      const dirs: string[] = [];
      for (const d of entries) {
        if (d.name.startsWith('.') || d.isSymbolicLink()) continue;
        if (d.isDirectory()) {
          const full = path.join(top.dir, d.name);
          if (top.depth < this.maxDepth && d.name !== 'node_modules' && !this.exclude.has(full)) dirs.push(d.name);
        } else if (d.isFile() && /\.md$/i.test(d.name)) {
          files.push(d.name);
        }
      }
      // Ascending onto the stack: the greatest (newest day) comes off first.
      dirs.sort();
      for (const d of dirs) this.stack.push({ dir: path.join(top.dir, d), depth: top.depth + 1 });
      files.sort().reverse();
      return { dir: top.dir, mtimeMs, files };
    }
    return undefined;
  }
}

export type LoadOutcome =
  | { kind: 'entry'; entry: JournalEntry; stamp: FileStamp }
  | { kind: 'skipped'; diagnostic: Diagnostic; stamp?: FileStamp }
  | { kind: 'missing' };

export type ReadOutcome = { kind: 'text'; text: string; stamp: FileStamp } | Exclude<LoadOutcome, { kind: 'entry' }>;

/** Zero bytes in the first 8 KB (or the whole of a smaller file) mark a binary file. */
export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** Diagnostic codes for the files the one check (readFileInsideSync) refuses. */
const REFUSAL_CODES: Record<Exclude<FileRefusal, 'missing'>, string> = {
  outside: 'OUTSIDE_ROOT',
  symlink: 'SYMLINK',
  'not-a-file': 'NOT_A_FILE',
  'hard-linked': 'HARD_LINKED',
  'too-large': 'TOO_LARGE',
  unreadable: 'UNREADABLE',
};

/**
 * Read one entry file's text, synchronously (a small local file reads in microseconds; callers slice their
 * work to keep the event loop free), through the one check every journal read goes through: inside `root`
 * (the real path of a journal root), a regular file opened without following a symlink and without blocking
 * on a FIFO, one hard link only, within `maxBytes`, not binary. Never throws.
 *
 * A hard-linked file is refused without a stamp, so it is looked at again next time: a writer's entry has two
 * links for the moment between linking it into place and removing its temporary name.
 */
export function readEntryTextSync(root: string, file: string, maxBytes = MAX_ENTRY_BYTES): ReadOutcome {
  const read = readFileInsideSync(root, file, { maxBytes, singleLink: true });
  if (!read.ok) {
    if (read.refusal === 'missing') return { kind: 'missing' };
    const stamp: FileStamp | undefined = read.stat && read.refusal !== 'hard-linked' ? { mtimeMs: read.stat.mtimeMs, size: read.stat.size } : undefined;
    const reason = read.refusal === 'too-large' ? `${read.reason} for a journal entry` : read.reason;
    const diagnostic: Diagnostic = { path: file, code: REFUSAL_CODES[read.refusal], message: `${reason}; skipped` };
    return stamp ? { kind: 'skipped', diagnostic, stamp } : { kind: 'skipped', diagnostic };
  }
  const stamp: FileStamp = { mtimeMs: read.stat.mtimeMs, size: read.stat.size };
  if (looksBinary(read.data)) return { kind: 'skipped', diagnostic: { path: file, code: 'BINARY', message: 'file holds binary data (NUL bytes), not markdown; skipped' }, stamp };
  return { kind: 'text', text: read.data.toString('utf8'), stamp };
}

/** Read (through the one check, see readEntryTextSync) and parse one entry, synchronously. Never throws. */
export function loadEntrySync(root: string, file: string, type: JournalType, maxBytes = MAX_ENTRY_BYTES): LoadOutcome {
  const out = readEntryTextSync(root, file, maxBytes);
  if (out.kind !== 'text') return out;
  return { kind: 'entry', entry: parseEntry({ text: out.text, path: file, type, mtimeMs: out.stamp.mtimeMs }), stamp: out.stamp };
}
