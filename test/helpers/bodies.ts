/** Reading agents' bodies in tests: through the snapshot, as the server does (`snapshot.bodies.read`). */
import type { CatalogSnapshot } from '../../src/catalog/types.js';

/** The body of agent `name` in `snapshot`; undefined when there is no such agent. Throws the read error. */
export function bodyOf(snapshot: CatalogSnapshot, name: string): string | undefined {
  const agent = snapshot.agents.get(name);
  if (!agent) return undefined;
  const read = snapshot.bodies.read(agent);
  if (!read.ok) throw read.error;
  return read.body;
}
