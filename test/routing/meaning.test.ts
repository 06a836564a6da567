/**
 * Routing by meaning over the protocol, with the shipped encoder (no stubs): match_agents and route_task
 * answer in hybrid mode once the agent vectors are ready, by words (saying why) before that, when the encoder
 * is off, or when its artifact is missing or damaged; confidences fall with rank; route_task quotes the
 * boundary line and explains with the task's own words; hostile tasks get clear answers without stalling
 * other calls; agent vectors are cached on disk and a damaged cache file is rebuilt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { closeContext, createContext } from '../../src/app/context.js';
import { BIN } from '../helpers/stdio.js';
import { QUICK_VECTOR_AGENTS } from '../../src/routing/tuning.js';
import type { ServerContext } from '../../src/app/context.js';
import type { RoutingEngine } from '../../src/routing/engine.js';
import { connect, REPO_ROOT, tempDir, testConfig, textOf, writeFiles, type Connected } from '../helpers/env.js';

interface Match {
  name: string;
  confidence: number;
  score: number;
  reasons: Array<{ field: string; text: string }>;
}
interface MatchOut {
  matches: Match[];
  abstained: boolean;
  terms: string[];
  mode: 'lexical' | 'hybrid';
  modeNote?: string;
  note?: string;
}
interface RouteOut {
  decision: 'stay' | 'handoff' | 'pick';
  agent: string | null;
  confidence: number;
  abstained: boolean;
  handoffs: Array<{ to: string; inCatalog: boolean; line: string; matched: string[]; score: number }>;
  rationale: string;
  mode: 'lexical' | 'hybrid';
  modeNote?: string;
}

function agent(name: string, description: string, body: string): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\nYou are ${name}.\n\n${body}`;
}

const CATALOG: Record<string, string> = {
  'backend-api.md': agent(
    'backend-api',
    'Builds REST APIs and backend services in Node.js - endpoints, request validation, authentication and error handling.',
    '## Responsibilities\n- Design REST endpoints and their payloads\n- Validate requests and return clear errors\n- Implement authentication middleware\n\n## Boundaries\n- Hand off database schema design, slow queries and index tuning to database-tuner.\n- Escalate security audits and penetration testing to security-auditor.\n',
  ),
  'database-tuner.md': agent('database-tuner', 'Tunes slow SQL queries, designs indexes and reads query plans for PostgreSQL and MySQL.', '## Responsibilities\n- Analyse query plans\n- Add missing indexes\n'),
  'frontend-layout.md': agent('frontend-layout', 'Builds responsive web page layouts with CSS grid and flexbox that work on phones and desktops.', '## Responsibilities\n- Responsive CSS\n- Mobile-first layouts\n'),
  'git-hooks.md': agent('git-hooks', 'Speeds up and fixes pre-commit hooks and git hook configuration so that developers stop bypassing them.', '## Responsibilities\n- Make pre-commit hooks fast\n- Align linter and formatter settings across hooks\n'),
};

async function match(s: Connected, task: string, limit = 5): Promise<MatchOut> {
  const r = await s.client.callTool({ name: 'match_agents', arguments: { task, limit } });
  expect(r.isError, textOf(r)).toBeFalsy();
  return r.structuredContent as unknown as MatchOut;
}

async function route(s: Connected, task: string, current?: string): Promise<RouteOut> {
  const r = await s.client.callTool({ name: 'route_task', arguments: { task, ...(current ? { current_agent: current } : {}) } });
  expect(r.isError, textOf(r)).toBeFalsy();
  return r.structuredContent as unknown as RouteOut;
}

/** A server whose agent vectors are ready. */
async function ready(config: Config): Promise<Connected> {
  const s = await connect(config);
  expect(await s.ctx.semantic.whenLoaded()).toBe(true);
  const engine = s.ctx.routing.engineFor(await s.ctx.catalog.ready());
  expect(await engine.warmVectors()).toBeDefined();
  return s;
}

