/**
 * Who owns routing state: each server keeps one Routing (term dictionary, per-record documents and boundary
 * counts), and each catalog snapshot gets its own engine (index and caches). Over MCP, as clients use it.
 */
import { describe, expect, it } from 'vitest';
import { agentFile, connect, tempDir, testConfig, writeFiles } from '../helpers/env.js';

interface MatchOut {
  matches: Array<{ name: string }>;
  abstained: boolean;
}

const POSTGRES = agentFile('postgres-tuner', 'Tunes slow PostgreSQL queries, indexes and vacuum settings.');
const CSS = agentFile('css-artist', 'Styles web pages with CSS grid, flexbox and design tokens.');
const KAFKA = agentFile('kafka-operator', 'Operates Kafka clusters: consumer lag, partition rebalancing, broker tuning.');

function catalog(files: Record<string, string>): ReturnType<typeof testConfig> {
  const dir = tempDir('acm-engine-');
  writeFiles(dir, files);
  return testConfig({ agents: [dir], noUser: true, noBundled: true });
}

describe('routing state has an owner', () => {
  it('a reload (a new snapshot) gets a fresh engine; the old one keeps answering over its own snapshot', async () => {
    const config = catalog({ 'postgres-tuner.md': POSTGRES, 'css-artist.md': CSS });
    const s = await connect(config);
    try {
      const match = async (task: string): Promise<MatchOut> => (await s.client.callTool({ name: 'match_agents', arguments: { task } })).structuredContent as MatchOut;
      const snap1 = await s.ctx.catalog.ready();
      const engine1 = s.ctx.routing.engineFor(snap1);
      expect(s.ctx.routing.engineFor(snap1)).toBe(engine1);
      expect((await match('kafka consumer lag keeps growing')).matches.map((m) => m.name)).not.toContain('kafka-operator');
      expect(engine1.indexReady).toBe(true);

      writeFiles(config.agentDirs[0] as string, { 'kafka-operator.md': KAFKA });
      const snap2 = await s.ctx.catalog.reload();
      const engine2 = s.ctx.routing.engineFor(snap2);
      expect(engine2).not.toBe(engine1);
      expect(engine2.snapshot).toBe(snap2);
      expect((await match('kafka consumer lag keeps growing')).matches[0]?.name).toBe('kafka-operator');
      // The old engine is untouched: a call that started on the old snapshot finishes on it.
      expect(engine1.match('kafka consumer lag keeps growing').matches.map((m) => m.name)).not.toContain('kafka-operator');
      // What outlives a snapshot is the server's: the unchanged files' documents were reused, only the new one was made.
      expect(engine2.documentsBuilt).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('two servers in one process do not share routing state', async () => {
    const a = await connect(catalog({ 'kafka-operator.md': KAFKA, 'postgres-tuner.md': POSTGRES }));
    const b = await connect(catalog({ 'css-artist.md': CSS, 'postgres-tuner.md': POSTGRES }));
    try {
      expect(a.ctx.routing).not.toBe(b.ctx.routing);
      const ra = (await a.client.callTool({ name: 'match_agents', arguments: { task: 'kafka consumer lag' } })).structuredContent as MatchOut;
      const rb = (await b.client.callTool({ name: 'match_agents', arguments: { task: 'kafka consumer lag' } })).structuredContent as MatchOut;
      expect(ra.matches[0]?.name).toBe('kafka-operator');
      expect(rb.matches.map((m) => m.name)).not.toContain('kafka-operator');
      // Each server's term dictionary holds its own catalog's words only.
      expect(a.ctx.routing.dictionary.generation.ids.has('kafka')).toBe(true);
      expect(b.ctx.routing.dictionary.generation.ids.has('kafka')).toBe(false);
      expect(b.ctx.routing.dictionary.generation.ids.has('flexbox')).toBe(true);
      expect(a.ctx.routing.dictionary.generation.ids.has('flexbox')).toBe(false);
      // Boundary counts are kept by each server's Routing, for its own records.
      const agentA = (await a.ctx.catalog.ready()).agents.get('postgres-tuner');
      const agentB = (await b.ctx.catalog.ready()).agents.get('postgres-tuner');
      if (!agentA || !agentB) throw new Error('postgres-tuner missing');
      await a.client.callTool({ name: 'list_agents', arguments: {} });
      expect(a.ctx.routing.knownBoundaryCount(agentA)).toBe(0);
      expect(b.ctx.routing.knownBoundaryCount(agentA)).toBeUndefined();
      expect(a.ctx.routing.knownBoundaryCount(agentB)).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
