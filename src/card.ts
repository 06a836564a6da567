/** The JSON card of one agent (resource agent://{name}/card). */
import type { AgentRecord, CatalogSnapshot } from './catalog/types.js';

export function agentCard(_snapshot: CatalogSnapshot, agent: AgentRecord): Record<string, unknown> {
  return {
    name: agent.name,
    summary: agent.summary,
    source: agent.source,
    path: agent.path,
    model: agent.model ?? null,
    tools: agent.tools ?? null,
    examples: agent.examples,
  };
}
