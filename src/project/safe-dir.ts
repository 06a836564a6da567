/**
 * Resolving a `project_dir` argument. Over HTTP (team server) the caller is remote: a folder is accepted only
 * inside one of the `--project-root` folders, checked lexically first (so nothing outside is even looked at)
 * and then by real path (so a symlink cannot lead out). Over stdio the caller is the local user, and any
 * readable folder is fine.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PathOutsideRootError, ProjectDirError } from '../shared/errors.js';
import { isInside } from '../shared/safe-paths.js';

export interface ProjectDirOptions {
  /** Folder that a relative `input` is resolved against. */
  base: string;
  /**
   * When given (HTTP), the only folders the result may be inside. An empty list refuses every folder.
   * When absent (stdio), any readable folder is accepted.
   */
  allowedRoots?: readonly string[] | undefined;
}

async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const root of roots) {
    try {
      out.push(await fs.realpath(root));
    } catch {
      // A root that does not exist allows nothing.
    }
  }
  return out;
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Resolve `input` to the real path of an existing, readable folder, or throw a CatalogError saying why not. */
export async function resolveProjectDir(input: string, options: ProjectDirOptions): Promise<string> {
  if (input.includes('\u0000')) throw new ProjectDirError('PROJECT_DIR_NOT_FOUND', input, `Refused project folder "${input.split('\u0000').join('\\0')}": it contains a NUL byte.`);
  if (input.trim() === '') throw new ProjectDirError('PROJECT_DIR_NOT_FOUND', input, 'The project folder is empty; give a folder path.');
  const candidate = path.resolve(options.base, input);
  const roots = options.allowedRoots;

  if (roots !== undefined) {
    if (roots.length === 0) {
      throw new PathOutsideRootError(input, 'this server accepts project_dir only inside the folders given with --project-root, and none was given.');
    }
    const lexicalRoots = roots.map((r) => path.resolve(r));
    const realRootList = await realRoots(roots);
    if (!lexicalRoots.some((r) => isInside(r, candidate)) && !realRootList.some((r) => isInside(r, candidate))) {
      throw new PathOutsideRootError(input, `it resolves to ${candidate}, which is not inside any allowed project root (${lexicalRoots.join(', ')}).`);
    }
  }

  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EACCES' || code === 'EPERM') throw new ProjectDirError('PROJECT_DIR_UNREADABLE', input, `The project folder ${candidate} cannot be read (permission denied).`);
    throw new ProjectDirError('PROJECT_DIR_NOT_FOUND', input, `The project folder ${candidate} does not exist.`);
  }

  if (roots !== undefined) {
    const realRootList = await realRoots(roots);
    if (!realRootList.some((r) => isInside(r, real))) {
      throw new PathOutsideRootError(input, `its real path ${real} (a symlink leads there) is not inside any allowed project root.`);
    }
  }

  let isDir: boolean;
  try {
    isDir = (await fs.stat(real)).isDirectory();
  } catch {
    throw new ProjectDirError('PROJECT_DIR_UNREADABLE', input, `The project folder ${candidate} cannot be read.`);
  }
  if (!isDir) throw new ProjectDirError('PROJECT_DIR_NOT_A_FOLDER', input, `${candidate} is not a folder; give the project's root folder.`);
  try {
    await fs.access(real, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    throw new ProjectDirError('PROJECT_DIR_UNREADABLE', input, `The project folder ${candidate} cannot be read (permission denied).`);
  }
  return real;
}
