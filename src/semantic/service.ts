/**
 * SemanticService: the optional offline encoder for one server. `start()` returns at once; in the
 * background it loads the model (in a worker thread), then embeds the catalog's agents (cached on disk) and,
 * when given a journal, its entries. Requests never wait for any of it: until vectors are ready, or when a
 * task vector does not arrive within `queryTimeoutMs`, callers answer lexically and say so.
 *
 * When the optional packages are missing or the model fails to load, the state is 'unavailable' with the
 * reason, and everything keeps working lexically.
 */
import path from 'node:path';
import type { CatalogSnapshot } from '../catalog/types.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { buildAgentVectors, type AgentVectors } from './agents.js';
import { contentKey } from './cache.js';
import { loadEmbedder, type Embedder, type EmbedderModules } from './embedder.js';
import { JournalVectors, type JournalSource } from './journal.js';
import { within } from '../within.js';

export type SemanticState = 'off' | 'loading' | 'indexing' | 'ready' | 'unavailable' | 'closed';

export interface SemanticStatus {
  /** Asked for (--semantic / AGENT_CATALOG_SEMANTIC). */
  enabled: boolean;
  state: SemanticState;
  model?: string;
  /** Why semantic matching is off or unavailable. */
  reason?: string;
  loadMs?: number;
  agents: { ready: boolean; vectors: number; computed: number; reused: number; ms?: number; cache?: string };
  journal: { ready: boolean; entries: number; computed: number; reused: number; ms?: number; cache?: string };
}

/** The catalog as the service needs it (CatalogStore fits). */
export interface CatalogLike {
  ready(): Promise<CatalogSnapshot>;
  on(event: 'change', listener: (change: { snapshot: CatalogSnapshot }) => void): unknown;
  off(event: 'change', listener: (change: { snapshot: CatalogSnapshot }) => void): unknown;
}

export interface SemanticServiceOptions {
  /** Module specifiers of the encoder packages (tests pass a failing one). */
  modules?: EmbedderModules;
  /** How long a request waits for its task vector before answering lexically (ms, default 300). */
  queryTimeoutMs?: number;
  /** Give up loading the model after this long (ms, default 60 s). */
  loadTimeoutMs?: number;
  /** Texts per background embedding call (default 16). */
  batch?: number;
}

/** Vector file of a catalog: one per set of folders holding its agents. */
export function agentCacheFile(cacheDir: string, dirs: readonly string[]): string {
  return path.join(cacheDir, 'semantic', `agents-${contentKey(...dirs).slice(0, 16)}.vec`);
}

const QUERY_CACHE_SIZE = 128;

