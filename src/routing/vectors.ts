/**
 * Agent vectors: each agent is a few passages of its routing card (the name with the description, each
 * `<example>` request, its "use this agent when" lines and its expertise headings and bullets), never the
 * shared boilerplate (the card has already removed it), each encoded separately, plus their mean (the
 * centroid). A task is compared with every passage of the agents it could go to.
 *
 * Vectors are kept on disk keyed by a content hash of the passages and the model id (encoder/vector-cache.ts),
 * so an unchanged agent is encoded once; a catalog reload reuses the vectors of unchanged agents in memory.
 */
import type { AgentRecord } from '../catalog/types.js';
import type { Embedder } from '../encoder/embedder.js';
import { contentKey, readVectorCache, writeVectorCache, type CachedVectors } from '../encoder/vector-cache.js';
import { VectorMatrix } from '../encoder/vector-matrix.js';
import type { AgentCard, CardField } from './card.js';
import { PASSAGES } from './tuning.js';

export interface AgentPassage {
  field: CardField;
  text: string;
}

/** Segments joined into passages of at most `max` characters, at most `limit` passages. */
function chunks(segments: readonly string[], max: number, limit: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const seg of segments) {
    const s = seg.length > max ? seg.slice(0, max) : seg;
    if (cur && cur.length + s.length + 2 > max) {
      out.push(cur);
      if (out.length >= limit) return out;
      cur = '';
    }
    cur = cur ? `${cur}. ${s}` : s;
  }
  if (cur && out.length < limit) out.push(cur);
  return out;
}

/**
 * The passages of an agent, in a fixed order: the summary first, then one per example (file order, so the
 * eval can leave example i out), then usage and expertise chunks.
 */
export function agentPassages(agent: AgentRecord, card: AgentCard): AgentPassage[] {
  const max = PASSAGES.chars;
  const out: AgentPassage[] = [];
  const name = agent.name.replace(/[-_]+/g, ' ');
  out.push({ field: 'summary', text: `${name}: ${card.fields.summary.join(' ')}`.slice(0, max) });
  // The situation and the request, not the commentary ("use the X agent because…"): commentaries read alike.
  for (const ex of agent.examples.slice(0, PASSAGES.examples)) out.push({ field: 'examples', text: [ex.context, ex.user].filter(Boolean).join(' ').slice(0, max) });
  for (const t of chunks(card.fields.usage, max, PASSAGES.usage)) out.push({ field: 'usage', text: t });
  for (const t of chunks(card.fields.expertise, max, PASSAGES.expertise)) out.push({ field: 'expertise', text: t });
  return out.filter((p) => p.text.trim().length > 0);
}

/** Position of example i among an agent's passages (the summary comes first). */
export function examplePassageIndex(i: number): number {
  return 1 + i;
}

/** How a task compares with one agent's passages (cosine similarities of unit vectors). */
export interface AgentSimilarity {
  /** The closest passage. */
  best: number;
  /** The second closest (equal to best for a single passage). */
  second: number;
  /** The centroid of all passages. */
  centroid: number;
  /** The name-and-description passage. */
  summary: number;
  /** The closest `<example>` request (0 when the agent has none): examples act as nearest neighbours. */
  example: number;
  /** Index of the closest passage in agentPassages order (for the reason shown). */
  passage: number;
}

interface Entry {
  key: string;
  start: number;
  count: number;
  /** Passage fields, in order. */
  fields: readonly CardField[];
  /** Row of the centroid in `centroids`. */
  row: number;
}

/** Vectors of one snapshot's agents (owned by its RoutingEngine). */
export class AgentVectors {
  private readonly entries = new Map<string, Entry>();
  private centroids: Float32Array;
  /** The unit mean of every agent's centroid: the direction of "work for this catalog". */
  private catalogDirection: Float32Array = new Float32Array(0);

  constructor(
    readonly modelId: string,
    readonly matrix: VectorMatrix,
  ) {
    this.centroids = new Float32Array(0);
  }

