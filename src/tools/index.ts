/** Every MCP tool, one per file; each module exports register(server, ctx). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { registerListAgents } from './list-agents.js';
import { registerGetAgentPrompt } from './get-agent-prompt.js';
import { registerGetProjectProfile } from './get-project-profile.js';

export function registerTools(server: McpServer, ctx: ServerContext): void {
  registerListAgents(server, ctx);
  registerGetAgentPrompt(server, ctx);
  registerGetProjectProfile(server, ctx);
}
