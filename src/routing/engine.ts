/**
 * Who owns routing state. Two objects, passed in explicitly; nothing in src/routing keeps mutable state at
 * module level (docs/decisions.md "Routing: who owns routing state").
 *
 *   Routing (one per server, or per CLI run, eval or bench): what outlives a catalog snapshot. Records of
 *   unchanged files are reused across reloads, and so is what was derived from them: each record's routing
 *   document (documents.ts, in the ids of this Routing's term dictionary, dictionary.ts) and its boundary
 *   count. Both are saved with the parse cache through `codec` (persist.ts). Also the memo tables that make
 *   reading many agent files fast (boundaries.ts).
 *
 *   RoutingEngine (one per catalog snapshot, from `routing.engineFor(snapshot)`): the search index of that
 *   snapshot, built on first use or in the background (`warm`), and the caches of answers' building blocks
 *   (recent cards, lowercased fields for reasons). A reload makes a new snapshot and so a new engine; a call
 *   in flight keeps the engine it started with. The public entry points are its methods: match, route,
 *   lexicalRanking, card, routingCard, boundaries, boundaryCount.
 *
 * Agents' bodies are read from the snapshot (`snapshot.bodies.read`), which may read the parse cache file and
 * fail for a damaged one: work that can do without a body (boundary counts, index documents, agent vectors)
 * goes on without it; answers that need it (cards, boundaries) throw that CACHE_UNREADABLE error.
 */
import fs from 'node:fs/promises';
import type { DerivedCodec } from '../catalog/derived.js';
import type { AgentBodies } from '../catalog/packed-body.js';
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import type { CatalogError } from '../shared/errors.js';
import { BoundaryMemo, type Boundary } from './boundaries.js';
import { boundariesIn, boundariesOfBody, buildCardWith, exampleCount, routingCardJson, type AgentCard, type RoutingCardJson } from './card.js';
import { TermDictionary } from './dictionary.js';
import { RoutingDocuments, type DocumentOptions } from './documents.js';
import { RoutingIndex, type PackedDoc, type RoutingDoc } from './index.js';
import { Lru } from './lru.js';
import { lexicalRankingWith, matchWith, ReasonFields, type LexicalRanked, type MatchOptions, type MatchResult } from './match.js';
import { routingDocumentCodec } from './persist.js';
import { routeWith, type RouteOptions, type RouteResult } from './route.js';
import type { TermLookup } from './text.js';
import { CARD_CACHE_SIZE, DEFAULT_TUNING, QUICK_VECTOR_AGENTS, type CardLimits, type SearchTuning } from './tuning.js';
import type { Embedder } from '../encoder/embedder.js';
import { dot } from '../encoder/static-encoder.js';
import { EVERYDAY_ANCHORS } from './anchors.js';
import { within } from '../shared/within.js';
import { hybridMatchWith, type MeaningInput } from './hybrid.js';
import { agentKey, agentPassages, buildAgentVectors, type AgentPassage, type AgentVectors } from './vectors.js';
import { VERSION } from '../shared/version.js';

export interface EngineOptions {
  /** The search tuning (default DEFAULT_TUNING; the eval tries others). */
  tuning?: Readonly<SearchTuning>;
  /** Index these documents instead of the agents' own (the eval leaves one example or the description out). */
  replace?: ReadonlyMap<string, RoutingDoc>;
}

export interface RoutingOptions {
  /**
   * Called when a boundary count was computed on demand (list_agents, get_agent_prompt): new data to save
   * with the parse cache (a server passes its catalog's noteDerived).
   */
  onNewBoundaryCount?: () => void;
  /** The sentence encoder, once loaded (matching by meaning); without it routing uses words only. */
  meaning?: MeaningSource;
}