describe('the bundled agents, matched by words and meaning', () => {
  let s: Connected;
  beforeAll(async () => {
    s = await ready(testConfig({ noUser: true }));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers in hybrid mode, with the task words (not stems) and reasons', async () => {
    const out = await match(s, 'my python loop is slow, make it faster');
    expect(out.mode).toBe('hybrid');
    expect(out.modeNote).toBeUndefined();
    expect(out.abstained).toBe(false);
    expect(out.matches[0]?.name).toBe('python-pro');
    expect(out.terms).toEqual(expect.arrayContaining(['python', 'loop', 'slow', 'faster']));
    expect(out.matches[0]?.reasons.length).toBeGreaterThan(0);
  });

  it('confidence falls with rank, for every task', async () => {
    const tasks = [
      'my python loop is slow, make it faster',
      'set up a Rust workspace with cargo-deny',
      'containerise the service and write the Kubernetes manifests',
      'plan our team offsite dinner',
      'terraform the staging network and its load balancer',
      'Unser Python-Skript ist zu langsam',
    ];
    for (const t of tasks) {
      const out = await match(s, t, 5);
      const c = out.matches.map((m) => m.confidence);
      for (let i = 1; i < c.length; i++) expect(c[i], `${t}: ${c.join(', ')}`).toBeLessThanOrEqual(c[i - 1] as number);
    }
  });

  it('a task nothing in the catalog fits is not answered with a confident match', async () => {
    for (const t of ['set up a Rust workspace with cargo-deny', 'plan our team offsite dinner', 'what should I cook tonight with leftover rice']) {
      const out = await match(s, t);
      const top = out.matches[0];
      expect(out.abstained || (top?.confidence ?? 0) < 0.8, `${t}: ${JSON.stringify(out.matches.slice(0, 2))}`).toBe(true);
    }
    expect((await match(s, 'plan our team offsite dinner')).abstained).toBe(true);
  });

  it('answers hostile tasks clearly: empty is an error; 1 MB, binary-looking and non-English are answered while other calls go on', async () => {
    for (const task of ['', '   \n\t']) {
      const r = await s.client.callTool({ name: 'match_agents', arguments: { task } });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/task is empty/);
    }
    const big = 'speed up the python loop '.repeat(45_000);
    const binary = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const calls = [big, binary, 'データベースのクエリが遅い', 'Почему падает сборка Python?'].map((task) => s.client.callTool({ name: 'match_agents', arguments: { task } }));
    // A listing meanwhile is answered too (no call stalls the others).
    const list = s.client.callTool({ name: 'list_agents', arguments: {} });
    for (const r of await Promise.all(calls)) {
      if (r.isError) expect(textOf(r)).toMatch(/task/);
      else expect(Array.isArray((r.structuredContent as unknown as MatchOut).matches)).toBe(true);
    }
    expect((await list).isError).toBeFalsy();
  });
});

