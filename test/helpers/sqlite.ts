/**
 * Tests of the journal's full-text index need a SQLite engine with FTS5: better-sqlite3 (an optional
 * dependency whose native build can fail, e.g. without a prebuilt binary or a C++ toolchain) or Node's
 * node:sqlite (Node >= 22.5). Without one the journal answers by scanning its files (tested in
 * test/journal/engines.test.ts), and the index tests are skipped with a note saying why.
 */
import { describe, it } from 'vitest';
import { chooseSqliteEngine, DEFAULT_SQLITE_ENGINES } from '../../src/journal/sqlite.js';

export const SQLITE = chooseSqliteEngine(DEFAULT_SQLITE_ENGINES);
export const HAS_SQLITE = SQLITE.engine !== undefined;
/** better-sqlite3 itself loads (tests that open index files directly use it). */
export const HAS_BETTER_SQLITE3 = chooseSqliteEngine(['better-sqlite3']).engine !== undefined;

const noted = new Set<string>();
function note(name: string): void {
  if (noted.has(name)) return;
  noted.add(name);
  console.log(`[journal] skipped "${name}": ${SQLITE.reason ?? 'better-sqlite3 cannot be loaded'}. Install better-sqlite3 (npm ci with a prebuilt binary or a C++ toolchain) or use Node >= 22.5 to run the index tests.`);
}

/** `describe` for tests of the index: skipped, with the reason printed once, when no engine loads. */
export function describeIndexed(name: string, fn: () => void, needs: boolean = HAS_SQLITE): void {
  if (!needs) note(name);
  describe.skipIf(!needs)(name, fn);
}

/** `it` for one test of the index. */
export function itIndexed(name: string, fn: () => Promise<void> | void, timeout?: number): void {
  if (!HAS_SQLITE) note(name);
  it.skipIf(!HAS_SQLITE)(name, fn, timeout);
}
