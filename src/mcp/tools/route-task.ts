/** Tool route_task: stay / hand off / pick, honouring the boundaries written in the agent files. */
import { z } from 'zod';
import type { ServerContext } from '../../app/context.js';
import { SOURCE_KINDS } from '../../catalog/list.js';
import type { RouteResult } from '../../routing/route.js';
import { engineForTask, taskSchema } from './match-agents.js';
import { defineTool, readOnlyAnnotations } from './tool.js';

export const routeTaskInput = {
  task: taskSchema,
  current_agent: z
    .string()
    .max(200, 'current_agent is longer than 200 characters: agent names are short, e.g. "python-pro"')
    .optional()
    .describe('Agent holding the task now: keep it or hand off?'),
  source: z.enum(SOURCE_KINDS).optional().describe('Only agents from this source.'),
};

const KINDS = ['handoff', 'escalate', 'coordinate', 'delegate'] as const;

export const routeTaskOutput = {
  decision: z.enum(['stay', 'handoff', 'pick']),
  agent: z.string().nullable().describe('null: nothing fits, or a human expert. May be outside the catalog.'),
  confidence: z.number().min(0).max(1),
  abstained: z.boolean(),
  alternatives: z.array(z.object({ name: z.string(), confidence: z.number() })),
  handoffs: z.array(
    z.object({
      to: z.string(),
      inCatalog: z.boolean(),
      kind: z.enum(KINDS),
      line: z.string(),
      topics: z.array(z.string()),
      matched: z.array(z.string()),
      score: z.number(),
    }),
  ),
  rationale: z.string(),
  consulted: z.string().nullable(),
  mode: z.enum(['lexical', 'hybrid']).describe('hybrid: decided by words and meaning; lexical: by words only (see modeNote).'),
  modeNote: z.string().optional(),
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

export const routeTaskTool = defineTool({
  name: 'route_task',
  title: 'Route a task',
  description:
    "Who should do a task. With current_agent: stay, or hand off per a boundary in that agent's file (quoted). Without: the best match, honouring its hand-off rules.",
  input: routeTaskInput,
  output: routeTaskOutput,
  annotations: readOnlyAnnotations,
  async handle(args, ctx: ServerContext) {
    const current = args.current_agent?.trim();
    const result = (await engineForTask(ctx, args.task)).route(args.task, {
      ...(current ? { currentAgent: current } : {}),
      ...(args.source !== undefined ? { source: args.source } : {}),
    });
    return { structured: { ...result }, text: renderRoute(result) };
  },
});
