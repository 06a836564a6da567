/**
 * Routing documents saved with the parse cache: a restart builds its index from them (no agent text is
 * read again) and ranks exactly as an index built from the agents' text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/store.js';
import { PACK_THRESHOLD, packedBodyOf } from '../../src/catalog/packed-body.js';
import { parseCacheFile } from '../../src/catalog/parse-cache-file.js';
import { agentSources } from '../../src/config.js';
import { buildRoutingIndex, documentHeld, packedDocumentOfRecord, routingIndexFor, takeBuiltDocumentCount } from '../../src/routing/index.js';
import { lexicalRankingWithIndex } from '../../src/routing/match.js';
import { routingDocumentCodec } from '../../src/routing/persist.js';
import { CORPUS, testConfig } from '../helpers/env.js';

const TASKS = ['tune a slow postgres query', 'our kubernetes pods keep restarting', 'write unit tests for a flaky python module', 'design a REST API for billing'];

describe('routing documents in the parse cache', () => {
  it('a restart builds the index from the saved documents and ranks like a fresh build', async () => {
    const config = testConfig({ agents: [path.join(CORPUS, 'wshobson-agents')], noUser: true, noBundled: true });
    const first = new CatalogStore(config).persistDerived(routingDocumentCodec);
    const snap1 = await first.load();
    takeBuiltDocumentCount();
    routingIndexFor(snap1);
    expect(takeBuiltDocumentCount()).toBe(snap1.agents.size);
    first.noteDerived();
    await first.close();

    const second = new CatalogStore(config).persistDerived(routingDocumentCodec);
    const snap2 = await second.load();
    const index = routingIndexFor(snap2);
    // Every document came from the cache: none was built from an agent's text.
    expect(takeBuiltDocumentCount()).toBe(0);
    // A separate index over the same records built without the saved documents (a custom, equal tuning
    // object makes buildRoutingIndex make its own documents from the text).
    const fresh = buildRoutingIndex(snap2.agents.values(), { tuning: { ...index.tuning } });
    for (const task of TASKS) {
      const a = lexicalRankingWithIndex(index, task, 10).map((c) => `${c.name} ${c.score.toFixed(6)}`);
      const b = lexicalRankingWithIndex(fresh, task, 10).map((c) => `${c.name} ${c.score.toFixed(6)}`);
      expect(a.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    }
    await second.close();
  });

  it('once the cache is written, the bodies and documents of a first load are read from it instead of kept in memory', async () => {
    const config = testConfig({ agents: [path.join(CORPUS, 'wshobson-agents')], noUser: true, noBundled: true });
    const store = new CatalogStore(config).persistDerived(routingDocumentCodec);
    const snap = await store.load();
    const agents = [...snap.agents.values()];
    const bodies = agents.map((a) => a.body);
    const index = routingIndexFor(snap);
    const ranked = (): string[][] => TASKS.map((task) => lexicalRankingWithIndex(buildRoutingIndex(snap.agents.values(), { tuning: index.tuning }), task, 10).map((c) => `${c.name} ${c.score.toFixed(6)}`));
    const before = ranked();
    // A first load keeps bodies in memory (as text: the cache write compresses them) until the cache is written.
    const inMemory = agents.filter((a) => {
      const p = packedBodyOf(a);
      return p !== undefined && ('packed' in p || ('text' in p && p.text.length >= PACK_THRESHOLD));
    });
    expect(inMemory.length).toBeGreaterThan(100);
    expect(agents.every((a) => documentHeld(a))).toBe(true);
    store.noteDerived(0);
    await store.close();

    // Every packed body now lives in the cache file, every document is read from it, and nothing changed.
    expect(inMemory.filter((a) => !('file' in (packedBodyOf(a) ?? {}))).map((a) => a.name)).toEqual([]);
    expect(agents.filter((a) => documentHeld(a)).map((a) => a.name)).toEqual([]);
    expect(agents.map((a) => a.body)).toEqual(bodies);
    expect(ranked()).toEqual(before);
    // The file open for them keeps its content when the cache is deleted (or replaced by a rename).
    fs.rmSync(parseCacheFile(config.cacheDir, agentSources(config).map((s) => s.dir)));
    expect(agents.map((a) => a.body)).toEqual(bodies);
    expect(ranked()).toEqual(before);
  });

  it('a load maps saved term ids to the ids of the loading process', async () => {
    const config = testConfig({ agents: [path.join(CORPUS, 'wshobson-agents')], noUser: true, noBundled: true, noCache: true });
    const store = new CatalogStore(config);
    const snap = await store.load();
    routingIndexFor(snap);
    const agent = snap.agents.get(snap.names[0] ?? '');
    if (!agent) throw new Error('no agent');
    const saving = routingDocumentCodec.beginSave();
    const bytes = saving.save(agent) as Uint8Array;
    const saved = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(saved.length).toBeGreaterThan(10);
    // Another process would have numbered the same terms differently: here, in reverse order.
    const terms = saving.shared as string[];
    const n = terms.length;
    const otherShared = [...terms].reverse();
    const otherDoc = saved.map((w) => (n - 1 - (w >>> 8)) * 256 + (w & 255));
    const load = routingDocumentCodec.beginLoad(otherShared);
    if (!load) throw new Error('codec refused its own dictionary');
    load(agent, Buffer.from(otherDoc.buffer), () => undefined);
    expect([...(packedDocumentOfRecord(agent)?.packed ?? [])]).toEqual([...saved]);
    // Data that does not fit the dictionary, or is not whole 32-bit words, is dropped, not loaded.
    const before = packedDocumentOfRecord(agent)?.packed;
    load(agent, Buffer.from(Uint32Array.of(n * 256 + 1).buffer), () => undefined);
    load(agent, Buffer.from([1, 2, 3]), () => undefined);
    expect(packedDocumentOfRecord(agent)?.packed).toBe(before);
    await store.close();
  });
});
