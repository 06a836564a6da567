/**
 * The one place where paths from outside are checked: a user-supplied name resolved against an allowed root
 * (no absolute paths, no `..` escapes, the real path inside the root), a file read from a folder that may hold
 * crafted entries (readFileInsideSync), and a folder given by the user made ready for writing (ensureFolderSync).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FolderError } from './errors.js';

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
 * a thread-pool round trip, and compiling one agent resolves a dozen fragment names (docs/decisions.md,
 * "Files: small files read synchronously").
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

// --- Reading a file from a folder that may hold crafted entries ------------------------------------------------

/** Why a file was not read. */
export type FileRefusal = 'missing' | 'outside' | 'symlink' | 'not-a-file' | 'hard-linked' | 'too-large' | 'unreadable';

export type InsideRead = { ok: true; data: Buffer; stat: fs.Stats } | { ok: false; refusal: FileRefusal; reason: string; stat?: fs.Stats };

export interface ReadInsideOptions {
  /** A larger file is refused unread. */
  maxBytes: number;
  /** Refuse a file with more than one hard link: its other names may be anywhere on the same file system. */
  singleLink?: boolean;
}

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/**
 * `file`'s path below `root` (a normalized absolute path), or undefined when it is not strictly inside. The
 * usual case, a normalized path that starts with the root, costs one comparison (this runs once per journal
 * file read: path.resolve and path.relative cost more than the read of a small entry's stat).
 */
function relativeInside(root: string, file: string): string | undefined {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  if (file.startsWith(prefix)) {
    const rel = file.slice(prefix.length);
    if (rel !== '' && !rel.split(path.sep).some((seg) => seg === '' || seg === '.' || seg === '..')) return rel;
  }
  const abs = path.resolve(file);
  if (abs === root || !isInside(root, abs)) return undefined;
  return path.relative(root, abs);
}

const SYMLINK_REASON = 'it is a symlink (only regular files are read, never through a link)';

const errnoOf = (err: unknown): string => (err as NodeJS.ErrnoException | undefined)?.code ?? (err as Error | undefined)?.message ?? String(err);

/**
 * The one check before reading a file that sits in (or is named inside) a folder whose content may be crafted:
 * journal entries, project files. `root` is a real path; `file` must be inside it lexically, and every folder
 * between them must be a real folder, not a symlink (lstat, one per level: cheaper than realpath, and a
 * symlinked folder cannot lead out). The file itself is opened with O_NOFOLLOW (a symlink is refused, never
 * followed) and O_NONBLOCK (a FIFO cannot block), then checked with fstat on the opened descriptor, so what
 * is read is what was checked: a regular file, within `maxBytes`, and with `singleLink` not hard-linked from
 * elsewhere. Synchronous (files are capped small; callers slice their work); never throws.
 */
