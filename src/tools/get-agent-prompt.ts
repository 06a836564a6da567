/** Tool get_agent_prompt: one agent's compiled system prompt, with includes, unresolved and stale fragments. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { requireAgent } from '../catalog/lookup.js';
import { buildAgentPrompt } from '../agent-prompt.js';
import { failFrom, ok, readOnlyAnnotations } from './result.js';

export const agentNameSchema = z
  .string()
  .min(1, 'name is empty: give an agent name from list_agents')
  .max(200, 'name is longer than 200 characters: agent names are short, e.g. "python-pro"')
  .describe('Agent name, as listed by list_agents (e.g. "python-pro").');

export const getAgentPromptInput = {
  name: agentNameSchema,
  refresh: z
    .boolean()
    .optional()
    .describe('Replace already-compiled <!-- BEGIN: x.md --> blocks with the current shared-prompt fragment (default false: keep them as embedded).'),
  project_dir: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe("Project folder whose commands fill the prompt's placeholders (absolute, or relative to the server's project folder). Default: the server's project folder. On an HTTP team server it must be inside a --project-root."),
  fill_placeholders: z
    .boolean()
    .optional()
    .describe('Fill [project-specific-…-command] placeholders from the project profile (default: true when the project has a profile).'),
};

export const getAgentPromptOutput = {
  name: z.string().describe('Agent name.'),
  prompt: z.string().describe('The compiled system prompt (markdown).'),
  frontmatter: z.record(z.string(), z.unknown()).describe('Every frontmatter field of the agent file.'),
  includes: z.array(z.string()).describe('Shared-prompt fragments inlined or embedded, in order.'),
  unresolved: z.array(z.object({ name: z.string(), reason: z.string() })).describe('Reference lines left in place, with the reason.'),
  stale: z.array(z.string()).describe('Embedded blocks whose text differs from the current fragment (refresh: true replaces them).'),
  provenance: z
    .object({ compiledFrom: z.string().optional(), generatedAt: z.string().optional(), sourceTemplate: z.string().optional() })
    .optional()
    .describe('Compiler comments found at the end of the file (moved out of the prompt).'),
  path: z.string().describe('Absolute path of the agent file.'),
  source: z.string().describe('Which source the agent came from.'),
  exampleCount: z.number().int().describe('Number of <example> blocks.'),
  boundaryCount: z.number().int().describe('Number of hand-off / escalation statements.'),
  filled: z
    .array(
      z.object({
        placeholder: z.string().describe('Placeholder text as it was.'),
        value: z.string().describe('What replaced it.'),
        evidence: z.object({ file: z.string(), why: z.string() }).describe('Project file that justifies the value.'),
        count: z.number().int().describe('Occurrences replaced.'),
      }),
    )
    .describe('Placeholders filled from the project profile.'),
  unfilled: z
    .array(z.object({ placeholder: z.string(), reason: z.string(), count: z.number().int() }))
    .describe('Placeholders left in the prompt, and why.'),
  project: z
    .object({ dir: z.string(), name: z.string(), source: z.string() })
    .optional()
    .describe('The project whose profile filled the prompt.'),
};

export function registerGetAgentPrompt(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'get_agent_prompt',
    {
      title: 'Get compiled agent prompt',
      description:
        "Return an agent's compiled system prompt: @~/.claude/shared-prompts/NAME include lines inlined, compiled blocks kept (or refreshed), with the list of includes, unresolved references and stale blocks.",
      inputSchema: getAgentPromptInput,
      outputSchema: getAgentPromptOutput,
      annotations: { title: 'Get compiled agent prompt', ...readOnlyAnnotations },
    },
    async ({ name, refresh, project_dir, fill_placeholders }) => {
      try {
        const snapshot = await ctx.catalog.ready();
        const agent = requireAgent(snapshot, name);
        const compiled = await buildAgentPrompt(ctx.config, snapshot, agent, { refresh, projectDir: project_dir, fillPlaceholders: fill_placeholders });
        const structured = {
          name: agent.name,
          prompt: compiled.prompt,
          frontmatter: agent.frontmatter,
          includes: compiled.includes,
          unresolved: compiled.unresolved,
          stale: compiled.stale,
          ...(compiled.provenance ? { provenance: compiled.provenance } : {}),
          path: agent.path,
          source: agent.source,
          exampleCount: agent.examples.length,
          boundaryCount: ctx.routing.engineFor(snapshot).boundaryCount(agent),
          filled: compiled.filled,
          unfilled: compiled.unfilled,
          ...(compiled.project ? { project: compiled.project } : {}),
        };
        const notes = [
          compiled.includes.length > 0 ? `includes: ${compiled.includes.join(', ')}` : '',
          compiled.unresolved.length > 0 ? `unresolved: ${compiled.unresolved.map((u) => `${u.name} (${u.reason})`).join('; ')}` : '',
          compiled.stale.length > 0 ? `stale: ${compiled.stale.join(', ')} (refresh: true replaces them)` : '',
          compiled.filled.length > 0 ? `filled from ${compiled.project?.name ?? 'project'}: ${compiled.filled.map((f) => `${f.placeholder} → ${f.value}`).join('; ')}` : '',
        ].filter(Boolean);
        return ok(structured, `${notes.length > 0 ? `<!-- ${notes.join(' | ')} -->\n` : ''}${compiled.prompt}`);
      } catch (err) {
        return failFrom(err);
      }
    },
  );
}
