/**
 * The on-disk parse cache: parsed agent files keyed by path, valid while mtime and size are unchanged.
 * A cold start with a warm cache reads no agent file at all, only one serialized file. A cache that is
 * corrupt, from another format or another package version is ignored (and rewritten), never trusted.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import writeFileAtomic from 'write-file-atomic';
import type { ParseCache, ParseCacheEntry } from './load.js';
import { attachLazyBody, bodyLocationOf, type BodyLocation } from './lazy-body.js';
import type { AgentRecord } from './types.js';

const FORMAT = 'agent-catalog-mcp/parse-cache';
const FORMAT_VERSION = 2;

/** How an entry is stored: lazy-body agents keep their body location instead of the body. */
type StoredEntry = ParseCacheEntry & { bodyLocation?: BodyLocation };

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

export async function readParseCache(file: string, packageVersion: string): Promise<ParseCache> {
  try {
    const data = v8.deserialize(await fs.readFile(file)) as Partial<CacheFile>;
    if (data.format !== FORMAT || data.formatVersion !== FORMAT_VERSION || data.packageVersion !== packageVersion || !Array.isArray(data.entries)) {
      return new Map();
    }
    const cache: ParseCache = new Map();
    for (const e of data.entries) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1]?.stamp?.mtimeMs !== 'number') continue;
      const { bodyLocation, ...entry } = e[1];
      const agent = entry.outcome.agent;
      if (agent && bodyLocation) entry.outcome = { agent: attachLazyBody(agent as Omit<AgentRecord, 'body'>, bodyLocation) };
      else if (agent && typeof agent.body !== 'string') continue;
      cache.set(e[0], entry);
    }
    return cache;
  } catch {
    return new Map();
  }
}

export async function writeParseCache(file: string, packageVersion: string, cache: ParseCache): Promise<void> {
  const entries: Array<[string, StoredEntry]> = [];
  for (const [key, entry] of cache) {
    const agent = entry.outcome.agent;
    const loc = agent ? bodyLocationOf(agent) : undefined;
    entries.push([key, loc ? { ...entry, bodyLocation: loc } : entry]);
  }
  const data: CacheFile = { format: FORMAT, formatVersion: FORMAT_VERSION, packageVersion, entries };
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, v8.serialize(data));
}
