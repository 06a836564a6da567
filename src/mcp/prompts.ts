/**
 * Every agent is an MCP prompt (optional argument `task`). Served with low-level handlers over the
 * current snapshot, so a catalog of thousands of agents needs no per-agent registration and reloads
 * are a snapshot swap plus one list_changed notification.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, McpError, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerContext } from '../app/context.js';
import { requireAgent } from '../catalog/lookup.js';
import { CatalogError } from '../shared/errors.js';
import { pageOf } from './paging.js';

export const MAX_TASK_CHARS = 100_000;

export function registerPrompts(server: McpServer, ctx: ServerContext): void {
  const low = server.server;
  low.registerCapabilities({ prompts: { listChanged: true } });
  low.setRequestHandler(ListPromptsRequestSchema, async (request) => {
    const snapshot = await ctx.catalog.ready();
    const { items, nextCursor } = pageOf(snapshot.names, request.params?.cursor);
    return {
      prompts: items.map((name) => {
        const agent = snapshot.agents.get(name);
        return {
          name,
          title: name,
          description: agent?.summary ?? '',
          arguments: [{ name: 'task', description: 'The task to hand to this agent (optional).', required: false }],
        };
      }),
      ...(nextCursor ? { nextCursor } : {}),
    };
  });
  low.setRequestHandler(GetPromptRequestSchema, async (request): Promise<GetPromptResult> => {
    const snapshot = await ctx.catalog.ready();
    const task = request.params.arguments?.task;
    if (task !== undefined && (typeof task !== 'string' || task.length > MAX_TASK_CHARS)) {
      throw new McpError(ErrorCode.InvalidParams, `Argument "task" must be a string of at most ${MAX_TASK_CHARS} characters.`);
    }
    let agent;
    try {
      agent = requireAgent(snapshot, request.params.name);
    } catch (err) {
      throw new McpError(ErrorCode.InvalidParams, err instanceof CatalogError ? err.message : String(err));
    }
    const compiled = await ctx.prompts.build(snapshot, agent);
    const messages: GetPromptResult['messages'] = [
      {
        role: 'user',
        content: {
          type: 'text',
          text: `Act as the "${agent.name}" sub-agent. Its system prompt follows.\n\n${compiled.prompt}`,
        },
      },
    ];
    if (task && task.trim() !== '') messages.push({ role: 'user', content: { type: 'text', text: `Task:\n${task}` } });
    return { description: agent.summary, messages };
  });
}
