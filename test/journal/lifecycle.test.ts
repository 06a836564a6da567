/**
 * The journal's lifecycle as status() reports it: idle → loading → indexing → ready → closed on a first
 * build, straight to ready on a warm index, unindexed without a SQLite engine, and a reload when the roots
 * change, through the public service API; then the rules of the transition function itself (lifecycle.ts)
 * that the service cannot easily be brought to show: events of an overtaken load, and a degraded index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig, type Config } from '../../src/app/config.js';
import type { CatalogError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/shared/logger.js';
import { JournalService } from '../../src/journal/service.js';
import { JournalIndex } from '../../src/journal/index.js';
import { holdsEveryEntry, nextLifecycle, reportedState, type Lifecycle, type LifecycleEvent, type Load, type OpenIndex } from '../../src/journal/lifecycle.js';
import { JournalStore, MEMORY } from '../../src/journal/store.js';
import { generateJournal } from '../../dev/bench/journal.js';
import { describeIndexed, SQLITE } from '../helpers/sqlite.js';
import { configFor, makeTempDir } from './fixture.js';

const bases: string[] = [];
afterEach(() => {
  for (const b of bases.splice(0)) fs.rmSync(b, { recursive: true, force: true });
});

function tempBase(prefix: string): string {
  const base = makeTempDir(prefix);
  bases.push(base);
  return base;
}

/** A config with the index on disk under `base/cache` (so a second service finds it warm). */
function cachedConfig(base: string, project: string, user: string): Config {
  return resolveConfig({ journal: project, userJournal: user, noUser: true, noBundled: true, noWatch: true, cacheDir: path.join(base, 'cache') }, { cwd: base, home: base, env: {} });
}

function entry(root: string, day: string, text: string): string {
  const file = path.join(root, day, '10-00-00-000000.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `---\ntimestamp: ${Date.parse(`${day}T10:00:00Z`)}\n---\n\n## Observations\n\n${text}\n`);
  return file;
}

const refusal = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  );

