/**
 * Work a server does after each catalog load, in small slices that leave the event loop free: boundary
 * counts for list_agents, then the routing index (so the first match_agents does not pay for it). A newer
 * snapshot cancels the work still pending for an older one.
 */
import type { CatalogStore } from './catalog/store.js';
import type { CatalogSnapshot } from './catalog/types.js';
import type { Logger } from './logger.js';
import { prefillBoundaryCounts } from './boundary-counts.js';
import { warmRoutingIndexAsync } from './routing/index.js';

export function startBackgroundWork(catalog: CatalogStore, loading: Promise<CatalogSnapshot>, logger: Logger): void {
  let current: AbortController | undefined;
  const run = (snapshot: CatalogSnapshot): void => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    prefillBoundaryCounts(catalog, snapshot);
    warmRoutingIndexAsync(snapshot, { signal: controller.signal }).catch((err: unknown) => logger.warn(`routing index warm-up: ${(err as Error).message}`));
  };
  void loading.then(run, () => undefined);
  catalog.on('change', ({ snapshot }) => run(snapshot));
  catalog.once('close', () => current?.abort());
}