/** Where routing gets its sentence encoder (the server's SemanticService). */
export interface MeaningSource {
  /** The loaded encoder; undefined while it loads, when it is off, or unavailable. */
  encoder(): Embedder | undefined;
  /** Why matching is by words only right now (loading, off, or the artifact is missing or damaged). */
  whyNot(): string;
  /** The vector cache file for agents from these folders; undefined for no disk cache. */
  agentCacheFile(dirs: readonly string[]): string | undefined;
  /** Log a note about the vector cache (e.g. a damaged file that is rebuilt). */
  note?(message: string): void;
}

/** How one snapshot's agent vectors were made. */
export interface VectorBuild {
  /** Agents whose passages were encoded. */
  computed: number;
  /** Agents whose vectors came from the disk cache or the previous snapshot. */
  reused: number;
  ms: number;
  /** What happened with the disk cache. */
  cacheNote: string;
}

/** Vectors of the everyday anchor sentences, for one encoder. */
interface Anchors {
  modelId: string;
  vectors: Float32Array[];
}

/** Cross-snapshot routing state of one server (see the file comment). */
export class Routing {
  readonly dictionary = new TermDictionary();
  readonly documents = new RoutingDocuments(this.dictionary);
  readonly boundaryMemo = new BoundaryMemo();
  /** Persists documents and boundary counts with the parse cache: pass to CatalogStore.persistDerived. */
  readonly codec: DerivedCodec;
  /** Boundary count per record: the one place counts are kept (persisted through `codec`). */
  private readonly counts = new WeakMap<AgentRecord, number>();
  private readonly engines = new WeakMap<CatalogSnapshot, RoutingEngine>();
  /** The most recent agent vectors: a reload reuses those of unchanged agents. */
  private lastVectors: AgentVectors | undefined;
  private anchors: Anchors | undefined;
  /** Aborted by close(): background builds of this server stop at their next time slice. */
  private readonly closing = new AbortController();

  constructor(private readonly options: RoutingOptions = {}) {
    this.codec = routingDocumentCodec({ documents: this.documents, boundaryCounts: this.counts });
  }

  /** The sentence encoder source (undefined: words only). */
  get meaning(): MeaningSource | undefined {
    return this.options.meaning;
  }

  /** Cosine similarity of a task vector with the closest everyday anchor (anchors.ts), for one encoder. */
  anchorSimilarity(encoder: Embedder, query: Float32Array): number {
    if (this.anchors?.modelId !== encoder.modelId) {
      const vectors = EVERYDAY_ANCHORS.map((t) => encoder.encode(t)).filter((v): v is Float32Array => v !== undefined);
      this.anchors = { modelId: encoder.modelId, vectors };
    }
    let best = 0;
    for (const a of this.anchors.vectors) best = Math.max(best, dot(a, query));
    return best;
  }

  /** Vectors of an earlier snapshot (reuse), and remember the newest. */
  swapVectors(vectors: AgentVectors): AgentVectors | undefined {
    const before = this.lastVectors;
    this.lastVectors = vectors;
    return before;
  }

  previousVectors(): AgentVectors | undefined {
    return this.lastVectors;
  }

  /** The engine of a snapshot, made on first use and kept for the snapshot's lifetime. */
  /** Stop the builds in flight (agent vectors); a closed server starts none. */
  close(): void {
    this.closing.abort();
  }

  /** Aborts when the server closes. */
  get closed(): AbortSignal {
    return this.closing.signal;
  }

  engineFor(snapshot: CatalogSnapshot): RoutingEngine {
    let engine = this.engines.get(snapshot);
    if (!engine) {
      engine = new RoutingEngine(this, snapshot);
      this.engines.set(snapshot, engine);
    }
    return engine;
  }

  /** An engine of its own over a snapshot's agents, with other tuning or replaced documents (eval, bench); not kept. */
  engine(snapshot: CatalogSnapshot, options: EngineOptions = {}): RoutingEngine {
    return new RoutingEngine(this, snapshot, options);
  }

  /** A card → its document as terms (the eval's replacements). */
  documentOf(card: AgentCard, options: DocumentOptions = {}, tuning: Readonly<SearchTuning> = DEFAULT_TUNING): RoutingDoc {
    return this.documents.documentOf(card, options, tuning);
  }

