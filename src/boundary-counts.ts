/**
 * Boundary counts for list_agents and get_agent_prompt. Counting parses the agent's body (~1 ms), so a
 * count is computed once per file version, kept on the record, and persisted with the parse cache; servers
 * also fill them in the background after each load, in small slices that leave the event loop free.
 */
import type { CatalogStore } from './catalog/store.js';
import type { AgentRecord, CatalogSnapshot } from './catalog/types.js';
import { boundaryCount } from './routing/card.js';

/** `persist`: note the new count for a (debounced) parse-cache write; a batch notes its counts once. */
export function countBoundaries(store: CatalogStore, agent: AgentRecord, persist = true): number {
  if (agent.boundaryCount === undefined) {
    try {
      agent.boundaryCount = boundaryCount(agent);
    } catch {
      // The body could not be read (a damaged parse cache, see cached-file.ts): no count rather than a
      // failed listing, or a crash when this runs in the background.
      return 0;
    }
    if (persist) store.noteDerived();
  }
  return agent.boundaryCount;
}

/**
 * Count every agent of the snapshot that has no count yet, ~5 ms of work per turn of the event loop.
 * Resolves with how many were counted (the caller persists them), or early when `signal` aborts or the
 * snapshot is replaced. Run after the routing warm-up, most counts come from the cards it just built.
 */
export async function prefillBoundaryCounts(store: CatalogStore, snapshot: CatalogSnapshot, signal?: AbortSignal): Promise<number> {
  let counted = 0;
  let until = performance.now() + 5;
  for (const name of snapshot.names) {
    if (signal?.aborted || store.isClosed || (store.loaded && store.snapshot !== snapshot)) break;
    const agent = snapshot.agents.get(name);
    if (!agent || agent.boundaryCount !== undefined) continue;
    countBoundaries(store, agent, false);
    counted++;
    if (performance.now() >= until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      until = performance.now() + 5;
    }
  }
  return counted;
}
