/** createServer: the MCP surface (tools, prompts, resources) over a ServerContext. Transport-agnostic. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from './context.js';
import { registerTools } from './tools/index.js';
import { registerAgentTools } from './tools/agent-tools.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerCompletions } from './completions.js';
import { VERSION } from './version.js';
import { compactToolList } from './tool-list.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { jsonSchemaValidator as JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

/**
 * One validator for every server instance (the HTTP server builds a server per request), created on first
 * use: servers only validate elicitation answers, and building Ajv costs several ms of every start.
 */
let ajv: AjvJsonSchemaValidator | undefined;
export const jsonSchemaValidator: JsonSchemaValidator = {
  getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema),
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
  registerTools(server, ctx);
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
