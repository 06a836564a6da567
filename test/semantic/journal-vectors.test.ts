/**
 * Journal vectors kept on disk: a pass rewrites the vector cache only when it changed something. The
 * encoder here is a deterministic stand-in for the model (hash features); the journal is a real one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateJournal } from '../../src/bench/journal.js';
import { JournalService } from '../../src/journal/service.js';
import { silentLogger } from '../../src/logger.js';
import type { Embedder } from '../../src/semantic/embedder.js';
import { JournalVectors } from '../../src/semantic/journal.js';
import { configFor, makeTempDir } from '../journal/fixture.js';

const DIMENSIONS = 8;
const hashEmbedder: Embedder = {
  modelId: 'test-hash-features',
  dimensions: DIMENSIONS,
  loadMs: 0,
  embed: (texts) =>
    Promise.resolve(
      texts.map((t) => {
        const bytes = createHash('sha256').update(t).digest();
        const v = Float32Array.from({ length: DIMENSIONS }, (_, i) => (bytes[i] as number) - 127.5);
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      }),
    ),
  close: () => Promise.resolve(),
};

describe('journal vectors on disk', () => {
  it('a pass that changed nothing leaves the vector cache file alone; a new entry rewrites it', async () => {
    const base = makeTempDir('journal-vec-');
    const gen = generateJournal(base, 40);
    const journal = new JournalService(configFor(gen.projectDir, gen.userDir, base, { watch: false }), silentLogger, { watch: false, reconcileMs: 0 });
    const cacheDir = path.join(base, 'cache');
    const vectors = new JournalVectors(journal, hashEmbedder, cacheDir, silentLogger, { rescanMs: 0 });
    try {
      vectors.start();
      await vectors.whenIdle();
      expect(vectors.status()).toMatchObject({ ready: true, entries: 40, computed: 40 });
      const [file] = fs.readdirSync(path.join(cacheDir, 'semantic')).filter((f) => f.endsWith('.vec'));
      if (!file) throw new Error('no vector cache written');
      const full = path.join(cacheDir, 'semantic', file);
      // Backdate the file: a rewrite would give it a new mtime.
      const old = new Date('2020-01-01T00:00:00Z');
      fs.utimesSync(full, old, old);

      vectors.start();
      await vectors.whenIdle();
      expect(vectors.status()).toMatchObject({ entries: 40, computed: 0, reused: 40 });
      expect(fs.statSync(full).mtimeMs).toBe(old.getTime());

      await journal.write({ observations: 'A new entry about shearwaters' });
      vectors.start();
      await vectors.whenIdle();
      expect(vectors.status()).toMatchObject({ entries: 41, computed: 1 });
      expect(fs.statSync(full).mtimeMs).toBeGreaterThan(old.getTime());
    } finally {
      await vectors.close();
      await journal.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
