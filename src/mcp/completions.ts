/**
 * completion/complete: agent names for the `name` argument of the agent://{name} and agent://{name}/card
 * templates, and for prompt arguments that name an agent (`name`, `agent`, `current_agent`, `from`, `to`, …).
 * Names starting with the typed text come first, then names containing it; at most 100, with `total` and
 * `hasMore`. Anything else completes to an empty list (never an error: clients ask speculatively).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CompleteRequestSchema, type CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerContext } from '../app/context.js';

/** At most this many values in one answer (the protocol's limit). */
export const MAX_COMPLETIONS = 100;

/** Resource templates whose `name` argument is an agent name. */
export const AGENT_URI_TEMPLATES: ReadonlySet<string> = new Set(['agent://{name}', 'agent://{name}/card']);

/** Prompt argument names that hold an agent name. */
export const AGENT_ARGUMENT_NAMES: ReadonlySet<string> = new Set(['name', 'agent', 'agent_name', 'current_agent', 'from', 'to', 'from_agent', 'to_agent']);

/** Names starting with `value` (case-insensitive), then names containing it; capped, with the full count. */
export function completeAgentNames(names: readonly string[], value: string): CompleteResult['completion'] {
  const needle = value.trim().toLowerCase();
  const prefix: string[] = [];
  const inner: string[] = [];
  for (const name of names) {
    const i = name.toLowerCase().indexOf(needle);
    if (i === 0) prefix.push(name);
    else if (i > 0) inner.push(name);
  }
  const total = prefix.length + inner.length;
  const values = prefix.length >= MAX_COMPLETIONS ? prefix.slice(0, MAX_COMPLETIONS) : [...prefix, ...inner.slice(0, MAX_COMPLETIONS - prefix.length)];
  return { values, total, hasMore: total > values.length };
}

const EMPTY: CompleteResult = { completion: { values: [], total: 0, hasMore: false } };

export function registerCompletions(server: McpServer, ctx: ServerContext): void {
  const low = server.server;
  low.registerCapabilities({ completions: {} });
  low.setRequestHandler(CompleteRequestSchema, async (request): Promise<CompleteResult> => {
    const { ref, argument } = request.params;
    const namesAgent = ref.type === 'ref/resource' ? AGENT_URI_TEMPLATES.has(ref.uri) && argument.name === 'name' : AGENT_ARGUMENT_NAMES.has(argument.name);
    if (!namesAgent) return EMPTY;
    return { completion: completeAgentNames((await ctx.catalog.ready()).names, argument.value) };
  });
}
