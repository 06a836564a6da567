import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/store.js';
import { Routing } from '../../src/routing/engine.js';
import { parseCacheFile } from '../../src/catalog/parse-cache-file.js';
import { agentSources } from '../../src/app/config.js';
import { agentFile, REPO_ROOT, tempDir, testConfig, writeFiles } from '../helpers/env.js';
import { bodyOf } from '../helpers/bodies.js';

/** One server start and stop over `config`: loads the catalog and writes its parse cache. */
async function writeCache(config: ReturnType<typeof testConfig>): Promise<void> {
  const store = new CatalogStore(config);
  await store.load();
  await store.close();
}

describe('on-disk parse cache and lazy bodies', () => {
  it('writes a cache, reuses it across starts, and notices edits by mtime and size', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.md': agentFile('a', 'first', 'Body A\n'), 'b.md': agentFile('b', 'second', 'Body B\n') });
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    await writeCache(config);
    const file = parseCacheFile(config.cacheDir, agentSources(config).map((s) => s.dir));
    expect(fs.existsSync(file)).toBe(true);

    const second = new CatalogStore(config);
    const snap = await second.load();
    expect(bodyOf(snap, 'a')).toBe('\nBody A\n');
    await second.close();

    fs.writeFileSync(path.join(dir, 'a.md'), agentFile('a', 'edited', 'Body A, longer now\n'));
    const third = new CatalogStore(config);
    const snap3 = await third.load();
    expect(snap3.agents.get('a')?.description).toBe('edited');
    expect(bodyOf(snap3, 'a')).toBe('\nBody A, longer now\n');
    await third.close();
  });

  it('a corrupt cache file is ignored and rewritten, never trusted', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.md': agentFile('a', 'real description') });
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    const file = parseCacheFile(config.cacheDir, agentSources(config).map((s) => s.dir));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'this is not a cache');
    const store = new CatalogStore(config);
    const snap = await store.load();
    expect(snap.agents.get('a')?.description).toBe('real description');
    await store.close();
    expect(fs.readFileSync(file).toString('latin1')).not.toBe('this is not a cache');
  });

  it('bodies live in the snapshot (packed): edits or deletion on disk never mix into a loaded agent', async () => {
    const dir = tempDir();
    const long = 'Version one. '.repeat(200);
    writeFiles(dir, { 'a.md': agentFile('a', 'desc', `${long}\n`), 'small.md': agentFile('small', 'tiny', 'short\n') });
    const store = new CatalogStore(testConfig({ agents: [dir], noUser: true, noBundled: true, noCache: true }));
    const snap = await store.load();
    const agent = snap.agents.get('a');
    // A record is a frozen value without its body: the body is read through the snapshot.
    expect(Object.keys(agent ?? {})).not.toContain('body');
    expect(Object.isFrozen(agent)).toBe(true);
    fs.writeFileSync(path.join(dir, 'a.md'), agentFile('a', 'desc', 'Version two\n'));
    expect(bodyOf(snap, 'a')).toBe(`\n${long}\n`);
    fs.rmSync(path.join(dir, 'a.md'));
    expect(bodyOf(snap, 'a')).toBe(`\n${long}\n`);
    expect(bodyOf(snap, 'small')).toBe('\nshort\n');
    await store.close();
  });

  it('a cache cut short (a frame truncated) is ignored and rewritten whole; saves leave no temporary files', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`agent-${i}.md`] = agentFile(`agent-${i}`, `description ${i}`, `Body ${i}\n`);
    writeFiles(dir, files);
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    await writeCache(config);
    const file = parseCacheFile(config.cacheDir, agentSources(config).map((s) => s.dir));
    const whole = fs.statSync(file).size;
    fs.truncateSync(file, whole - 100);

    const second = new CatalogStore(config);
    const snap = await second.load();
    expect(snap.agents.size).toBe(600);
    expect(snap.agents.get('agent-599')?.description).toBe('description 599');
    expect(bodyOf(snap, 'agent-599')).toBe('\nBody 599\n');
    await second.close();
    expect(fs.statSync(file).size).toBe(whole);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a process that exits while it writes the cache leaves no temporary file', () => {
    // Built code (dist/: `npm test` builds first), in a child process that exits as soon as its write has
    // created the temporary file, long before the write is done (1,200 agents, several frames).
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
    if (!fs.existsSync(path.join(dist, 'catalog', 'parse-cache-file.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test builds first)');
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 1200; i++) files[`agent-${i}.md`] = agentFile(`agent-${i}`, `description ${i}`, `${randomBytes(1500).toString('base64')}\n`);
    writeFiles(dir, files);
    const cacheDir = tempDir();
    const file = path.join(cacheDir, 'parse-cache-test.bin');
    const child = `
      import fs from 'node:fs';
      import { buildSnapshot } from ${JSON.stringify(path.join(dist, 'catalog', 'load.js'))};
      import { BodyStore } from ${JSON.stringify(path.join(dist, 'catalog', 'packed-body.js'))};
      import { writeParseCache } from ${JSON.stringify(path.join(dist, 'catalog', 'parse-cache-file.js'))};
      const [agents, cacheDir, file] = process.argv.slice(1);
      const cache = new Map();
      const bodies = new BodyStore();
      await buildSnapshot({ sources: [{ kind: 'flag', dir: agents, label: 'test' }], sharedPromptDirs: [], cache, bodies });
      setInterval(() => {
        if (fs.readdirSync(cacheDir).some((f) => f.endsWith('.tmp'))) process.exit(0);
      }, 1);
      await writeParseCache(file, 'test', cache, bodies);
      console.log('the write finished before the process exited');
      process.exit(3);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child, dir, cacheDir, file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(cacheDir), r.stdout + r.stderr).toEqual([]);
  });

  it('bodies of agents read from the cache stay readable when the cache is rewritten or deleted, and match their record', async () => {
    const dir = tempDir();
    const long = (tag: string): string => `${tag} `.repeat(400);
    writeFiles(dir, { 'a.md': agentFile('a', 'first', `${long('alpha')}\n`), 'b.md': agentFile('b', 'second', `${long('beta')}\n`) });
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    await writeCache(config);

    const store = new CatalogStore(config);
    const snap = await store.load();
    expect(bodyOf(snap, 'a')).toBe(`\n${long('alpha')}\n`);
    // Another process rewrites the cache (rename over it) after an edit, then the cache is deleted.
    fs.writeFileSync(path.join(dir, 'b.md'), agentFile('b', 'edited', `${long('gamma')}\n`));
    const other = new CatalogStore(config);
    await other.load();
    await other.close();
    const file = parseCacheFile(config.cacheDir, agentSources(config).map((s) => s.dir));
    fs.rmSync(file);
    expect(bodyOf(snap, 'a')).toBe(`\n${long('alpha')}\n`);
    expect(snap.agents.get('b')?.description).toBe('second');
    expect(bodyOf(snap, 'b')).toBe(`\n${long('beta')}\n`);
    // This store's own reload sees the edit and saves a cache whose bodies come from the open file.
    const reloaded = await store.reload();
    expect(bodyOf(reloaded, 'b')).toBe(`\n${long('gamma')}\n`);
    await store.close();
    const fresh = new CatalogStore(config);
    const again = await fresh.load();
    expect(bodyOf(again, 'a')).toBe(`\n${long('alpha')}\n`);
    expect(bodyOf(again, 'b')).toBe(`\n${long('gamma')}\n`);
    await fresh.close();
  });

  /** 600 agents (three frames) with incompressible bodies over the packing threshold: read from the cache file. */
  function bigCatalog(extraFrontmatter: (i: number) => string = () => ''): { dir: string; bodies: string[] } {
    const dir = tempDir();
    const files: Record<string, string> = {};
    const bodies: string[] = [];
    for (let i = 0; i < 600; i++) {
      bodies.push(`agent ${i}: ${randomBytes(1500).toString('base64')}`);
      files[`agent-${i}.md`] = agentFile(`agent-${i}`, `description ${i}`, `${bodies[i]}\n`, extraFrontmatter(i));
    }
    writeFiles(dir, files);
    return { dir, bodies };
  }

  it('bodies read back from the cache file are right in every frame', async () => {
    const { dir, bodies } = bigCatalog();
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    await writeCache(config);
    const second = new CatalogStore(config);
    const snap = await second.load();
    for (const i of [0, 1, 255, 256, 257, 511, 512, 599]) expect(bodyOf(snap, `agent-${i}`)).toBe(`\n${bodies[i]}\n`);
    await second.close();
  });

  it('binary frontmatter values survive a load from the cache (no view into a reused buffer)', async () => {
    const { dir } = bigCatalog((i) => `blob: !!binary ${Buffer.from(`BLOB-${i}-payload`).toString('base64')}\n`);
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    const first = new CatalogStore(config);
    const fresh = await first.load();
    const value = (i: number, s: typeof fresh): string => Buffer.from(s.agents.get(`agent-${i}`)?.frontmatter.blob as Uint8Array).toString('utf8');
    expect(value(7, fresh)).toBe('BLOB-7-payload');
    await first.close();
    const second = new CatalogStore(config);
    const snap = await second.load();
    const wrong = Array.from({ length: 600 }, (_, i) => i).filter((i) => value(i, snap) !== `BLOB-${i}-payload`);
    expect(wrong).toEqual([]);
    await second.close();
  });

  it('a cache damaged while in use fails clearly (CACHE_UNREADABLE), is removed, and the next start reads the files', async () => {
    const { dir, bodies } = bigCatalog();
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    await writeCache(config);
    const file = parseCacheFile(config.cacheDir, agentSources(config).map((s) => s.dir));
    const store = new CatalogStore(config);
    const snap = await store.load();
    // Something truncates the cache file in place (not the rename every writer uses).
    fs.truncateSync(file, 1000);
    const agent = snap.agents.get('agent-599');
    if (!agent) throw new Error('agent-599 not loaded');
    expect(snap.bodies.read(agent)).toEqual({ ok: false, error: expect.objectContaining({ code: 'CACHE_UNREADABLE' }) });
    expect(fs.existsSync(file)).toBe(false);
    // The background count does not throw (it runs where nothing would catch it).
    expect(new Routing().engineFor(snap).boundaryCount(agent)).toBe(0);
    await store.close();
    const again = new CatalogStore(config);
    const snap2 = await again.load();
    expect(bodyOf(snap2, 'agent-599')).toBe(`\n${bodies[599]}\n`);
    await again.close();
  });
});
