/**
 * The journal's full-text index, on disk: one SQLite database (FTS5; better-sqlite3 or node:sqlite, see
 * sqlite.ts) per set of journal roots, `<cacheDir>/journal-<hash>.sqlite`, or an in-memory database when the cache is off.
 *
 *  - `entries`: one row per entry file (folder, name, type, time, title, file stamp, section names and keys);
 *  - `fts`: a contentless FTS5 table holding one row per entry (rowid = entries.id) and one column per field:
 *    the title, each known section, everything else. SQLite ranks with bm25() (the title weighs 1.5×) and
 *    keeps only the best rows (ORDER BY … LIMIT), so a search never brings every match into JavaScript.
 *    No entry text is stored: excerpts are cut from the file, read back for the few hits shown.
 *
 * Several processes may share one database (WAL, busy timeout, short IMMEDIATE write transactions); every
 * write is idempotent (keyed by path, and by file stamp for deletes). A file that is corrupt or from another
 * schema version is deleted and rebuilt; a database that cannot be opened at all is replaced by one in memory.
 * Everything here is synchronous: callers keep the batches small.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../shared/logger.js';
import { sqliteErrorCode, type SqliteDatabase, type SqliteEngine, type SqliteStatement } from './sqlite.js';
import { ensureFolderSync } from '../shared/safe-paths.js';
import { KNOWN_SECTIONS } from './entry.js';
import type { FileStamp, JournalType } from './types.js';

/** Bump when the tables or what goes into them change: an older file is then deleted and rebuilt. */
export const SCHEMA_VERSION = 2;
export const TITLE_COLUMN = 'title';
export const OTHER_COLUMN = 'other';
/** Indexed fields, in column order. */
export const FTS_COLUMNS: readonly string[] = [TITLE_COLUMN, ...KNOWN_SECTIONS.map((s) => s.field), OTHER_COLUMN];
/** bm25() arguments: one weight per column, in column order (a word in a real title counts a bit more). */
const BM25 = `bm25(fts, ${FTS_COLUMNS.map((c) => (c === TITLE_COLUMN ? '1.5' : '1.0')).join(', ')})`;
/**
 * SQLite page cache, in KiB: a first build writes faster with a bigger one; searching and reconciling a warm
 * index need little (docs/decisions.md, "Journal: SQLite page cache").
 */
const CACHE_KIB = 2000;
const BULK_CACHE_KIB = 8000;

/** How long a write waits for another process's transaction before giving up (ms). */
export const BUSY_TIMEOUT_MS = 5000;
export const MEMORY = ':memory:';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
  id INTEGER PRIMARY KEY,
  dir TEXT NOT NULL,
  name TEXT NOT NULL,
  type INTEGER NOT NULL,
  time REAL NOT NULL,
  title TEXT NOT NULL,
  mtime REAL NOT NULL,
  size INTEGER NOT NULL,
  sections TEXT NOT NULL,
  keys TEXT NOT NULL,
  UNIQUE (dir, name)
);
CREATE INDEX IF NOT EXISTS entries_time ON entries (time);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (${FTS_COLUMNS.join(', ')}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab (fts, 'row');
`;

const TYPE_CODE: Record<JournalType, number> = { project: 0, user: 1 };
const typeOfCode = (code: number): JournalType => (code === 0 ? 'project' : 'user');

/** What the index keeps of one entry (its text goes into the FTS columns only). */
export interface StoreDoc {
  path: string;
  type: JournalType;
  time: number;
  title: string;
  /** Distinct section names as written, in file order. */
  sections: string[];
  /** Section keys present. */
  keys: string[];
  stamp: FileStamp;
  /** FTS column → text (missing columns are empty). */
  columns: Record<string, string>;
}

export interface StoreRow {
  id: number;
  path: string;
  type: JournalType;
  time: number;
  title: string;
  sections: string[];
}

export interface ScoredRow extends StoreRow {
  /** Relevance, higher is better (bm25 negated). */
  score: number;
}

export interface KnownFile {
  id: number;
  stamp: FileStamp;
}

export type StoreOp =
  | { kind: 'upsert'; doc: StoreDoc }
  /** Delete the row of `path` if it still has `stamp`. */
  | { kind: 'delete'; path: string; stamp: FileStamp }
  /** Delete the rows directly in `dir`, and below it when `recursive`. */
  | { kind: 'deleteDir'; dir: string; recursive: boolean };

interface RawRow {
  id: number;
  dir: string;
  name: string;
  type: number;
  time: number;
  title: string;
  sections: string;
  s?: number;
}

/** Errors after which the file is not to be trusted: delete and rebuild it. */
export function isCorruption(err: unknown): boolean {
  const code = sqliteErrorCode(err);
  return err instanceof SchemaMismatchError || (code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'));
}

export class SchemaMismatchError extends Error {
  constructor(found: number) {
    super(`index database has schema version ${found}, this server uses ${SCHEMA_VERSION}`);
  }
}

/** One database per set of roots (real paths and the types they serve), so servers over other roots never share one. */
export function storeFile(cacheDir: string, roots: ReadonlyArray<{ real: string; types: readonly string[] }>): string {
  const key = createHash('sha256')
    .update(roots.map((r) => `${r.real}\0${r.types.join('+')}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return path.join(cacheDir, `journal-${key}.sqlite`);
}

