/** Everything a server instance needs, built once from the Config and shared by stdio and HTTP servers. */
import type { Config } from './config.js';
import { CatalogStore } from './catalog/store.js';
import { JournalService } from './journal/service.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';

export interface ServerContext {
  config: Config;
  logger: Logger;
  catalog: CatalogStore;
  /** The private journal (search, read, write); loads and indexes in the background. */
  journal: JournalService;
  /** Things to close when the process ends (watchers, timers). */
  closers: Array<() => Promise<void> | void>;
}

export interface ContextOptions {
  watch?: boolean;
  /** Wait for the first catalog load (CLI commands); servers don't, so initialize is answered at once. */
  waitForCatalog?: boolean;
  /** Start the journal service (servers do; CLI catalog commands don't need it). Default true. */
  journal?: boolean;
}

export async function createContext(config: Config, logger: Logger = silentLogger, options: ContextOptions = {}): Promise<ServerContext> {
  const catalog = new CatalogStore(config, logger);
  const loading = catalog.load();
  const watching = options.watch ?? config.watch ? loading.then(() => catalog.watch()) : loading;
  if (options.waitForCatalog ?? true) await watching;
  else watching.catch((err: unknown) => logger.error(`catalog load failed: ${(err as Error).message}`));
  const journal = new JournalService(config, logger, { watch: options.watch ?? config.watch });
  if (options.journal ?? true) journal.start();
  const ctx: ServerContext = { config, logger, catalog, journal, closers: [() => catalog.close(), () => journal.close()] };
  return ctx;
}

export async function closeContext(ctx: ServerContext): Promise<void> {
  for (const close of ctx.closers.splice(0).reverse()) await close();
}