describe('route_task by meaning', () => {
  let s: Connected;
  beforeAll(async () => {
    const dir = tempDir('acm-meaning-route-');
    writeFiles(dir, CATALOG);
    s = await ready(testConfig({ agents: [dir], noUser: true, noBundled: true }));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('hands off under a boundary, quoting its line and naming the task words it shares', async () => {
    const r = await route(s, 'the monthly revenue report takes forty seconds because the SQL queries scan every row', 'backend-api');
    expect(r).toMatchObject({ decision: 'handoff', agent: 'database-tuner', mode: 'hybrid' });
    expect(r.rationale).toContain('"- Hand off database schema design, slow queries and index tuning to database-tuner."');
    const h = r.handoffs.find((x) => x.to === 'database-tuner');
    expect(h?.matched).toEqual(expect.arrayContaining(['queries']));
    // The task's own words, never stems.
    for (const x of r.handoffs) for (const w of x.matched) expect(r.rationale + ' the monthly revenue report takes forty seconds because the SQL queries scan every row'.toLowerCase()).toContain(w);
    expect(r.handoffs.flatMap((x) => x.matched)).not.toContain('queri');
  });

  it('hands off to a boundary outside the catalog, saying it is not in the catalog', async () => {
    const r = await route(s, 'run a penetration test against our login flow before launch', 'backend-api');
    expect(r).toMatchObject({ decision: 'handoff', agent: 'security-auditor' });
    expect(r.handoffs[0]).toMatchObject({ to: 'security-auditor', inCatalog: false });
    expect(r.rationale).toMatch(/not in this catalog/);
  });

  it('stays with a task in the agent’s scope, with a confidence that is its own (not a constant)', async () => {
    const a = await route(s, 'add a POST endpoint that validates the invoice payload and returns clear errors', 'backend-api');
    expect(a).toMatchObject({ decision: 'stay', agent: 'backend-api' });
    expect(a.confidence).toBeGreaterThan(0.5);
    const b = await route(s, 'write the authentication middleware for our Express routes', 'backend-api');
    expect(b.decision).toBe('stay');
    expect(new Set([a.confidence, b.confidence, 0.5]).size).toBe(3);
  });

  it('hands a task outside the agent’s scope and boundaries to the agent that fits it', async () => {
    const r = await route(s, 'the signup page looks broken on small phone screens', 'backend-api');
    expect(r).toMatchObject({ decision: 'handoff', agent: 'frontend-layout' });
    // A boundary the task is nothing like is not listed.
    expect(r.handoffs.filter((h) => h.matched.length === 0 && h.score < 0.2)).toEqual([]);
  });

  it('without a current agent, picks by meaning', async () => {
    const r = await route(s, 'developers keep skipping the slow checks that run before each commit');
    expect(r).toMatchObject({ decision: 'pick', agent: 'git-hooks', mode: 'hybrid' });
  });
});

describe('words only: before the vectors, with --no-semantic, or without a usable encoder', () => {
  it('until the encoder is loaded and the agent vectors are built, matching is by words and says why', async () => {
    const ctx = await createContext(testConfig({ noUser: true }), undefined, { background: false, watch: false });
    try {
      const engine = ctx.routing.engineFor(await ctx.catalog.ready());
      const loading = engine.match('my python loop is slow, make it faster');
      expect(loading).toMatchObject({ mode: 'lexical', modeNote: expect.stringMatching(/loading/) });
      expect(loading.matches[0]?.name).toBe('python-pro');
      expect(await ctx.semantic.whenLoaded()).toBe(true);
      expect(engine.match('my python loop is slow').modeNote).toMatch(/agent vectors are still being computed/);
      expect(engine.route('my python loop is slow', { currentAgent: 'python-pro' }).mode).toBe('lexical');
      await engine.warmVectors();
      expect(engine.match('my python loop is slow').mode).toBe('hybrid');
      expect(engine.route('my python loop is slow', { currentAgent: 'python-pro' })).toMatchObject({ mode: 'hybrid', decision: 'stay' });
    } finally {
      await closeContext(ctx);
    }
  });

  it('--no-semantic: lexical mode, saying so; confidence still falls with rank', async () => {
    const s = await connect(testConfig({ noUser: true, semantic: false }));
    try {
      for (const t of ['containerise the python service and deploy it with terraform', 'set up a Rust workspace with cargo-deny', 'python infrastructure engineer for docker images']) {
        const c = (await match(s, t, 5)).matches.map((m) => m.confidence);
        for (let i = 1; i < c.length; i++) expect(c[i], `${t}: ${c.join(', ')}`).toBeLessThanOrEqual(c[i - 1] as number);
      }
      const out = await match(s, 'my python loop is slow, make it faster');
      expect(out).toMatchObject({ mode: 'lexical', modeNote: expect.stringMatching(/off/) });
      expect(out.matches[0]?.name).toBe('python-pro');
      const status = await s.client.callTool({ name: 'get_status', arguments: {} });
      expect(status.structuredContent).toMatchObject({ semantic: { enabled: false, state: 'off' } });
    } finally {
      await s.close();
    }
  });

  it('a damaged artifact: get_status says why, match_agents and route_task answer by words', async () => {
    const dir = tempDir('acm-encoder-bad-');
    for (const f of fs.readdirSync(path.join(REPO_ROOT, 'model', 'encoder'))) fs.copyFileSync(path.join(REPO_ROOT, 'model', 'encoder', f), path.join(dir, f));
    const vectors = path.join(dir, 'vectors.bin');
    const buf = fs.readFileSync(vectors);
    buf[1000] = ((buf[1000] as number) ^ 1) & 0xff;
    fs.writeFileSync(vectors, buf);
    const s = await connect(testConfig({ noUser: true }, { AGENT_CATALOG_ENCODER_DIR: dir }));
    try {
      expect(await s.ctx.semantic.whenLoaded()).toBe(false);
      const status = await s.client.callTool({ name: 'get_status', arguments: {} });
      expect(status.structuredContent).toMatchObject({ semantic: { enabled: true, state: 'unavailable', reason: expect.stringMatching(/vectors\.bin does not match its checksum/) } });
      expect(textOf(status)).toMatch(/semantic: unavailable/);
      const out = await match(s, 'my python loop is slow, make it faster');
      expect(out).toMatchObject({ mode: 'lexical', modeNote: expect.stringMatching(/checksum/) });
      expect(out.matches[0]?.name).toBe('python-pro');
      const r = await route(s, 'my python loop is slow, make it faster');
      expect(r).toMatchObject({ mode: 'lexical', agent: 'python-pro' });
    } finally {
      await s.close();
    }
  });

  it('validate reports a missing artifact as a warning, not a failure', async () => {
    const missing = path.join(tempDir('acm-encoder-none-'), 'none');
    const run = (env: Record<string, string>): Promise<{ code: number | null; out: string }> =>
      new Promise((resolve) => {
        // Hang guard: a validate that never ends is killed (and fails on its exit code) instead of outliving the test.
        const child = spawn(process.execPath, [BIN, 'validate', '--no-user', '--json'], { cwd: tempDir(), env: { PATH: process.env.PATH ?? '', HOME: tempDir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const bad = await run({ AGENT_CATALOG_ENCODER_DIR: missing });
    expect(bad.code).toBe(0);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: true, semantic: { enabled: true, state: 'unavailable', reason: expect.stringContaining('missing') } });
    const good = await run({});
    expect(JSON.parse(good.out)).toMatchObject({ semantic: { enabled: true, state: 'ready', model: expect.any(String) } });
  }, 60_000);
});

describe('agent vectors on disk', () => {
  it('are cached by content and model; a damaged cache file is rebuilt, not trusted', async () => {
    const agents = tempDir('acm-meaning-cache-');
    writeFiles(agents, CATALOG);
    const config = testConfig({ agents: [agents], noUser: true, noBundled: true });
    const first = await ready(config);
    const before = (await match(first, 'the signup page looks broken on small phone screens')).matches.map((m) => [m.name, m.confidence]);
    await first.close();
    const dir = path.join(config.cacheDir, 'semantic');
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('agents-') && f.endsWith('.vec'));
    expect(files).toHaveLength(1);
    const file = path.join(dir, files[0] as string);
    const damaged = Buffer.concat([fs.readFileSync(file).subarray(0, 64), Buffer.alloc(4096, 0xff)]);
    fs.writeFileSync(file, damaged);
    const second = await ready(config);
    try {
      const after = (await match(second, 'the signup page looks broken on small phone screens')).matches.map((m) => [m.name, m.confidence]);
      expect(after).toEqual(before);
      expect(fs.readFileSync(file).equals(damaged)).toBe(false);
    } finally {
      await second.close();
    }
  });
});

describe('agent vectors on disk: keyed by each agent’s text', () => {
  /** A context without background work: only what the test asks for is built. */
  async function vectorsOf(config: Config): Promise<{ ctx: ServerContext; engine: RoutingEngine }> {
    const ctx = await createContext(config, undefined, { background: false, watch: false });
    expect(await ctx.semantic.whenLoaded()).toBe(true);
    const engine = ctx.routing.engineFor(await ctx.catalog.ready());
    expect(await engine.warmVectors()).toBeDefined();
    return { ctx, engine };
  }
  const TASK = 'the signup page looks broken on small phone screens';

  it('a restart reads every unchanged agent’s vectors without building its card; a changed agent is encoded again', async () => {
    const agents = tempDir('acm-meaning-keys-');
    writeFiles(agents, CATALOG);
    const config = testConfig({ agents: [agents], noUser: true, noBundled: true });
    const first = await vectorsOf(config);
    expect(first.engine.vectorBuild).toMatchObject({ computed: 4, reused: 0 });
    await closeContext(first.ctx);

    // One agent's body changes: its vectors must not be served from the cache.
    writeFiles(agents, { 'git-hooks.md': `${CATALOG['git-hooks.md'] ?? ''}- Keep the commit-msg hook in step with the changelog rules\n` });
    const second = await vectorsOf(config);
    try {
      expect(second.engine.vectorBuild).toMatchObject({ computed: 1, reused: 3 });
      // Cached vectors are found by the agent's text: no card was built for the three unchanged agents.
      for (const name of ['backend-api', 'database-tuner', 'frontend-layout']) expect(second.engine.cachedCard(name), name).toBeUndefined();
      expect(second.engine.cachedCard('git-hooks')).toBeDefined();
      // Vectors and passage kinds read from the cache rank exactly as freshly computed ones.
      const fresh = await vectorsOf(testConfig({ agents: [agents], noUser: true, noBundled: true, noCache: true }));
      try {
        expect(fresh.engine.vectorBuild).toMatchObject({ computed: 4, reused: 0 });
        expect(second.engine.match(TASK)).toEqual(fresh.engine.match(TASK));
        expect(second.engine.match('slow SQL on the orders table')).toEqual(fresh.engine.match('slow SQL on the orders table'));
      } finally {
        await closeContext(fresh.ctx);
      }
    } finally {
      await closeContext(second.ctx);
    }
  });

  it('passage kinds in a vector file are not trusted: a file whose kinds do not fit is recomputed', async () => {
    const agents = tempDir('acm-meaning-kinds-');
    writeFiles(agents, CATALOG);
    const config = testConfig({ agents: [agents], noUser: true, noBundled: true });
    const first = await vectorsOf(config);
    const before = first.engine.match(TASK);
    await closeContext(first.ctx);
    const dir = path.join(config.cacheDir, 'semantic');
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('agents-')) as string);
    const buf = fs.readFileSync(file);
    const nl = buf.indexOf(10);
    const header = JSON.parse(buf.subarray(0, nl).toString('utf8')) as { extra: { fields: string[] } };
    for (const [i, tampered] of [
      (f: string[]) => f.map((x) => x.replace(/./g, '9')),
      (f: string[]) => f.map((x) => x.slice(1)),
      () => 'not a list',
    ].entries()) {
      header.extra.fields = tampered([...header.extra.fields]) as string[];
      fs.writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), buf.subarray(nl + 1)]));
      const again = await vectorsOf(config);
      try {
        expect(again.engine.vectorBuild, `tampering ${i}`).toMatchObject({ computed: 4, reused: 0 });
        expect(again.engine.match(TASK)).toEqual(before);
      } finally {
        await closeContext(again.ctx);
      }
      header.extra.fields = (JSON.parse(fs.readFileSync(file).subarray(0, fs.readFileSync(file).indexOf(10)).toString('utf8')) as typeof header).extra.fields;
    }
  });

  it('a first start over a catalog too large to encode at once answers by words without waiting for the vectors', async () => {
    const agents = tempDir('acm-meaning-large-');
    const files: Record<string, string> = {};
    for (let i = 0; i < QUICK_VECTOR_AGENTS + 20; i++) {
      const [topic, what] = [
        ['postgres', 'Tunes slow SQL queries and designs indexes'],
        ['css', 'Builds responsive page layouts with CSS grid'],
        ['hooks', 'Fixes slow pre-commit hooks'],
      ][i % 3] as [string, string];
      files[`${topic}-${i}.md`] = agent(`${topic}-${i}`, `${what} (team ${i}).`, `## Responsibilities\n- ${what}\n`);
    }
    writeFiles(agents, files);
    const s = await connect(testConfig({ agents: [agents], noUser: true, noBundled: true }));
    try {
      const out = await match(s, 'the orders report query is slow, which indexes are missing?');
      // Still loading the encoder, or computing the vectors: either way, said so.
      expect(out).toMatchObject({ mode: 'lexical', modeNote: expect.stringMatching(/still (loading|being computed)/) });
      expect(out.matches[0]?.name).toMatch(/^postgres-/);
      // The vectors are built in the background meanwhile; then the same call answers by meaning.
      const engine = s.ctx.routing.engineFor(await s.ctx.catalog.ready());
      expect(await s.ctx.semantic.whenLoaded()).toBe(true);
      expect(await engine.warmVectors()).toBeDefined();
      expect((await match(s, 'the orders report query is slow, which indexes are missing?')).mode).toBe('hybrid');
    } finally {
      await s.close();
    }
  });
});

