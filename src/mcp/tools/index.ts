/** Every MCP tool of the full server, as data, in tools/list order; `dispatch.ts` registers and runs them. */
import type { ServerContext } from '../../app/context.js';
import type { Tool } from './tool.js';
import { listAgentsTool } from './list-agents.js';
import { getAgentPromptTool } from './get-agent-prompt.js';
import { JOURNAL_TOOLS } from './journal/index.js';
import { getProjectProfileTool } from './get-project-profile.js';
import { matchAgentsTool } from './match-agents.js';
import { routeTaskTool } from './route-task.js';
import { getStatusTool } from './get-status.js';
import { delegateTool } from './delegate.js';

export const TOOLS: readonly Tool<ServerContext>[] = [
  listAgentsTool,
  getAgentPromptTool,
  ...JOURNAL_TOOLS,
  getProjectProfileTool,
  matchAgentsTool,
  routeTaskTool,
  getStatusTool,
  delegateTool,
];