  /** A fresh card of a record with its markdown `body`; notes its boundary count (a card finds them anyway). */
  buildCard(agent: AgentRecord, body: string, limits: Readonly<CardLimits>): AgentCard {
    const card = buildCardWith(agent, body, limits, this.boundaryMemo);
    this.counts.set(agent, card.boundaries.length);
    return card;
  }

  /** The boundary count of a record if known (counted, or loaded from the parse cache). */
  knownBoundaryCount(agent: AgentRecord): number | undefined {
    return this.counts.get(agent);
  }

  /**
   * The boundary count of a record: known, or taken from `card` or the agent's body (read from `bodies`) and
   * kept. 0 when the body cannot be read (a damaged parse cache): no count rather than a failed listing, and
   * nothing kept.
   */
  boundaryCount(agent: AgentRecord, bodies: AgentBodies, card?: AgentCard, options: { notify?: boolean } = {}): number {
    const known = this.counts.get(agent);
    if (known !== undefined) return known;
    let n: number;
    if (card) {
      n = card.boundaries.length;
    } else {
      const read = bodies.read(agent);
      if (!read.ok) return 0;
      n = boundariesOfBody(agent, read.body, this.boundaryMemo).length;
    }
    this.counts.set(agent, n);
    if (options.notify ?? true) this.options.onNewBoundaryCount?.();
    return n;
  }
}

/** The routing engine of one catalog snapshot (see the file comment). */
export class RoutingEngine {
  readonly tuning: Readonly<SearchTuning>;
  /** Lowercased fields of recent matches, for reasons (match.ts). */
  readonly reasonFields = new ReasonFields();
  /** Recently used cards (rebuilt on demand, never all kept: CARD_CACHE_SIZE). */
  private readonly cards = new Lru<AgentRecord, AgentCard>(CARD_CACHE_SIZE);
  /** Each recent card's terms (route_task's "own scope"), made once per card. */
  private readonly cardTerms = new WeakMap<AgentCard, ReadonlySet<string>>();
  private built: RoutingIndex | undefined;
  private made = 0;
  private vectors: AgentVectors | undefined;
  private vectorBuildInfo: VectorBuild | undefined;
  private dirs: string[] | undefined;
  private vectorsBuilding: Promise<AgentVectors | undefined> | undefined;

  constructor(
    readonly routing: Routing,
    readonly snapshot: CatalogSnapshot,
    private readonly options: EngineOptions = {},
  ) {
    this.tuning = options.tuning ?? DEFAULT_TUNING;
  }

  /** Token → term, memoised in the Routing's dictionary (queries never add terms to it). */
  get termOf(): TermLookup {
    return this.routing.dictionary.termOf;
  }

  get boundaryMemo(): BoundaryMemo {
    return this.routing.boundaryMemo;
  }

  /** The search index of this snapshot, built on first use. */
  get index(): RoutingIndex {
    return (this.built ??= this.buildIndex());
  }

  /** True once the index is built (match then answers without building it). */
  get indexReady(): boolean {
    return this.built !== undefined;
  }

  /** Documents this engine made from agents' text (not kept from an earlier snapshot or read from the parse cache). */
  get documentsBuilt(): number {
    return this.made;
  }