describe('centroid candidates', () => {
  it('are the closest centroids, best first (ties by name), among the agents the filter accepts', async () => {
    const ctx = await createContext(testConfig({ noUser: true }), undefined, { background: false, watch: false });
    try {
      expect(await ctx.semantic.whenLoaded()).toBe(true);
      const engine = ctx.routing.engineFor(await ctx.catalog.ready());
      const vectors = await engine.warmVectors();
      const encoder = ctx.semantic.encoder();
      if (!vectors || !encoder) throw new Error('no vectors');
      const names = [...vectors.names()];
      expect(names.length).toBeGreaterThanOrEqual(5);
      for (const task of ['my python loop is slow', 'set up a kubernetes cluster', 'bake bread']) {
        const query = encoder.encode(task) as Float32Array;
        // Reference: every agent scored on its own (similarity's centroid), sorted in full.
        const all = names.map((name) => ({ name, score: vectors.similarity(name, query)?.centroid ?? Number.NaN })).sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
        for (const keep of [1, 2, 3, names.length + 5]) {
          for (const filter of [undefined, (n: string) => n !== all[0]?.name]) {
            const expected = all.filter((c) => !filter || filter(c.name)).slice(0, keep);
            const got = vectors.centroidRanking(query, keep, filter);
            expect(got.map((c) => c.name), `${task}, keep ${keep}`).toEqual(expected.map((c) => c.name));
            got.forEach((c, i) => expect(c.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 5));
          }
        }
        expect(vectors.centroidRanking(query, 0)).toEqual([]);
      }
    } finally {
      await closeContext(ctx);
    }
  });
});

