/**
 * Work a server does after each catalog load, in small slices that leave the event loop free: boundary
 * counts for list_agents, then the routing index (so the first match_agents does not pay for it). A newer
 * snapshot cancels the work still pending for an older one.
 */
import type { CatalogStore } from './catalog/store.js';
import type { CatalogSnapshot } from './catalog/types.js';
import type { Logger } from './logger.js';
import { prefillBoundaryCounts } from './boundary-counts.js';
import { takeBuiltDocumentCount, warmRoutingIndexAsync } from './routing/index.js';

/** Delay after a load before background work starts, and the length of one slice of it. */
const START_DELAY_MS = 250;
const SLICE_MS = 5;

/**
 * `afterFirst` runs once, when the work for the first snapshot is done (or given up): the journal opens its
 * index then, so the two allocation-heavy warm-ups do not overlap (their peaks would add up).
 */
export function startBackgroundWork(catalog: CatalogStore, loading: Promise<CatalogSnapshot>, logger: Logger, afterFirst?: () => void): void {
  let current: AbortController | undefined;
  let first = afterFirst;
  const firstDone = (): void => {
    const f = first;
    first = undefined;
    f?.();
  };
  const run = (snapshot: CatalogSnapshot): void => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    // Let the first requests after a (re)load through before starting; then work in short slices.
    const timer = setTimeout(() => {
      if (controller.signal.aborted) return;
      prefillBoundaryCounts(catalog, snapshot);
      warmRoutingIndexAsync(snapshot, { signal: controller.signal, sliceMs: SLICE_MS })
        // Documents made (not read from the parse cache) are saved with it for the next start.
        .then(() => takeBuiltDocumentCount() > 0 && catalog.noteDerived(0))
        .catch((err: unknown) => logger.warn(`routing index warm-up: ${(err as Error).message}`))
        .finally(firstDone);
    }, START_DELAY_MS);
    timer.unref();
    controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  };
  void loading.then(run, firstDone);
  catalog.on('change', ({ snapshot }) => run(snapshot));
  catalog.once('close', () => {
    current?.abort();
    first = undefined;
  });
}
