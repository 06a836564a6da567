/**
 * Journal roots (project + user) and the safe resolution of a user-supplied entry path against them.
 * Roots that resolve to the same real path are one root serving both types. Only `.md` files whose real path
 * is inside a root can be read: `..` escapes, absolute paths elsewhere and symlinks pointing out are refused.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CatalogError, PathOutsideRootError } from '../errors.js';
import { checkRelativeName, isInside, resolveInside } from '../paths/safe.js';
import type { JournalType, JournalTypeFilter } from './types.js';

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

export interface ResolvedEntryPath {
  /** Real path of the entry file. */
  path: string;
  root: JournalRoot;
  size: number;
  mtimeMs: number;
}

const describeRoots = (roots: readonly JournalRoot[]): string => roots.map((r) => `${r.real} (${r.types.join('+')})`).join(', ');
const HINT = 'Pass a path returned by search_journal or list_recent_entries.';

/**
 * Resolve `input` (absolute, or relative to a journal root) to a readable entry file.
 * Throws CatalogError with code PATH_OUTSIDE_ROOT, NOT_AN_ENTRY, ENTRY_NOT_FOUND or ENTRY_TOO_LARGE.
 */
export async function resolveEntryPath(input: string, roots: readonly JournalRoot[], maxBytes: number): Promise<ResolvedEntryPath> {
  const raw = input.trim();
  if (raw === '') throw new CatalogError('NOT_AN_ENTRY', 'The path is empty. Pass the path of a journal entry as returned by search_journal or list_recent_entries.');
  if (raw.includes('\u0000')) throw new PathOutsideRootError(input, 'the path contains a NUL byte.');
  if (!/\.md$/i.test(raw)) {
    throw new CatalogError('NOT_AN_ENTRY', `Refused "${input}": only journal entries (.md files inside a journal root) can be read. Use a path from search_journal or list_recent_entries.`);
  }
  const candidates: Array<{ root: JournalRoot; base: string; rel: string }> = [];
  if (path.isAbsolute(raw)) {
    const abs = path.resolve(raw);
    for (const root of roots) {
      for (const base of [root.real, root.dir]) {
        if (isInside(base, abs)) {
          candidates.push({ root, base, rel: path.relative(base, abs) });
          break;
        }
      }
    }
    if (candidates.length === 0) throw new PathOutsideRootError(input, `it is outside the journal roots (${describeRoots(roots)}). ${HINT}`);
  } else {
    const lexical = checkRelativeName(raw);
    if (lexical) throw new PathOutsideRootError(input, `${lexical}. Give an absolute entry path or one relative to a journal root (${describeRoots(roots)}).`);
    for (const root of roots) candidates.push({ root, base: root.real, rel: raw });
  }
  let refusal: string | undefined;
  for (const c of candidates) {
    if (c.rel === '') continue;
    const res = resolveInside(c.base, c.rel);
    if (!res.ok) {
      if (!res.missing) refusal ??= res.reason;
      continue;
    }
    if (!/\.md$/i.test(res.realPath)) {
      refusal ??= `it resolves to ${res.realPath}, which is not a .md journal entry`;
      continue;
    }
    let st;
    try {
      st = await fs.stat(res.realPath);
    } catch {
      continue;
    }
    if (!st.isFile()) {
      refusal ??= 'it is not a regular file';
      continue;
    }
    if (st.size > maxBytes) {
      throw new CatalogError('ENTRY_TOO_LARGE', `Refused "${input}": the file is ${st.size} bytes, over the ${maxBytes}-byte limit for a journal entry.`);
    }
    return { path: res.realPath, root: c.root, size: st.size, mtimeMs: st.mtimeMs };
  }
  if (refusal !== undefined) throw new PathOutsideRootError(input, `${refusal}. Only .md entries inside a journal root can be read. ${HINT}`);
  throw new CatalogError('ENTRY_NOT_FOUND', `No journal entry at "${input}" (looked in ${describeRoots(candidates.map((c) => c.root))}). Use a path from search_journal or list_recent_entries.`);
}
