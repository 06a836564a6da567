/**
 * Agent vectors: each agent is a few passages of its routing card (the summary, each `<example>`, its usage
 * and its responsibilities/expertise), never the shared boilerplate (the card has already removed it), each
 * embedded separately. An agent's similarity to a task is its best passage's cosine similarity plus a little
 * of its runner-up (measured in `node dist/semantic/eval.js`).
 *
 * Vectors are cached on disk keyed by a content hash of the passages and the model id, so an unchanged
 * agent is never embedded twice; computing happens in the background in small batches.
 */
import type { AgentRecord } from '../catalog/types.js';
import { buildCardWith, type AgentCard, type CardField } from '../routing/card.js';
import { contentKey, readVectorCache, writeVectorCache, type CachedVectors } from './cache.js';
import type { Embedder } from './embedder.js';
import { VectorMatrix } from './vectors.js';

export interface AgentPassage {
  field: CardField;
  text: string;
}

/** Longest passage (characters); the encoder reads sentences, not pages. */
export const PASSAGE_CHARS = 400;
export const MAX_EXAMPLE_PASSAGES = 8;
export const MAX_EXPERTISE_PASSAGES = 3;
export const MAX_USAGE_PASSAGES = 2;

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
 * The passages of an agent, in a fixed order: summary first, then one per example (in file order, so the
 * eval can leave example i out), then usage and expertise chunks.
 */
export function agentPassages(agent: AgentRecord, card: AgentCard = buildCardWith(agent)): AgentPassage[] {
  const out: AgentPassage[] = [];
  const name = agent.name.replace(/[-_]+/g, ' ');
  const summary = card.fields.summary.join(' ');
  out.push({ field: 'summary', text: `${name}: ${summary}`.slice(0, PASSAGE_CHARS) });
  // The situation and the request, not the commentary ("use the X agent because…"): every commentary reads
  // alike, which made example passages attract every task (measured).
  for (const ex of agent.examples.slice(0, MAX_EXAMPLE_PASSAGES)) out.push({ field: 'examples', text: [ex.context, ex.user].filter(Boolean).join(' ').slice(0, PASSAGE_CHARS) });
  for (const t of chunks(card.fields.usage, PASSAGE_CHARS, MAX_USAGE_PASSAGES)) out.push({ field: 'usage', text: t });
  for (const t of chunks(card.fields.expertise, PASSAGE_CHARS, MAX_EXPERTISE_PASSAGES)) out.push({ field: 'expertise', text: t });
  return out.filter((p) => p.text.trim().length > 0);
}

/** Index of example i's passage in `agentPassages` (the summary comes first). */
export function examplePassageIndex(i: number): number {
  return 1 + i;
}

/** How an agent's passage similarities become one score (measured in the eval). */
export interface Aggregation {
  /** Weight of the second-best passage added to the best. */
  second: number;
}

export const DEFAULT_AGGREGATION: Aggregation = { second: 0.25 };

export interface AgentScore {
  name: string;
  /** Cosine similarity of the best passage (plus a share of the runner-up). */
  score: number;
  /** Best passage's cosine similarity alone. */
  best: number;
  /** Index of the best passage in `agentPassages(agent)`. */
  passage: number;
}

/** Vectors of a set of agents, scored all at once against a task vector. */
export class AgentVectors {
  readonly agents = new Map<string, { key: string; start: number; count: number }>();

  constructor(
    readonly modelId: string,
    readonly matrix: VectorMatrix,
  ) {}

  get size(): number {
    return this.agents.size;
  }

  /**
   * Every agent's similarity to the query, best first. `skip(name, passage)` leaves passages out (the
   * eval's leave-one-example-out); `filter(name)` leaves agents out.
   */
  rank(
    query: Float32Array,
    options: { filter?: (name: string) => boolean; skip?: (name: string, passage: number) => boolean; aggregation?: Aggregation } = {},
  ): AgentScore[] {
    const agg = options.aggregation ?? DEFAULT_AGGREGATION;
    const out: AgentScore[] = [];
    for (const [name, e] of this.agents) {
      if (options.filter && !options.filter(name)) continue;
      let best = -2;
      let second = -2;
      let passage = -1;
      for (let i = 0; i < e.count; i++) {
        if (options.skip && options.skip(name, i)) continue;
        const s = this.matrix.score(query, e.start + i);
        if (s > best) {
          second = best;
          best = s;
          passage = i;
        } else if (s > second) second = s;
      }
      if (passage < 0) continue;
      out.push({ name, best, passage, score: best + (second > -2 ? agg.second * second : 0) });
    }
    out.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
    return out;
  }
}

export interface BuildProgress {
  done: number;
  total: number;
}

