/**
 * Hostile cache files: whoever can write the cache folder must not be able to make the server serve files
 * outside its roots, break the catalog, blow up memory, or write through a symlink. Every record is checked
 * on read, bodies inflate only to their recorded size, and cache files are never opened through a symlink.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FTS_COLUMNS } from '../../src/journal/store.js';
import { agentFile, tempDir } from '../helpers/env.js';
import { resultText, runCli, spawnRaw, structured, writeTree, type CliRun, type RawServer } from './helpers.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const dayOf = (d: Date): string => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
const SECRET_WORD = 'zarquonsecret';

/** The one file in `dir` whose name matches. */
function cacheFileIn(dir: string, pattern: RegExp): string {
  const names = fs.readdirSync(dir).filter((n) => pattern.test(n));
  expect(names, `${pattern} in ${dir}: ${fs.readdirSync(dir).join(', ')}`).toHaveLength(1);
  return path.join(dir, names[0] as string);
}

// --- The parse cache's framing: a 4-byte big-endian length, then a v8-serialized value. -------------------

function readFrames(file: string): unknown[] {
  const buf = fs.readFileSync(file);
  const out: unknown[] = [];
  for (let at = 0; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    out.push(v8.deserialize(buf.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return out;
}

function writeFrames(file: string, frames: readonly unknown[]): void {
  const parts: Buffer[] = [];
  for (const f of frames) {
    const body = v8.serialize(f);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length, 0);
    parts.push(head, body);
  }
  fs.writeFileSync(file, Buffer.concat(parts));
}

type StoredEntry = { stamp: unknown; outcome: { agent?: Record<string, unknown> }; packedBody?: { packed?: Uint8Array; text?: string } };

/** Rewrite the stored entry of the agent named `name` (in whichever frame holds it). */
function editEntry(file: string, name: string, edit: (e: StoredEntry) => void): void {
  const frames = readFrames(file);
  let found = false;
  for (const frame of frames.slice(1)) {
    for (const [, stored] of frame as Array<[string, StoredEntry]>) {
      if (stored.outcome.agent?.name === name) {
        edit(stored);
        found = true;
      }
    }
  }
  expect(found, `agent ${name} in the cache`).toBe(true);
  writeFrames(file, frames);
}

interface Catalog {
  agents: string;
  cache: string;
  args: string[];
  /** The same cwd and home for every run: the cache file is keyed by the agent folders, which include both. */
  where: { cwd: string; home: string };
}

function catalog(): Catalog {
  const agents = tempDir('acm-hc-agents-');
  const cache = tempDir('acm-hc-cache-');
  writeTree(agents, {
    'alpha.md': agentFile('alpha', 'reviews database migrations for safety', `You are alpha. ${'Check every migration for locks and rollbacks. '.repeat(60)}\n`),
    'beta.md': agentFile('beta', 'writes release notes from commit history', 'You are beta.\n'),
    'gamma.md': agentFile('gamma', 'tunes slow SQL queries with indexes', `You are gamma. ${'Read the query plan first. '.repeat(60)}\n`),
  });
  return { agents, cache, args: ['--agents', agents, '--no-user', '--no-bundled', '--cache-dir', cache], where: { cwd: tempDir('acm-hc-cwd-'), home: tempDir('acm-hc-home-') } };
}

const listJson = (c: Catalog): Promise<CliRun> => runCli([...c.args, 'list', '--json'], { timeoutMs: 30_000, ...c.where });
const namesOf = (run: CliRun): string[] => (JSON.parse(run.out) as { agents: Array<{ name: string }> }).agents.map((a) => a.name).sort();

describe('hostile cache files', () => {
  let server: RawServer | undefined;
  afterEach(() => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
  });

  it('journal index rows for files outside the journal roots are never served, and are dropped', async () => {
    const project = tempDir('acm-hc-project-');
    const user = tempDir('acm-hc-user-');
    const cache = tempDir('acm-hc-jcache-');
    const outside = tempDir('acm-hc-outside-');
    const today = dayOf(new Date());
    writeTree(project, { [`${today}/09-00-00-000000.md`]: `---\ntitle: "x"\ntimestamp: ${Date.now()}\n---\n\n## Technical Insights\n\nthe harmless wombat entry\n` });
    const secret = path.join(outside, 'secret.md');
    fs.writeFileSync(secret, `## Technical Insights\n\n${SECRET_WORD} private key material\n`);
    const args = ['--no-user', '--no-bundled', '--journal', project, '--user-journal', user, '--cache-dir', cache];
    const cli = (...a: string[]) => runCli([...args, 'journal', ...a], { timeoutMs: 20_000 });
    expect((await cli('search', 'wombat', '--json')).code).toBe(0);

    // Plant a row for the outside file, with its words in the full-text table.
    const db = new Database(cacheFileIn(cache, /^journal-.*\.sqlite$/));
    const st = fs.statSync(secret);
    const id = 4242;
    db.prepare('INSERT INTO entries (id, dir, name, type, time, title, mtime, size, sections, keys) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)').run(
      id,
      outside,
      'secret.md',
      Date.now(),
      'planted',
      st.mtimeMs,
      st.size,
      'Technical Insights',
      ',technical_insights,',
    );
    // One full-text row per entry, one column per field (store.ts).
    expect(FTS_COLUMNS).toContain('technical_insights');
    db.prepare('INSERT INTO fts (rowid, technical_insights) VALUES (?, ?)').run(id, `${SECRET_WORD} private key material`);
    // The planted row is one a search would find, were rows outside the roots not refused.
    expect(db.prepare('SELECT rowid FROM fts WHERE fts MATCH ?').all(SECRET_WORD)).toEqual([{ rowid: id }]);
    db.close();

    for (const a of [
      ['recent', '--json', '--days', '36500'],
      ['search', SECRET_WORD, '--json'],
      ['search', 'private key', '--json'],
    ]) {
      const run = await cli(...a);
      expect(run.code, run.err).toBe(0);
      expect(run.out, a.join(' ')).not.toContain(SECRET_WORD);
      expect(run.out, a.join(' ')).not.toContain(outside);
    }
    server = spawnRaw(args);
    await server.initialize();
    for (const [tool, a] of [
      ['list_recent_entries', { days: 36500 }],
      ['search_journal', { query: 'private key material' }],
      ['read_recent_entries', {}],
    ] as const) {
      const res = await server.callTool(tool, a);
      expect(JSON.stringify(res), tool).not.toContain(SECRET_WORD);
    }
    expect(structured<{ results: unknown[] }>(await server.callTool('search_journal', { query: SECRET_WORD })).results).toEqual([]);
    // The row is gone from the index.
    const after = new Database(cacheFileIn(cache, /^journal-.*\.sqlite$/), { readonly: true });
    const left = after.prepare('SELECT count(*) AS n FROM entries WHERE dir = ?').get(outside) as { n: number };
    after.close();
    expect(left.n).toBe(0);
  }, 60_000);

  it('a parse-cache record with a wrong type (name: 12345) is not trusted: the whole cache is rebuilt and every agent serves', async () => {
    const c = catalog();
    const first = await listJson(c);
    expect(first.code, first.err).toBe(0);
    const file = cacheFileIn(c.cache, /^parse-cache-.*\.bin$/);
    editEntry(file, 'beta', (e) => {
      (e.outcome.agent as Record<string, unknown>).name = 12345;
    });
    const second = await listJson(c);
    expect(second.code, second.err).toBe(0);
    expect(namesOf(second)).toEqual(['alpha', 'beta', 'gamma']);
    // Rebuilt: the next start reads a good cache again.
    const third = await listJson(c);
    expect(namesOf(third)).toEqual(['alpha', 'beta', 'gamma']);
    expect(readFrames(file).length).toBeGreaterThan(1);

    // More wrong shapes, each on its own: all rejected the same way.
    const edits: Array<[string, (e: StoredEntry) => void]> = [
      ['description as an object', (e) => ((e.outcome.agent as Record<string, unknown>).description = { toString: 'x' })],
      ['examples as a string', (e) => ((e.outcome.agent as Record<string, unknown>).examples = 'not a list')],
      ['tools holding a number', (e) => ((e.outcome.agent as Record<string, unknown>).tools = ['Read', 7])],
      ['path of another file', (e) => ((e.outcome.agent as Record<string, unknown>).path = '/etc/passwd')],
      ['frontmatter as an array', (e) => ((e.outcome.agent as Record<string, unknown>).frontmatter = [1, 2])],
      ['stamp size as text', (e) => ((e.stamp as Record<string, unknown>).size = 'big')],
      [
        'frontmatter sharing one object 2^60 times over (a walk that never ends)',
        (e) => {
          let shared: Record<string, unknown> = { leaf: 'x' };
          for (let i = 0; i < 60; i++) shared = { a: shared, b: shared };
          (e.outcome.agent as Record<string, unknown>).frontmatter = { name: 'beta', description: 'writes release notes from commit history', meta: shared };
        },
      ],
    ];
    for (const [what, edit] of edits) {
      editEntry(file, 'beta', edit);
      server = spawnRaw(c.args, c.where);
      await server.initialize();
      const list = await server.callTool('list_agents', { limit: 100 });
      expect(list.isError, `${what}: ${resultText(list)}`).toBeFalsy();
      const agents = structured<{ agents: Array<{ name: string; summary: string; path: string }> }>(list).agents;
      expect(agents.map((a) => a.name).sort(), what).toEqual(['alpha', 'beta', 'gamma']);
      expect(agents.find((a) => a.name === 'beta')?.summary, what).toBe('writes release notes from commit history');
      expect(agents.find((a) => a.name === 'beta')?.path, what).toBe(path.join(c.agents, 'beta.md'));
      const prompt = await server.callTool('get_agent_prompt', { name: 'beta' });
      expect(prompt.isError, `${what}: ${resultText(prompt)}`).toBeFalsy();
      expect((await server.close()).code).toBe(0);
    }
  }, 90_000);

  it('a parse-cache record with a field records do not have (boundaryCount) is not trusted: the cache is rebuilt without it', async () => {
    const c = catalog();
    const first = await listJson(c);
    expect(first.code, first.err).toBe(0);
    const file = cacheFileIn(c.cache, /^parse-cache-.*\.bin$/);
    // Boundary counts live with the routing data, never on a record.
    editEntry(file, 'beta', (e) => {
      (e.outcome.agent as Record<string, unknown>).boundaryCount = 99;
    });
    const second = await listJson(c);
    expect(second.code, second.err).toBe(0);
    expect(namesOf(second)).toEqual(['alpha', 'beta', 'gamma']);
    const records = readFrames(file)
      .slice(1)
      .flatMap((frame) => (frame as Array<[string, StoredEntry]>).map(([, stored]) => stored.outcome.agent));
    expect(records.filter((a) => a !== undefined && 'boundaryCount' in a)).toEqual([]);
  });

  it('a compressed body that would inflate past its recorded size is refused, without the memory', async () => {
    const c = catalog();
    expect((await listJson(c)).code).toBe(0);
    const file = cacheFileIn(c.cache, /^parse-cache-.*\.bin$/);
    // 256 MB of zeros deflate to ~250 KB.
    const bomb = deflateRawSync(Buffer.alloc(256 * 1024 * 1024));
    editEntry(file, 'alpha', (e) => {
      expect(e.packedBody?.packed, 'alpha has a packed body').toBeInstanceOf(Uint8Array);
      (e.packedBody as { packed: Uint8Array }).packed = bomb;
    });
    server = spawnRaw(c.args, c.where);
    const s = server;
    await s.initialize();
    const res = await s.callTool('get_agent_prompt', { name: 'alpha' }, 30_000);
    const size = JSON.stringify(res).length;
    const rss = s.peakRssMb();
    console.log(`[fault] deflate bomb in the parse cache: answer ${size} bytes, isError ${res.isError === true}, peak RSS ${rss?.toFixed(0)} MB`);
    expect(size).toBeLessThan(1024 * 1024);
    if (rss !== undefined) expect(rss).toBeLessThan(200);
    // The agents keep serving, and the next start reads the files again (the damaged cache is gone).
    expect(structured<{ agents: unknown[] }>(await s.callTool('list_agents', {})).agents).toHaveLength(3);
    expect((await s.close()).code).toBe(0);
    server = spawnRaw(c.args, c.where);
    await server.initialize();
    const again = await server.callTool('get_agent_prompt', { name: 'alpha' });
    expect(again.isError, resultText(again)).toBeFalsy();
    expect(structured<{ prompt: string }>(again).prompt).toContain('Check every migration');
  }, 60_000);

  it('a huge term dictionary or an oversized frame is rejected by its bounds, not loaded', async () => {
    const c = catalog();
    // A routing call makes the routing documents, so the next save writes the term dictionary.
    server = spawnRaw(c.args, c.where);
    await server.initialize();
    expect((await server.callTool('match_agents', { task: 'review a database migration' })).isError).toBeFalsy();
    expect((await server.close()).code).toBe(0);
    const file = cacheFileIn(c.cache, /^parse-cache-.*\.bin$/);
    const frames = readFrames(file);
    const header = frames[0] as { derived?: { key: string; shared: unknown } };
    expect(Array.isArray(header.derived?.shared), 'the cache holds a term dictionary').toBe(true);

    // Two million terms (~22 MB): far more than the dictionary ever holds.
    (header.derived as { shared: unknown }).shared = Array.from({ length: 2_000_000 }, (_, i) => `term-${i.toString(36).padStart(5, '0')}`);
    writeFrames(file, frames);
    server = spawnRaw(c.args, c.where);
    let s = server;
    await s.initialize();
    const match = await s.callTool('match_agents', { task: 'review a database migration' }, 30_000);
    expect(match.isError, resultText(match)).toBeFalsy();
    expect(JSON.stringify(match)).toContain('alpha');
    const rss = s.peakRssMb();
    console.log(`[fault] 2,000,000-term dictionary in the parse cache: peak RSS ${rss?.toFixed(0)} MB`);
    if (rss !== undefined) expect(rss).toBeLessThan(200);
    expect((await s.close()).code).toBe(0);

    // A frame that claims (and has) 150 MB: over the bound, not read.
    const big = Buffer.alloc(4);
    big.writeUInt32BE(150 * 1024 * 1024, 0);
    fs.writeFileSync(file, big);
    fs.truncateSync(file, 4 + 150 * 1024 * 1024);
    server = spawnRaw(c.args, c.where);
    s = server;
    await s.initialize();
    expect(structured<{ agents: unknown[] }>(await s.callTool('list_agents', {})).agents).toHaveLength(3);
    const rss2 = s.peakRssMb();
    if (rss2 !== undefined) expect(rss2).toBeLessThan(200);
    expect((await s.close()).code).toBe(0);
  }, 90_000);

  it('cache files that are symlinks are never followed: nothing is created or written at their targets', async () => {
    const project = tempDir('acm-hc-project-');
    const user = tempDir('acm-hc-user-');
    const cache = tempDir('acm-hc-jcache-');
    const targets = tempDir('acm-hc-targets-');
    const agents = tempDir('acm-hc-agents-');
    writeTree(agents, { 'one.md': agentFile('one', 'an agent') });
    writeTree(project, { [`${dayOf(new Date())}/09-00-00-000000.md`]: `## Technical Insights\n\nthe harmless wombat entry\n` });
    const args = ['--agents', agents, '--no-user', '--no-bundled', '--journal', project, '--user-journal', user, '--cache-dir', cache];
    const where = { cwd: tempDir('acm-hc-cwd-'), home: tempDir('acm-hc-home-') };
    expect((await runCli([...args, 'journal', 'search', 'wombat'], where)).code).toBe(0);
    expect((await runCli([...args, 'list'], where)).code).toBe(0);
    const index = cacheFileIn(cache, /^journal-.*\.sqlite$/);
    const parseCache = cacheFileIn(cache, /^parse-cache-.*\.bin$/);
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(index + suffix, { force: true });
    // Dangling links where the index, its WAL and the parse cache live.
    fs.symlinkSync(path.join(targets, 'index-target.sqlite'), index);
    fs.symlinkSync(path.join(targets, 'wal-target'), `${index}-wal`);
    fs.rmSync(parseCache);
    fs.symlinkSync(path.join(targets, 'parse-target.bin'), parseCache);

    const search = await runCli([...args, 'journal', 'search', 'wombat', '--json'], where);
    expect(search.code, search.err).toBe(0);
    expect((JSON.parse(search.out) as { results: unknown[] }).results).toHaveLength(1);
    const list = await runCli([...args, 'list'], where);
    expect(list.code, list.err).toBe(0);
    server = spawnRaw(args, where);
    await server.initialize();
    await server.callTool('process_thoughts', { project_notes: 'a new note while the links are there' });
    expect((await server.close()).code).toBe(0);
    expect(fs.readdirSync(targets)).toEqual([]);
  }, 60_000);
});
