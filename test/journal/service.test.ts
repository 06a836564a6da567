import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIndexed, itIndexed } from '../helpers/sqlite.js';
import { CatalogError } from '../../src/shared/errors.js';
import { silentLogger, type Logger } from '../../src/shared/logger.js';
import { JournalService } from '../../src/journal/service.js';
import { walkRoot } from '../../src/journal/load.js';
import { generateJournal } from '../../dev/bench/journal.js';
import { configFor, makeFixture, makeTempDir, type Fixture } from './fixture.js';
import { eventually } from '../helpers/poll.js';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => undefined, info: () => undefined, warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe('JournalService over the fixture journal', () => {
  let fx: Fixture;
  let journal: JournalService;
  const logger = recordingLogger();

  beforeAll(async () => {
    fx = makeFixture();
    journal = new JournalService(fx.config, logger, { watch: false, reconcileMs: 0 });
    journal.start();
    await journal.whenReady();
  });
  afterAll(async () => {
    await journal.close();
    fx.cleanup();
  });

  itIndexed('indexes every variant, once each, in both roots', () => {
    const st = journal.status();
    expect(st.state).toBe('ready');
    // current, noSidecar, heading, noSections, crlf, unknownKeys, pathTime, mtimeTime
    expect(st.entries).toBe(8);
    expect(st.roots.map((r) => r.types)).toEqual([['project'], ['user']]);
  });

  itIndexed('skips the 10 MB and the binary file with a diagnostic, and ignores non-.md, hidden and symlinked files', () => {
    const diags = journal.diagnostics();
    expect(diags.find((d) => d.path === fx.files.huge)?.code).toBe('TOO_LARGE');
    expect(diags.find((d) => d.path === fx.files.binary)?.code).toBe('BINARY');
    expect(logger.lines.some((l) => l.includes('10-00-00-000000.md') && l.includes('skipped'))).toBe(true);
  });

  itIndexed('finds entries whatever their vintage, best match first, with the matching passage', async () => {
    const { results, indexed } = await journal.search('debounce chokidar');
    expect(indexed).toBe(true);
    expect(results[0]?.path).toBe(fx.files.current);
    expect(results[0]?.excerpt).toMatch(/debounce/i);
    expect(results[0]?.excerptSection).toBe('Technical Insights');
    expect(results[0]?.sections).toEqual(['Reflections', 'Technical Insights']);
    expect(results.map((r) => r.path)).toContain(fx.files.noSidecar);

    for (const [word, key] of [
      ['quokka', 'heading'],
      ['marmalade', 'noSections'],
      ['pelican', 'crlf'],
      ['narwhal', 'unknownKeys'],
      ['axolotl', 'pathTime'],
      ['capybara', 'mtimeTime'],
    ] as const) {
      const r = await journal.search(word);
      expect(r.results.map((x) => x.path), word).toEqual([fx.files[key]]);
    }
  });

  it('reports entry times from timestamp, heading, path and mtime', async () => {
    const date = async (word: string): Promise<string | undefined> => (await journal.search(word)).results[0]?.date;
    expect(await date('quokka')).toBe(new Date(2025, 4, 27, 20, 16, 46).toISOString());
    expect(await date('axolotl')).toBe(new Date(2025, 2, 1, 7, 15, 30, 500).toISOString());
    expect(await date('capybara')).toBe('2024-12-24T12:00:00.000Z');
    expect(await date('narwhal')).toBe('2025-04-02T10:30:00.000Z');
  });

  it('filters by type and by section, in either spelling', async () => {
    expect((await journal.search('pelican', { type: 'user' })).results).toEqual([]);
    expect((await journal.search('pelican', { type: 'project' })).results).toHaveLength(1);
    const both = await journal.search('debounce', { sections: ['technical_insights'] });
    const spaced = await journal.search('debounce', { sections: ['Technical Insights'] });
    expect(both.results.map((r) => r.path)).toEqual(spaced.results.map((r) => r.path));
    expect(both.results.length).toBe(2);
    expect((await journal.search('octopuses', { sections: ['reflections'] })).results).toEqual([]);
    expect((await journal.search('octopuses', { sections: ['world_knowledge'] })).results).toHaveLength(1);
    // An unknown section name works too.
    expect((await journal.search('narwhal', { sections: ['dream'] })).results).toHaveLength(1);
    expect((await journal.search('narwhal', { sections: ['feelings'] })).results).toEqual([]);
  });

  it('honours the limit', async () => {
    expect((await journal.search('debounce')).results).toHaveLength(2);
    expect((await journal.search('debounce', { limit: 1 })).results).toHaveLength(1);
  });

  it('lists recent entries newest first, by type and days', async () => {
    const recent = await journal.listRecent({ days: 30 });
    expect(recent.map((e) => e.path)).toEqual([fx.files.current, fx.files.noSidecar, fx.files.crlf]);
    expect((await journal.listRecent({ days: 30, type: 'project' })).map((e) => e.path)).toEqual([fx.files.crlf]);
    expect(await journal.listRecent({ days: 30, limit: 1 })).toHaveLength(1);
    expect((await journal.listRecent({ days: 100000 })).length).toBe(8);
  });

  it('reads recent entries in full', async () => {
    const entries = await journal.readRecent({ limit: 2 });
    expect(entries.map((e) => e.path)).toEqual([fx.files.current, fx.files.noSidecar]);
    expect(entries[0]?.content).toContain('## Reflections');
    expect(entries[0]?.sectionTexts['Technical Insights']).toContain('zebrafish');
  });

  it('reads an entry by absolute path or path relative to a root', async () => {
    const abs = await journal.read(fx.files.unknownKeys as string);
    expect(abs.title).toBe('Custom titled entry');
    expect(abs.header).toMatchObject({ project: 'agent-catalog', agent: 'claude', tags: ['agentic-journal', 'dream'] });
    const rel = await journal.read('2025-05-27/20-16-46-123456.md');
    expect(rel.path).toBe(fx.files.heading);
    expect(rel.sectionTexts.Feelings).toContain('quokka');
  });

  describe('refuses reads outside the journal', () => {
    const refused = async (input: string, code: string, message: RegExp): Promise<void> => {
      const err = await journal.read(input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, input).toBeInstanceOf(CatalogError);
      expect((err as CatalogError).code, input).toBe(code);
      expect((err as Error).message, input).toMatch(message);
    };
    it('../../etc/passwd and friends', async () => {
      await refused('../../etc/passwd', 'NOT_AN_ENTRY', /only journal entries/);
      await refused('../../outside/secret.md', 'PATH_OUTSIDE_ROOT', /\.\./);
      await refused('2025-05-27/../../../outside/secret.md', 'PATH_OUTSIDE_ROOT', /\.\./);
    });
    it('an absolute path outside the roots', async () => {
      await refused(fx.files.secret as string, 'PATH_OUTSIDE_ROOT', /outside the journal roots/);
      await refused('/etc/passwd', 'NOT_AN_ENTRY', /only journal entries/);
    });
    it('a symlink pointing out', async () => {
      await refused(fx.files.linkOut as string, 'PATH_OUTSIDE_ROOT', /symlink pointing outside/);
      await refused('2025-02-02/link-out.md', 'PATH_OUTSIDE_ROOT', /symlink pointing outside/);
    });
    it('a non-.md file, a missing entry, a huge file, a binary file', async () => {
      await refused(fx.files.notMd as string, 'NOT_AN_ENTRY', /\.md/);
      await refused('2030-01-01/00-00-00-000000.md', 'ENTRY_NOT_FOUND', /No journal entry/);
      await refused(fx.files.huge as string, 'ENTRY_TOO_LARGE', /limit/);
      await refused(fx.files.binary as string, 'NOT_AN_ENTRY', /binary/);
    });
  });

  it('never shows the outside or hidden files in search', async () => {
    expect((await journal.search('wombat')).results).toEqual([]);
    expect((await journal.search('hedgehog')).results).toEqual([]);
  });
});

