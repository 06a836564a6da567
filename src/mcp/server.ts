/** createServer: the MCP surface (tools, prompts, resources) over a ServerContext. Transport-agnostic. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../app/context.js';
import { TOOLS } from './tools/index.js';
import { registerTools } from './tools/dispatch.js';
import { registerAgentTools } from './tools/agent-tools.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerCompletions } from './completions.js';
import { VERSION } from '../shared/version.js';
import { compactToolList } from './tool-list.js';
import type { jsonSchemaValidator as JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

/**
 * The JSON Schema validator handed to the SDK's Server, which uses one only to check elicitation answers.
 * This server never asks for elicitation, so no validator library is loaded (the bundle leaves Ajv out:
 * scripts/postbuild.mjs); a future elicitation would fail with this error rather than go unchecked.
 */
export const jsonSchemaValidator: JsonSchemaValidator = {
  getValidator: () => {
    throw new Error('agent-catalog-mcp has no JSON Schema validator: it does not request elicitation');
  },
};

export function createServer(ctx: ServerContext): McpServer {
  const server = new McpServer(
    { name: 'agent-catalog-mcp', version: VERSION },
    {
      capabilities: { logging: {} },
      jsonSchemaValidator,
      // Per-agent tools change in one synchronous pass per reload: one tools/list_changed, not one per tool.
      debouncedNotificationMethods: ['notifications/tools/list_changed'],
      instructions:
        'Catalog of Claude Code sub-agents. list_agents to browse, get_agent_prompt for a compiled system prompt; every agent is also a prompt and an agent://{name} resource.',
    },
  );
  compactToolList(server);
  registerTools(server, ctx, TOOLS);
  const stopAgentTools = registerAgentTools(server, ctx);
  registerPrompts(server, ctx);
  registerResources(server, ctx);
  registerCompletions(server, ctx);

  // One list_changed per catalog reload that changes the set of names (not one per file).
  const onChange = ({ namesChanged }: { namesChanged: boolean }): void => {
    if (!namesChanged || !server.isConnected()) return;
    void server.server.sendPromptListChanged().catch(() => undefined);
    void server.server.sendResourceListChanged().catch(() => undefined);
  };
  ctx.catalog.on('change', onChange);
  const close = server.close.bind(server);
  server.close = async () => {
    ctx.catalog.off('change', onChange);
    stopAgentTools();
    await close();
  };
  return server;
}
