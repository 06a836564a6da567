/**
 * Work a server does after each catalog load, in small slices that leave the event loop free: the routing
 * index (so the first match_agents does not pay for it), the agent vectors (matching by meaning), then
 * boundary counts for list_agents. A newer snapshot cancels the work still pending for an older one.
 */
import type { CatalogStore } from '../catalog/store.js';
import type { CatalogSnapshot } from '../catalog/types.js';
import type { Logger } from '../shared/logger.js';
import type { Routing } from '../routing/engine.js';

/** What background work needs of the sentence encoder (SemanticService fits). */
export interface EncoderLoading {
  load(): Promise<unknown>;
}

/** Delay after a load before background work starts, and the length of one slice of it. */
const START_DELAY_MS = 250;
const SLICE_MS = 5;

/**
 * `afterFirst` runs once, when the work for the first snapshot is done (or given up): the journal opens its
 * index then, so the two allocation-heavy warm-ups do not overlap (their peaks would add up).
 */
export function startBackgroundWork(
  catalog: CatalogStore,
  routing: Routing,
  loading: Promise<CatalogSnapshot>,
  logger: Logger,
  afterFirst?: () => void,
  encoder?: EncoderLoading,
): void {
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
      const { signal } = controller;
      const engine = routing.engineFor(snapshot);
      // The routing index first: boundary counts then come from the cards it built instead of a second
      // pass over every body, and what both made is saved with the parse cache in one write.
      engine
        .warm({ signal, sliceMs: SLICE_MS })
        .catch((err: unknown) => logger.warn(`routing index warm-up: ${(err as Error).message}`))
        .then(() => encoder?.load())
        .then(() => engine.warmVectors({ signal, sliceMs: SLICE_MS }))
        .catch((err: unknown) => logger.warn(`agent vectors: ${(err as Error).message}`))
        .then(() => engine.countBoundaries({ signal, sliceMs: SLICE_MS }))
        // Documents made (not read from the parse cache) and new counts are saved for the next start.
        .then((counted) => {
          if ((engine.documentsBuilt > 0 || counted > 0) && !signal.aborted) catalog.noteDerived(0);
        })
        .catch((err: unknown) => logger.warn(`background work after a load: ${(err as Error).message}`))
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