/** One turn of the event loop (a pass over the files yields to it after each slice). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describeIndexed('journal lifecycle', () => {
  it('a first build: idle, loading (held), indexing, ready, closed; searches scan until it is done', async () => {
    const base = tempBase('journal-life-cold-');
    const gen = generateJournal(base, 300);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const journal = new JournalService(configFor(gen.projectDir, gen.userDir, base), silentLogger, { watch: false, reconcileMs: 0, sliceMs: 0, firstBuildWaitMs: 0, firstBuildAfter: held });
    try {
      expect(journal.status().state).toBe('idle');
      journal.start();
      expect(journal.status().state).toBe('loading');
      await journal.whenLoaded();
      // The index is open; its first build waits for `firstBuildAfter`.
      expect(journal.status()).toMatchObject({ state: 'loading', indexed: false });
      const word = gen.queryWords[3] as string;
      expect((await journal.search(word)).indexed).toBe(false);
      release();
      await nextTurn();
      // sliceMs 0: the build yields after every file, so it is under way, not done.
      expect(journal.status()).toMatchObject({ state: 'indexing', indexed: false });
      await journal.whenReady();
      expect(journal.status()).toMatchObject({ state: 'ready', indexed: true, entries: 300 });
      expect(journal.status().loadMs).toBeTypeOf('number');
      expect((await journal.search(word)).indexed).toBe(true);
    } finally {
      await journal.close();
    }
    expect(journal.status().state).toBe('closed');
    expect(((await refusal(journal.search('anything'))) as CatalogError).code).toBe('CLOSED');
    expect(((await refusal(journal.write({ observations: 'too late' }))) as CatalogError).code).toBe('CLOSED');
  });

  it('a warm index answers at once: ready as soon as it is open, even while first builds are held', async () => {
    const base = tempBase('journal-life-warm-');
    const user = path.join(base, 'u');
    const file = entry(user, '2024-06-01', 'A grebe diving.');
    const config = cachedConfig(base, path.join(base, 'p'), user);
    const first = new JournalService(config, silentLogger, { watch: false, reconcileMs: 0 });
    try {
      await first.whenReady();
      expect(first.status()).toMatchObject({ state: 'ready', indexed: true });
    } finally {
      await first.close();
    }
    const never = new Promise<void>(() => undefined);
    const second = new JournalService(config, silentLogger, { watch: false, reconcileMs: 0, firstBuildWaitMs: 0, firstBuildAfter: never });
    try {
      await second.whenLoaded();
      expect(second.status()).toMatchObject({ state: 'ready', indexed: true, entries: 1 });
      expect(await second.search('grebe')).toMatchObject({ indexed: true, results: [{ path: file }] });
    } finally {
      await second.close();
    }
    // A cold index with the first build held forever: loading until closed, and close() does not wait for it.
    const cold = new JournalService(cachedConfig(base, path.join(base, 'p'), path.join(base, 'other')), silentLogger, { watch: false, reconcileMs: 0, firstBuildWaitMs: 0, firstBuildAfter: never });
    try {
      await cold.whenLoaded();
      expect(cold.status()).toMatchObject({ state: 'loading', indexed: false });
    } finally {
      await cold.close();
    }
    expect(cold.status().state).toBe('closed');
  });

  it('roots that change: a reload onto the new folder, which the index then answers for', async () => {
    const base = tempBase('journal-life-roots-');
    const a = path.join(base, 'a');
    const b = path.join(base, 'b');
    const inA = entry(a, '2024-07-01', 'A dipper under the waterfall.');
    const inB = entry(b, '2024-07-02', 'A wagtail on the weir.');
    const alias = path.join(base, 'alias');
    fs.symlinkSync(a, alias);
    const journal = new JournalService(cachedConfig(base, path.join(base, 'p'), alias), silentLogger, { watch: false, reconcileMs: 0 });
    try {
      await journal.whenReady();
      const before = journal.indexFile();
      expect(journal.status()).toMatchObject({ state: 'ready', roots: [{ types: ['project'] }, { path: a }] });
      expect((await journal.search('dipper')).results.map((r) => r.path)).toEqual([inA]);
      fs.unlinkSync(alias);
      fs.symlinkSync(b, alias);
      await journal.reconcile();
      await journal.whenReady();
      expect(journal.status()).toMatchObject({ state: 'ready', indexed: true, entries: 1, roots: [{ types: ['project'] }, { path: b }] });
      expect(journal.indexFile()).not.toBe(before);
      expect(await journal.search('wagtail')).toMatchObject({ indexed: true, results: [{ path: inB }] });
      expect((await journal.search('dipper')).results).toEqual([]);
    } finally {
      await journal.close();
    }
  });
});

describe('journal lifecycle without a SQLite engine', () => {
  it('unindexed once open: every query scans the files, and status says why', async () => {
    const base = tempBase('journal-life-none-');
    const user = path.join(base, 'u');
    const file = entry(user, '2024-08-01', 'A nuthatch head first down the trunk.');
    const config: Config = { ...configFor(path.join(base, 'p'), user, base), sqliteEngines: [] };
    const journal = new JournalService(config, silentLogger, { watch: false, reconcileMs: 0 });
    try {
      expect(journal.status().state).toBe('idle');
      expect(journal.indexNote()).toBeUndefined();
      await journal.whenLoaded();
      expect(journal.status()).toMatchObject({ state: 'unindexed', indexed: false, entries: 0 });
      expect(journal.indexNote()).toMatch(/turned off/);
      await journal.whenReady();
      expect(journal.status().state).toBe('unindexed');
      expect(journal.indexFile()).toBeUndefined();
      expect(await journal.search('nuthatch')).toMatchObject({ indexed: false, results: [{ path: file }] });
      expect((await journal.listRecent({ days: 100_000 })).map((e) => e.path)).toEqual([file]);
      const [written] = await journal.write({ observations: 'A treecreeper spiralling up.' });
      expect((await journal.search('treecreeper')).results.map((r) => r.path)).toEqual([written?.path]);
    } finally {
      await journal.close();
    }
    expect(journal.status().state).toBe('closed');
  });
});

describeIndexed('journal lifecycle transitions (nextLifecycle)', () => {
  const load = (id: number): Load => ({ id, startedAt: 0, opened: Promise.resolve(), built: Promise.resolve() });
  const stores: JournalStore[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });
  function openIndex(): OpenIndex {
    const store = JournalStore.open(MEMORY, silentLogger, SQLITE.engine as NonNullable<typeof SQLITE.engine>);
    stores.push(store);
    return { store, index: new JournalIndex(store, () => undefined) };
  }
  const run = (events: LifecycleEvent[], from: Lifecycle = { kind: 'idle' }): Lifecycle => events.reduce(nextLifecycle, from);

  it('a cold load: opening, opened, building, ready; a warm one goes from opened to ready', () => {
    const open = openIndex();
    const cold = [{ kind: 'load', load: load(1) }, { kind: 'opened', load: 1, open }, { kind: 'passStarted', load: 1, warm: false }] as const;
    expect(reportedState(run([...cold]))).toBe('indexing');
    expect(holdsEveryEntry(run([...cold]))).toBe(false);
    // Another process sharing the database completed it: it answers while still reported as indexing.
    expect(holdsEveryEntry(run([...cold, { kind: 'completeSeen', load: 1 }]))).toBe(true);
    expect(run([...cold, { kind: 'passDone', load: 1 }])).toMatchObject({ kind: 'ready', open });
    expect(run([{ kind: 'load', load: load(1) }, { kind: 'opened', load: 1, open }, { kind: 'passStarted', load: 1, warm: true }])).toMatchObject({ kind: 'ready', open });
    expect(run([{ kind: 'load', load: load(1) }, { kind: 'noEngine', load: 1 }])).toMatchObject({ kind: 'unindexed' });
  });

  it('an event of an overtaken load changes nothing', () => {
    const open = openIndex();
    const reloaded = run([{ kind: 'load', load: load(1) }, { kind: 'opened', load: 1, open }, { kind: 'load', load: load(2) }]);
    expect(reloaded).toMatchObject({ kind: 'opening', load: { id: 2 } });
    for (const late of [
      { kind: 'opened', load: 1, open },
      { kind: 'noEngine', load: 1 },
      { kind: 'passStarted', load: 1, warm: true },
      { kind: 'passDone', load: 1 },
    ] as const) {
      expect(nextLifecycle(reloaded, late)).toBe(reloaded);
    }
  });

  it('a failed write degrades the index, keeps its first reason across a reload, and only a whole pass clears it', () => {
    const open = openIndex();
    const ready = run([{ kind: 'load', load: load(1) }, { kind: 'opened', load: 1, open }, { kind: 'passStarted', load: 1, warm: true }]);
    const degraded = run([{ kind: 'writeFailed', reason: 'disk full' }, { kind: 'writeFailed', reason: 'later' }], ready);
    expect(degraded).toMatchObject({ kind: 'ready', degraded: 'disk full' });
    const reloaded = run([{ kind: 'load', load: load(2) }, { kind: 'opened', load: 2, open }], degraded);
    expect(reloaded).toMatchObject({ kind: 'opened', degraded: 'disk full' });
    expect(nextLifecycle(reloaded, { kind: 'whole', load: 1 })).toBe(reloaded);
    expect(nextLifecycle(reloaded, { kind: 'whole', load: 2 })).toMatchObject({ kind: 'opened', degraded: undefined });
    // Without an index there is nothing to degrade.
    const none = run([{ kind: 'load', load: load(3) }, { kind: 'noEngine', load: 3 }, { kind: 'writeFailed', reason: 'disk full' }]);
    expect(none).toEqual({ kind: 'unindexed', load: expect.objectContaining({ id: 3 }) });
  });

  it('close from any state, and nothing leaves closed', () => {
    const open = openIndex();
    const states = [
      run([]),
      run([{ kind: 'load', load: load(1) }]),
      run([{ kind: 'load', load: load(1) }, { kind: 'opened', load: 1, open }, { kind: 'passStarted', load: 1, warm: false }]),
      run([{ kind: 'load', load: load(1) }, { kind: 'noEngine', load: 1 }]),
    ];
    for (const s of states) expect(nextLifecycle(s, { kind: 'close' })).toEqual({ kind: 'closed' });
    const closed: Lifecycle = { kind: 'closed' };
    for (const e of [{ kind: 'load', load: load(9) }, { kind: 'writeFailed', reason: 'x' }, { kind: 'close' }] as const) expect(nextLifecycle(closed, e)).toBe(closed);
  });
});
