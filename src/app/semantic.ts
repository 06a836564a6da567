/**
 * SemanticService: the shipped sentence encoder of one server (model/encoder/, encoder/static-encoder.ts).
 * `start()` returns at once; the artifact is read and checked in the background (a few tens of
 * milliseconds). Routing asks it for the encoder through MeaningSource: agent vectors are built per catalog
 * snapshot by the routing engine. Journal vectors are built on the first search that asks for meaning
 * (search_journal mode semantic or hybrid), then kept current.
 *
 * On by default; `--no-semantic` (or AGENT_CATALOG_SEMANTIC=0) turns it off. A missing or damaged artifact
 * is reported (get_status, validate) and everything answers by words.
 */
import path from 'node:path';
import type { MeaningSource } from '../routing/engine.js';
import type { Embedder } from '../encoder/embedder.js';
import { loadStaticEncoder } from '../encoder/static-encoder.js';
import { contentKey } from '../encoder/vector-cache.js';
import { JournalVectors, type JournalSource } from '../journal/vectors.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';

export type SemanticState = 'off' | 'loading' | 'ready' | 'unavailable' | 'closed';

export interface SemanticStatus {
  /** Asked for (default on; --no-semantic turns it off). */
  enabled: boolean;
  state: SemanticState;
  model?: string;
  /** Where the weights come from. */
  source?: string;
  /** Why matching is by words only, when it is. */
  reason?: string;
  loadMs?: number;
  journal: { ready: boolean; entries: number; computed: number; reused: number; ms?: number; cache?: string };
}

export interface SemanticConfig {
  cacheDir: string;
  useCache: boolean;
  semantic: boolean;
  /** Folder of the encoder artifact (default: the package's model/encoder). */
  encoderDir: string;
}

/** Vector file of a catalog: one per set of folders holding its agents. */
export function agentCacheFile(cacheDir: string, dirs: readonly string[]): string {
  return path.join(cacheDir, 'semantic', `agents-${contentKey(...dirs).slice(0, 16)}.vec`);
}

export class SemanticService implements MeaningSource {
  private encoderValue: Embedder | undefined;
  private source: string | undefined;
  private loading: Promise<Embedder | undefined> | undefined;
  private state: SemanticState;
  private reason: string | undefined;
  private loadMs: number | undefined;
  private journalSource: JournalSource | undefined;
  private journalVectors: JournalVectors | undefined;

  constructor(
    private readonly config: SemanticConfig,
    private readonly logger: Logger = silentLogger,
  ) {
    this.state = config.semantic ? 'loading' : 'off';
    if (!config.semantic) this.reason = 'matching by meaning is off (--no-semantic)';
  }

  get enabled(): boolean {
    return this.config.semantic;
  }

  /** Load the encoder in the background; `journal` is embedded on the first search by meaning. */
  start(journal?: JournalSource): void {
    if (journal) this.journalSource = journal;
    void this.load();
  }

  /** Load the encoder (once); resolves with it, or undefined when off or unavailable. */
  load(): Promise<Embedder | undefined> {
    if (!this.config.semantic || this.state === 'closed') return Promise.resolve(undefined);
    this.loading ??= (async () => {
      const t0 = performance.now();
      try {
        const encoder = await loadStaticEncoder(this.config.encoderDir);
        if (this.state === 'closed') return undefined;
        this.encoderValue = encoder;
        this.source = encoder.source;
        this.loadMs = performance.now() - t0;
        this.state = 'ready';
        this.reason = undefined;
        this.logger.info(`semantic: ${encoder.modelId} loaded in ${Math.round(this.loadMs)} ms`);
        return encoder;
      } catch (err) {
        if (this.state === 'closed') return undefined;
        this.state = 'unavailable';
        this.reason = `the sentence encoder could not be loaded, so matching is by words only: ${(err as Error).message}`;
        this.logger.warn(this.reason);
        return undefined;
      }
    })();
    return this.loading;
  }

  /** Resolves once loading has ended (tests, benches, the CLI). */
  async whenLoaded(): Promise<boolean> {
    return (await this.load()) !== undefined;
  }

  encoder(): Embedder | undefined {
    return this.encoderValue;
  }

  whyNot(): string {
    if (this.state === 'loading') return 'the sentence encoder is still loading';
    return this.reason ?? 'matching by meaning is not available';
  }

  agentCacheFile(dirs: readonly string[]): string | undefined {
    return this.config.useCache ? agentCacheFile(this.config.cacheDir, dirs) : undefined;
  }

  note(message: string): void {
    this.logger.warn(`semantic: ${message}`);
  }

  /** The unit vector of a text (undefined when off, loading, or no word is known). */
  encode(text: string): Float32Array | undefined {
    return this.encoderValue?.encode(text);
  }

  /** The journal's vectors, started on first use (search by meaning). */
  journal(): JournalVectors | undefined {
    const encoder = this.encoderValue;
    if (!encoder || !this.journalSource) return undefined;
    if (!this.journalVectors) {
      this.journalVectors = new JournalVectors(this.journalSource, encoder, this.config.cacheDir, this.logger, this.config.useCache ? {} : { noCache: true });
      this.journalVectors.start();
    }
    return this.journalVectors;
  }

  /** Wait until journal vectors have been built once (tests, benches). */
  async whenJournalReady(): Promise<void> {
    await this.load();
    await this.journal()?.whenIdle();
  }

  status(): SemanticStatus {
    const out: SemanticStatus = {
      enabled: this.config.semantic,
      state: this.state,
      journal: this.journalVectors?.status() ?? { ready: false, entries: 0, computed: 0, reused: 0 },
    };
    if (this.encoderValue) out.model = this.encoderValue.modelId;
    if (this.source !== undefined) out.source = this.source;
    if (this.loadMs !== undefined) out.loadMs = Math.round(this.loadMs);
    if (this.reason !== undefined) out.reason = this.reason;
    return out;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.journalVectors?.close();
    this.encoderValue = undefined;
  }
}
