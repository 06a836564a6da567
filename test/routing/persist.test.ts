/**
 * Routing documents saved with the parse cache: a restart builds its index from them (no agent text is
 * read again) and ranks exactly as an index built from the agents' text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/store.js';
import { PACK_THRESHOLD } from '../../src/catalog/packed-body.js';
import { parseCacheFile } from '../../src/catalog/parse-cache-file.js';
import { agentSources } from '../../src/app/config.js';
import { Routing } from '../../src/routing/engine.js';
import { DEFAULT_TUNING } from '../../src/routing/tuning.js';
import { testConfig } from '../helpers/env.js';
import { bodyOf } from '../helpers/bodies.js';
import { CORPUS, describeCorpus } from '../helpers/corpus.js';
import { generateCatalog } from '../helpers/catalog-fixture.js';

const TASKS = ['tune a slow postgres query', 'our kubernetes pods keep restarting', 'write unit tests for a flaky python module', 'design a REST API for billing'];

/** The same tests over a generated catalog (plugins and templates) and, when present, the real wshobson catalog. */
function parseCacheTests(title: string, agentDirs: () => string[], describeFn: (name: string, fn: () => void) => void = describe): void {
  describeFn(title, () => {
    it('a restart builds the index from the saved documents and ranks like a fresh build', async () => {
      const config = testConfig({ agents: agentDirs(), noUser: true, noBundled: true });
      const routing1 = new Routing();
      const first = new CatalogStore(config).persistDerived(routing1.codec);
      const snap1 = await first.load();
      const engine1 = routing1.engineFor(snap1);
      void engine1.index;
      expect(engine1.documentsBuilt).toBe(snap1.agents.size);
      first.noteDerived();
      await first.close();

      const routing2 = new Routing();

      const second = new CatalogStore(config).persistDerived(routing2.codec);
      const snap2 = await second.load();
      const engine2 = routing2.engineFor(snap2);
      void engine2.index;
      // Every document came from the cache: none was built from an agent's text.
      expect(engine2.documentsBuilt).toBe(0);
      // A separate index over the same records built without the saved documents (a custom, equal tuning
      // object makes the engine make its own documents from the text).
      const fresh = routing2.engine(snap2, { tuning: { ...DEFAULT_TUNING } });
      for (const task of TASKS) {
        const a = engine2.lexicalRanking(task, 10).map((c) => `${c.name} ${c.score.toFixed(6)}`);
        const b = fresh.lexicalRanking(task, 10).map((c) => `${c.name} ${c.score.toFixed(6)}`);
        expect(a.length).toBeGreaterThan(0);
        expect(a).toEqual(b);
      }
      await second.close();
    });

    it('once the cache is written, the bodies and documents of a first load are read from it instead of kept in memory', async () => {
      const config = testConfig({ agents: agentDirs(), noUser: true, noBundled: true });
      const routing = new Routing();
      const store = new CatalogStore(config).persistDerived(routing.codec);
      const snap = await store.load();
      const agents = [...snap.agents.values()];
      const bodiesOf = (): Array<string | undefined> => agents.map((a) => bodyOf(snap, a.name));
      const bodies = bodiesOf();
      const engine = routing.engineFor(snap);
      const ranked = (): string[][] => TASKS.map((task) => routing.engine(snap, { tuning: engine.tuning }).lexicalRanking(task, 10).map((c) => `${c.name} ${c.score.toFixed(6)}`));
      const before = ranked();
      // A first load keeps bodies in memory (as text: the cache write compresses them) until the cache is written.
      const inMemory = agents.filter((a) => {
        const p = store.bodies.packedOf(a);
        return p !== undefined && ('packed' in p || ('text' in p && p.text.length >= PACK_THRESHOLD));
      });
      expect(inMemory.length).toBeGreaterThan(50);
      expect(agents.every((a) => routing.documents.held(a))).toBe(true);
      store.noteDerived(0);
      await store.close();

      // Every packed body now lives in the cache file, every document is read from it, and nothing changed.
      expect(inMemory.filter((a) => !('file' in (store.bodies.packedOf(a) ?? {}))).map((a) => a.name)).toEqual([]);
      expect(agents.filter((a) => routing.documents.held(a)).map((a) => a.name)).toEqual([]);
      expect(bodiesOf()).toEqual(bodies);
      expect(ranked()).toEqual(before);
      // The file open for them keeps its content when the cache is deleted (or replaced by a rename).
      fs.rmSync(parseCacheFile(config.cacheDir, agentSources(config).map((s) => s.dir)));
      expect(bodiesOf()).toEqual(bodies);
      expect(ranked()).toEqual(before);
    });

    it('a load maps saved term ids to the ids of the loading process', async () => {
      const config = testConfig({ agents: agentDirs(), noUser: true, noBundled: true, noCache: true });
      const store = new CatalogStore(config);
      const snap = await store.load();
      const routing = new Routing();
      void routing.engineFor(snap).index;
      const agent = snap.agents.get(snap.names[0] ?? '');
      if (!agent) throw new Error('no agent');
      const saving = routing.codec.beginSave();
      const bytes = saving.save(agent) as Uint8Array;
      const saved = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      expect(saved.length).toBeGreaterThan(10);
      // Word 0 carries the boundary count (+ 1), known from the card the index build read.
      expect(saved[0]).toBe(routing.engineFor(snap).boundaryCount(agent) + 1);
      // Another process would have numbered the same terms differently: here, in reverse order.
      const terms = saving.shared as string[];
      const n = terms.length;
      const otherShared = [...terms].reverse();
      const otherDoc = saved.map((w, i) => (i === 0 ? w : (n - 1 - (w >>> 8)) * 256 + (w & 255)));
      const load = routing.codec.beginLoad(otherShared);
      if (!load) throw new Error('codec refused its own dictionary');
      load(agent, Buffer.from(otherDoc.buffer), () => undefined);
      expect([...(routing.documents.storedWords(agent)?.words ?? [])]).toEqual([...saved]);
      // Data that does not fit the dictionary, or is not whole 32-bit words, is dropped, not loaded.
      const before = routing.documents.storedWords(agent)?.words;
      load(agent, Buffer.from(Uint32Array.of(0, n * 256 + 1).buffer), () => undefined);
      load(agent, Buffer.from([1, 2, 3]), () => undefined);
      expect(routing.documents.storedWords(agent)?.words).toBe(before);
      await store.close();
    });
  });
}

parseCacheTests('routing documents in the parse cache', () => {
  const g = generateCatalog();
  return [g.plugins, g.templates];
});
parseCacheTests('routing documents in the parse cache (real catalog)', () => [path.join(CORPUS, 'wshobson-agents')], describeCorpus);
