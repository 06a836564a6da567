/**
 * Journal roots (project + user) and the safe reading of a user-supplied entry path against them.
 * Roots that resolve to the same real path are one root serving both types. Only regular `.md` files inside a
 * root can be read: `..` escapes, absolute paths elsewhere, symlinks, special files and hard links are refused.
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CatalogError, PathOutsideRootError } from '../shared/errors.js';
import { checkRelativeName, isInside } from '../shared/safe-paths.js';
import { readEntryTextSync } from './load.js';
import type { FileStamp, JournalEntry, JournalType, JournalTypeFilter } from './types.js';

export { isInside };

export interface JournalRoot {
  /** Configured folder, absolute. */
  dir: string;
  /** Real path (symlinks resolved; for a folder that does not exist yet, its nearest existing ancestor resolved). */
  real: string;
  /** Types this folder serves: one, or both when the project and user roots are the same folder. */
  types: JournalType[];
  exists: boolean;
}

export interface RootDirs {
  project: string;
  user: string;
}

/** realpath that tolerates a missing tail: the nearest existing ancestor is resolved, the rest appended. */
export async function realpathLoose(p: string): Promise<string> {
  const abs = path.resolve(p);
  try {
    return await fs.realpath(abs);
  } catch {
    const parent = path.dirname(abs);
    if (parent === abs) return abs;
    return path.join(await realpathLoose(parent), path.basename(abs));
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Resolve both roots; the project root comes first. */
export async function resolveRoots(dirs: RootDirs): Promise<JournalRoot[]> {
  const out: JournalRoot[] = [];
  for (const [type, dir] of [
    ['project', dirs.project],
    ['user', dirs.user],
  ] as const) {
    const abs = path.resolve(dir);
    const real = await realpathLoose(abs);
    const same = out.find((r) => r.real === real);
    if (same) {
      if (!same.types.includes(type)) same.types.push(type);
      continue;
    }
    out.push({ dir: abs, real, types: [type], exists: await isDir(real) });
  }
  return out;
}

export function rootFor(roots: readonly JournalRoot[], type: JournalType): JournalRoot {
  const root = roots.find((r) => r.types.includes(type));
  if (!root) throw new Error(`no ${type} journal root configured`);
  return root;
}

export function rootsMatching(roots: readonly JournalRoot[], filter: JournalTypeFilter): JournalRoot[] {
  return filter === 'both' ? [...roots] : roots.filter((r) => r.types.includes(filter));
}

/** The root an absolute real path lives in (the deepest, should one root be nested in another). */
export function rootOfPath(roots: readonly JournalRoot[], realFile: string): JournalRoot | undefined {
  let best: JournalRoot | undefined;
  for (const r of roots) if (isInside(r.real, realFile) && (!best || r.real.length > best.real.length)) best = r;
  return best;
}

/** In a folder serving both journals, an entry holding only Project Notes is a project entry (as if written apart). */
export function entryTypeIn(root: JournalRoot, entry: Pick<JournalEntry, 'sections'>): JournalType {
  if (root.types.length === 1) return root.types[0] as JournalType;
  return entry.sections.length > 0 && entry.sections.every((s) => s.key === 'project_notes') ? 'project' : 'user';
}

/** Real paths of the other roots nested inside `root`: a walk of `root` leaves them to their own walk. */
export function nestedRoots(root: JournalRoot, roots: readonly JournalRoot[]): Set<string> {
  return new Set(roots.filter((r) => r !== root && r.real !== root.real && isInside(root.real, r.real)).map((r) => r.real));
}

/** Each root with the roots nested inside it (to leave out of its walk). */
export function rootWalks(roots: readonly JournalRoot[]): Array<{ root: JournalRoot; exclude: Set<string> }> {
  return roots.map((root) => ({ root, exclude: nestedRoots(root, roots) }));
}

export interface ReadEntryFile {
  /** Path of the entry file, inside the real path of its root. */
  path: string;
  root: JournalRoot;
  text: string;
  stamp: FileStamp;
}

const describeRoots = (roots: readonly JournalRoot[]): string => roots.map((r) => `${r.real} (${r.types.join('+')})`).join(', ');
const HINT = 'Pass a path returned by search_journal or list_recent_entries.';

/** Where a symlink leads, said without following it for reading: outside every root, or inside one. */
function linkLeadsOutside(file: string, roots: readonly JournalRoot[]): boolean {
  try {
    const target = fsSync.realpathSync(file);
    return !roots.some((r) => isInside(r.real, target));
  } catch {
    return true;
  }
}

/**
 * Read the entry at `input` (absolute, or relative to a journal root) through the same check every journal
 * read goes through (readEntryTextSync: inside the root, a regular file, no symlink, one hard link, within
 * `maxBytes`, not binary). Throws CatalogError with code PATH_OUTSIDE_ROOT, NOT_AN_ENTRY, ENTRY_NOT_FOUND or
 * ENTRY_TOO_LARGE.
 */
export function readEntryAt(input: string, roots: readonly JournalRoot[], maxBytes: number): ReadEntryFile {
  const raw = input.trim();
  if (raw === '') throw new CatalogError('NOT_AN_ENTRY', 'The path is empty. Pass the path of a journal entry as returned by search_journal or list_recent_entries.');
  if (raw.includes('\u0000')) throw new PathOutsideRootError(input, 'the path contains a NUL byte.');
  if (!/\.md$/i.test(raw)) {
    throw new CatalogError('NOT_AN_ENTRY', `Refused "${input}": only journal entries (.md files inside a journal root) can be read. Use a path from search_journal or list_recent_entries.`);
  }
  // Each candidate is the entry's path under the real path of a root.
  const candidates: Array<{ root: JournalRoot; file: string }> = [];
  if (path.isAbsolute(raw)) {
    const abs = path.resolve(raw);
    for (const root of roots) {
      for (const base of [root.real, root.dir]) {
        if (isInside(base, abs) && abs !== base) {
          candidates.push({ root, file: path.join(root.real, path.relative(base, abs)) });
          break;
        }
      }
    }
    if (candidates.length === 0) throw new PathOutsideRootError(input, `it is outside the journal roots (${describeRoots(roots)}). ${HINT}`);
  } else {
    const lexical = checkRelativeName(raw);
    if (lexical) throw new PathOutsideRootError(input, `${lexical}. Give an absolute entry path or one relative to a journal root (${describeRoots(roots)}).`);
    for (const root of roots) candidates.push({ root, file: path.join(root.real, raw) });
  }
  let refusal: CatalogError | undefined;
  for (const { root, file } of candidates) {
    const out = readEntryTextSync(root.real, file, maxBytes);
    if (out.kind === 'text') return { path: file, root, text: out.text, stamp: out.stamp };
    if (out.kind === 'missing') continue;
    const { code, message } = out.diagnostic;
    const why = message.replace(/; skipped$/, '');
    if (code === 'TOO_LARGE') throw new CatalogError('ENTRY_TOO_LARGE', `Refused "${input}": ${why.replace(/^it is/, 'the file is')}.`);
    if (code === 'OUTSIDE_ROOT') refusal ??= new PathOutsideRootError(input, `${why}. Only .md entries inside a journal root can be read. ${HINT}`);
    else if (code === 'SYMLINK' && linkLeadsOutside(file, roots)) refusal ??= new PathOutsideRootError(input, `it is a symlink pointing outside the journal roots; only regular files inside a journal root are read. ${HINT}`);
    else refusal ??= new CatalogError('NOT_AN_ENTRY', `Refused "${input}": ${why}. Only regular .md files inside a journal root are read as entries. ${HINT}`);
  }
  if (refusal) throw refusal;
  throw new CatalogError('ENTRY_NOT_FOUND', `No journal entry at "${input}" (looked in ${describeRoots(candidates.map((c) => c.root))}). Use a path from search_journal or list_recent_entries.`);
}
