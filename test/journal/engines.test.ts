/**
 * The journal's SQLite engine: better-sqlite3 (optional dependency), node:sqlite (Node ≥ 22.5), or none.
 * With none (the native module failed to install, or was installed with --ignore-scripts) every answer
 * comes from scanning the files and says so: the same entries as the index gives, never "no entries".
 * The engine is made unloadable through AGENT_CATALOG_SQLITE, which names the modules to try.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type Config } from '../../src/app/config.js';
import { chooseSqliteEngine, parseSqliteEngines } from '../../src/journal/sqlite.js';
import { connect, type Connected } from '../helpers/env.js';
import { BIN, spawnServer } from '../helpers/stdio.js';
import { makeFixture, type Fixture } from './fixture.js';
import { HAS_SQLITE, itIndexed } from '../helpers/sqlite.js';

type Result = CallToolResult & { structuredContent?: Record<string, unknown> };
const MISSING = '/nonexistent/better-sqlite3';

function configWith(fx: Fixture, sqlite: string | undefined): Config {
  const env: Record<string, string> = sqlite === undefined ? {} : { AGENT_CATALOG_SQLITE: sqlite };
  return resolveConfig({ journal: fx.project, userJournal: fx.user, noUser: true, noBundled: true, noWatch: true, cacheDir: path.join(fx.base, 'cache') }, { cwd: fx.home, home: fx.home, env });
}

describe('choosing the SQLite engine', () => {
  it('AGENT_CATALOG_SQLITE: a list of modules, "none" for no index', () => {
    expect(parseSqliteEngines(undefined)).toEqual(['better-sqlite3', 'node:sqlite']);
    expect(parseSqliteEngines('node:sqlite, better-sqlite3')).toEqual(['node:sqlite', 'better-sqlite3']);
    expect(parseSqliteEngines('none')).toEqual([]);
  });

  it('a module that cannot be loaded is named in the reason', () => {
    const none = chooseSqliteEngine([MISSING]);
    expect(none.engine).toBeUndefined();
    expect(none.reason).toBe(`no SQLite engine with FTS5: ${MISSING} is not installed`);
    expect(chooseSqliteEngine([]).reason).toMatch(/turned off/);
  });

  itIndexed('after a module that cannot be loaded, the next one is tried', () => {
    const next = chooseSqliteEngine([MISSING, 'better-sqlite3', 'node:sqlite']);
    expect(next.engine?.name).toMatch(/^(better-sqlite3|node:sqlite)$/);
  });

  const nodeSqlite = chooseSqliteEngine(['node:sqlite']);
  if (!nodeSqlite.engine) console.log(`[journal] node:sqlite engine test skipped: ${nodeSqlite.reason}`);
  it.skipIf(!nodeSqlite.engine)('node:sqlite (Node >= 22.5) indexes and searches like better-sqlite3', async () => {
    const fx = makeFixture();
    const conn = await connect(configWith(fx, 'node:sqlite'), { watch: false });
    try {
      await conn.ctx.journal.whenReady();
      expect(conn.ctx.journal.status()).toMatchObject({ state: 'ready', indexed: true });
      expect((await conn.ctx.journal.search('zebrafish')).results.map((r) => r.path)).toEqual([fx.files.current]);
    } finally {
      await conn.close();
      fx.cleanup();
    }
  });
  if (nodeSqlite.engine === undefined) {
    it('on this Node the reason says why node:sqlite is not there', () => {
      expect(nodeSqlite.reason).toMatch(/node:sqlite is not in Node \d+\.\d+\.\d+/);
    });
  }
});

describe('no SQLite engine: every journal tool answers from the files and says so', () => {
  let fx: Fixture;
  let scan: Connected;
  /** The same journal with an index, to compare answers with (when an engine loads). */
  let indexed: Connected | undefined;
  const call = async (c: Connected, name: string, args: Record<string, unknown>): Promise<Result> => (await c.client.callTool({ name, arguments: args })) as Result;
  const text = (r: Result): string => (r.content[0] as { text: string }).text;

  beforeAll(async () => {
    fx = makeFixture();
    scan = await connect(configWith(fx, MISSING), { watch: false });
    if (HAS_SQLITE) {
      indexed = await connect(configWith(fx, undefined), { watch: false });
      await indexed.ctx.journal.whenReady();
    }
  });
  afterAll(async () => {
    await scan.close();
    await indexed?.close();
    fx.cleanup();
  });

  it('get_status: state unindexed, the roots, and why', async () => {
    const s = (await call(scan, 'get_status', {})).structuredContent as { journal: { state: string; indexed: boolean; indexNote?: string; roots: unknown[] } };
    expect(s.journal).toMatchObject({ state: 'unindexed', indexed: false });
    expect(s.journal.indexNote).toContain(`${MISSING} is not installed`);
    expect(s.journal.roots).toHaveLength(2);
  });

  it('list_recent_entries and read_recent_entries list the entries, with the note', async () => {
    const a = await call(scan, 'list_recent_entries', { days: 3650, limit: 50 });
    // The fixture's entries with a time: 8 (the file outside the day layout has its mtime, 2024-12-24).
    expect((a.structuredContent as { entries: unknown[] }).entries).toHaveLength(8);
    expect(a.structuredContent).toMatchObject({ indexed: false, indexNote: expect.stringContaining('scan the entry files') });
    const r = await call(scan, 'read_recent_entries', { limit: 3 });
    expect((r.structuredContent as { entries: unknown[] }).entries).toHaveLength(3);
  });

  itIndexed('list_recent_entries and read_recent_entries list the same entries as the index', async () => {
    if (!indexed) throw new Error('no index');
    for (const args of [{}, { type: 'project' }, { days: 3650, limit: 50 }]) {
      const a = await call(scan, 'list_recent_entries', args);
      const b = await call(indexed, 'list_recent_entries', args);
      const paths = (r: Result): string[] => (r.structuredContent as { entries: Array<{ path: string }> }).entries.map((e) => e.path);
      expect(paths(a).length, JSON.stringify(args)).toBeGreaterThan(0);
      expect(paths(a), JSON.stringify(args)).toEqual(paths(b));
      expect(a.structuredContent).toMatchObject({ indexed: false, indexNote: expect.stringContaining('scan the entry files') });
      expect(b.structuredContent).toMatchObject({ indexed: true });
      expect(text(a)).toContain('journal index off');
    }
    const a = await call(scan, 'read_recent_entries', { limit: 3 });
    const b = await call(indexed, 'read_recent_entries', { limit: 3 });
    const contents = (r: Result): string[] => (r.structuredContent as { entries: Array<{ content: string }> }).entries.map((e) => e.content);
    expect(contents(a)).toHaveLength(3);
    expect(contents(a)).toEqual(contents(b));
    expect(a.structuredContent).toMatchObject({ indexed: false });
  });

  it('process_thoughts writes, says it is not indexed, and the entry is found and listed at once', async () => {
    const w = await call(scan, 'process_thoughts', { technical_insights: 'The lyrebird cache keeps one file per day.' });
    expect(w.isError).toBeFalsy();
    expect(w.structuredContent).toMatchObject({ indexed: false, indexNote: expect.any(String) });
    const written = (w.structuredContent as { written: Array<{ path: string }> }).written[0]?.path;
    const s = await call(scan, 'search_journal', { query: 'lyrebird' });
    expect(s.structuredContent).toMatchObject({ indexed: false, indexNote: expect.stringContaining('not installed') });
    expect((s.structuredContent as { results: Array<{ path: string }> }).results.map((r) => r.path)).toEqual([written]);
    const recent = await call(scan, 'list_recent_entries', { limit: 1 });
    expect((recent.structuredContent as { entries: Array<{ path: string }> }).entries.map((e) => e.path)).toEqual([written]);
  });

  itIndexed('search_journal over the files finds what the index finds', async () => {
    if (!indexed) throw new Error('no index');
    for (const query of ['zebrafish', 'marmalade migration', 'pelican']) {
      const a = (await call(scan, 'search_journal', { query })).structuredContent as { results: Array<{ path: string }> };
      const b = (await call(indexed, 'search_journal', { query })).structuredContent as { results: Array<{ path: string }> };
      expect(a.results.map((r) => r.path).sort(), query).toEqual(b.results.map((r) => r.path).sort());
      expect(a.results.length, query).toBeGreaterThan(0);
    }
  });
});

