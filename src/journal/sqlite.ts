/**
 * The SQLite engines the journal index can run on, behind one small interface:
 *
 *  - `better-sqlite3`: an optional dependency (a native module: its install may fail or be skipped, e.g.
 *    offline without a prebuilt binary or a C++ toolchain, or with --ignore-scripts);
 *  - `node:sqlite`: built into Node from 22.5 (behind --experimental-sqlite before 22.13).
 *
 * An engine counts only when it loads and can create the FTS5 table the index needs (contentless_delete:
 * SQLite 3.43 or later). When none does, the journal has no index and every query scans the entry files;
 * the reason is reported (get_status, validate, the journal tools), never a silent wrong answer.
 *
 * Which engines are tried, in order, is config.sqliteEngines (env AGENT_CATALOG_SQLITE): a module name or
 * path of a better-sqlite3-compatible module, or `node:sqlite`. Loading is synchronous and lazy: nothing is
 * loaded until the journal opens its index.
 */
import { createRequire } from 'node:module';

export interface SqliteRunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

export type SqliteParam = string | number | bigint | null | Uint8Array;

export interface SqliteStatement {
  get(...params: SqliteParam[]): unknown;
  all(...params: SqliteParam[]): unknown[];
  run(...params: SqliteParam[]): SqliteRunResult;
}

export interface SqliteDatabase {
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** `PRAGMA name`: the first column of the first row (e.g. user_version). */
  pragmaValue(name: string): unknown;
  /** Run `fn` in a BEGIN IMMEDIATE transaction: committed when it returns, rolled back when it throws. */
  immediate<T>(fn: () => T): T;
  close(): void;
}

export interface SqliteEngine {
  /** What was loaded, e.g. "better-sqlite3" or "node:sqlite". */
  readonly name: string;
  /** Open (creating) a database file, or ':memory:'; `busyTimeoutMs`: how long a write waits for a lock. */
  open(file: string, busyTimeoutMs: number): SqliteDatabase;
}

export type EngineChoice = { engine: SqliteEngine; reason?: undefined } | { engine?: undefined; reason: string };

/** The engines tried when none are configured. */
export const DEFAULT_SQLITE_ENGINES: readonly string[] = ['better-sqlite3', 'node:sqlite'];

/** A SQLite error code ("SQLITE_CORRUPT", "SQLITE_BUSY"…) from either engine's error object, or undefined. */
export function sqliteErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; errcode?: unknown } | undefined;
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  // node:sqlite: code ERR_SQLITE_ERROR, errcode the (extended) SQLite result code.
  if (typeof e?.errcode === 'number') return PRIMARY_CODES[e.errcode & 0xff];
  return undefined;
}

const PRIMARY_CODES: Record<number, string> = { 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED', 11: 'SQLITE_CORRUPT', 26: 'SQLITE_NOTADB' };

const firstLine = (err: unknown): string => String((err as Error)?.message ?? err).split('\n')[0] ?? '';

// --- better-sqlite3 --------------------------------------------------------------------------------------------

interface BetterStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): SqliteRunResult;
}
interface BetterDatabase {
  readonly open: boolean;
  prepare(sql: string): BetterStatement;
  exec(sql: string): void;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  transaction<T>(fn: () => T): { immediate(): T };
  close(): void;
}
type BetterConstructor = new (file: string, options?: { timeout?: number }) => BetterDatabase;

function betterSqlite(Database: BetterConstructor, name: string): SqliteEngine {
  return {
    name,
    open(file, busyTimeoutMs) {
      const db = new Database(file, { timeout: busyTimeoutMs });
      return {
        get open() {
          return db.open;
        },
        prepare: (sql) => db.prepare(sql),
        exec: (sql) => db.exec(sql),
        pragmaValue: (pragma) => db.pragma(pragma, { simple: true }),
        immediate: (fn) => db.transaction(fn).immediate(),
        close: () => db.close(),
      };
    },
  };
}

// --- node:sqlite -----------------------------------------------------------------------------------------------

interface NodeStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): SqliteRunResult;
}
interface NodeDatabase {
  prepare(sql: string): NodeStatement;
  exec(sql: string): void;
  close(): void;
}
type NodeConstructor = new (file: string) => NodeDatabase;

