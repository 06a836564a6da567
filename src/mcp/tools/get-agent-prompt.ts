/** Tool get_agent_prompt: one agent's compiled system prompt, with includes, unresolved and stale fragments. */
import { z } from 'zod';
import type { ServerContext } from '../../app/context.js';
import { requireAgent } from '../../catalog/lookup.js';
import { defineTool, readOnlyAnnotations } from './tool.js';

export const agentNameSchema = z
  .string()
  .min(1, 'name is empty: give an agent name from list_agents')
  .max(200, 'name is longer than 200 characters: agent names are short, e.g. "python-pro"')
  .describe('From list_agents.');

export const getAgentPromptInput = {
  name: agentNameSchema,
  refresh: z
    .boolean()
    .optional()
    .describe('Replace stale embedded fragments with the current text.'),
  project_dir: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe("Project that fills placeholders (default: the server's; over HTTP, inside a --project-root)."),
  fill_placeholders: z
    .boolean()
    .optional()
    .describe('Default: when the project has a profile.'),
};

export const getAgentPromptOutput = {
  name: z.string(),
  prompt: z.string(),
  frontmatter: z.record(z.string(), z.unknown()),
  includes: z.array(z.string()),
  unresolved: z.array(z.object({ name: z.string(), reason: z.string() })),
  stale: z.array(z.string()),
  provenance: z.object({ compiledFrom: z.string().optional(), generatedAt: z.string().optional(), sourceTemplate: z.string().optional() }).optional(),
  path: z.string(),
  source: z.string(),
  exampleCount: z.number(),
  boundaryCount: z.number(),
  filled: z.array(z.object({ placeholder: z.string(), value: z.string(), evidence: z.object({ file: z.string(), why: z.string() }), count: z.number() })),
  unfilled: z.array(z.object({ placeholder: z.string(), reason: z.string(), count: z.number() })),
  project: z.object({ dir: z.string(), name: z.string(), source: z.string() }).optional(),
};

export const getAgentPromptTool = defineTool({
  name: 'get_agent_prompt',
  title: 'Get compiled agent prompt',
  description: "An agent's compiled system prompt: shared-prompt includes inlined, placeholders filled from the project.",
  input: getAgentPromptInput,
  output: getAgentPromptOutput,
  annotations: readOnlyAnnotations,
  async handle({ name, refresh, project_dir, fill_placeholders }, ctx: ServerContext) {
    const snapshot = await ctx.catalog.ready();
    const agent = requireAgent(snapshot, name);
    const compiled = await ctx.prompts.build(snapshot, agent, { refresh, projectDir: project_dir, fillPlaceholders: fill_placeholders });
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
    return { structured, text: `${notes.length > 0 ? `<!-- ${notes.join(' | ')} -->\n` : ''}${compiled.prompt}` };
  },
});
