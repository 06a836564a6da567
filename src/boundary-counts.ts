/**
 * Boundary counts for list_agents and get_agent_prompt. Counting parses the agent's body (~1 ms), so a
 * count is computed once per file version, kept on the record, and persisted with the parse cache; servers
 * also fill them in the background after each load, in small slices that leave the event loop free.
 */
import type { CatalogStore } from './catalog/store.js';
import type { AgentRecord, CatalogSnapshot } from './catalog/types.js';
import { boundaryCount } from './routing/card.js';

export function countBoundaries(store: CatalogStore, agent: AgentRecord): number {
  if (agent.boundaryCount === undefined) {
    try {
      agent.boundaryCount = boundaryCount(agent);
    } catch {
      // The body could not be read (a damaged parse cache, see cached-file.ts): no count rather than a
      // failed listing, or a crash when this runs in the background.
      return 0;
    }
    store.noteDerived();
  }
  return agent.boundaryCount;
}

/** Count every agent of the snapshot that has no count yet, ~5 ms of work per turn of the event loop. */
export function prefillBoundaryCounts(store: CatalogStore, snapshot: CatalogSnapshot): void {
  const names = snapshot.names.filter((n) => snapshot.agents.get(n)?.boundaryCount === undefined);
  let i = 0;
  const step = (): void => {
    if (store.isClosed || store.loaded && store.snapshot !== snapshot) return;
    const until = performance.now() + 5;
    while (i < names.length && performance.now() < until) {
      const agent = snapshot.agents.get(names[i++] ?? '');
      if (agent) countBoundaries(store, agent);
    }
    if (i < names.length) setImmediate(step).unref?.();
  };
  if (names.length > 0) setImmediate(step).unref?.();
}
