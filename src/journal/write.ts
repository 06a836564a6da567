/**
 * Writing entries (process_thoughts): the reference server's layout and template,
 *   <root>/YYYY-MM-DD/HH-MM-SS-ffffff.md   (local time)
 *   ---\ntitle: "8:16:46 PM - May 27, 2025"\ndate: <ISO>\ntimestamp: <epoch ms>\n---\n\n## Section\n\ntext…
 * created exclusively and atomically: the text goes to a hidden temp file, which is then hard-linked to the
 * final name (link fails with EEXIST instead of overwriting; the microseconds are bumped and the link
 * retried), and the temp name is removed. Two writers in the same millisecond, in one process or two,
 * never overwrite each other, and no reader ever sees a half-written entry.
 */
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { CatalogError, FolderError } from '../shared/errors.js';
import { ensureFolderSync, isInside } from '../shared/safe-paths.js';
import { escapeSectionText, formatTitle, KNOWN_SECTIONS } from './entry.js';
import type { FileStamp, Thoughts } from './types.js';

export interface EntrySectionText {
  name: string;
  text: string;
}

export interface ThoughtSplit {
  project: EntrySectionText[];
  user: EntrySectionText[];
}

/**
 * Project notes go to the project journal; everything else to the user journal. Blank fields are ignored.
 * Throws INVALID_ENTRY for a field with a NUL byte (the reader refuses files holding one as binary).
 */
export function splitThoughts(thoughts: Thoughts): ThoughtSplit {
  const out: ThoughtSplit = { project: [], user: [] };
  for (const { field, name } of KNOWN_SECTIONS) {
    const text = thoughts[field];
    if (typeof text !== 'string' || text.trim() === '') continue;
    if (text.includes('\u0000')) {
      throw new CatalogError('INVALID_ENTRY', `Field ${field} contains a NUL byte (\\0): journal entries are text, and a file holding one is not read back. Remove it and write again.`);
    }
    (field === 'project_notes' ? out.project : out.user).push({ name, text });
  }
  return out;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

export function formatEntry(sections: readonly EntrySectionText[], time: Date): string {
  const header = `---\ntitle: "${formatTitle(time)}"\ndate: ${time.toISOString()}\ntimestamp: ${time.getTime()}\n---\n`;
  return `${header}\n${sections.map((s) => `## ${s.name}\n\n${escapeSectionText(s.text)}`).join('\n\n')}\n`;
}

export function dayFolder(time: Date): string {
  return `${time.getFullYear()}-${p2(time.getMonth() + 1)}-${p2(time.getDate())}`;
}

export function entryFileName(time: Date, micros: number): string {
  return `${p2(time.getHours())}-${p2(time.getMinutes())}-${p2(time.getSeconds())}-${String(micros).padStart(6, '0')}.md`;
}

/** Errors from link() that mean "this file system cannot hard-link": fall back to an exclusive copy. */
const NO_LINK = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EACCES']);

export interface WrittenFile {
  /** Real path of the new entry. */
  path: string;
  /** Real path of the journal folder it is in. */
  root: string;
  stamp: FileStamp;
}

/** Which journal a write goes to, for error messages: e.g. "user journal folder" and its option, "--user-journal". */
export interface WritePlace {
  what: string;
  option: string;
}

/** A file-system error while writing an entry, as a clear CatalogError naming the folder. */
function writeFailure(err: unknown, folder: string, place: WritePlace): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || err instanceof CatalogError) return err;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new FolderError('FOLDER_READ_ONLY', folder, `The ${place.what} ${folder} is read-only (${code}): the entry was not written. Make it writable, or choose another folder with ${place.option}.`);
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return new FolderError('FOLDER_UNUSABLE', folder, `The disk holding the ${place.what} ${folder} is full (${code}): the entry was not written.`);
  if (code === 'EFBIG') return new FolderError('FOLDER_UNUSABLE', folder, `The entry is larger than this process may write (EFBIG, a file size limit) in ${folder}: it was not written.`);
  return new FolderError('FOLDER_UNUSABLE', folder, `Cannot write in the ${place.what} ${folder} (${code}): the entry was not written. Choose another folder with ${place.option}.`);
}

/** Give up after this many names taken in a row (a million would be the whole second). */
const MAX_ATTEMPTS = 1000;

/**
 * Create `<rootDir>/<day>/<time>-<micros>.md` holding `content`; never overwrites an existing file. The day
 * folder is created one level at a time (bounded, see ensureFolderSync) and must lead to a folder inside the
 * journal folder: a day folder that is a symlink to elsewhere is refused, nothing is written through it.
 * Throws CatalogError (FOLDER_*, PATH_OUTSIDE_ROOT) naming the folder for every file-system failure.
 */
export async function writeEntryFile(rootDir: string, content: string, time: Date, place: WritePlace): Promise<WrittenFile> {
  const dayDir = path.join(rootDir, dayFolder(time));
  ensureFolderSync(dayDir, `The ${place.what}'s day folder`, `Choose another folder with ${place.option}.`);
  let realRoot: string;
  let realDay: string;
  try {
    realRoot = await fs.realpath(rootDir);
    realDay = await fs.realpath(dayDir);
  } catch (err) {
    throw writeFailure(err, rootDir, place);
  }
  if (realDay === realRoot || !isInside(realRoot, realDay)) {
    throw new CatalogError(
      'PATH_OUTSIDE_ROOT',
      `Refused to write: today's folder ${dayDir} is a symlink leading outside the ${place.what} ${rootDir} (to ${realDay}). Remove the link (a real folder is created in its place), then write again.`,
    );
  }
  const tmp = path.join(realDay, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}.md.partial`);
  const fh = await fs.open(tmp, 'wx', 0o600).catch((err: unknown) => {
    throw writeFailure(err, realDay, place);
  });
  try {
    try {
      await fh.writeFile(content, 'utf8');
      await fh.datasync();
    } finally {
      await fh.close();
    }
    let micros = time.getMilliseconds() * 1000 + randomInt(1000);
    let useLink = true;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const final = path.join(realDay, entryFileName(time, micros));
      try {
        if (useLink) await fs.link(tmp, final);
        else await fs.copyFile(tmp, final, fsConstants.COPYFILE_EXCL);
        const st = await fs.stat(final);
        return { path: final, root: realRoot, stamp: { mtimeMs: st.mtimeMs, size: st.size } };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (code === 'EEXIST') {
          micros = (micros + 1) % 1_000_000;
          continue;
        }
        if (useLink && NO_LINK.has(code)) {
          useLink = false;
          attempt--;
          continue;
        }
        throw err;
      }
    }
    throw new CatalogError('FOLDER_UNUSABLE', `Could not find a free entry name in ${realDay} after ${MAX_ATTEMPTS} attempts.`);
  } catch (err) {
    throw writeFailure(err, realDay, place);
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}
