/** Everything a server instance needs, built once from the Config and shared by stdio and HTTP servers. */
import type { Config } from './config.js';
import { CatalogStore } from './catalog/store.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';

export interface ServerContext {
  config: Config;
  logger: Logger;
  catalog: CatalogStore;
  /** Things to close when the process ends (watchers, timers). */
  closers: Array<() => Promise<void> | void>;
}

export interface ContextOptions {
  watch?: boolean;
  /** Wait for the first catalog load (CLI commands); servers don't, so initialize is answered at once. */
  waitForCatalog?: boolean;
}

export async function createContext(config: Config, logger: Logger = silentLogger, options: ContextOptions = {}): Promise<ServerContext> {
  const catalog = new CatalogStore(config, logger);
  const loading = catalog.load();
  const watching = options.watch ?? config.watch ? loading.then(() => catalog.watch()) : loading;
  if (options.waitForCatalog ?? true) await watching;
  else watching.catch((err: unknown) => logger.error(`catalog load failed: ${(err as Error).message}`));
  const ctx: ServerContext = { config, logger, catalog, closers: [() => catalog.close()] };
  return ctx;
}

export async function closeContext(ctx: ServerContext): Promise<void> {
  for (const close of ctx.closers.splice(0).reverse()) await close();
}