describe('ranking', () => {
  it('breaks ties by recency: of two entries with the same text, the newer one first', async () => {
    const base = makeTempDir('journal-ties-');
    const user = path.join(base, 'user');
    const entry = (day: string, stamp: number): void => {
      fs.mkdirSync(path.join(user, day), { recursive: true });
      fs.writeFileSync(path.join(user, day, '10-00-00-000000.md'), `---\ntimestamp: ${stamp}\n---\n\n## Observations\n\nThe kestrel hovered over the ring road.\n`);
    };
    entry('2024-03-01', Date.UTC(2024, 2, 1, 10));
    entry('2024-05-01', Date.UTC(2024, 4, 1, 10));
    entry('2024-04-01', Date.UTC(2024, 3, 1, 10));
    const journal = new JournalService(configFor(path.join(base, 'p'), user, base), silentLogger, { watch: false, reconcileMs: 0 });
    try {
      journal.start();
      await journal.whenReady();
      const { results } = await journal.search('kestrel');
      expect(results.map((r) => r.date.slice(0, 10))).toEqual(['2024-05-01', '2024-04-01', '2024-03-01']);
      expect(new Set(results.map((r) => r.score)).size).toBe(1);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('finds each planted entry first among 1,000 synthetic ones (the bench journal)', async () => {
    const base = makeTempDir('journal-planted-');
    const gen = generateJournal(base, 1000);
    const journal = new JournalService(configFor(gen.projectDir, gen.userDir, base), silentLogger, { watch: false, reconcileMs: 0 });
    try {
      journal.start();
      await journal.whenReady();
      expect(gen.planted.length).toBeGreaterThanOrEqual(6);
      for (const p of gen.planted) {
        const { results, indexed } = await journal.search(p.query, { limit: 3 });
        expect(indexed).toBe(true);
        expect(results[0]?.path, p.query).toBe(fs.realpathSync(p.path));
        expect(results.length, p.query).toBe(3);
      }
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('JournalService writes', () => {
  it('writes project notes to the project root and the rest to the user root; the index sees them at once', async () => {
    const base = makeTempDir('journal-write-');
    const journal = new JournalService(configFor(path.join(base, 'p'), path.join(base, 'u'), base), silentLogger, { watch: false, reconcileMs: 0 });
    try {
      journal.start();
      const written = await journal.write({ project_notes: 'The flamingo module owns parsing.', technical_insights: 'Hard links make exclusive creation atomic.' });
      expect(written.map((w) => w.type)).toEqual(['project', 'user']);
      expect(written[0]?.path.startsWith(path.join(base, 'p'))).toBe(true);
      expect(written[1]?.path.startsWith(path.join(base, 'u'))).toBe(true);
      expect(path.basename(written[0]?.path ?? '')).toMatch(/^\d{2}-\d{2}-\d{2}-\d{6}\.md$/);
      expect((await journal.search('flamingo')).results.map((r) => r.path)).toEqual([written[0]?.path]);
      expect((await journal.search('exclusive', { type: 'user' })).results).toHaveLength(1);
      // No temp files left behind.
      const dayDir = path.dirname(written[1]?.path ?? '');
      expect(fs.readdirSync(dayDir).filter((f) => f.startsWith('.'))).toEqual([]);
      await expect(journal.write({ reflections: '   ' })).rejects.toThrow(/at least one non-empty field/);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  itIndexed('never overwrites: 100 writes in the same millisecond give 100 files', async () => {
    const base = makeTempDir('journal-samems-');
    const fixed = new Date(2025, 0, 2, 3, 4, 5, 678).getTime();
    const journal = new JournalService(configFor(path.join(base, 'p'), path.join(base, 'u'), base), silentLogger, { watch: false, reconcileMs: 0, now: () => fixed });
    try {
      const all = await Promise.all(Array.from({ length: 100 }, (_, i) => journal.write({ observations: `note number${i}` })));
      const paths = all.flat().map((w) => w.path);
      expect(new Set(paths).size).toBe(100);
      const files = fs.readdirSync(path.join(base, 'u', '2025-01-02')).filter((f) => f.endsWith('.md'));
      expect(files).toHaveLength(100);
      expect(files.every((f) => f.startsWith('03-04-05-'))).toBe(true);
      expect((await journal.search('number42')).results).toHaveLength(1);
      // A typo still finds it (typo-tolerant matching when the exact words find nothing).
      expect((await journal.search('numbr42')).results[0]?.path).toBeDefined();
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  itIndexed('treats project and user roots that are the same folder as one root', async () => {
    const base = makeTempDir('journal-same-');
    fs.mkdirSync(path.join(base, 'j'));
    fs.symlinkSync(path.join(base, 'j'), path.join(base, 'alias'));
    const journal = new JournalService(configFor(path.join(base, 'j'), path.join(base, 'alias'), base), silentLogger, { watch: false, reconcileMs: 0 });
    try {
      await journal.write({ project_notes: 'heron project', user_context: 'heron user' });
      await journal.whenReady();
      expect(journal.status().roots).toHaveLength(1);
      expect(journal.status().entries).toBe(2);
      expect((await journal.search('heron')).results).toHaveLength(2);
      expect((await journal.search('heron', { type: 'project' })).results.map((r) => r.sections)).toEqual([['Project Notes']]);
      expect((await journal.search('heron', { type: 'user' })).results.map((r) => r.sections)).toEqual([['User Context']]);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describeIndexed('background build', () => {
  it('a search that starts a quick first build waits for it and answers from the index', async () => {
    const base = makeTempDir('journal-quick-');
    const gen = generateJournal(base, 20);
    const journal = new JournalService(configFor(gen.projectDir, gen.userDir, base), silentLogger, { watch: false, reconcileMs: 0, firstBuildWaitMs: 10_000 });
    try {
      expect(journal.status().state).toBe('idle');
      const word = gen.queryWords[5] as string;
      const first = await journal.search(word, { limit: 5 });
      expect(first.indexed).toBe(true);
      expect(first.results.length).toBeGreaterThan(0);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('answers search by scanning before the index is ready, then from the index', async () => {
    const base = makeTempDir('journal-bg-');
    const gen = generateJournal(base, 1000);
    const journal = new JournalService(configFor(gen.projectDir, gen.userDir, base), silentLogger, { watch: false, reconcileMs: 0, sliceMs: 0, firstBuildWaitMs: 0 });
    try {
      journal.start();
      expect(journal.status().state).toBe('loading');
      await journal.whenLoaded();
      expect(journal.status().indexed).toBe(false);
      const word = gen.queryWords[5] as string;
      const scanned = await journal.search(word, { limit: 5 });
      expect(scanned.indexed).toBe(false);
      expect(scanned.results).toHaveLength(5);
      expect(scanned.results[0]?.excerpt.toLowerCase()).toContain(word);
      await journal.whenReady();
      const indexed = await journal.search(word, { limit: 5 });
      expect(indexed.indexed).toBe(true);
      expect(indexed.results).toHaveLength(5);
      expect(journal.status().entries).toBe(1000);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('a search repeated during a first build reuses its scan until the journal changes', async () => {
    const base = makeTempDir('journal-scan-reuse-');
    const gen = generateJournal(base, 200);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const journal = new JournalService(configFor(gen.projectDir, gen.userDir, base), silentLogger, { watch: false, reconcileMs: 0, firstBuildWaitMs: 0, firstBuildAfter: held });
    try {
      expect(await journal.search('shearwater')).toEqual({ results: [], indexed: false });
      // Another program adds an entry; unwatched, nothing tells the server.
      const added = path.join(gen.userDir, '2024-01-01', '10-00-00-000000.md');
      fs.mkdirSync(path.dirname(added), { recursive: true });
      fs.writeFileSync(added, '---\ntimestamp: 1704103200000\n---\n\n## Observations\n\nA shearwater over the bay\n');
      // The same search again answers from the last scan; a different one scans and finds it.
      expect(await journal.search('shearwater')).toEqual({ results: [], indexed: false });
      expect((await journal.search('shearwater', { limit: 3 })).results.map((r) => r.path)).toEqual([added]);
      // A write through the server is a change: the next search scans again.
      const [written] = await journal.write({ observations: 'Another shearwater, closer' });
      const after = await journal.search('shearwater');
      expect(after.indexed).toBe(false);
      expect(after.results.map((r) => r.path).sort()).toEqual([added, written?.path].sort());
      release();
      await journal.whenReady();
      expect((await journal.search('shearwater')).indexed).toBe(true);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('updates made while the index is being built reach it', async () => {
    const base = makeTempDir('journal-bg-upd-');
    const gen = generateJournal(base, 1000);
    const journal = new JournalService(configFor(gen.projectDir, gen.userDir, base), silentLogger, { watch: false, reconcileMs: 0, sliceMs: 0, firstBuildWaitMs: 0 });
    try {
      const files = (await walkRoot(gen.userDir)).files.sort();
      const [gone, edited] = [files[0] as string, files[1] as string];
      const goneWord = (fs.readFileSync(gone, 'utf8').match(/\b[a-z]{6,}\b/g) ?? []).at(-1) as string;
      journal.start();
      await journal.whenLoaded();
      expect(journal.status().indexed).toBe(false);
      // A new entry (visible at once, even to the scan), a file removed and one replaced by another program.
      const [written] = await journal.write({ observations: 'a brand new shearwater' });
      const during = await journal.search('shearwater');
      expect(during.indexed).toBe(false);
      expect(during.results.map((r) => r.path)).toEqual([written?.path]);
      fs.unlinkSync(gone);
      fs.writeFileSync(`${edited}.tmp`, '---\ntimestamp: 1700000000000\n---\n\n## Observations\n\nentry now about storm petrels\n');
      fs.renameSync(`${edited}.tmp`, edited);
      await journal.whenReady();
      await journal.reconcile();
      const after = await journal.search('shearwater');
      expect(after.indexed).toBe(true);
      expect(after.results.map((r) => r.path)).toEqual([written?.path]);
      expect((await journal.search('petrels')).results.map((r) => r.path)).toEqual([edited]);
      expect((await journal.search(goneWord, { limit: 100 })).results.map((r) => r.path)).not.toContain(gone);
      expect(journal.status().entries).toBe(1000);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describeIndexed('hot updates', () => {
  it('an entry written by another process appears in search without restart; edits and deletes too', async () => {
    const base = makeTempDir('journal-hot-');
    const user = path.join(base, 'u');
    fs.mkdirSync(user, { recursive: true });
    const journal = new JournalService(configFor(path.join(base, 'p'), user, base), silentLogger, { reconcileMs: 0, debounceMs: 30 });
    try {
      journal.start();
      await journal.whenReady();
      const now = new Date();
      const dayOf = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      const day = dayOf(now);
      // The watcher is live: a probe entry (yesterday's folder, so today's is still to be made below) is
      // found. One written before the watcher is ready is never reported, so each try writes a fresh one.
      const probes = path.join(user, dayOf(new Date(now.getTime() - 86_400_000)));
      let n = 0;
      await eventually(
        async () => {
          fs.mkdirSync(probes, { recursive: true });
          fs.writeFileSync(path.join(probes, `08-00-00-${String(++n).padStart(6, '0')}.md`), '---\ntitle: "p"\n---\n\n## Observations\n\nA probing sandpiper.\n');
          return (await journal.search('sandpiper')).results.length > 0;
        },
        (ok) => ok,
        { timeoutMs: 20_000, stepMs: 200, what: 'the watcher to report a probe entry' },
      );
      const file = path.join(user, day, '12-00-00-000001.md');
      // Another process, non-atomically (like the reference server): mkdir, then writeFile.
      const script = `const fs=require('fs');fs.mkdirSync(${JSON.stringify(path.dirname(file))},{recursive:true});fs.writeFileSync(${JSON.stringify(file)},'---\\ntitle: "x"\\n---\\n\\n## Observations\\n\\nA kingfisher landed on the watcher.\\n');`;
      expect(spawnSync(process.execPath, ['-e', script]).status).toBe(0);
      await eventually(async () => (await journal.search('kingfisher')).results.length === 1, (ok) => ok, { timeoutMs: 10_000, what: 'the new entry' });
      fs.writeFileSync(file, '---\ntitle: "x"\n---\n\n## Observations\n\nNow a cormorant instead.\n');
      await eventually(async () => (await journal.search('cormorant')).results.length === 1, (ok) => ok, { timeoutMs: 10_000, what: 'the edit' });
      expect((await journal.search('kingfisher')).results).toEqual([]);
      fs.unlinkSync(file);
      await eventually(async () => (await journal.search('cormorant')).results.length === 0, (ok) => ok, { timeoutMs: 10_000, what: 'the delete' });
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('the reconcile pass catches changes the watcher does not see', async () => {
    const base = makeTempDir('journal-reconcile-');
    const user = path.join(base, 'u');
    const journal = new JournalService(configFor(path.join(base, 'p'), user, base), silentLogger, { watch: false, reconcileMs: 0 });
    try {
      await journal.whenReady();
      expect(journal.status().entries).toBe(0);
      // The root did not exist at start; an old day folder (never watched file by file).
      fs.mkdirSync(path.join(user, '2020-01-01'), { recursive: true });
      fs.writeFileSync(path.join(user, '2020-01-01', '10-00-00-000000.md'), '## Reflections\n\nA puffin from long ago.\n');
      await journal.reconcile();
      expect((await journal.search('puffin')).results).toHaveLength(1);
      fs.rmSync(path.join(user, '2020-01-01'), { recursive: true });
      await journal.reconcile();
      expect((await journal.search('puffin')).results).toHaveLength(0);
    } finally {
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
