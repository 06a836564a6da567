/**
 * The one place where a user-supplied name or path is resolved against an allowed root:
 * no absolute paths, no `..` escapes, and the real path (symlinks followed) must stay inside the root.
 */
import fs from 'node:fs';
import path from 'node:path';

export type SafeResolution = { ok: true; path: string; realPath: string } | { ok: false; reason: string; missing?: boolean };

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Lexical checks only (no file system): refuses absolute paths, NUL bytes and `..` segments. */
export function checkRelativeName(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.includes('\u0000')) return 'the name contains a NUL byte';
  if (path.isAbsolute(name) || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('~')) return 'absolute paths are not allowed; give a name relative to the folder';
  if (name.split(/[\\/]+/).some((seg) => seg === '..')) return '".." segments are not allowed (the name must stay inside the folder)';
  return undefined;
}

/**
 * Resolve `name` inside `root`; the file's real path must also be inside the root's real path. Synchronous
 * file-system calls on purpose: two realpaths take microseconds, while their promise versions each wait for
 * a thread-pool round trip (compiling one agent resolves a dozen fragment names, ~5-15 ms that way).
 */
export function resolveInside(root: string, name: string): SafeResolution {
  const lexical = checkRelativeName(name);
  if (lexical) return { ok: false, reason: lexical };
  const candidate = path.resolve(root, name);
  if (!isInside(path.resolve(root), candidate)) return { ok: false, reason: 'the name resolves outside the folder' };
  let rootReal: string;
  let real: string;
  try {
    rootReal = fs.realpathSync(root);
  } catch {
    return { ok: false, reason: `folder ${root} does not exist`, missing: true };
  }
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return { ok: false, reason: `no such file in ${root}`, missing: true };
  }
  if (!isInside(rootReal, real)) return { ok: false, reason: `it is a symlink pointing outside ${root} (to ${real})` };
  return { ok: true, path: candidate, realPath: real };
}