export interface BuildAgentVectorsOptions {
  /** Vector file to read first and write after (omit for no disk cache). */
  cacheFile?: string;
  /** A previous build whose vectors may be reused (catalog reloads). */
  previous?: AgentVectors;
  /** Texts per embedding call (smaller keeps query vectors waiting less). */
  batch?: number;
  /** Write the cache after this many newly embedded agents (and at the end). */
  saveEvery?: number;
  /** Stop early (the service is closing or a newer catalog arrived). */
  cancelled?: () => boolean;
  onProgress?: (p: BuildProgress) => void;
  /** Why the disk cache was not used, when it was not. */
  onCacheNote?: (note: string) => void;
}

export interface BuildResult {
  vectors: AgentVectors;
  /** Agents embedded now. */
  computed: number;
  /** Agents whose vectors came from the cache or a previous build. */
  reused: number;
  ms: number;
  /** What happened with the disk cache (read, rebuilt and why). */
  cacheNote: string;
  cancelled: boolean;
}

/** Embed every agent (reusing cached vectors) — background work; never awaited by a request. */
export async function buildAgentVectors(agents: Iterable<AgentRecord>, embedder: Embedder, options: BuildAgentVectorsOptions = {}): Promise<BuildResult> {
  const t0 = performance.now();
  const model = embedder.modelId;
  const batch = options.batch ?? 16;
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
  if (previous) for (const e of previous.agents.values()) prevByKey.set(e.key, e);

  const list = [...agents];
  const matrix = new VectorMatrix(embedder.dimensions, Math.max(16, list.length * 6));
  const out = new AgentVectors(model, matrix);
  const todo: Array<{ name: string; key: string; passages: AgentPassage[] }> = [];
  let reused = 0;
  let fromCacheCount = 0;
  const cachedCount = cached?.entries.size ?? -1;
  for (const agent of list) {
    if (out.agents.has(agent.name)) continue;
    const passages = agentPassages(agent);
    const key = contentKey(model, ...passages.map((p) => `${p.field}\u0001${p.text}`));
    const fromPrev = prevByKey.get(key);
    const fromCache = cached?.entries.get(key);
    const src = fromPrev && previous ? { m: previous.matrix, e: fromPrev } : fromCache && cached ? { m: cached.matrix, e: fromCache } : undefined;
    if (src && src.e.count === passages.length) {
      const start = matrix.rows;
      for (let i = 0; i < src.e.count; i++) matrix.pushRow(src.m, src.e.start + i);
      out.agents.set(agent.name, { key, start, count: src.e.count });
      reused++;
      if (src.m !== previous?.matrix) fromCacheCount++;
    } else {
      out.agents.set(agent.name, { key, start: -1, count: 0 });
      todo.push({ name: agent.name, key, passages });
    }
  }
  cached = undefined;
  // A cache that cannot be written costs the next start time, never this build's vectors.
  const save = async (): Promise<void> => {
    if (!options.cacheFile) return;
    const ready = [...out.agents.values()].filter((e) => e.start >= 0).map((e): [string, { start: number; count: number }] => [e.key, { start: e.start, count: e.count }]);
    try {
      await writeVectorCache(options.cacheFile, model, matrix, ready);
    } catch (err) {
      cacheNote = `${cacheNote}; cache not written: ${(err as Error).message}`;
      options.onCacheNote?.(`cache not written: ${(err as Error).message}`);
    }
  };
  const total = todo.length;
  let done = 0;
  let sinceSave = 0;
  const saveEvery = options.saveEvery ?? 2_000;
  // Whole agents per call, up to `batch` passages.
  let i = 0;
  let cancelled = false;
  while (i < todo.length) {
    if (options.cancelled?.()) {
      cancelled = true;
      break;
    }
    const group: typeof todo = [];
    let texts = 0;
    while (i < todo.length && (group.length === 0 || texts + (todo[i]?.passages.length ?? 0) <= batch)) {
      const t = todo[i++] as (typeof todo)[number];
      group.push(t);
      texts += t.passages.length;
    }
    const vecs = await embedder.embed(group.flatMap((g) => g.passages.map((p) => p.text)));
    let at = 0;
    for (const g of group) {
      const start = matrix.rows;
      for (let k = 0; k < g.passages.length; k++) matrix.push(vecs[at++] as Float32Array);
      out.agents.set(g.name, { key: g.key, start, count: g.passages.length });
    }
    done += group.length;
    sinceSave += group.length;
    options.onProgress?.({ done, total });
    if (sinceSave >= saveEvery && i < todo.length) {
      sinceSave = 0;
      await save();
    }
  }
  // Agents not embedded (cancelled) are left out rather than scored as empty.
  for (const [name, e] of out.agents) if (e.start < 0) out.agents.delete(name);
  // Rewrite the file when it lacks or holds more than the current agents (never when it is exactly right).
  if (!cancelled && (total > 0 || fromCacheCount !== out.agents.size || cachedCount !== out.agents.size)) await save();
  return { vectors: out, computed: done, reused, ms: performance.now() - t0, cacheNote, cancelled };
}
