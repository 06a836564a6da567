/** Every MCP tool, one per file; each module exports register(server, ctx). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../../app/context.js';
import { registerListAgents } from './list-agents.js';
import { registerGetAgentPrompt } from './get-agent-prompt.js';
import { registerJournalTools } from './journal/index.js';
import { registerGetProjectProfile } from './get-project-profile.js';
import { registerMatchAgents } from './match-agents.js';
import { registerRouteTask } from './route-task.js';
import { registerGetStatus } from './get-status.js';
import { registerDelegate } from './delegate.js';

export function registerTools(server: McpServer, ctx: ServerContext): void {
  registerListAgents(server, ctx);
  registerGetAgentPrompt(server, ctx);
  registerJournalTools(server, ctx);
  registerGetProjectProfile(server, ctx);
  registerMatchAgents(server, ctx);
  registerRouteTask(server, ctx);
  registerGetStatus(server, ctx);
  registerDelegate(server, ctx);
}