  get size(): number {
    return this.entries.size;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Content key of an agent's passages (the disk cache key). */
  keyOf(name: string): string | undefined {
    return this.entries.get(name)?.key;
  }

  /** Add an agent whose passage vectors are rows [start, start + count) of the matrix. */
  add(name: string, key: string, start: number, fields: readonly CardField[]): void {
    this.entries.set(name, { key, start, count: fields.length, fields, row: -1 });
  }

  /** Rows of one agent (the cache writer and reloads copy them). */
  rowsOf(name: string): { start: number; count: number } | undefined {
    const e = this.entries.get(name);
    return e ? { start: e.start, count: e.count } : undefined;
  }

  names(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** Compute every agent's centroid (once all agents are added). */
  seal(): this {
    const d = this.matrix.dims;
    const out = new Float32Array(this.entries.size * d);
    let row = 0;
    const v = new Float32Array(d);
    for (const e of this.entries.values()) {
      v.fill(0);
      for (let i = 0; i < e.count; i++) this.matrix.addRow(e.start + i, v);
      let norm = 0;
      for (let j = 0; j < d; j++) norm += (v[j] as number) * (v[j] as number);
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = 0; j < d; j++) out[row * d + j] = (v[j] as number) * inv;
      e.row = row++;
    }
    this.centroids = out;
    const mean = new Float32Array(d);
    for (let r = 0; r < row; r++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (out[r * d + j] as number);
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (mean[j] as number) * (mean[j] as number);
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) * inv;
    this.catalogDirection = mean;
    return this;
  }

  /** Cosine similarity of a task with the catalog as a whole (the mean of every agent's centroid). */
  catalogSimilarity(query: Float32Array): number {
    let s = 0;
    const m = this.catalogDirection;
    for (let j = 0; j < m.length; j++) s += (m[j] as number) * (query[j] as number);
    return s;
  }

  /** Cosine similarity of a task with every agent's centroid (agents for which `filter` is true), best first. */
  centroidRanking(query: Float32Array, keep: number, filter?: (name: string) => boolean): Array<{ name: string; score: number }> {
    const d = this.matrix.dims;
    const c = this.centroids;
    const out: Array<{ name: string; score: number }> = [];
    for (const [name, e] of this.entries) {
      if (e.row < 0 || (filter && !filter(name))) continue;
      const base = e.row * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += (query[j] as number) * (c[base + j] as number);
      out.push({ name, score: s });
    }
    out.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
    return out.length > keep ? out.slice(0, keep) : out;
  }

  /**
   * How a task compares with one agent; undefined for an agent without vectors. `skip` leaves one passage
   * out (the eval's leave-one-example-out; the centroid then leaves it out too).
   */
  similarity(name: string, query: Float32Array, skip = -1): AgentSimilarity | undefined {
    const e = this.entries.get(name);
    if (!e || e.count === 0) return undefined;
    let best = -2;
    let second = -2;
    let passage = -1;
    let summary = 0;
    let example = 0;
    let hasExample = false;
    for (let i = 0; i < e.count; i++) {
      if (i === skip) continue;
      const s = this.matrix.score(query, e.start + i);
      if (s > best) {
        second = best;
        best = s;
        passage = i;
      } else if (s > second) second = s;
      const field = e.fields[i];
      if (field === 'summary') summary = s;
      else if (field === 'examples' && (!hasExample || s > example)) {
        example = s;
        hasExample = true;
      }
    }
    if (passage < 0) return undefined;
    let centroid: number;
    if (skip >= 0 && skip < e.count) {
      const v = new Float32Array(this.matrix.dims);
      for (let i = 0; i < e.count; i++) if (i !== skip) this.matrix.addRow(e.start + i, v);
      let norm = 0;
      let dotq = 0;
      for (let j = 0; j < v.length; j++) {
        norm += (v[j] as number) * (v[j] as number);
        dotq += (v[j] as number) * (query[j] as number);
      }
      centroid = norm > 0 ? dotq / Math.sqrt(norm) : 0;
    } else {
      const d = this.matrix.dims;
      const base = e.row * d;
      centroid = 0;
      for (let j = 0; j < d; j++) centroid += (query[j] as number) * (this.centroids[base + j] as number);
    }
    return { best, second: second > -2 ? second : best, centroid, summary, example, passage };
  }
}

export interface BuildAgentVectorsOptions {
  /** Vector file to read first and write after (omit for no disk cache). */
  cacheFile?: string;
  /** A previous build whose vectors may be reused (catalog reloads). */
  previous?: AgentVectors;
  /** Stop early (the server is closing, or a newer catalog arrived): resolves with `cancelled`. */
  signal?: AbortSignal;
  /** Work per turn of the event loop (ms, default 10): requests are answered in between. */
  sliceMs?: number;
  /** Why the disk cache was not used, or could not be written. */
  onCacheNote?: (note: string) => void;
}

export interface BuildAgentVectorsResult {
  vectors: AgentVectors;
  /** Agents encoded now. */
  computed: number;
  /** Agents whose vectors came from the cache or a previous build. */
  reused: number;
  ms: number;
  /** What happened with the disk cache. */
  cacheNote: string;
  cancelled: boolean;
}

/**
 * Encode every agent's passages (reusing cached vectors). Background work, in time slices; `passagesOf`
 * may read an agent's body from the parse cache, and gives undefined when it cannot (a damaged file): that
 * agent is left out.
 */
export async function buildAgentVectors(
  agents: Iterable<AgentRecord>,
  passagesOf: (agent: AgentRecord) => AgentPassage[] | undefined,
  embedder: Embedder,
  options: BuildAgentVectorsOptions = {},
): Promise<BuildAgentVectorsResult> {
  const t0 = performance.now();
  const model = embedder.modelId;
  const slice = options.sliceMs ?? 10;
  let cacheNote = 'no disk cache';
  let cached: CachedVectors | undefined;
  if (options.cacheFile) {
    const read = await readVectorCache(options.cacheFile, model, embedder.dimensions);
    if (read.ok) {
      cached = read.cache;
      cacheNote = `read ${read.cache.entries.size} cached agent vectors`;
    } else {
      cacheNote = read.missing ? 'no cache file yet: computing' : `cache not trusted (${read.reason}): rebuilding`;
      if (!read.missing) options.onCacheNote?.(cacheNote);
    }
  }
  const previous = options.previous && options.previous.modelId === model ? options.previous : undefined;
  const prevByKey = new Map<string, { start: number; count: number }>();
  if (previous) for (const name of previous.names()) {
    const key = previous.keyOf(name);
    const rows = previous.rowsOf(name);
    if (key && rows) prevByKey.set(key, rows);
  }
  const list = [...agents];
  const matrix = new VectorMatrix(embedder.dimensions, Math.max(16, list.length * 8));
  const out = new AgentVectors(model, matrix);
  let reused = 0;
  let computed = 0;
  let fromCache = 0;
  let until = performance.now() + slice;
  for (const agent of list) {
    if (options.signal?.aborted) return { vectors: out, computed, reused, ms: performance.now() - t0, cacheNote, cancelled: true };
    if (out.has(agent.name)) continue;
    const passages = passagesOf(agent);
    if (!passages) continue;
    const key = contentKey(model, ...passages.map((p) => `${p.field}\u0001${p.text}`));
    const fields = passages.map((p) => p.field);
    const prev = prevByKey.get(key);
    const hit = prev ? { m: previous?.matrix, e: prev } : cached?.entries.get(key) ? { m: cached.matrix, e: cached.entries.get(key) } : undefined;
    if (hit?.m && hit.e && hit.e.count === passages.length) {
      const start = matrix.rows;
      for (let i = 0; i < hit.e.count; i++) matrix.pushRow(hit.m, hit.e.start + i);
      out.add(agent.name, key, start, fields);
      reused++;
      if (hit.m !== previous?.matrix) fromCache++;
    } else {
      const vecs: Float32Array[] = [];
      const kept: CardField[] = [];
      for (const p of passages) {
        const v = embedder.encode(p.text);
        if (v) {
          vecs.push(v);
          kept.push(p.field);
        }
      }
      // Passages with no known token (symbols only) are left out; an agent with none has no vectors.
      if (kept.length === 0) continue;
      const start = matrix.rows;
      for (const v of vecs) matrix.push(v);
      out.add(agent.name, key, start, kept);
      computed++;
    }
    if (performance.now() >= until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      until = performance.now() + slice;
    }
  }
  const cachedCount = cached?.entries.size ?? -1;
  cached = undefined;
  out.seal();
  // Rewrite the file when it lacks or holds more than the current agents (never when it is exactly right).
  if (options.cacheFile && (computed > 0 || fromCache !== out.size || cachedCount !== out.size)) {
    const entries = [...out.names()].map((name): [string, { start: number; count: number }] => [out.keyOf(name) ?? '', out.rowsOf(name) ?? { start: 0, count: 0 }]);
    try {
      await writeVectorCache(options.cacheFile, model, matrix, entries);
    } catch (err) {
      cacheNote = `${cacheNote}; cache not written: ${(err as Error).message}`;
      options.onCacheNote?.(`cache not written: ${(err as Error).message}`);
    }
  }
  return { vectors: out, computed, reused, ms: performance.now() - t0, cacheNote, cancelled: false };
}
