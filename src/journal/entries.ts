/**
 * Entry I/O: reading and writing single entry files. Every read goes through the one check (load.ts
 * readEntryTextSync: inside the root, a regular file opened without following a symlink, one hard link,
 * within the size cap, not binary): an entry named by a client (roots.ts readEntryAt), an entry named by an
 * index row (entryFileReader), and an entry just written, which is read back before it counts.
 */
import { rmSync } from 'node:fs';
import { CatalogError } from '../shared/errors.js';
import { parseEntry, sectionNames, sectionTexts } from './entry.js';
import { entryMeta, summaryOf, type EntryReader } from './index.js';
import { loadEntrySync, readEntryTextSync } from './load.js';
import { entryTypeIn, readEntryAt, rootFor, rootOfPath, type JournalRoot } from './roots.js';
import type { EntryContent, FileStamp, JournalEntry, JournalType, Thoughts, WrittenEntry } from './types.js';
import { formatEntry, splitThoughts, writeEntryFile, type EntrySectionText, type WrittenFile } from './write.js';

/**
 * An EntryReader over the roots as they are at each call: reads and parses an entry file, synchronously. Index
 * rows name files by path; a path outside every root (a planted row) is never read.
 */
export function entryFileReader(roots: () => readonly JournalRoot[], maxBytes: number): EntryReader {
  return (file, type) => {
    const root = rootOfPath(roots(), file);
    if (!root) return undefined;
    const out = loadEntrySync(root.real, file, type, maxBytes);
    return out.kind === 'entry' ? out.entry : undefined;
  };
}

/**
 * Read one entry by path (absolute, or relative to a root), synchronously. Throws CatalogError when refused
 * (see readEntryAt).
 */
export function readEntry(input: string, roots: readonly JournalRoot[], maxBytes: number): EntryContent {
  const file = readEntryAt(input, roots, maxBytes);
  const entry = parseEntry({ text: file.text, path: file.path, type: file.root.types[0] as JournalType, mtimeMs: file.stamp.mtimeMs });
  entry.type = entryTypeIn(file.root, entry);
  return {
    ...summaryOf(entryMeta(entry), entry),
    sectionTexts: sectionTexts(entry),
    header: jsonSafe(entry.header),
    content: file.text,
  };
}

/** What writing needs from the journal that owns the entries. */
export interface EntryWriteHost {
  /** The roots to write into, once the index is open (or known to be unavailable): a new entry goes into it at once. */
  rootsForWrite(): Promise<JournalRoot[]>;
  /** An entry was written and read back as written. */
  written(entry: JournalEntry, stamp: FileStamp, root: JournalRoot, roots: readonly JournalRoot[]): void;
}

/**
 * process_thoughts: project notes to the project root, the rest to the user root. Everything is checked
 * before anything is written (no NUL bytes, each file within the read limit), and each file written is read
 * back through the same check every read goes through: an entry that would not read back as written is
 * removed and reported as an error, never as written.
 */
export async function writeEntries(thoughts: Thoughts, host: EntryWriteHost, options: { maxBytes: number; now: () => number }): Promise<WrittenEntry[]> {
  const split = splitThoughts(thoughts);
  if (split.project.length + split.user.length === 0) {
    throw new CatalogError(
      'EMPTY_ENTRY',
      'Nothing to record: give at least one non-empty field (reflections, observations, project_notes, user_context, technical_insights, world_knowledge or feelings).',
    );
  }
  const roots = await host.rootsForWrite();
  const { maxBytes } = options;
  const time = new Date(options.now());
  const planned: Array<{ type: JournalType; root: JournalRoot; sections: EntrySectionText[]; content: string }> = [];
  for (const [type, sections] of [
    ['project', split.project],
    ['user', split.user],
  ] as const) {
    if (sections.length === 0) continue;
    const content = formatEntry(sections, time);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > maxBytes) {
      throw new CatalogError(
        'ENTRY_TOO_LARGE',
        `The ${type} journal entry would be ${bytes} bytes, over the ${maxBytes}-byte limit (${Math.round(maxBytes / 1024)} KiB) for reading an entry back: split it over several entries. Nothing was written.`,
      );
    }
    planned.push({ type, root: rootFor(roots, type), sections, content });
  }
  const out: WrittenEntry[] = [];
  for (const { type, root, sections, content } of planned) {
    let file: WrittenFile;
    try {
      file = await writeEntryFile(root.real, content, time, type === 'project' ? { what: 'project journal folder', option: '--journal' } : { what: 'user journal folder', option: '--user-journal' });
      verifyWritten(file, sections, maxBytes);
    } catch (err) {
      if (out.length === 0 || !(err instanceof CatalogError)) throw err;
      throw new CatalogError(err.code, `${err.message} (The ${out.map((w) => `${w.type} entry ${w.path}`).join(' and ')} was written before this failed.)`);
    }
    const entry = parseEntry({ text: content, path: file.path, type, mtimeMs: file.stamp.mtimeMs });
    entry.type = entryTypeIn(root, entry);
    host.written(entry, file.stamp, root, roots);
    out.push({ path: file.path, type: entry.type, date: time.toISOString(), sections: sectionNames(entry) });
  }
  return out;
}

/** Read a new entry file back through the one check; remove it and throw unless it has exactly the sections written. */
function verifyWritten(file: WrittenFile, sections: readonly EntrySectionText[], maxBytes: number): void {
  const back = readEntryTextSync(file.root, file.path, maxBytes);
  const expected = [...new Set(sections.map((s) => s.name))];
  let why: string | undefined;
  if (back.kind === 'missing') why = 'it is gone';
  else if (back.kind === 'skipped') why = back.diagnostic.message;
  else {
    const got = sectionNames(parseEntry({ text: back.text, path: file.path, type: 'user' }));
    if (got.join('\n') !== expected.join('\n')) why = `it reads back with the sections ${JSON.stringify(got)}, not ${JSON.stringify(expected)}`;
  }
  if (why === undefined) return;
  rmSync(file.path, { force: true });
  throw new CatalogError('WRITE_UNVERIFIED', `The entry written to ${file.path} did not read back as written (${why}); it was removed.`);
}

function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