  /**
   * Build the index in the background: each agent's document is made in time slices of about `sliceMs`
   * (yielding to the event loop in between, so requests keep being answered), then the index is built in
   * one go (tens of milliseconds at 1,000 agents, a few hundred at 10,000). A match that arrives meanwhile
   * builds what is left synchronously, reusing the documents already made. Resolves when the index is
   * ready, or early when `signal` aborts (e.g. a newer snapshot replaced this one).
   */
  async warm(options: { signal?: AbortSignal; sliceMs?: number } = {}): Promise<void> {
    const slice = options.sliceMs ?? 10;
    let started = performance.now();
    for (const agent of this.snapshot.agents.values()) {
      if (options.signal?.aborted || this.built) return;
      // Documents read from the parse cache are read when the index is built; only missing ones are made here.
      if (!this.routing.documents.has(agent, this.tuning)) this.documentOf(agent);
      if (performance.now() - started >= slice) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        started = performance.now();
      }
    }
    if (!options.signal?.aborted) void this.index;
  }

  /** The agent vectors of this snapshot, once built (warmVectors). */
  get agentVectors(): AgentVectors | undefined {
    return this.vectors;
  }

  /** How the agent vectors were made, once built: agents encoded now, reused (disk cache, earlier snapshot), time. */
  get vectorBuild(): VectorBuild | undefined {
    return this.vectorBuildInfo;
  }

  /** The passages of one agent (what its vectors encode); undefined when its body cannot be read. */
  passagesOf(agent: AgentRecord): AgentPassage[] | undefined {
    const read = this.readCard(agent);
    return read.ok ? agentPassages(agent, read.card) : undefined;
  }

  /**
   * Build the agent vectors (in time slices, reusing cached and earlier vectors); resolves with them, or
   * undefined when there is no encoder yet or `signal` aborted. Concurrent calls share one build.
   */
  warmVectors(options: { signal?: AbortSignal; sliceMs?: number } = {}): Promise<AgentVectors | undefined> {
    if (this.vectors) return Promise.resolve(this.vectors);
    const meaning = this.routing.meaning;
    const encoder = meaning?.encoder();
    if (!meaning || !encoder || this.routing.closed.aborted) return Promise.resolve(undefined);
    const signal = options.signal ? AbortSignal.any([options.signal, this.routing.closed]) : this.routing.closed;
    this.vectorsBuilding ??= (async () => {
      const cacheFile = meaning.agentCacheFile(this.sourceDirs());
      const previous = this.routing.previousVectors();
      const limits = this.tuning.limits;
      const result = await buildAgentVectors(this.snapshot.agents.values(), (agent) => this.passagesOf(agent), encoder, {
        keyOf: (agent) => {
          const read = this.snapshot.bodies.read(agent);
          return read.ok ? agentKey(encoder.modelId, agent, read.body, limits, VERSION) : undefined;
        },
        ...(cacheFile ? { cacheFile } : {}),
        ...(previous ? { previous } : {}),
        signal,
        ...(options.sliceMs !== undefined ? { sliceMs: options.sliceMs } : {}),
        ...(meaning.note ? { onCacheNote: (n: string) => meaning.note?.(n) } : {}),
      });
      if (result.cancelled) return undefined;
      this.vectors = result.vectors;
      this.vectorBuildInfo = { computed: result.computed, reused: result.reused, ms: result.ms, cacheNote: result.cacheNote };
      this.routing.swapVectors(result.vectors);
      return result.vectors;
    })().finally(() => {
      this.vectorsBuilding = undefined;
    });
    return this.vectorsBuilding;
  }

  /**
   * Wait up to `ms` for the agent vectors (loading the encoder and building them if needed), so a match
   * right after a start can use meaning; the build goes on in the background if it takes longer. The wait
   * is skipped when the vectors cannot be ready that soon (vectorsSoon): the answer is then by words at once.
   */
  async vectorsWithin(ms: number, load?: () => Promise<unknown>): Promise<boolean> {
    if (this.vectors) return true;
    if (!this.routing.meaning) return false;
    const build = (load ? load() : Promise.resolve()).then(() => this.warmVectors());
    build.catch(() => undefined);
    if (!(await this.vectorsSoon())) return false;
    return (await within(build, ms)) !== undefined && this.vectors !== undefined;
  }

  /**
   * True when the agent vectors can be ready within a short wait: a small catalog, an earlier snapshot's
   * vectors to reuse (a reload), or a vector file on disk for these folders (a restart). Otherwise (a first
   * start over hundreds of agents) they take seconds to compute, and waiting would only delay a words-only
   * answer. Reads whether the cache file exists.
   */
  private async vectorsSoon(): Promise<boolean> {
    if (this.snapshot.agents.size <= QUICK_VECTOR_AGENTS || this.routing.previousVectors()) return true;
    const file = this.routing.meaning?.agentCacheFile(this.sourceDirs());
    if (!file) return false;
    try {
      await fs.access(file);
      return true;
    } catch {
      return false;
    }
  }

  /** The folders this snapshot's agents come from, sorted (they name its vector cache file). */
  private sourceDirs(): string[] {
    return (this.dirs ??= [...new Set([...this.snapshot.agents.values()].map((a) => a.sourceDir))].sort());
  }

  /** The task as the hybrid matcher needs it; undefined (with why) when matching must use words only. */
  meaningOf(task: string): { input: MeaningInput; encoder: Embedder } | { why: string } {
    const meaning = this.routing.meaning;
    const encoder = meaning?.encoder();
    if (!meaning || !encoder) return { why: meaning?.whyNot() ?? 'matching by meaning is off' };
    if (!this.vectors) return { why: 'agent vectors are still being computed' };
    const query = encoder.encode(task);
    if (!query) return { why: 'the task has no word the encoder knows' };
    const encode = (text: string): { query: Float32Array; anchor: number } | undefined => {
      const q = encoder.encode(text);
      return q ? { query: q, anchor: this.routing.anchorSimilarity(encoder, q) } : undefined;
    };
    return { input: { vectors: this.vectors, query, anchor: this.routing.anchorSimilarity(encoder, query), encode }, encoder };
  }

  /** Rank agents for a task: by words and meaning once the agent vectors are ready, by words before. */
  match(task: string, options: MatchOptions = {}): MatchResult {
    const m = this.meaningOf(task);
    if ('input' in m) return hybridMatchWith(this, task, m.input, options);
    const result = matchWith(this, task, options);
    return { ...result, modeNote: m.why };
  }

  /** Every agent sharing a word with the task (up to `limit`), best first, with scores and confidences; no reasons. */
  lexicalRanking(task: string, limit?: number, options: { source?: string } = {}): LexicalRanked[] {
    return lexicalRankingWith(this, task, limit, options);
  }

  /** Decide who should do a task: stay, hand off (boundaries), or pick. Throws UnknownAgentError for an unknown current agent. */
  route(task: string, options: RouteOptions = {}): RouteResult {
    return routeWith(this, task, options);
  }

  /**
   * The routing card of an agent of this snapshot (recent ones cached); undefined if unknown. Throws the
   * CACHE_UNREADABLE error when its body cannot be read.
   */
  card(name: string): AgentCard | undefined {
    const agent = this.snapshot.agents.get(name);
    return agent ? this.cardOf(agent) : undefined;
  }

  /** The card of `name` if it is among the recently used ones (never builds one). */
  cachedCard(name: string): AgentCard | undefined {
    const agent = this.snapshot.agents.get(name);
    return agent ? this.cards.peek(agent) : undefined;
  }

  /** The full routing card as plain JSON (resource `agent://{name}/card`); undefined if unknown. Throws like card(). */
  routingCard(name: string): RoutingCardJson | undefined {
    const agent = this.snapshot.agents.get(name);
    return agent ? routingCardJson(this.snapshot, agent, this.cardOf(agent)) : undefined;
  }

  /** An agent's boundaries, with `inCatalog` resolved against this snapshot. Throws like card(). */
  boundaries(agent: AgentRecord): Boundary[] {
    return boundariesIn(this.snapshot, this.cardOf(agent));
  }

  /** Number of boundary statements in an agent file (list_agents, get_agent_prompt); 0 when its body cannot be read. */
  boundaryCount(agent: AgentRecord): number {
    // From a recent card if there is one; otherwise the boundaries alone, and no card cached: a page of
    // list_agents should not evict the cards that reasons and route_task reuse.
    return this.routing.boundaryCount(agent, this.snapshot.bodies, this.cards.peek(agent));
  }

  /** Boundary and example counts of an agent by name; undefined when it is not in the snapshot. */
  boundaryCounts(name: string): { boundaries: number; examples: number } | undefined {
    const agent = this.snapshot.agents.get(name);
    if (!agent) return undefined;
    return { boundaries: this.boundaryCount(agent), examples: exampleCount(agent) };
  }

  /**
   * Count the boundaries of every agent of the snapshot that has no count yet, ~`sliceMs` of work per turn
   * of the event loop. Resolves with how many were counted (new data for the parse cache), or early when
   * `signal` aborts. Run after `warm`, most counts are already known from the cards it built.
   */
  async countBoundaries(options: { signal?: AbortSignal; sliceMs?: number } = {}): Promise<number> {
    const slice = options.sliceMs ?? 5;
    let counted = 0;
    let until = performance.now() + slice;
    for (const name of this.snapshot.names) {
      if (options.signal?.aborted) break;
      const agent = this.snapshot.agents.get(name);
      if (!agent || this.routing.knownBoundaryCount(agent) !== undefined) continue;
      this.routing.boundaryCount(agent, this.snapshot.bodies, this.cards.peek(agent), { notify: false });
      counted++;
      if (performance.now() >= until) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        until = performance.now() + slice;
      }
    }
    return counted;
  }

  /** The terms of a card's document (route_task's test of the agent's own scope). */
  termsOfCard(card: AgentCard): ReadonlySet<string> {
    let terms = this.cardTerms.get(card);
    if (!terms) {
      terms = new Set(this.routing.documents.documentOf(card, {}, DEFAULT_TUNING).terms);
      this.cardTerms.set(card, terms);
    }
    return terms;
  }

  /** The card of `agent` (recent ones cached; a new one is cached), or the error reading its body gave. */
  private readCard(agent: AgentRecord): { ok: true; card: AgentCard } | { ok: false; error: CatalogError } {
    const cached = this.cards.peek(agent);
    if (cached) return { ok: true, card: this.cards.get(agent, () => cached) };
    const read = this.snapshot.bodies.read(agent);
    if (!read.ok) return read;
    return { ok: true, card: this.cards.get(agent, () => this.routing.buildCard(agent, read.body, this.tuning.limits)) };
  }

  /** The card of `agent`; throws the CACHE_UNREADABLE error when its body cannot be read. */
  private cardOf(agent: AgentRecord): AgentCard {
    const read = this.readCard(agent);
    if (!read.ok) throw read.error;
    return read.card;
  }

  /** The record's document for this engine's tuning: kept, stored, or made now from its card. */
  private documentOf(agent: AgentRecord): PackedDoc {
    const { packed, built } = this.routing.documents.documentFor(agent, this.tuning, () => {
      // A fresh card, used once: the index keeps the postings, not the card.
      const cached = this.cards.peek(agent);
      if (cached) return cached;
      const read = this.snapshot.bodies.read(agent);
      if (read.ok) return this.routing.buildCard(agent, read.body, this.tuning.limits);
      // The body cannot be read (a damaged parse cache): index the agent by its name and description.
      return buildCardWith(agent, '', this.tuning.limits, this.routing.boundaryMemo);
    });
    if (built && this.tuning === DEFAULT_TUNING) this.made++;
    return packed;
  }

  private buildIndex(): RoutingIndex {
    const documents = this.routing.documents;
    documents.resetIfLarge();
    const records = new Map<string, AgentRecord>();
    const replace = this.options.replace;
    const document = (agent: AgentRecord): PackedDoc => {
      const instead = replace?.get(agent.name);
      return instead ? documents.pack(instead) : this.documentOf(agent);
    };
    function* docs(agents: Iterable<AgentRecord>): Generator<{ id: string; packed: PackedDoc }> {
      for (const agent of agents) {
        if (records.has(agent.name)) continue;
        records.set(agent.name, agent);
        yield { id: agent.name, packed: document(agent) };
      }
    }
    return new RoutingIndex(docs(this.snapshot.agents.values()), documents.dictionary.generation, this.tuning.prune, records, this.tuning);
  }
}
