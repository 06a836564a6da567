/**
 * The shipped sentence encoder (model/encoder/, src/encoder/): the TypeScript tokeniser and pooling
 * reproduce the vectors the Python build script wrote for fixture sentences; a missing or damaged artifact
 * is refused with a clear error; hostile text is encoded in bounded time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dot, loadStaticEncoder, MAX_ENCODE_CHARS, ModelArtifactError, type StaticEncoder } from '../../src/encoder/static-encoder.js';
import { REPO_ROOT, tempDir } from '../helpers/env.js';

const ARTIFACT = path.join(REPO_ROOT, 'model', 'encoder');
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'encoder-reference.json');

interface ReferenceCase {
  text: string;
  ids: number[];
  vector: number[];
}

/** A copy of the shipped artifact that a test may damage. */
function artifactCopy(): string {
  const dir = tempDir('acm-encoder-');
  for (const f of fs.readdirSync(ARTIFACT)) fs.copyFileSync(path.join(ARTIFACT, f), path.join(dir, f));
  return dir;
}

async function refusal(dir: string): Promise<ModelArtifactError> {
  const err = await loadStaticEncoder(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelArtifactError);
  return err as ModelArtifactError;
}

describe('the shipped encoder', () => {
  let encoder: StaticEncoder;
  beforeAll(async () => {
    encoder = await loadStaticEncoder(ARTIFACT);
  });

  it('reproduces the reference vectors of the Python build (same token ids, cosine >= 0.999)', () => {
    const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { model: string; cases: ReferenceCase[] };
    // The fixture is written by scripts/encoder/build.py together with the artifact: they must be of one build.
    expect(fixture.model, 'test/fixtures/encoder-reference.json is from another build: rerun scripts/encoder/build.sh').toBe(encoder.modelId);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(10);
    let compared = 0;
    for (const c of fixture.cases) {
      expect(encoder.tokenIds(c.text), c.text).toEqual(c.ids);
      const v = encoder.encode(c.text);
      if (c.vector.length === 0) {
        expect(v, c.text).toBeUndefined();
        continue;
      }
      expect(v, c.text).toBeDefined();
      const ref = Float32Array.from(c.vector);
      const norm = Math.sqrt(dot(ref, ref));
      expect(dot(v as Float32Array, ref) / norm, c.text).toBeGreaterThanOrEqual(0.999);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('puts paraphrases closer together than unrelated requests', () => {
    const sim = (a: string, b: string): number => dot(encoder.encode(a) as Float32Array, encoder.encode(b) as Float32Array);
    const pairs: Array<[string, string, string]> = [
      ['the checkout page takes ten seconds to load', 'our web shop is very slow when customers pay', 'rotate the TLS certificates on the load balancer'],
      ['my SQL query scans the whole table', 'add an index so the database lookup is fast', 'write a children story about a dragon'],
      ['the pods keep restarting in the cluster', 'kubernetes deployment crash loop', 'translate this letter into French'],
    ];
    for (const [a, b, unrelated] of pairs) expect(sim(a, b), `${a} / ${b}`).toBeGreaterThan(sim(a, unrelated));
  });

  it('answers hostile text in bounded time: empty, symbols, 1 MB, binary-looking, non-Latin', () => {
    expect(encoder.encode('')).toBeUndefined();
    expect(encoder.encode('   \n\t ')).toBeUndefined();
    expect(encoder.encode('!!! ### ???')).toBeDefined(); // punctuation tokens are in the vocabulary
    const big = 'optimise the postgres query planner '.repeat(30_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    // Only the first MAX_ENCODE_CHARS characters are read: a 1 MB task encodes like its beginning.
    const head = big.slice(0, MAX_ENCODE_CHARS);
    expect(dot(encoder.encode(big) as Float32Array, encoder.encode(head) as Float32Array)).toBeGreaterThan(0.9999);
    expect(encoder.tokenIds(big).length).toBeLessThanOrEqual(512);
    const binary = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const v = encoder.encode(binary);
    if (v) expect(Number.isFinite(dot(v, v))).toBe(true);
    for (const text of ['Unser Go-Dienst verbraucht unter Last immer mehr Speicher', 'データベースのクエリが遅い', 'Почему падает сборка?', '\u0000\u0001\u0002 a\u200bb \ud800']) {
      const e = encoder.encode(text);
      if (e) expect(Math.abs(dot(e, e) - 1)).toBeLessThan(1e-4);
    }
  });
});

describe('a missing or damaged artifact is refused, naming what to fix', () => {
  it('missing folder or file: MODEL_MISSING', async () => {
    const err = await refusal(path.join(tempDir('acm-encoder-'), 'nowhere'));
    expect(err.code).toBe('MODEL_MISSING');
    const dir = artifactCopy();
    fs.rmSync(path.join(dir, 'vectors.bin'));
    const missing = await refusal(dir);
    expect(missing.code).toBe('MODEL_MISSING');
    expect(missing.message).toContain('vectors.bin');
  });

  it('a flipped byte, a truncated file or a bad header: MODEL_CORRUPT', async () => {
    const flipped = artifactCopy();
    const file = path.join(flipped, 'vectors.bin');
    const buf = fs.readFileSync(file);
    buf[12_345] = ((buf[12_345] as number) ^ 0x40) & 0xff;
    fs.writeFileSync(file, buf);
    expect((await refusal(flipped)).message).toMatch(/vectors\.bin does not match its checksum/);

    const truncated = artifactCopy();
    fs.truncateSync(path.join(truncated, 'vocab.txt'), 1000);
    expect((await refusal(truncated)).code).toBe('MODEL_CORRUPT');

    for (const header of ['{', '{"format": 99}', JSON.stringify({ format: 1, id: 'x', dims: -1 }), 'x'.repeat(100_000)]) {
      const bad = artifactCopy();
      fs.writeFileSync(path.join(bad, 'encoder.json'), header);
      expect((await refusal(bad)).code).toBe('MODEL_CORRUPT');
    }
  });

  it('a file that is a symlink or a folder is not followed', async () => {
    const dir = artifactCopy();
    fs.rmSync(path.join(dir, 'vocab.txt'));
    fs.symlinkSync(path.join(ARTIFACT, 'vocab.txt'), path.join(dir, 'vocab.txt'));
    expect((await refusal(dir)).message).toContain('vocab.txt');
    const folder = artifactCopy();
    fs.rmSync(path.join(folder, 'vectors.bin'));
    fs.mkdirSync(path.join(folder, 'vectors.bin'));
    expect((await refusal(folder)).message).toContain('vectors.bin');
  });
});