export function readFileInsideSync(root: string, file: string, options: ReadInsideOptions): InsideRead {
  const rel = relativeInside(root, file);
  if (rel === undefined) return { ok: false, refusal: 'outside', reason: `it is outside ${root}` };
  const abs = path.join(root, rel);
  const segments = rel.split(path.sep);
  let cur = root;
  for (let i = 0; i < segments.length - 1; i++) {
    cur = path.join(cur, segments[i] as string);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(cur);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, refusal: 'missing', reason: 'no such file' };
      return { ok: false, refusal: 'unreadable', reason: `its folder cannot be read (${code})` };
    }
    if (st.isSymbolicLink()) return { ok: false, refusal: 'outside', reason: `its folder ${cur} is a symlink (files are read only through real folders inside ${root})` };
    if (!st.isDirectory()) return { ok: false, refusal: 'missing', reason: 'no such file' };
  }
  if (NOFOLLOW === 0) {
    // No O_NOFOLLOW on this platform: look before opening (a race remains where the flag is missing).
    try {
      if (fs.lstatSync(abs).isSymbolicLink()) return { ok: false, refusal: 'symlink', reason: SYMLINK_REASON };
    } catch {
      // open reports it
    }
  }
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (err) {
    const code = errnoOf(err);
    // O_NOFOLLOW on a symlink: ELOOP (Linux, macOS), EMLINK (FreeBSD).
    if (code === 'ELOOP' || code === 'EMLINK') {
      // The link's own stat, so a caller can tell the same link from a changed one next time.
      let stat: fs.Stats | undefined;
      try {
        stat = fs.lstatSync(abs);
      } catch {
        stat = undefined;
      }
      return stat ? { ok: false, refusal: 'symlink', reason: SYMLINK_REASON, stat } : { ok: false, refusal: 'symlink', reason: SYMLINK_REASON };
    }
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, refusal: 'missing', reason: 'no such file' };
    return { ok: false, refusal: 'unreadable', reason: `cannot be read (${code})` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, refusal: 'not-a-file', reason: 'it is not a regular file (a folder, FIFO, socket or device)', stat: st };
    if (options.singleLink && st.nlink > 1) {
      return { ok: false, refusal: 'hard-linked', reason: `it has ${st.nlink} hard links (a file also linked from elsewhere is not read)`, stat: st };
    }
    if (st.size > options.maxBytes) return { ok: false, refusal: 'too-large', reason: `it is ${st.size} bytes, over the ${options.maxBytes}-byte limit`, stat: st };
    const buf = Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = fs.readSync(fd, buf, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { ok: true, data: buf.subarray(0, read), stat: st };
  } catch (err) {
    return { ok: false, refusal: 'unreadable', reason: `cannot be read (${errnoOf(err)})` };
  } finally {
    fs.closeSync(fd);
  }
}

// --- Folders given by the user ---------------------------------------------------------------------------------

/**
 * What is wrong with `dir` as a folder to use, without creating anything: undefined when it is a folder or
 * could be created (its nearest existing ancestor is a folder). Bounded by the number of path segments.
 */
export function folderProblemSync(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    let st: fs.Stats;
    try {
      st = fs.statSync(cur);
    } catch (err) {
      const code = errnoOf(err);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${cur} cannot be read (${code})`;
      const parent = path.dirname(cur);
      if (parent === cur) return undefined;
      cur = parent;
      continue;
    }
    if (st.isDirectory()) return undefined;
    return cur === path.resolve(dir) ? `${cur} is a file, not a folder` : `${cur} is a file, not a folder, so ${path.resolve(dir)} cannot be one`;
  }
}

function mkdirError(code: string, folder: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `folder ${path.dirname(folder)} is read-only for this user (${code}: permission denied)`;
    case 'EROFS':
      return `folder ${path.dirname(folder)} is read-only (EROFS: a read-only file system)`;
    case 'ENOENT':
      return `the file system at ${path.dirname(folder)} does not allow new folders (ENOENT)`;
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'ENOTDIR':
      return `${path.dirname(folder)} is not a folder (ENOTDIR)`;
    default:
      return `mkdir ${folder} failed (${code})`;
  }
}

/**
 * Make sure `dir` is a folder, creating it and its missing parents one at a time. Node's recursive mkdir loops
 * forever on file systems that answer ENOENT to any mkdir (procfs); this walks up once to the nearest existing
 * folder and down once, so it ends after one system call per path segment. Throws FolderError naming the
 * folder, what is wrong and `fix` (e.g. which option to change).
 */
export function ensureFolderSync(dir: string, what: string, fix: string): void {
  const target = path.resolve(dir);
  const problem = folderProblemSync(target);
  if (problem) throw new FolderError('FOLDER_NOT_A_FOLDER', target, `${what} ${target} cannot be used: ${problem}. ${fix}`);
  const missing: string[] = [];
  for (let cur = target; ; ) {
    try {
      fs.statSync(cur);
      break;
    } catch {
      const parent = path.dirname(cur);
      missing.push(cur);
      if (parent === cur) break;
      cur = parent;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'EEXIST' && folderProblemSync(folder) === undefined) continue;
      const readOnly = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
      throw new FolderError(readOnly ? 'FOLDER_READ_ONLY' : 'FOLDER_UNUSABLE', target, `${what} ${target} cannot be created: ${mkdirError(code, folder)}. ${fix}`);
    }
  }
}
