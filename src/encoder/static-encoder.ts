/**
 * The shipped sentence encoder: a static embedding table distilled from a sentence-transformer (see
 * scripts/encoder/ and model/encoder/NOTICE). A text's vector is the mean of its WordPiece tokens' rows,
 * scaled to unit length; unknown tokens are left out. Encoding is a table lookup per token, so a task is
 * encoded in microseconds on the calling thread, with no worker and no native code.
 *
 * The artifact is three files in one folder: `encoder.json` (identity, sizes, sha256 of the other two),
 * `vocab.txt` (one token per line, line number = id) and `vectors.bin` (int8 rows, then one float32 scale
 * per row, little-endian). Every size is checked against the header and every file against its sha256
 * before the table is used; anything else is a ModelArtifactError saying what to fix.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CatalogError } from '../shared/errors.js';
import type { Embedder } from './embedder.js';
import { tokenize, type WordPieceVocab } from './wordpiece.js';

/** Characters of a text that are encoded; the rest is ignored (a bounded, truncated encode). */
export const MAX_ENCODE_CHARS = 8_000;

/** Upper bounds on what an artifact may declare (the shipped one is far below them). */
const LIMITS = { vocab: 200_000, dims: 1024, headerBytes: 64 * 1024, vocabBytes: 16 * 1024 * 1024, vectorsBytes: 128 * 1024 * 1024 };

export class ModelArtifactError extends CatalogError {
  constructor(code: 'MODEL_MISSING' | 'MODEL_CORRUPT', message: string) {
    super(code, message);
  }
}

export interface EncoderHeader {
  format: 1;
  /** Model identity; caches of vectors are keyed by it. */
  id: string;
  dims: number;
  vocabSize: number;
  /** Tokens of one text that count (the teacher's tokenizer truncates at this many). */
  maxTokens: number;
  unkToken: string;
  files: { vocab: { sha256: string; bytes: number }; vectors: { sha256: string; bytes: number } };
  /** Where the weights come from (for get_status and the NOTICE). */
  source: string;
  license: string;
}

function corrupt(dir: string, what: string): ModelArtifactError {
  return new ModelArtifactError('MODEL_CORRUPT', `the encoder artifact in ${dir} is damaged (${what}); reinstall the package or run scripts/encoder/build.sh`);
}

function parseHeader(dir: string, text: string): EncoderHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw corrupt(dir, 'encoder.json is not JSON');
  }
  const h = raw as Partial<EncoderHeader> | null;
  const int = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max;
  const file = (f: unknown, max: number): boolean => {
    const o = f as { sha256?: unknown; bytes?: unknown } | null;
    return !!o && typeof o.sha256 === 'string' && /^[0-9a-f]{64}$/.test(o.sha256) && int(o.bytes, max);
  };
  if (
    !h ||
    h.format !== 1 ||
    typeof h.id !== 'string' ||
    h.id.length === 0 ||
    h.id.length > 200 ||
    !int(h.dims, LIMITS.dims) ||
    !int(h.vocabSize, LIMITS.vocab) ||
    !int(h.maxTokens, 100_000) ||
    typeof h.unkToken !== 'string' ||
    !h.files ||
    !file(h.files.vocab, LIMITS.vocabBytes) ||
    !file(h.files.vectors, LIMITS.vectorsBytes) ||
    typeof h.source !== 'string' ||
    typeof h.license !== 'string'
  ) {
    throw corrupt(dir, 'encoder.json does not have the expected fields');
  }
  return h as EncoderHeader;
}

