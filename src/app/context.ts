/** Everything a server instance needs, built once from the Config and shared by stdio and HTTP servers. */
import type { Config } from './config.js';
import { CatalogStore } from '../catalog/store.js';
import { JournalService } from '../journal/service.js';
import { startBackgroundWork } from './background.js';
import { Routing } from '../routing/engine.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import { SemanticService } from './semantic.js';
import { DelegationService } from '../delegate/service.js';
import { AgentPrompts } from './agent-prompt.js';

export interface ServerContext {
  config: Config;
  logger: Logger;
  catalog: CatalogStore;
  /** Routing state across catalog reloads; `routing.engineFor(snapshot)` answers match / route / cards. */
  routing: Routing;
  /** Agents' prompts, compiled and filled (with the per-snapshot compilers and the project profiles they reuse). */
  prompts: AgentPrompts;
  /** The private journal (search, read, write); loads and indexes in the background. */
  journal: JournalService;
  /**
   * The shipped sentence encoder: loads in the background (on unless --no-semantic); routing builds agent
   * vectors with it, and search_journal's semantic and hybrid modes use it. When it is off or unavailable,
   * everything answers by words and says so.
   */
  semantic: SemanticService;
  /** Delegation: runner processes in flight and the per-agent tool selection. */
  delegation: DelegationService;
  /** Things to close when the process ends (watchers, timers). */
  closers: Array<() => Promise<void> | void>;
}

export interface ContextOptions {
  watch?: boolean;
  /** Wait for the first catalog load (CLI commands); servers don't, so initialize is answered at once. */
  waitForCatalog?: boolean;
  /**
   * Background work servers want and one-shot CLI commands don't: start the journal service, and fill
   * boundary counts after each catalog load. Default true.
   */
  background?: boolean;
}

export async function createContext(config: Config, logger: Logger = silentLogger, options: ContextOptions = {}): Promise<ServerContext> {
  const semantic = new SemanticService(config, logger);
  // Servers read the encoder at once, in the background (tens of milliseconds); one-shot CLI commands when they match.
  if (options.background ?? true) void semantic.load();
  // Boundary counts made on demand are saved with the next (debounced) parse-cache write.
  const routing = new Routing({ onNewBoundaryCount: () => catalog.noteDerived(), meaning: semantic });
  // Routing documents travel with the parse cache: a restart builds the routing index without re-reading text.
  const catalog = new CatalogStore(config, logger).persistDerived(routing.codec);
  const loading = catalog.load();
  const watching = options.watch ?? config.watch ? loading.then(() => catalog.watch()) : loading;
  if (options.waitForCatalog ?? true) await watching;
  else watching.catch((err: unknown) => logger.error(`catalog load failed: ${(err as Error).message}`));
  const journal = new JournalService(config, logger, { watch: options.watch ?? config.watch });
  if (options.background ?? true) {
    // The journal opens its index after the catalog's first load and routing warm-up (or at once when a
    // journal tool is called): all at once would slow the first answers and add up their memory peaks.
    startBackgroundWork(catalog, routing, loading, logger, () => journal.start(), semantic);
  }
  if (options.background ?? true) semantic.start(journal);
  const delegation = new DelegationService(config.delegate, config.projectDir, logger);
  const prompts = new AgentPrompts(config);
  const ctx: ServerContext = { config, logger, catalog, routing, prompts, journal, semantic, delegation, closers: [() => catalog.close(), () => journal.close(), () => semantic.close(), () => delegation.close(), () => routing.close()] };
  return ctx;
}

export async function closeContext(ctx: ServerContext): Promise<void> {
  for (const close of ctx.closers.splice(0).reverse()) await close();
}
