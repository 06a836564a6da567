/**
 * Hostile journal folders: symlinks, hard links and FIFOs named like entries, at start, arriving while the
 * server watches, and swapped in for files already indexed. Whatever way a file reaches the journal (the
 * first pass, the watcher, a later pass, a read), it goes through the same check and comes out the same:
 * never indexed, listed, searched or read, and never able to block the server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFile, tempDir } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';
import { resultText, runCli, spawnRaw, structured, writeTree, type RawServer } from './helpers.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const dayOf = (d: Date): string => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;

/** A journal entry as process_thoughts writes it, dated `time`. */
function entry(text: string, time = new Date()): string {
  return `---\ntitle: "an entry"\ndate: ${time.toISOString()}\ntimestamp: ${time.getTime()}\n---\n\n## Technical Insights\n\n${text}\n`;
}

/** The secret every test tries to reach: a key file outside every journal root. */
const SECRET_WORD = 'zarquonsecret';
function secretFile(): string {
  const dir = tempDir('acm-secret-');
  const file = path.join(dir, 'id_ed25519');
  fs.writeFileSync(file, `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET_WORD} b3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----\n`);
  return file;
}

interface Journal {
  project: string;
  user: string;
  cache: string;
  agents: string;
  args: string[];
  today: string;
}

function journal(): Journal {
  const project = tempDir('acm-hj-project-');
  const user = tempDir('acm-hj-user-');
  const cache = tempDir('acm-hj-cache-');
  const agents = tempDir('acm-hj-agents-');
  writeTree(agents, { 'one.md': agentFile('one', 'an agent') });
  const today = dayOf(new Date());
  fs.mkdirSync(path.join(project, today), { recursive: true });
  return { project, user, cache, agents, today, args: ['--agents', agents, '--no-user', '--no-bundled', '--journal', project, '--user-journal', user, '--cache-dir', cache] };
}

type Summary = { path: string; excerpt: string };

async function recent(s: RawServer): Promise<Summary[]> {
  const res = await s.callTool('list_recent_entries', { limit: 100, days: 36500 }, 10_000);
  return structured<{ entries?: Summary[] }>(res).entries ?? [];
}

async function search(s: RawServer, query: string): Promise<Summary[]> {
  const res = await s.callTool('search_journal', { query, limit: 50 }, 10_000);
  return structured<{ results?: Summary[] }>(res).results ?? [];
}

/**
 * Wait until the watcher is up: a new real entry is found. A file created while the watcher's first scan is
 * still running is left to the periodic pass, so a fresh one is written on each try (all with one word).
 */
let warmups = 0;
async function watching(s: RawServer, j: Journal): Promise<void> {
  const word = `warmup${++warmups}x${Math.random().toString(36).slice(2, 8)}`;
  let n = 0;
  await eventually(
    async () => {
      n++;
      writeTree(j.project, { [`${j.today}/08-${p2(Math.floor(n / 60) % 60)}-${p2(n % 60)}-000000.md`]: entry(`the ${word} entry`) });
      return search(s, word);
    },
    (r) => r.length > 0,
    { timeoutMs: 20_000, stepMs: 200, what: 'the watcher to index a new entry' },
  );
}

/**
 * Wait until the server has handled `file`, which arrived while it watches: it logs the file as skipped (the
 * refusal), or (the failure this suite exists for) the secret has become searchable.
 */
async function handled(s: RawServer, file: string): Promise<void> {
  const done = await eventually(
    async () => s.stderr().includes(`skipped ${file}`) || (await search(s, SECRET_WORD)).length > 0,
    (d) => d,
    { timeoutMs: 20_000, what: `the server to handle ${file}: log it as skipped (or index the secret)` },
  );
  expect(done).toBe(true);
}

/** Nothing any journal tool answers mentions the secret. */
async function expectSecretUnreachable(s: RawServer, linkPaths: readonly string[]): Promise<void> {
  const listed = await recent(s);
  expect(JSON.stringify(listed)).not.toContain(SECRET_WORD);
  for (const p of linkPaths) expect(listed.map((e) => e.path)).not.toContain(p);
  expect(await search(s, SECRET_WORD)).toEqual([]);
  const rr = await s.callTool('read_recent_entries', { limit: 20 }, 10_000);
  expect(JSON.stringify(rr)).not.toContain(SECRET_WORD);
  for (const p of linkPaths) {
    const read = await s.callTool('read_journal_entry', { path: p }, 10_000);
    expect(read.isError, resultText(read)).toBe(true);
    expect(resultText(read)).not.toContain(SECRET_WORD);
  }
}