describe('search_journal by meaning', () => {
  const entry = (iso: string, section: string, text: string): string => `---\ntitle: "${iso}"\ndate: ${iso}\ntimestamp: ${Date.parse(iso)}\n---\n\n## ${section}\n\n${text}\n`;

  it('finds entries by meaning (semantic and hybrid modes) and says which mode answered', async () => {
    const config = testConfig({ noUser: true });
    writeFiles(config.journalDir, {
      '2025-05-01/10-00-00-000000.md': entry('2025-05-01T10:00:00.000Z', 'Technical Insights', 'The CI cache for docker layers was invalidated on every run; pinning the base image fixed it.'),
      '2025-05-02/10-00-00-000000.md': entry('2025-05-02T10:00:00.000Z', 'Feelings', 'Tired but happy after the release went out without incidents.'),
      '2025-05-03/10-00-00-000000.md': entry('2025-05-03T10:00:00.000Z', 'Technical Insights', 'Adding a composite index on (customer_id, created_at) made the orders report query fast.'),
    });
    const s = await connect(config);
    try {
      await s.ctx.semantic.whenJournalReady();
      const sem = await s.client.callTool({ name: 'search_journal', arguments: { query: 'a report on purchases was slow until we fixed the database', mode: 'semantic', limit: 1 } });
      const semOut = sem.structuredContent as { mode: string; results: Array<{ path: string }> };
      expect(semOut.mode).toBe('semantic');
      expect(semOut.results[0]?.path).toMatch(/2025-05-03/);
      const hyb = await s.client.callTool({ name: 'search_journal', arguments: { query: 'docker build cache', mode: 'hybrid' } });
      const hybOut = hyb.structuredContent as { mode: string; results: Array<{ path: string }> };
      expect(hybOut.mode).toBe('hybrid');
      expect(hybOut.results[0]?.path).toMatch(/2025-05-01/);
      const lex = await s.client.callTool({ name: 'search_journal', arguments: { query: 'docker' } });
      expect(lex.structuredContent).toMatchObject({ mode: 'lexical' });
    } finally {
      await s.close();
    }
  });
});