export class SemanticService {
  private embedder: Embedder | undefined;
  private loading: Promise<Embedder | undefined> | undefined;
  private state: SemanticState;
  private reason: string | undefined;
  private vectors: AgentVectors | undefined;
  private agentStatus: SemanticStatus['agents'] = { ready: false, vectors: 0, computed: 0, reused: 0 };
  private building: Promise<void> | undefined;
  private pendingSnapshot: CatalogSnapshot | undefined;
  private generation = 0;
  private closed = false;
  private readonly queries = new Map<string, Promise<Float32Array | undefined>>();
  private readonly detach: Array<() => void> = [];
  private journalVectors: JournalVectors | undefined;
  private agentsIdle: Promise<void> = Promise.resolve();
  private journalStarted: Promise<void> = Promise.resolve();
  private firstAgents: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: { cacheDir: string; semantic: boolean },
    private readonly logger: Logger = silentLogger,
    private readonly options: SemanticServiceOptions = {},
  ) {
    this.state = config.semantic ? 'loading' : 'off';
    if (!config.semantic) this.reason = 'semantic matching is off (turn it on with --semantic or AGENT_CATALOG_SEMANTIC=1)';
  }

  get enabled(): boolean {
    return this.config.semantic;
  }

  /** Load the model and embed in the background; returns at once. */
  start(catalog: CatalogLike, journal?: JournalSource): void {
    if (!this.config.semantic || this.loading || this.closed) return;
    this.loading = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => loadEmbedder({ ...(this.options.modules ? { modules: this.options.modules } : {}), ...(this.options.loadTimeoutMs ? { timeoutMs: this.options.loadTimeoutMs } : {}) }))
      .then(
        (embedder) => {
          if (this.closed) {
            void embedder.close();
            return undefined;
          }
          this.embedder = embedder;
          this.state = 'indexing';
          this.logger.info(`semantic: ${embedder.modelId} loaded in ${Math.round(embedder.loadMs)} ms`);
          return embedder;
        },
        (err: unknown) => {
          if (!this.closed) {
            this.state = 'unavailable';
            this.reason = `semantic matching unavailable, answering lexically: ${(err as Error).message}`;
            this.logger.warn(this.reason);
          }
          return undefined;
        },
      );
    void this.loading.then((embedder) => {
      if (!embedder) return;
      const onChange = ({ snapshot }: { snapshot: CatalogSnapshot }): void => this.scheduleAgents(snapshot);
      catalog.on('change', onChange);
      this.detach.push(() => catalog.off('change', onChange));
      const agentsFirst = (this.firstAgents = catalog.ready().then(
        (snapshot) => {
          this.scheduleAgents(snapshot);
          return this.agentsIdle;
        },
        () => undefined,
      ));
      if (journal) {
        const jv = new JournalVectors(journal, embedder, this.config.cacheDir, this.logger, { batch: this.options.batch ?? 16 });
        this.journalVectors = jv;
        // The journal waits for the agents (they are few and matter at once), then indexes incrementally.
        this.journalStarted = agentsFirst.then(() => jv.start());
      }
    });
  }

  /** Wait for the model to load (or fail); tests and benches use it, requests never do. */
  async whenLoaded(): Promise<boolean> {
    return (await this.loading) !== undefined;
  }

  /** Wait until the agent vectors of the latest snapshot are built (tests, benches, CLI). */
  async whenAgentsReady(): Promise<void> {
    await this.loading;
    await this.firstAgents;
    while (this.building) await this.building;
  }

  async whenJournalReady(): Promise<void> {
    await this.whenAgentsReady();
    await this.journalStarted;
    await this.journalVectors?.whenIdle();
  }

  private scheduleAgents(snapshot: CatalogSnapshot): void {
    this.pendingSnapshot = snapshot;
    if (this.building || !this.embedder) return;
    let release: () => void = () => undefined;
    this.agentsIdle = new Promise<void>((r) => (release = r));
    this.building = (async () => {
      try {
        while (this.pendingSnapshot && !this.closed) {
          const snap = this.pendingSnapshot;
          this.pendingSnapshot = undefined;
          await this.buildAgents(snap);
        }
      } finally {
        this.building = undefined;
        release();
      }
    })();
  }

  private async buildAgents(snapshot: CatalogSnapshot): Promise<void> {
    const embedder = this.embedder;
    if (!embedder) return;
    const gen = ++this.generation;
    // Keyed by the folders that hold agents (not every configured folder: an empty project or user folder,
    // or a temporary home, must not change which file a catalog uses).
    const dirs = [...new Set([...snapshot.agents.values()].map((a) => a.sourceDir))].sort();
    const file = agentCacheFile(this.config.cacheDir, dirs);
    try {
      const result = await buildAgentVectors(snapshot.agents.values(), embedder, {
        cacheFile: file,
        ...(this.vectors ? { previous: this.vectors } : {}),
        batch: this.options.batch ?? 16,
        cancelled: () => this.closed || this.pendingSnapshot !== undefined,
        onProgress: (p) => {
          this.agentStatus = { ...this.agentStatus, computed: p.done };
        },
        onCacheNote: (note) => this.logger.warn(`semantic: ${note}`),
      });
      if (result.cancelled || gen !== this.generation || this.closed) return;
      this.vectors = result.vectors;
      this.agentStatus = { ready: true, vectors: result.vectors.size, computed: result.computed, reused: result.reused, ms: Math.round(result.ms), cache: result.cacheNote };
      if (this.state === 'indexing') this.state = 'ready';
      this.logger.info(`semantic: ${result.vectors.size} agent vectors ready in ${Math.round(result.ms)} ms (${result.computed} embedded, ${result.reused} reused)`);
    } catch (err) {
      if (this.closed) return;
      this.logger.warn(`semantic: agent vectors failed: ${(err as Error).message}`);
      this.reason = `agent vectors failed: ${(err as Error).message}`;
    }
  }

  /** The latest complete agent vectors (possibly of the previous snapshot while a reload is embedded). */
  agentVectors(): AgentVectors | undefined {
    return this.vectors;
  }

  /** The journal's vectors (undefined unless semantic is on, loaded, and a journal was given). */
  journal(): JournalVectors | undefined {
    return this.journalVectors;
  }

  /**
   * The vector of a task or query, or undefined when semantic matching is not ready or the vector does not
   * arrive within the timeout (the embedding still finishes and is remembered for the next identical call).
   */
  async queryVector(text: string, timeoutMs = this.options.queryTimeoutMs ?? 300): Promise<Float32Array | undefined> {
    const embedder = this.embedder;
    if (!embedder || this.closed) return undefined;
    const key = text.length > 4000 ? text.slice(0, 4000) : text;
    let p = this.queries.get(key);
    if (p) {
      this.queries.delete(key);
      this.queries.set(key, p);
    } else {
      p = embedder.embed([key], { priority: true }).then(
        (v) => v[0],
        () => {
          this.queries.delete(key);
          return undefined;
        },
      );
      this.queries.set(key, p);
      if (this.queries.size > QUERY_CACHE_SIZE) {
        const oldest = this.queries.keys().next().value;
        if (oldest !== undefined) this.queries.delete(oldest);
      }
    }
    return within(p, timeoutMs);
  }

  status(): SemanticStatus {
    const out: SemanticStatus = {
      enabled: this.config.semantic,
      state: this.state,
      agents: { ...this.agentStatus },
      journal: this.journalVectors?.status() ?? { ready: false, entries: 0, computed: 0, reused: 0 },
    };
    if (this.embedder) {
      out.model = this.embedder.modelId;
      out.loadMs = Math.round(this.embedder.loadMs);
    }
    if (this.reason !== undefined) out.reason = this.reason;
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.state = 'closed';
    for (const d of this.detach.splice(0)) d();
    // Closing the encoder first rejects queued work, so background passes end at once.
    const closing = this.embedder?.close();
    await this.journalVectors?.close();
    await this.building?.catch(() => undefined);
    await closing;
    this.embedder = undefined;
  }
}
