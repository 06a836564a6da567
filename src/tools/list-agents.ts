/** Tool list_agents: every agent in the catalog, filtered and paged, with load diagnostics. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { listAgents, SOURCE_KINDS } from '../catalog/list.js';
import { fail, ok, readOnlyAnnotations } from './result.js';

export const listAgentsInput = {
  query: z
    .string()
    .max(1000)
    .optional()
    .describe('Only agents whose name, summary or tools contain every word of this text (case-insensitive).'),
  source: z.enum(SOURCE_KINDS).optional().describe('Only agents from this source: flag (--agents), project (.claude/agents), user (~/.claude/agents) or bundled.'),
  limit: z.number().int().min(1).max(1000).optional().describe('Page size (default 100, at most 1000).'),
  cursor: z.string().max(100).optional().describe('The nextCursor of a previous call, to get the next page.'),
};

export const agentSummarySchema = z.object({
  name: z.string().describe('Agent name (unique in the catalog).'),
  summary: z.string().describe('Description without its examples.'),
  model: z.string().optional().describe('Model from the frontmatter, if any.'),
  color: z.string().optional().describe('Color from the frontmatter, if any.'),
  tools: z.array(z.string()).optional().describe('Tools from the frontmatter, as a list.'),
  source: z.enum(SOURCE_KINDS).describe('Which source the agent came from.'),
  path: z.string().describe('Absolute path of the agent file.'),
  exampleCount: z.number().int().describe('Number of <example> blocks.'),
  boundaryCount: z.number().int().describe('Number of hand-off / escalation statements in the file.'),
});

export const listAgentsOutput = {
  agents: z.array(agentSummarySchema).describe('This page of agents, sorted by name.'),
  total: z.number().int().describe('Number of agents matching the filters (all pages).'),
  nextCursor: z.string().optional().describe('Pass as cursor to get the next page; absent on the last page.'),
  diagnostics: z
    .array(z.object({ path: z.string(), code: z.string(), reason: z.string() }))
    .describe('Files that were skipped or could not be read, and why.'),
  shadowed: z
    .array(z.object({ name: z.string(), winner: z.string(), shadowed: z.string() }))
    .describe('Agent names defined in more than one place: the winner path and the shadowed path.'),
};

export function registerListAgents(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'list_agents',
    {
      title: 'List agents',
      description:
        'List the sub-agents in the catalog (all sources: --agents folders, .claude/agents, ~/.claude/agents, bundled), with summaries, models, tools and load diagnostics. Paged: pass nextCursor back as cursor.',
      inputSchema: listAgentsInput,
      outputSchema: listAgentsOutput,
      annotations: { title: 'List agents', ...readOnlyAnnotations },
    },
    async (args) => {
      const result = listAgents(await ctx.catalog.ready(), args, (snapshot, agent) => ctx.routing.engineFor(snapshot).boundaryCount(agent));
      if (!result.ok) return fail(result.message);
      const { page } = result;
      const lines = page.agents.map((a) => `- ${a.name} [${a.source}]${a.model ? ` (${a.model})` : ''}: ${a.summary.slice(0, 160)}`);
      const text =
        `${page.total} agent(s)` +
        (page.nextCursor ? `, showing ${page.agents.length} (next cursor: ${page.nextCursor})` : '') +
        `\n${lines.join('\n')}` +
        (page.diagnostics.length > 0 ? `\n\n${page.diagnostics.length} file(s) skipped:\n${page.diagnostics.map((d) => `- ${d.path}: ${d.reason}`).join('\n')}` : '');
      return ok(page, text);
    },
  );
}