function nodeSqlite(DatabaseSync: NodeConstructor): SqliteEngine {
  return {
    name: 'node:sqlite',
    open(file, busyTimeoutMs) {
      const db = new DatabaseSync(file);
      let open = true;
      try {
        db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      } catch (err) {
        db.close();
        throw err;
      }
      return {
        get open() {
          return open;
        },
        prepare: (sql) => db.prepare(sql),
        exec: (sql) => db.exec(sql),
        pragmaValue: (pragma) => {
          const row = db.prepare(`PRAGMA ${pragma}`).get() as Record<string, unknown> | undefined;
          return row === undefined ? undefined : Object.values(row)[0];
        },
        immediate: <T>(fn: () => T): T => {
          db.exec('BEGIN IMMEDIATE');
          let result: T;
          try {
            result = fn();
          } catch (err) {
            try {
              db.exec('ROLLBACK');
            } catch {
              // the transaction is already gone (SQLite rolled it back itself)
            }
            throw err;
          }
          db.exec('COMMIT');
          return result;
        },
        close: () => {
          if (!open) return;
          open = false;
          db.close();
        },
      };
    },
  };
}

// --- loading ---------------------------------------------------------------------------------------------------

/** Check that the engine can hold the index: an FTS5 table with contentless_delete (SQLite ≥ 3.43). */
function probe(engine: SqliteEngine): void {
  const db = engine.open(':memory:', 0);
  try {
    db.exec("CREATE VIRTUAL TABLE probe USING fts5 (text, content='', contentless_delete=1)");
  } finally {
    db.close();
  }
}

function loadOne(spec: string, require: NodeJS.Require): SqliteEngine {
  if (spec === 'node:sqlite') {
    // Loading it emits "ExperimentalWarning: SQLite is an experimental feature" on stderr in every process:
    // noise for a user who never chose it (the index is a cache of the files). Only that warning is held back.
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      if (!String(warning instanceof Error ? warning.message : warning).startsWith('SQLite is an experimental feature')) {
        (emitWarning as (w: string | Error, ...r: unknown[]) => void).call(process, warning, ...rest);
      }
    }) as typeof process.emitWarning;
    let mod: { DatabaseSync?: NodeConstructor };
    try {
      mod = require('node:sqlite') as { DatabaseSync?: NodeConstructor };
    } finally {
      process.emitWarning = emitWarning;
    }
    if (typeof mod.DatabaseSync !== 'function') throw new Error('node:sqlite has no DatabaseSync');
    return nodeSqlite(mod.DatabaseSync);
  }
  const mod = require(spec) as BetterConstructor | { default?: BetterConstructor };
  const Database = typeof mod === 'function' ? mod : mod.default;
  if (typeof Database !== 'function') throw new Error(`${spec} does not export a better-sqlite3 Database class`);
  return betterSqlite(Database, spec);
}

/**
 * The first engine of `specs` that loads and has FTS5, or why none could be used (each engine's reason).
 * Synchronous; modules are resolved from this package.
 */
export function chooseSqliteEngine(specs: readonly string[], from: string = import.meta.url): EngineChoice {
  if (specs.length === 0) return { reason: 'the journal index is turned off (AGENT_CATALOG_SQLITE=none)' };
  const require = createRequire(from);
  const reasons: string[] = [];
  for (const spec of specs) {
    try {
      const engine = loadOne(spec, require);
      probe(engine);
      return { engine };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (spec === 'node:sqlite' && (code === 'ERR_UNKNOWN_BUILTIN_MODULE' || code === 'MODULE_NOT_FOUND')) {
        const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
        const flagged = major === 22 && minor >= 5 && minor < 13;
        reasons.push(`node:sqlite is not in Node ${process.versions.node} (${flagged ? 'it needs --experimental-sqlite before 22.13' : 'it is from 22.5 on'})`);
      } else if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
        reasons.push(`${spec} is not installed`);
      } else {
        reasons.push(`${spec} cannot be used (${firstLine(err)})`);
      }
    }
  }
  return { reason: `no SQLite engine with FTS5: ${reasons.join('; ')}` };
}

/** Engine list from AGENT_CATALOG_SQLITE: comma-separated; "none" (or empty) turns the index off. */
export function parseSqliteEngines(value: string | undefined): string[] {
  if (value === undefined) return [...DEFAULT_SQLITE_ENGINES];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return list.length === 1 && list[0] === 'none' ? [] : list.filter((s) => s !== 'none');
}
