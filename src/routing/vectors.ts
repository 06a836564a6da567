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
import { CARD_FIELDS, type AgentCard, type CardField } from './card.js';
import { PASSAGES, type CardLimits } from './tuning.js';

export interface AgentPassage {
  field: CardField;
  text: string;
}

/**
 * Dot product of `query` with `data[base .. base + d)`; four running sums (about 2× faster in V8 than one).
 * The same loop as VectorMatrix.score over int8 rows, kept apart on purpose: one function fed both array
 * types runs slower for both (docs/decisions.md, "Routing by meaning: one dot-product loop per array type").
 */
function dotAt(query: Float32Array, data: Float32Array, base: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const b = base + j;
    s0 += (query[j] as number) * (data[b] as number);
    s1 += (query[j + 1] as number) * (data[b + 1] as number);
    s2 += (query[j + 2] as number) * (data[b + 2] as number);
    s3 += (query[j + 3] as number) * (data[b + 3] as number);
  }
  for (; j < d; j++) s0 += (query[j] as number) * (data[base + j] as number);
  return s0 + s1 + s2 + s3;
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

/**
 * What an agent's passages are made of changes only with its record (name, description, examples, body), the
 * card limits and the passage rules: bump when card.ts or agentPassages change what a passage holds.
 */
const PASSAGE_FORMAT = 1;

/**
 * The cache key of an agent's vectors: a hash of what its passages are made from (the record's text, the
 * card limits and passage sizes, `version` of the code that reads them) and the model. Unlike a hash of
 * the passages, it needs no card: a start over a warm cache finds every agent's vectors without reading
 * 640 agent files into cards (the card is built only for an agent whose vectors are computed).
 */
