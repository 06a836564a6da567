/**
 * The on-disk parse cache: parsed agent files keyed by path, valid while mtime and size are unchanged.
 * A cold start with a warm cache reads no agent file at all, only one serialized file. A cache that is
 * corrupt, from another format or another package version is ignored (and rewritten), never trusted.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import writeFileAtomic from 'write-file-atomic';
import type { ParseCache, ParseCacheEntry } from './load.js';
import { attachPackedBody, packedBodyOf, type PackedBody } from './packed-body.js';
import type { AgentRecord } from './types.js';

const FORMAT = 'agent-catalog-mcp/parse-cache';
const FORMAT_VERSION = 3;

/** How an entry is stored: the agent's packed body travels beside it (getters are not serialized). */
type StoredEntry = ParseCacheEntry & { packedBody?: PackedBody };

interface CacheFile {
  format: string;
  formatVersion: number;
  packageVersion: string;
  entries: Array<[string, StoredEntry]>;
}

/** One cache file per set of source folders, so servers over different folders never fight over one file. */
export function parseCacheFile(cacheDir: string, sourceDirs: readonly string[]): string {
  const key = createHash('sha256').update(sourceDirs.join('\n')).digest('hex').slice(0, 16);
  return path.join(cacheDir, `parse-cache-${key}.bin`);
}

/**
 * Read once, at the first load, when nothing can be answered before the catalog is there anyway: a sync
 * read is several times faster than fs.promises.readFile's chunked reads (3 MB at 640 agents).
 */
export function readParseCache(file: string, packageVersion: string): ParseCache {
  try {
    const data = v8.deserialize(readFileSync(file)) as Partial<CacheFile>;
    if (data.format !== FORMAT || data.formatVersion !== FORMAT_VERSION || data.packageVersion !== packageVersion || !Array.isArray(data.entries)) {
      return new Map();
    }
    const cache: ParseCache = new Map();
    for (const e of data.entries) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1]?.stamp?.mtimeMs !== 'number') continue;
      const { packedBody, ...entry } = e[1];
      const agent = entry.outcome.agent;
      if (agent) {
        const packed = revivePacked(packedBody);
        if (!packed) continue;
        entry.outcome = { agent: attachPackedBody(agent as Omit<AgentRecord, 'body'>, packed) };
      }
      cache.set(e[0], entry);
    }
    return cache;
  } catch {
    return new Map();
  }
}

/** v8 gives typed arrays back as Uint8Array; anything else in that slot means the entry is not ours. */
function revivePacked(p: unknown): PackedBody | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const o = p as { packed?: unknown; text?: unknown };
  if (typeof o.text === 'string') return { text: o.text };
  // Copy: a deserialized view would keep the whole cache file's buffer alive.
  if (o.packed instanceof Uint8Array) return { packed: Buffer.from(o.packed) };
  return undefined;
}

export async function writeParseCache(file: string, packageVersion: string, cache: ParseCache): Promise<void> {
  const entries: Array<[string, StoredEntry]> = [];
  for (const [key, entry] of cache) {
    const agent = entry.outcome.agent;
    const packedBody = agent ? packedBodyOf(agent) : undefined;
    entries.push([key, packedBody ? { ...entry, packedBody } : entry]);
  }
  const data: CacheFile = { format: FORMAT, formatVersion: FORMAT_VERSION, packageVersion, entries };
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, v8.serialize(data));
}