const DB_SUFFIXES = ['', '-wal', '-shm', '-journal'];

function removeDbFiles(file: string): void {
  for (const suffix of DB_SUFFIXES) fs.rmSync(file + suffix, { force: true });
}

/**
 * SQLite opens the database and its -wal, -shm and -journal files following symlinks (better-sqlite3 offers
 * no O_NOFOLLOW): a link planted in the cache folder would have it create or write a file wherever the link
 * points. A symlink or special file at those names is removed first; returns what was removed.
 */
function removeNonFiles(file: string): string[] {
  const removed: string[] = [];
  for (const suffix of DB_SUFFIXES) {
    const p = file + suffix;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    // A folder is left alone: SQLite cannot open it, and the index is kept in memory instead.
    if (st.isFile() || st.isDirectory()) continue;
    fs.rmSync(p, { force: true });
    removed.push(p);
  }
  return removed;
}

/** `a/b` → range bounds covering every path strictly under it (`a/b/…`). */
const under = (dir: string): [string, string] => [`${dir}${path.sep}`, `${dir}${String.fromCharCode(path.sep.charCodeAt(0) + 1)}`];

export class JournalStore {
  private readonly stmts = new Map<string, SqliteStatement>();

  private constructor(
    private readonly db: SqliteDatabase,
    /** The database file, or ':memory:'. */
    readonly file: string,
  ) {}

  /**
   * Open (creating if needed) the database at `file`. Corrupt or foreign files are deleted and rebuilt;
   * if the file cannot be used at all (read-only folder, disk full…), an in-memory database is used instead.
   */
  static open(file: string, logger: Logger, engine: SqliteEngine): JournalStore {
    if (file === MEMORY) return new JournalStore(openDb(engine, MEMORY), MEMORY);
    try {
      ensureFolderSync(path.dirname(file), 'The cache folder', 'Give a writable folder with --cache-dir, or turn the cache off with --no-cache.');
      for (const p of removeNonFiles(file)) logger.warn(`journal: removed ${p}: not a regular file (a symlink or special file where the index belongs)`);
      try {
        return new JournalStore(openDb(engine, file), file);
      } catch (err) {
        if (!isCorruption(err)) throw err;
        logger.warn(`journal: index ${file} is unusable (${(err as Error).message}); rebuilding it`);
        removeDbFiles(file);
        return new JournalStore(openDb(engine, file), file);
      }
    } catch (err) {
      logger.warn(`journal: cannot use the index file ${file} (${(err as Error).message}); indexing in memory instead`);
      return new JournalStore(openDb(engine, MEMORY), MEMORY);
    }
  }

  /** Delete a database file (and its WAL); used when it turned out corrupt while in use. */
  static remove(file: string): void {
    if (file !== MEMORY) removeDbFiles(file);
  }

  /**
   * Bulk mode for a first build: no fsync at checkpoints (they would stall the event loop for tens of ms each
   * and double the build time). The index is only a cache of the files: a power cut during a first build may
   * damage it, which SQLite reports as corruption, and the file is then deleted and rebuilt. Back to
   * synchronous=NORMAL (WAL: fsync at checkpoints only) afterwards.
   */
  setBulk(on: boolean): void {
    if (this.file !== MEMORY) this.db.exec(`PRAGMA synchronous = ${on ? 'OFF' : 'NORMAL'}`);
    // A negative cache_size is in KiB.
    this.db.exec(`PRAGMA cache_size = -${on ? BULK_CACHE_KIB : CACHE_KIB}`);
  }

  get open(): boolean {
    return this.db.open;
  }

  close(): void {
    if (!this.db.open) return;
    try {
      // Fold the WAL back into the file when this is the last connection (no-op otherwise).
      if (this.file !== MEMORY) this.db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    } catch {
      // busy or closing: the next opener checkpoints
    }
    this.db.close();
  }

  private stmt(sql: string): SqliteStatement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Meta

