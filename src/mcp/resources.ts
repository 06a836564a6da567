/**
 * Resources: `agent://{name}` (the compiled prompt, text/markdown) and `agent://{name}/card` (the routing
 * card, JSON), listed through resource templates and a paged resources/list over the current snapshot.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerContext } from '../app/context.js';
import { requireAgent } from '../catalog/lookup.js';
import { CatalogError } from '../shared/errors.js';
import { pageOf } from './paging.js';

const AGENT_URI = /^agent:\/\/([^/?#]+)(\/card)?$/;

export function registerResources(server: McpServer, ctx: ServerContext): void {
  const low = server.server;
  low.registerCapabilities({ resources: { listChanged: true } });
  low.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      {
        uriTemplate: 'agent://{name}',
        name: 'agent',
        title: 'Agent system prompt',
        description: "An agent's compiled system prompt (markdown).",
        mimeType: 'text/markdown',
      },
      {
        uriTemplate: 'agent://{name}/card',
        name: 'agent-card',
        title: 'Agent routing card',
        description: "An agent's routing card: summary, examples, boundaries (hand-offs), routing fields (JSON).",
        mimeType: 'application/json',
      },
    ],
  }));
  low.setRequestHandler(ListResourcesRequestSchema, async (request) => {
    const snapshot = await ctx.catalog.ready();
    const { items, nextCursor } = pageOf(snapshot.names, request.params?.cursor);
    return {
      resources: items.map((name) => ({
        uri: `agent://${encodeURIComponent(name)}`,
        name,
        title: name,
        description: snapshot.agents.get(name)?.summary ?? '',
        mimeType: 'text/markdown',
      })),
      ...(nextCursor ? { nextCursor } : {}),
    };
  });
  low.setRequestHandler(ReadResourceRequestSchema, async (request): Promise<ReadResourceResult> => {
    const uri = request.params.uri;
    const m = AGENT_URI.exec(uri);
    if (!m) throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${uri.slice(0, 200)}: use agent://{name} or agent://{name}/card.`);
    let name: string;
    try {
      name = decodeURIComponent(m[1] ?? '');
    } catch {
      throw new McpError(ErrorCode.InvalidParams, `Resource URI ${uri.slice(0, 200)} is not validly percent-encoded.`);
    }
    const snapshot = await ctx.catalog.ready();
    let agent;
    try {
      agent = requireAgent(snapshot, name);
    } catch (err) {
      throw new McpError(ErrorCode.InvalidParams, err instanceof CatalogError ? err.message : String(err));
    }
    if (m[2]) {
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(ctx.routing.engineFor(snapshot).routingCard(agent.name), null, 2) }] };
    }
    const compiled = await ctx.prompts.build(snapshot, agent);
    return { contents: [{ uri, mimeType: 'text/markdown', text: compiled.prompt }] };
  });
}
