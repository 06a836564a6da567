/**
 * On-disk cache of vectors: one file per catalog (or journal), entries keyed by a content hash, the whole
 * file bound to one model id. A file that does not parse, whose checksum does not match, or that was made by
 * another model (or another vector width) is not trusted: the caller recomputes and rewrites it.
 *
 * Layout: one JSON header line, then the payload (all scales as float32 LE, then all int8 components):
 *   {"format":"agent-catalog-mcp/vectors","version":1,"model":…,"dims":512,"keys":[[key,rows],…],
 *    "extra":…,"rows":N,"sha256":…}\n<payload>
 * Written atomically (temp file + rename), so a crash never leaves a half-written file behind.
 */
import crypto from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensureFolderSync } from '../shared/safe-paths.js';
import { VectorMatrix } from './vector-matrix.js';

export const CACHE_FORMAT = 'agent-catalog-mcp/vectors';
export const CACHE_VERSION = 1;

export interface CachedVectors {
  /** Content key → rows in `matrix` [start, start + count). */
  entries: Map<string, { start: number; count: number }>;
  matrix: VectorMatrix;
  /** Whatever the writer stored next to the vectors (e.g. journal file stamps). */
  extra: unknown;
}

export type CacheRead = { ok: true; cache: CachedVectors } | { ok: false; reason: string; missing: boolean };

interface Header {
  format: string;
  version: number;
  model: string;
  dims: number;
  keys: Array<[string, number]>;
  extra?: unknown;
  rows: number;
  sha256: string;
}

/** sha256 of the given parts (hex), for content keys. */
export function contentKey(...parts: readonly string[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) {
    h.update(p);
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 32);
}

/** Read and verify a vector file for `model` with `dims` components. */
export async function readVectorCache(file: string, model: string, dims: number): Promise<CacheRead> {
  let buf: Buffer;
  try {
    // Never through a symlink planted in the cache folder.
    const fh = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
    try {
      if (!(await fh.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
      buf = await fh.readFile();
    } finally {
      await fh.close();
    }
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, reason: missing ? 'no cache file yet' : `unreadable: ${(err as Error).message}` };
  }
  const bad = (reason: string): CacheRead => ({ ok: false, missing: false, reason });
  const nl = buf.indexOf(10);
  if (nl < 0) return bad('corrupt: no header');
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(0, nl).toString('utf8')) as Header;
  } catch {
    return bad('corrupt: header is not JSON');
  }
  if (header.format !== CACHE_FORMAT || header.version !== CACHE_VERSION) return bad(`other format (${String(header.format)} v${String(header.version)})`);
  if (header.model !== model) return bad(`made by another model (${String(header.model)}, now ${model})`);
  if (header.dims !== dims) return bad(`other vector width (${String(header.dims)}, now ${dims})`);
  if (!Array.isArray(header.keys) || !Number.isInteger(header.rows) || header.rows < 0) return bad('corrupt: bad header fields');
  const payload = buf.subarray(nl + 1);
  if (payload.length !== header.rows * (4 + dims)) return bad(`corrupt: payload is ${payload.length} bytes, expected ${header.rows * (4 + dims)}`);
  if (crypto.createHash('sha256').update(payload).digest('hex') !== header.sha256) return bad('corrupt: checksum mismatch');
  const matrix = new VectorMatrix(dims, header.rows);
  const scaleBytes = header.rows * 4;
  const scales = new Float32Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + scaleBytes));
  matrix.scales.set(scales);
  matrix.data.set(new Int8Array(payload.buffer, payload.byteOffset + scaleBytes, header.rows * dims));
  matrix.rows = header.rows;
  const entries = new Map<string, { start: number; count: number }>();
  let at = 0;
  for (const k of header.keys) {
    if (!Array.isArray(k) || typeof k[0] !== 'string' || !Number.isInteger(k[1]) || k[1] < 0) return bad('corrupt: bad key list');
    entries.set(k[0], { start: at, count: k[1] });
    at += k[1];
  }
  if (at !== header.rows) return bad('corrupt: key list does not cover the rows');
  return { ok: true, cache: { entries, matrix, extra: header.extra } };
}

/** Write entries (key → rows of `matrix`) as a vector file for `model`, atomically. */
export async function writeVectorCache(
  file: string,
  model: string,
  matrix: VectorMatrix,
  entries: Iterable<[string, { start: number; count: number }]>,
  extra?: unknown,
): Promise<void> {
  const dims = matrix.dims;
  const keys: Array<[string, number]> = [];
  const rows: number[] = [];
  for (const [key, { start, count }] of entries) {
    keys.push([key, count]);
    for (let r = start; r < start + count; r++) rows.push(r);
  }
  const scales = new Float32Array(rows.length);
  const data = new Int8Array(rows.length * dims);
  rows.forEach((r, i) => {
    scales[i] = matrix.scales[r] ?? 0;
    data.set(matrix.data.subarray(r * dims, (r + 1) * dims), i * dims);
  });
  const payload = Buffer.concat([Buffer.from(scales.buffer, scales.byteOffset, scales.byteLength), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  const header: Header = {
    format: CACHE_FORMAT,
    version: CACHE_VERSION,
    model,
    dims,
    keys,
    rows: rows.length,
    sha256: crypto.createHash('sha256').update(payload).digest('hex'),
  };
  if (extra !== undefined) header.extra = extra;
  ensureFolderSync(path.dirname(file), 'The cache folder', 'Give a writable folder with --cache-dir, or turn the cache off with --no-cache.');
  // Atomic: a unique temp file in the same folder (created here, never through a planted link), then rename over the old one.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), payload]), { flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