  getMeta(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.immediate(() => this.stmt('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Writes

  /** Apply a batch of operations in one IMMEDIATE transaction (waits up to the busy timeout for other writers). */
  apply(ops: readonly StoreOp[]): void {
    if (ops.length === 0) return;
    this.db.immediate(() => {
      for (const op of ops) {
        if (op.kind === 'upsert') this.upsertOne(op.doc);
        else if (op.kind === 'delete') this.deleteOne(op.path, op.stamp);
        else this.deleteDirOne(op.dir, op.recursive);
      }
    });
  }

  upsert(doc: StoreDoc): void {
    this.apply([{ kind: 'upsert', doc }]);
  }

  private upsertOne(doc: StoreDoc): void {
    const dir = path.dirname(doc.path);
    const name = path.basename(doc.path);
    const old = this.stmt('SELECT id, mtime, size FROM entries WHERE dir = ? AND name = ?').get(dir, name) as { id: number; mtime: number; size: number } | undefined;
    // Same file already indexed (by another process, or an earlier event): nothing to do.
    if (old && old.mtime === doc.stamp.mtimeMs && old.size === doc.stamp.size) return;
    const values = [TYPE_CODE[doc.type], doc.time, doc.title, doc.stamp.mtimeMs, doc.stamp.size, doc.sections.join('\n'), `,${doc.keys.join(',')},`];
    let id: number;
    if (old) {
      id = old.id;
      this.stmt('DELETE FROM fts WHERE rowid = ?').run(id);
      this.stmt('UPDATE entries SET type = ?, time = ?, title = ?, mtime = ?, size = ?, sections = ?, keys = ? WHERE id = ?').run(...values, id);
    } else {
      id = Number(this.stmt('INSERT INTO entries (dir, name, type, time, title, mtime, size, sections, keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(dir, name, ...values).lastInsertRowid);
    }
    this.stmt(`INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(FTS_COLUMNS.length)})`).run(id, ...FTS_COLUMNS.map((c) => doc.columns[c] ?? ''));
  }

  /** Delete the row of `file` if it still has `stamp` (a row rewritten meanwhile by another process stays). */
  private deleteOne(file: string, stamp: FileStamp): void {
    const row = this.stmt('SELECT id FROM entries WHERE dir = ? AND name = ? AND mtime = ? AND size = ?').get(path.dirname(file), path.basename(file), stamp.mtimeMs, stamp.size) as
      | { id: number }
      | undefined;
    if (row) this.deleteRow(row.id);
  }

  private deleteRow(id: number): void {
    this.stmt('DELETE FROM fts WHERE rowid = ?').run(id);
    this.stmt('DELETE FROM entries WHERE id = ?').run(id);
  }

  private deleteDirOne(dir: string, recursive: boolean): void {
    const [lo, hi] = under(dir);
    const rows = (
      recursive
        ? this.stmt('SELECT id FROM entries WHERE dir = ? OR (dir >= ? AND dir < ?)').all(dir, lo, hi)
        : this.stmt('SELECT id FROM entries WHERE dir = ?').all(dir)
    ) as Array<{ id: number }>;
    for (const r of rows) this.deleteRow(r.id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads

  count(): number {
    return (this.stmt('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
  }

  /** Indexed files directly in `dir`: name → id and stamp. */
  filesIn(dir: string): Map<string, KnownFile> {
    const out = new Map<string, KnownFile>();
    for (const r of this.stmt('SELECT id, name, mtime, size FROM entries WHERE dir = ?').all(dir) as Array<{ id: number; name: string; mtime: number; size: number }>) {
      out.set(r.name, { id: r.id, stamp: { mtimeMs: r.mtime, size: r.size } });
    }
    return out;
  }

  stamp(file: string): FileStamp | undefined {
    const r = this.stmt('SELECT mtime, size FROM entries WHERE dir = ? AND name = ?').get(path.dirname(file), path.basename(file)) as { mtime: number; size: number } | undefined;
    return r ? { mtimeMs: r.mtime, size: r.size } : undefined;
  }

  /** Every folder holding indexed entries (one per day in a real journal: small). */
  dirs(): string[] {
    return (this.stmt('SELECT DISTINCT dir FROM entries').all() as Array<{ dir: string }>).map((r) => r.dir);
  }

  /** Entries newest first (ties: path descending), optionally of one type and not older than `since`. */
  recent(limit: number, type: JournalType | undefined, since: number | undefined): StoreRow[] {
    const where = [since !== undefined ? 'time >= ?' : '', type !== undefined ? 'type = ?' : ''].filter((w) => w !== '');
    const args: number[] = [];
    if (since !== undefined) args.push(since);
    if (type !== undefined) args.push(TYPE_CODE[type]);
    const sql = `SELECT id, dir, name, type, time, title, sections FROM entries ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, dir DESC, name DESC LIMIT ?`;
    return (this.stmt(sql).all(...args, limit) as RawRow[]).map(toRow);
  }

  /** True when some entry holds `term` (a lower-case token). */
  hasTerm(term: string): boolean {
    return this.stmt('SELECT rowid FROM fts WHERE fts MATCH ? LIMIT 1').get(quoteTerm(term)) !== undefined;
  }

  /** Index terms in [from, to), at most `max` (for prefix and typo expansion). */
  termsBetween(from: string, to: string, max: number): string[] {
    return (this.stmt('SELECT term FROM fts_terms WHERE term >= ? AND term < ? LIMIT ?').all(from, to, max) as Array<{ term: string }>).map((r) => r.term);
  }

  /**
   * The `limit` best entries for an FTS5 MATCH expression (best first, by bm25), matching only inside the
   * columns `fields` when given, of one type and holding one of the section `keys` when given.
   */
  search(
    match: string,
    limit: number,
    filter: { type?: JournalType | undefined; keys?: readonly string[] | undefined; fields?: readonly string[] | undefined } = {},
  ): ScoredRow[] {
    const keys = filter.keys && filter.keys.length > 0 ? filter.keys : undefined;
    let expr = match;
    if (filter.fields) {
      const columns = filter.fields.filter((f) => FTS_COLUMNS.includes(f));
      if (columns.length === 0) return [];
      // An FTS5 column filter: the expression matches inside these columns only, and bm25 counts only them.
      expr = `{${columns.join(' ')}} : (${match})`;
    }
    const cols = 'e.id, e.dir, e.name, e.type, e.time, e.title, e.sections';
    let rows: RawRow[];
    if (filter.type === undefined && !keys) {
      rows = this.stmt(
        `SELECT ${cols}, f.s FROM (SELECT rowid AS id, ${BM25} AS s FROM fts WHERE fts MATCH ? ORDER BY s LIMIT ?) AS f JOIN entries e ON e.id = f.id ORDER BY f.s`,
      ).all(expr, limit) as RawRow[];
    } else {
      const conds: string[] = [];
      const args: Array<string | number> = [expr];
      if (filter.type !== undefined) {
        conds.push('e.type = ?');
        args.push(TYPE_CODE[filter.type]);
      }
      if (keys) {
        conds.push(`(${keys.map(() => 'instr(e.keys, ?) > 0').join(' OR ')})`);
        for (const k of keys) args.push(`,${k},`);
      }
      rows = this.stmt(`SELECT ${cols}, ${BM25} AS s FROM fts JOIN entries e ON e.id = fts.rowid WHERE fts MATCH ? AND ${conds.join(' AND ')} ORDER BY s LIMIT ?`).all(
        ...args,
        limit,
      ) as RawRow[];
    }
    return rows.map((r) => ({ ...toRow(r), score: -(r.s ?? 0) }));
  }
}

function toRow(r: RawRow): StoreRow {
  return { id: r.id, path: path.join(r.dir, r.name), type: typeOfCode(r.type), time: r.time, title: r.title, sections: r.sections === '' ? [] : r.sections.split('\n') };
}

/** A term as an FTS5 string (always quoted: no word is taken for an operator or a column name). */
export function quoteTerm(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

const isBusy = (err: unknown): boolean => {
  const code = sqliteErrorCode(err);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
};

/** Block for `ms` (only while two processes race to set up a new database: a few ms, rarely). */
const sleepSync = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Open with retries: while another process is switching a new database to WAL, SQLite reports "database is
 * locked" at once, without waiting for the busy timeout.
 */
function openDb(engine: SqliteEngine, file: string): SqliteDatabase {
  for (let attempt = 1; ; attempt++) {
    try {
      return openDbOnce(engine, file);
    } catch (err) {
      if (!isBusy(err) || attempt >= 50) throw err;
      sleepSync(10 + Math.floor(Math.random() * 20));
    }
  }
}

function openDbOnce(engine: SqliteEngine, file: string): SqliteDatabase {
  const db = engine.open(file, BUSY_TIMEOUT_MS);
  try {
    if (file !== MEMORY) {
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec('PRAGMA journal_size_limit = 16777216');
    }
    db.exec(`PRAGMA cache_size = -${CACHE_KIB}`);
    let version = Number(db.pragmaValue('user_version'));
    if (version === 0) {
      // Two processes may get here at once: the IMMEDIATE transaction serialises them, the re-check makes it idempotent.
      db.immediate(() => {
        if (Number(db.pragmaValue('user_version')) !== 0) return;
        db.exec(SCHEMA);
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      });
      version = Number(db.pragmaValue('user_version'));
    }
    if (version !== SCHEMA_VERSION) throw new SchemaMismatchError(version);
    // Cheap probes of both tables: a damaged header or FTS structure shows up here rather than at the first search.
    db.prepare('SELECT count(*) FROM meta').get();
    db.prepare("SELECT rowid FROM fts WHERE fts MATCH '\"a\"' LIMIT 1").get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