describe('no SQLite engine, spawned CLI and server', () => {
  const run = (args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => resolve({ code, out, err }));
    });

  it('journal write, then recent and search find the entry; validate and get_status say why there is no index', async () => {
    const fx = makeFixture();
    const env = { HOME: fx.home, AGENT_CATALOG_SQLITE: MISSING };
    const cwd = path.dirname(fx.project);
    try {
      const w = await run(['journal', 'write', '--technical-insights', 'The quetzal parser rejects tabs.', '--json'], env, cwd);
      expect(w.code).toBe(0);
      const written = JSON.parse(w.out) as { written: Array<{ path: string }>; indexed: boolean; indexNote?: string };
      expect(written).toMatchObject({ indexed: false, indexNote: expect.stringContaining(MISSING) });
      const recent = await run(['journal', 'recent', '--limit', '1'], env, cwd);
      expect(recent.code).toBe(0);
      expect(recent.out).toContain(written.written[0]?.path);
      expect(recent.err).toContain('note: journal index off');
      const search = JSON.parse((await run(['journal', 'search', 'quetzal', '--json'], env, cwd)).out) as { results: Array<{ path: string }>; indexed: boolean };
      expect(search.indexed).toBe(false);
      expect(search.results.map((r) => r.path)).toEqual([written.written[0]?.path]);
      const validate = await run(['validate', '--no-user'], env, cwd);
      expect(validate.code).toBe(0);
      expect(validate.out).toContain(`journal index: off (no SQLite engine with FTS5: ${MISSING} is not installed`);
      const server = await spawnServer(['--no-user', '--no-watch'], env, cwd);
      try {
        const s = (await server.client.callTool({ name: 'get_status', arguments: {} })).structuredContent as { journal: { state: string; indexNote?: string } };
        expect(s.journal.state).toBe('unindexed');
        expect(s.journal.indexNote).toContain(MISSING);
      } finally {
        await server.close();
      }
      // Nothing was written to a cache folder for an index that does not exist.
      expect(fs.existsSync(path.join(fx.home, '.cache', 'agent-catalog-mcp')) ? fs.readdirSync(path.join(fx.home, '.cache', 'agent-catalog-mcp')).filter((f) => f.startsWith('journal-')) : []).toEqual([]);
    } finally {
      fx.cleanup();
    }
  });

  itIndexed('with the default engines, validate names the one in use', async () => {
    const fx = makeFixture();
    try {
      const validate = await run(['validate', '--no-user'], { HOME: fx.home }, fx.home);
      expect(validate.out).toMatch(/^journal index: (better-sqlite3|node:sqlite)$/m);
    } finally {
      fx.cleanup();
    }
  });
});