/** Read a regular file of at most `max` bytes (no symlink followed at the last step). */
async function readBounded(dir: string, name: string, max: number): Promise<Buffer> {
  const file = path.join(dir, name);
  let st;
  try {
    st = await fs.lstat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ModelArtifactError('MODEL_MISSING', `the encoder artifact is missing: ${file} (${code ?? 'unreadable'}); reinstall the package`);
  }
  if (!st.isFile()) throw corrupt(dir, `${name} is not a regular file`);
  if (st.size > max) throw corrupt(dir, `${name} is larger than expected`);
  const handle = await fs.open(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    const buf = Buffer.alloc(st.size);
    const { bytesRead } = await handle.read(buf, 0, st.size, 0);
    if (bytesRead !== st.size) throw corrupt(dir, `${name} changed while it was read`);
    return buf;
  } finally {
    await handle.close();
  }
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

export class StaticEncoder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  readonly source: string;
  private readonly vocab: WordPieceVocab;
  private readonly rows: Int8Array;
  private readonly scales: Float32Array;
  private readonly maxTokens: number;

  constructor(header: EncoderHeader, vocab: WordPieceVocab, rows: Int8Array, scales: Float32Array) {
    this.modelId = header.id;
    this.dimensions = header.dims;
    this.source = header.source;
    this.maxTokens = header.maxTokens;
    this.vocab = vocab;
    this.rows = rows;
    this.scales = scales;
  }

  /** The token ids that count for a text (unknown tokens left out), as the Python side computes them. */
  tokenIds(text: string): number[] {
    const input = text.length > MAX_ENCODE_CHARS ? text.slice(0, MAX_ENCODE_CHARS) : text;
    return tokenize(input, this.vocab, this.maxTokens).filter((id) => id !== this.vocab.unkId);
  }

  /** The unit vector of a text; undefined when it has no known token (empty, symbols only). */
  encode(text: string): Float32Array | undefined {
    const ids = this.tokenIds(text);
    if (ids.length === 0) return undefined;
    const d = this.dimensions;
    const sum = new Float32Array(d);
    for (const id of ids) {
      const s = this.scales[id] ?? 0;
      const base = id * d;
      for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) + (this.rows[base + j] as number) * s;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (sum[j] as number) * (sum[j] as number);
    if (norm === 0) return undefined;
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) * inv;
    return sum;
  }
}

/** Load and verify the encoder artifact in `dir` (reads three files). */
export async function loadStaticEncoder(dir: string): Promise<StaticEncoder> {
  const header = parseHeader(dir, (await readBounded(dir, 'encoder.json', LIMITS.headerBytes)).toString('utf8'));
  const [vocabBuf, vectorsBuf] = await Promise.all([
    readBounded(dir, 'vocab.txt', header.files.vocab.bytes),
    readBounded(dir, 'vectors.bin', header.files.vectors.bytes),
  ]);
  if (vocabBuf.length !== header.files.vocab.bytes || sha256(vocabBuf) !== header.files.vocab.sha256) throw corrupt(dir, 'vocab.txt does not match its checksum');
  if (vectorsBuf.length !== header.files.vectors.bytes || sha256(vectorsBuf) !== header.files.vectors.sha256) throw corrupt(dir, 'vectors.bin does not match its checksum');
  const tokens = vocabBuf.toString('utf8').split('\n');
  if (tokens[tokens.length - 1] === '') tokens.pop();
  if (tokens.length !== header.vocabSize) throw corrupt(dir, `vocab.txt has ${tokens.length} tokens, encoder.json says ${header.vocabSize}`);
  const ids = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (!ids.has(t)) ids.set(t, i);
  });
  const unkId = ids.get(header.unkToken);
  if (unkId === undefined) throw corrupt(dir, `the unknown token ${header.unkToken} is not in vocab.txt`);
  const rowBytes = header.vocabSize * header.dims;
  if (vectorsBuf.length !== rowBytes + header.vocabSize * 4) throw corrupt(dir, 'vectors.bin has the wrong size for its vocabulary and dimensions');
  // A view, not a copy: readBounded's buffer is its own allocation of exactly the file's size (Buffer.alloc
  // never uses the shared pool), so the view keeps nothing else alive, and no second 11 MB is allocated.
  const rows = new Int8Array(vectorsBuf.buffer, vectorsBuf.byteOffset, rowBytes);
  const scales = new Float32Array(header.vocabSize);
  for (let i = 0; i < header.vocabSize; i++) {
    const s = vectorsBuf.readFloatLE(rowBytes + i * 4);
    if (!Number.isFinite(s)) throw corrupt(dir, 'vectors.bin holds a scale that is not a finite number');
    scales[i] = s;
  }
  return new StaticEncoder(header, { ids, unkId }, rows, scales);
}

/** Cosine similarity of two unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
