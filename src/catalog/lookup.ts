/** Name lookup with a helpful error: unknown names get the closest catalog names. */
import { UnknownAgentError } from '../shared/errors.js';
import { closestNames } from './suggest.js';
import type { AgentRecord, CatalogSnapshot } from './types.js';

export function requireAgent(snapshot: CatalogSnapshot, name: string): AgentRecord {
  const agent = snapshot.agents.get(name) ?? snapshot.agents.get(name.trim().toLowerCase());
  if (agent) return agent;
  throw new UnknownAgentError(name.length > 120 ? name.slice(0, 120) + '…' : name, closestNames(name, snapshot.names));
}
