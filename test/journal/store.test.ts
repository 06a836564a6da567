/** The on-disk index (SQLite FTS5): persistence across restarts, recovery from a bad file, hermetic mode. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { resolveConfig, type Config } from '../../src/app/config.js';
import { silentLogger, type Logger } from '../../src/shared/logger.js';
import { JournalService } from '../../src/journal/service.js';
import { resolveRoots } from '../../src/journal/roots.js';
import { SCHEMA_VERSION, storeFile } from '../../src/journal/store.js';
import { makeTempDir } from './fixture.js';
import type BetterSqlite3 from 'better-sqlite3';
import { describeIndexed, HAS_BETTER_SQLITE3 } from '../helpers/sqlite.js';

// Opened directly to damage index files on purpose; better-sqlite3 is an optional dependency.
const Database: typeof BetterSqlite3 = HAS_BETTER_SQLITE3 ? (await import('better-sqlite3')).default : (undefined as unknown as typeof BetterSqlite3);

const distStore = fileURLToPath(new URL('../../dist/journal/store.js', import.meta.url));

const bases: string[] = [];
afterEach(() => {
  for (const b of bases.splice(0)) fs.rmSync(b, { recursive: true, force: true });
});

function setup(): { base: string; user: string; project: string; cacheDir: string; config: Config } {
  const base = makeTempDir('journal-store-');
  bases.push(base);
  const user = path.join(base, 'u');
  const project = path.join(base, 'p');
  const cacheDir = path.join(base, 'cache');
  const config = resolveConfig({ journal: project, userJournal: user, noUser: true, noBundled: true, noWatch: true, cacheDir }, { cwd: base, home: base, env: {} });
  return { base, user, project, cacheDir, config };
}

function entry(root: string, day: string, time: string, text: string): string {
  const file = path.join(root, day, `${time}-000000.md`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `---\ntitle: "t"\ndate: ${day}T10:00:00.000Z\n---\n\n## Observations\n\n${text}\n`);
  return file;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => undefined, info: () => undefined, warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

const paths = async (j: JournalService, q: string): Promise<string[]> => (await j.search(q)).results.map((r) => r.path).sort();

describeIndexed('the on-disk index', () => {
  it('survives a restart: the next server answers from it at once, then catches up with changes made meanwhile', async () => {
    const { user, config, cacheDir } = setup();
    const kept = entry(user, '2024-01-01', '10-00-00', 'A heron by the pond.');
    const removed = entry(user, '2024-01-02', '10-00-00', 'A heron and a bittern.');
    const edited = entry(user, '2024-01-03', '10-00-00', 'A heron in the reeds.');
    const first = new JournalService(config, silentLogger, { watch: false, reconcileMs: 0 });
    await first.whenReady();
    expect(await paths(first, 'heron')).toEqual([kept, removed, edited].sort());
    const file = first.indexFile() as string;
    await first.close();
    expect(path.dirname(file)).toBe(cacheDir);
    expect(path.basename(file)).toMatch(/^journal-[0-9a-f]{16}\.sqlite$/);
    expect(fs.existsSync(file)).toBe(true);

    // While no server runs: one entry removed, one replaced, one added.
    fs.unlinkSync(removed);
    fs.writeFileSync(edited, '---\ntitle: "t"\n---\n\n## Observations\n\nA grebe in the reeds.\n');
    const added = entry(user, '2024-01-04', '10-00-00', 'A heron again, and a grebe.');

    const second = new JournalService(config, silentLogger, { watch: false, reconcileMs: 0 });
    try {
      await second.whenLoaded();
      expect(second.indexFile()).toBe(file);
      // Complete from the start (stale for a moment): the index answers, no scan.
      expect(second.status().indexed).toBe(true);
      expect((await second.search('bittern')).indexed).toBe(true);
      await second.whenReady();
      expect(await paths(second, 'heron')).toEqual([kept, added].sort());
      expect(await paths(second, 'grebe')).toEqual([added, edited].sort());
      expect(await paths(second, 'bittern')).toEqual([]);
      expect(second.status().entries).toBe(3);
      expect((await second.listRecent({ days: 100_000 })).map((e) => e.path)).toEqual([added, edited, kept]);
    } finally {
      await second.close();
    }
  });

  it('deletes and rebuilds a corrupt index file', async () => {
    const { user, project, config } = setup();
    const file = entry(user, '2024-02-01', '10-00-00', 'An ibis on the mudflat.');
    const dbFile = storeFile(config.cacheDir, await resolveRoots({ project, user }));
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    fs.writeFileSync(dbFile, Buffer.alloc(64 * 1024, 0x5a));
    const logger = recordingLogger();
    const journal = new JournalService(config, logger, { watch: false, reconcileMs: 0 });
    try {
      await journal.whenReady();
      expect(journal.indexFile()).toBe(dbFile);
      expect(logger.lines.some((l) => l.includes('rebuilding'))).toBe(true);
      expect(await journal.search('ibis')).toMatchObject({ indexed: true, results: [{ path: file }] });
    } finally {
      await journal.close();
    }
    const db = new Database(dbFile, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('rebuilds an index file from another schema version', async () => {
    const { user, project, config } = setup();
    const file = entry(user, '2024-03-01', '10-00-00', 'A spoonbill sweeping.');
    const dbFile = storeFile(config.cacheDir, await resolveRoots({ project, user }));
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    const old = new Database(dbFile);
    old.exec('CREATE TABLE entries (path TEXT); INSERT INTO entries VALUES (1);');
    old.pragma(`user_version = ${SCHEMA_VERSION + 41}`);
    old.close();
    const journal = new JournalService(config, silentLogger, { watch: false, reconcileMs: 0 });
    try {
      await journal.whenReady();
      expect(await journal.search('spoonbill')).toMatchObject({ indexed: true, results: [{ path: file }] });
    } finally {
      await journal.close();
    }
  });

  it('indexes in memory, leaving no file, when the cache is off', async () => {
    const { user, project, base } = setup();
    entry(user, '2024-04-01', '10-00-00', 'A stork nesting.');
    const cacheDir = path.join(base, 'cache');
    const config = resolveConfig({ journal: project, userJournal: user, noUser: true, noBundled: true, noWatch: true, noCache: true, cacheDir }, { cwd: base, home: base, env: {} });
    const journal = new JournalService(config, silentLogger, { watch: false, reconcileMs: 0 });
    try {
      await journal.whenReady();
      expect(journal.indexFile()).toBe(':memory:');
      expect((await journal.search('stork')).results).toHaveLength(1);
      expect(fs.existsSync(cacheDir)).toBe(false);
    } finally {
      await journal.close();
    }
  });

  it('falls back to an in-memory index when the cache folder cannot be written', async () => {
    const { user, project, base } = setup();
    entry(user, '2024-05-01', '10-00-00', 'A crane dancing.');
    const blocker = path.join(base, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the cache folder should be');
    const config = resolveConfig({ journal: project, userJournal: user, noUser: true, noBundled: true, noWatch: true, cacheDir: path.join(blocker, 'cache') }, { cwd: base, home: base, env: {} });
    const logger = recordingLogger();
    const journal = new JournalService(config, logger, { watch: false, reconcileMs: 0 });
    try {
      await journal.whenReady();
      expect(journal.indexFile()).toBe(':memory:');
      expect(logger.lines.some((l) => l.includes('indexing in memory'))).toBe(true);
      expect((await journal.search('crane')).results).toHaveLength(1);
    } finally {
      await journal.close();
    }
  });

  // Built code in dist/ (`npm test` builds first), as in concurrency.test.ts.
  it.skipIf(!fs.existsSync(distStore))('three processes creating the same new index at once all get the file', async () => {
    const { base } = setup();
    const script = path.join(base, 'open.mjs');
    fs.writeFileSync(
      script,
      `import { JournalStore } from ${JSON.stringify(distStore)};\n` +
        `import { chooseSqliteEngine, DEFAULT_SQLITE_ENGINES } from ${JSON.stringify(distStore.replace(/store\.js$/, 'sqlite.js'))};\n` +
        `const s = JournalStore.open(process.argv[2], { debug() {}, info() {}, warn: (m) => console.log(m), error: (m) => console.log(m) }, chooseSqliteEngine(DEFAULT_SQLITE_ENGINES).engine);\n` +
        `console.log(s.file === process.argv[2] ? 'file' : 'memory'); s.close();\n`,
    );
    const run = (file: string): Promise<string> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', () => resolve(out.trim()));
      });
    const outs: string[] = [];
    for (let round = 0; round < 8; round++) {
      const file = path.join(base, `race-${round}.sqlite`);
      outs.push(...(await Promise.all([run(file), run(file), run(file)])));
    }
    expect(outs.filter((o) => o !== 'file')).toEqual([]);
  });
}, HAS_BETTER_SQLITE3);