describe('hostile journal folders', () => {
  let server: RawServer | undefined;
  afterEach(() => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
  });

  it('a symlink named like an entry is refused at start and when it arrives while watching; the entries next to it serve', async () => {
    const j = journal();
    const secret = secretFile();
    writeTree(j.project, { [`${j.today}/09-00-00-000000.md`]: entry('the harmless wombat entry') });
    const atStart = [path.join(j.project, 'notes.md'), path.join(j.project, j.today, '10-00-00-000000.md')];
    for (const p of atStart) fs.symlinkSync(secret, p);

    server = spawnRaw(j.args);
    const s = server;
    await s.initialize();
    expect((await search(s, 'wombat')).map((r) => r.path)).toEqual([path.join(j.project, j.today, '09-00-00-000000.md')]);
    await expectSecretUnreachable(s, atStart);

    // Arriving while the server watches.
    await watching(s, j);
    const late = path.join(j.project, j.today, '11-00-00-000000.md');
    fs.symlinkSync(secret, late);
    await handled(s, late);
    await expectSecretUnreachable(s, [...atStart, late]);
    // The watcher still indexes real entries.
    writeTree(j.project, { [`${j.today}/12-00-00-000000.md`]: entry('the canary platypus entry') });
    const found = await eventually(
      () => search(s, 'platypus'),
      (r) => r.length > 0,
      { timeoutMs: 20_000, what: 'the platypus entry in search_journal' },
    );
    expect(found.map((r) => r.path)).toEqual([path.join(j.project, j.today, '12-00-00-000000.md')]);
    expect(s.badLines).toEqual([]);
    expect((await s.close()).code).toBe(0);
  }, 60_000);

  it('an indexed entry swapped for a symlink loses its row: the next pass drops it, nothing serves the link target', async () => {
    const j = journal();
    const secret = secretFile();
    const file = path.join(j.project, j.today, '09-00-00-000000.md');
    writeTree(j.project, { [`${j.today}/09-00-00-000000.md`]: entry('the harmless wombat entry') });
    const cli = (...args: string[]) => runCli([...j.args, 'journal', ...args], { timeoutMs: 20_000 });

    // Index it (the index persists in the cache folder).
    const first = await cli('search', 'wombat', '--json');
    expect(first.code, first.err).toBe(0);
    expect((JSON.parse(first.out) as { results: Summary[] }).results.map((r) => r.path)).toEqual([file]);

    // Swap the file for a link to the secret: the reconcile pass of the next run must drop its row.
    fs.rmSync(file);
    fs.symlinkSync(secret, file);
    const listed = await cli('recent', '--json', '--days', '36500');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).not.toContain(SECRET_WORD);
    expect((JSON.parse(listed.out) as { entries: Summary[] }).entries.map((e) => e.path)).not.toContain(file);
    for (const word of ['wombat', SECRET_WORD]) {
      const res = await cli('search', word, '--json');
      expect(res.code, res.err).toBe(0);
      expect(res.out).not.toContain(SECRET_WORD);
      expect((JSON.parse(res.out) as { results: Summary[] }).results).toEqual([]);
    }
    const read = await cli('read', file);
    expect(read.code).toBe(1);
    expect(read.out + read.err).not.toContain(SECRET_WORD);

    // The same over a server watching the folder: swapped while it runs.
    writeTree(j.project, { [`${j.today}/13-00-00-000000.md`]: entry('the second harmless emu entry') });
    server = spawnRaw(j.args);
    const s = server;
    await s.initialize();
    const emu = path.join(j.project, j.today, '13-00-00-000000.md');
    expect((await search(s, 'emu')).map((r) => r.path)).toEqual([emu]);
    await watching(s, j);
    fs.rmSync(emu);
    fs.symlinkSync(secret, emu);
    await handled(s, emu);
    expect(await search(s, 'emu')).toEqual([]);
    await expectSecretUnreachable(s, [file, emu]);
  }, 60_000);

  it('a hard link to a file outside the journal is not served (an entry with more than one link is skipped)', async () => {
    const j = journal();
    const secret = secretFile();
    const linked = path.join(j.project, j.today, '10-00-00-000000.md');
    try {
      fs.linkSync(secret, linked);
    } catch (err) {
      console.log(`[fault] hard link test skipped: cannot hard-link across these folders (${(err as NodeJS.ErrnoException).code})`);
      return;
    }
    writeTree(j.project, { [`${j.today}/09-00-00-000000.md`]: entry('the harmless wombat entry') });
    server = spawnRaw(j.args);
    const s = server;
    await s.initialize();
    expect((await search(s, 'wombat')).length).toBe(1);
    await expectSecretUnreachable(s, [linked]);
    // One arriving while watching, too.
    await watching(s, j);
    const late = path.join(j.project, j.today, '11-00-00-000000.md');
    fs.linkSync(secret, late);
    await handled(s, late);
    await expectSecretUnreachable(s, [linked, late]);
  }, 60_000);

  it('a FIFO named *.md created in a watched folder does not block the server', async () => {
    const j = journal();
    server = spawnRaw(j.args);
    const s = server;
    await s.initialize();
    await s.callTool('process_thoughts', { project_notes: 'the first koala note' });
    expect((await search(s, 'koala')).length).toBe(1);
    await watching(s, j);
    const fifo = path.join(j.project, j.today, '10-00-00-000000.md');
    if (spawnSync('mkfifo', [fifo]).status !== 0) {
      console.log('[fault] FIFO test skipped: mkfifo is not available');
      return;
    }
    // Every call must keep answering promptly while the watcher handles the FIFO, and after.
    await eventually(
      () => s.stderr().includes(`skipped ${fifo}`),
      (done) => done,
      { timeoutMs: 20_000, what: `the server to log ${fifo} as skipped` },
    );
    writeTree(j.project, { [`${j.today}/12-00-00-000000.md`]: entry('the canary platypus entry') });
    const found = await eventually(
      () => search(s, 'platypus'),
      (r) => r.length > 0,
      { timeoutMs: 20_000, what: 'the platypus entry in search_journal' },
    );
    expect(found.length).toBe(1);
    const read = await s.callTool('read_journal_entry', { path: fifo }, 5_000);
    expect(read.isError).toBe(true);
    expect((await s.callTool('get_status', {}, 5_000)).isError).toBeFalsy();
    expect((await s.close()).code).toBe(0);
  }, 60_000);
});
