/**
 * The on-disk parse cache: parsed agent files keyed by path, valid while mtime and size are unchanged.
 * A cold start with a warm cache reads no agent file at all, only one serialized file. A cache that is
 * corrupt, from another format or another package version is ignored (and rewritten), never trusted.
 *
 * Layout: a sequence of frames, each a 4-byte big-endian length and a v8-serialized value; the first frame
 * is the header, each later one holds up to FRAME_ENTRIES entries. Frames are read and written one at a
 * time, so at 10,000 agents (~45 MB of cache) neither a start nor a save holds the whole file, or every
 * entry's serialized copy, in memory at once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { ParseCache, ParseCacheEntry } from './load.js';
import { attachPackedBody, packedBodyOf, type PackedBody } from './packed-body.js';
import { shareRecordStrings } from './share-strings.js';
import type { AgentRecord } from './types.js';

const FORMAT = 'agent-catalog-mcp/parse-cache';
const FORMAT_VERSION = 4;
/** Entries per frame: small enough to bound memory, big enough that framing costs nothing. */
const FRAME_ENTRIES = 256;
/** A frame longer than this is not ours (a real frame is a few MB at most). */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;

/** How an entry is stored: the agent's packed body travels beside it (getters are not serialized). */
type StoredEntry = ParseCacheEntry & { packedBody?: PackedBody };

interface CacheHeader {
  format: string;
  formatVersion: number;
  packageVersion: string;
}

/** One cache file per set of source folders, so servers over different folders never fight over one file. */
export function parseCacheFile(cacheDir: string, sourceDirs: readonly string[]): string {
  const key = createHash('sha256').update(sourceDirs.join('\n')).digest('hex').slice(0, 16);
  return path.join(cacheDir, `parse-cache-${key}.bin`);
}

/** Reads one frame at `position`; undefined at the end of the file. Throws on a truncated frame. */
function readFrame(fd: number, position: number): { value: unknown; next: number } | undefined {
  const head = Buffer.alloc(4);
  const got = fs.readSync(fd, head, 0, 4, position);
  if (got === 0) return undefined;
  const length = got === 4 ? head.readUInt32BE(0) : -1;
  if (length < 0 || length > MAX_FRAME_BYTES) throw new Error('bad frame');
  const body = Buffer.allocUnsafe(length);
  if (fs.readSync(fd, body, 0, length, position + 4) !== length) throw new Error('truncated frame');
  return { value: v8.deserialize(body), next: position + 4 + length };
}

/**
 * Read once, at the first load, when nothing can be answered before the catalog is there anyway: sync
 * reads, frame by frame.
 */
export function readParseCache(file: string, packageVersion: string): ParseCache {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return new Map();
  }
  try {
    const first = readFrame(fd, 0);
    const header = first?.value as Partial<CacheHeader> | undefined;
    if (!first || header?.format !== FORMAT || header.formatVersion !== FORMAT_VERSION || header.packageVersion !== packageVersion) return new Map();
    const cache: ParseCache = new Map();
    for (let frame = readFrame(fd, first.next); frame; frame = readFrame(fd, frame.next)) {
      if (!Array.isArray(frame.value)) return new Map();
      for (const e of frame.value as unknown[]) addEntry(cache, e);
    }
    return cache;
  } catch {
    return new Map();
  } finally {
    fs.closeSync(fd);
  }
}

function addEntry(cache: ParseCache, e: unknown): void {
  if (!Array.isArray(e) || typeof e[0] !== 'string') return;
  const stored = e[1] as Partial<StoredEntry> | undefined;
  if (typeof stored?.stamp?.mtimeMs !== 'number' || typeof stored.outcome !== 'object' || stored.outcome === null) return;
  const { packedBody, ...entry } = stored as StoredEntry;
  const agent = entry.outcome.agent;
  if (agent) {
    const packed = revivePacked(packedBody);
    if (!packed) return;
    entry.outcome = { agent: attachPackedBody(shareRecordStrings(agent as Omit<AgentRecord, 'body'>), packed) };
  }
  // The key is the agent's own path: one string, not two copies.
  cache.set(agent?.path === e[0] ? agent.path : e[0], entry);
}

/** v8 gives typed arrays back as Uint8Array; anything else in that slot means the entry is not ours. */
function revivePacked(p: unknown): PackedBody | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const o = p as { packed?: unknown; text?: unknown };
  if (typeof o.text === 'string') return { text: o.text };
  // Copy: a deserialized view would keep the whole frame's buffer alive.
  if (o.packed instanceof Uint8Array) return { packed: Buffer.from(o.packed) };
  return undefined;
}

function frame(value: unknown): Buffer[] {
  const body = v8.serialize(value);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return [head, body];
}

/**
 * Writes the cache frame by frame to a temporary file beside the target, then renames it over the target
 * (atomic on one file system). Not write-file-atomic: it takes the whole content as one buffer, which is
 * the memory peak this format exists to avoid; a failed write leaves the old cache and no temporary file.
 */
export async function writeParseCache(file: string, packageVersion: string, cache: ParseCache): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    const header: CacheHeader = { format: FORMAT, formatVersion: FORMAT_VERSION, packageVersion };
    await handle.writev(frame(header));
    let batch: Array<[string, StoredEntry]> = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const out = frame(batch);
      batch = [];
      await handle.writev(out);
    };
    for (const [key, entry] of cache) {
      const agent = entry.outcome.agent;
      const packedBody = agent ? packedBodyOf(agent) : undefined;
      batch.push([key, packedBody ? { ...entry, packedBody } : entry]);
      if (batch.length >= FRAME_ENTRIES) await flush();
    }
    await flush();
    await handle.close();
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