export function agentKey(model: string, agent: AgentRecord, body: string, limits: Readonly<CardLimits>, version: string): string {
  return contentKey(
    model,
    `passages/${PASSAGE_FORMAT}/${version}`,
    JSON.stringify(PASSAGES),
    JSON.stringify(limits),
    agent.name,
    agent.description,
    agent.summary,
    JSON.stringify(agent.examples),
    body,
  );
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

  /** Passage fields of one agent's rows, in order. */
  fieldsOf(name: string): readonly CardField[] | undefined {
    return this.entries.get(name)?.fields;
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
    return dotAt(query, this.catalogDirection, 0, this.catalogDirection.length);
  }

  /**
   * The `keep` agents (of those `filter` accepts) whose centroid is closest to the task, best first (ties by
   * name). One pass over the centroids keeping the best `keep` in order: no object per agent and no sort of
   * the whole catalog (docs/decisions.md, "Routing by meaning: closest centroids without a sort"); `filter`
   * is only asked about agents that would enter the list.
   */
  centroidRanking(query: Float32Array, keep: number, filter?: (name: string) => boolean): Array<{ name: string; score: number }> {
    const d = this.matrix.dims;
    const c = this.centroids;
    const out: Array<{ name: string; score: number }> = [];
    if (keep <= 0) return out;
    for (const [name, e] of this.entries) {
      if (e.row < 0) continue;
      const s = dotAt(query, c, e.row * d, d);
      const last = out[out.length - 1];
      if (out.length >= keep && last && (s < last.score || (s === last.score && name > last.name))) continue;
      if (filter && !filter(name)) continue;
      let i = out.length;
      while (i > 0) {
        const prev = out[i - 1] as { name: string; score: number };
        if (prev.score > s || (prev.score === s && prev.name < name)) break;
        i--;
      }
      out.splice(i, 0, { name, score: s });
      if (out.length > keep) out.pop();
    }
    return out;
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
      centroid = dotAt(query, this.centroids, e.row * d, d);
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
  /**
   * The cache key of an agent's vectors, from what its passages are made of (agentKey), so that cached
   * vectors are found without building the agent's card. Default: a hash of the passages themselves.
   */
  keyOf?: (agent: AgentRecord) => string | undefined;
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
  let cachedFields: Map<string, readonly CardField[]> | undefined;
  if (options.cacheFile) {
    const read = await readVectorCache(options.cacheFile, model, embedder.dimensions);
    if (read.ok) {
      cached = read.cache;
      cachedFields = fieldsOfCache(read.cache);
      cacheNote = `read ${read.cache.entries.size} cached agent vectors`;
    } else {
      cacheNote = read.missing ? 'no cache file yet: computing' : `cache not trusted (${read.reason}): rebuilding`;
      if (!read.missing) options.onCacheNote?.(cacheNote);
    }
  }
  const previous = options.previous && options.previous.modelId === model ? options.previous : undefined;
  const prevByKey = new Map<string, { start: number; count: number; fields: readonly CardField[] }>();
  if (previous) for (const name of previous.names()) {
    const key = previous.keyOf(name);
    const rows = previous.rowsOf(name);
    const fields = previous.fieldsOf(name);
    if (key && rows && fields) prevByKey.set(key, { ...rows, fields });
  }
  /** Vectors already made for this key (an earlier build, or the disk cache), with their passage fields. */
  const known = (key: string): { m: VectorMatrix; start: number; count: number; fields: readonly CardField[] } | undefined => {
    const prev = prevByKey.get(key);
    if (previous && prev) return { m: previous.matrix, ...prev };
    const entry = cached?.entries.get(key);
    const fields = cachedFields?.get(key);
    return cached && entry && fields && fields.length === entry.count ? { m: cached.matrix, ...entry, fields } : undefined;
  };
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
    let passages: AgentPassage[] | undefined;
    let key: string | undefined;
    if (options.keyOf) key = options.keyOf(agent);
    else {
      passages = passagesOf(agent);
      if (passages) key = contentKey(model, ...passages.map((p) => `${p.field}\u0001${p.text}`));
    }
    // The agent's body cannot be read (a damaged parse cache): it gets no vectors.
    if (key === undefined) continue;
    const hit = known(key);
    if (hit && hit.count > 0) {
      const start = matrix.rows;
      for (let i = 0; i < hit.count; i++) matrix.pushRow(hit.m, hit.start + i);
      out.add(agent.name, key, start, hit.fields);
      reused++;
      if (hit.m !== previous?.matrix) fromCache++;
    } else {
      passages ??= passagesOf(agent);
      if (!passages) continue;
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
  cachedFields = undefined;
  out.seal();
  // Rewrite the file when it lacks or holds more than the current agents (never when it is exactly right).
  if (options.cacheFile && (computed > 0 || fromCache !== out.size || cachedCount !== out.size)) {
    const names = [...out.names()];
    const entries = names.map((name): [string, { start: number; count: number }] => [out.keyOf(name) ?? '', out.rowsOf(name) ?? { start: 0, count: 0 }]);
    const fields = names.map((name) => (out.fieldsOf(name) ?? []).map((f) => CARD_FIELDS.indexOf(f)).join(''));
    try {
      await writeVectorCache(options.cacheFile, model, matrix, entries, { fields });
    } catch (err) {
      cacheNote = `${cacheNote}; cache not written: ${(err as Error).message}`;
      options.onCacheNote?.(`cache not written: ${(err as Error).message}`);
    }
  }
  return { vectors: out, computed, reused, ms: performance.now() - t0, cacheNote, cancelled: false };
}

/**
 * The passage fields of each cached entry (`extra.fields`: one string per entry, in key order, each passage
 * a digit indexing CARD_FIELDS). The file is not trusted: anything else leaves every entry unusable.
 */
function fieldsOfCache(cache: CachedVectors): Map<string, readonly CardField[]> {
  const out = new Map<string, readonly CardField[]>();
  const list = (cache.extra as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(list) || list.length !== cache.entries.size) return out;
  let i = 0;
  for (const [key, entry] of cache.entries) {
    const codes = list[i++];
    if (typeof codes !== 'string' || codes.length !== entry.count) return new Map();
    const fields: CardField[] = [];
    for (const c of codes) {
      const f = CARD_FIELDS[c.charCodeAt(0) - 48];
      if (f === undefined) return new Map();
      fields.push(f);
    }
    out.set(key, fields);
  }
  return out;
}
