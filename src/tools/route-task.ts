/** Tool route_task: stay / hand off / pick, honouring the boundaries written in the agent files. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { SOURCE_KINDS } from '../catalog/list.js';
import type { RouteResult } from '../routing/route.js';
import { taskSchema } from './match-agents.js';
import { fail, failFrom, ok, readOnlyAnnotations } from './result.js';

export const routeTaskInput = {
  task: taskSchema,
  current_agent: z
    .string()
    .max(200, 'current_agent is longer than 200 characters: agent names are short, e.g. "python-pro"')
    .optional()
    .describe('The agent now holding the task (e.g. "python-engineer"): decide whether it should keep it or hand it off.'),
  source: z.enum(SOURCE_KINDS).optional().describe('Only consider agents from this source when matching.'),
};

const KINDS = ['handoff', 'escalate', 'coordinate', 'delegate'] as const;

export const routeTaskOutput = {
  decision: z.enum(['stay', 'handoff', 'pick']).describe('stay: the current agent keeps the task; handoff: it should pass it on; pick: the agent chosen when no current agent was given.'),
  agent: z.string().nullable().describe('Who should do the task; null when nothing fits (or an escalation to a human expert). May name an agent outside the catalog: see handoffs[].inCatalog.'),
  confidence: z.number().min(0).max(1).describe('Confidence (0–1) in the chosen agent.'),
  abstained: z.boolean().describe('True when no agent in the catalog fits the task well.'),
  alternatives: z.array(z.object({ name: z.string(), confidence: z.number() })).describe('Other catalog agents that match, best first.'),
  handoffs: z
    .array(
      z.object({
        to: z.string().describe('Target agent named by the boundary (lowercase-hyphenated); "experts" for an escalation naming nobody.'),
        inCatalog: z.boolean().describe('Whether the target is in this catalog.'),
        kind: z.enum(KINDS).describe('handoff, escalate, coordinate or delegate, as the file words it.'),
        line: z.string().describe('The boundary line in the agent file.'),
        topics: z.array(z.string()).describe('What the boundary says goes to the target.'),
        matched: z.array(z.string()).describe('Task words (stemmed) the boundary covers.'),
        score: z.number().describe('Strength of the boundary match (comparable within one call).'),
      }),
    )
    .describe('Boundaries of the consulted agent that touch this task, strongest first.'),
  rationale: z.string().describe('Why, in one or two sentences, quoting the boundary line when one decided it.'),
  consulted: z.string().nullable().describe('The agent whose boundaries were consulted (the current agent, or the best match).'),
};

export function renderRoute(r: RouteResult): string {
  const who = r.agent ?? (r.abstained ? 'no agent' : 'a human expert');
  const lines = [`${r.decision.toUpperCase()}: ${who}${r.agent ? ` (confidence ${r.confidence.toFixed(2)})` : ''}`, r.rationale];
  if (r.handoffs.length > 0) {
    lines.push('Boundaries that touch this task:');
    for (const h of r.handoffs.slice(0, 5)) lines.push(`- ${h.kind} → ${h.to}${h.inCatalog ? '' : ' (not in catalog)'}: ${h.line.slice(0, 160)}`);
  }
  if (r.alternatives.length > 0) lines.push(`Alternatives: ${r.alternatives.map((a) => `${a.name} (${a.confidence.toFixed(2)})`).join(', ')}`);
  return lines.join('\n');
}

export function registerRouteTask(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'route_task',
    {
      title: 'Route a task',
      description:
        "Decide who should do a task. With current_agent: stay when the task is in that agent's scope, or hand off when it falls under one of the boundaries its own file declares (naming the line). Without it: pick the best-matching agent, then honour that agent's own hand-off rules when they point to an agent in the catalog.",
      inputSchema: routeTaskInput,
      outputSchema: routeTaskOutput,
      annotations: { title: 'Route a task', ...readOnlyAnnotations },
    },
    async (args) => {
      try {
        if (args.task.trim() === '') return fail('task is empty: describe the task to route in a few words');
        const current = args.current_agent?.trim();
        // A server answers before its first catalog load ends: wait for it, as the other tools do.
        const result = ctx.routing.engineFor(await ctx.catalog.ready()).route(args.task, {
          ...(current ? { currentAgent: current } : {}),
          ...(args.source !== undefined ? { source: args.source } : {}),
        });
        return ok({ ...result }, renderRoute(result));
      } catch (err) {
        return failFrom(err);
      }
    },
  );
}
