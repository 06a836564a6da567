/** Tool match_agents: which agents fit a task, ranked, with calibrated confidence, reasons and abstention. */
import { z } from 'zod';
import type { ServerContext } from '../../app/context.js';
import { SOURCE_KINDS } from '../../catalog/list.js';
import { CARD_FIELDS } from '../../routing/card.js';
import type { RoutingEngine } from '../../routing/engine.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type MatchOptions, type MatchResult } from '../../routing/match.js';
import { defineTool, readOnlyAnnotations, ToolInputError } from './tool.js';

/** Longest task accepted; longer input is an error (the matcher reads the first 8,000 characters anyway). */
export const MAX_TASK_CHARS = 2_000_000;

/** How long a match right after a start waits for the agent vectors before answering by words. */
const VECTORS_WAIT_MS = 300;

/**
 * The routing engine of the current catalog for match_agents, route_task and a delegate call that names no
 * agent: waits for the first catalog
 * load (servers answer before it ends) and, with meaning on, up to VECTORS_WAIT_MS for the agent vectors.
 */
export async function routingEngine(ctx: ServerContext): Promise<RoutingEngine> {
  const engine = ctx.routing.engineFor(await ctx.catalog.ready());
  if (ctx.semantic.enabled) await engine.vectorsWithin(VECTORS_WAIT_MS, () => ctx.semantic.load());
  return engine;
}

export const taskSchema = z
  .string()
  .max(MAX_TASK_CHARS, `task is longer than ${MAX_TASK_CHARS} characters: describe the task in a few sentences`)
  .describe('In plain words (the first 8,000 characters are read).');

export const matchAgentsInput = {
  task: taskSchema,
  limit: z.number().int().min(1).max(MAX_LIMIT).optional().describe(`Default ${DEFAULT_LIMIT}.`),
  source: z.enum(SOURCE_KINDS).optional().describe('Only agents from this source.'),
};

export const matchSchema = z.object({
  name: z.string(),
  score: z.number().describe('Comparable within one call only.'),
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.object({ field: z.enum(CARD_FIELDS), text: z.string() })),
});

export const matchAgentsOutput = {
  matches: z.array(matchSchema),
  abstained: z.boolean(),
  terms: z.array(z.string()),
  note: z.string().optional(),
  mode: z.enum(['lexical', 'hybrid']),
  modeNote: z.string().optional(),
};

export function renderMatches(result: MatchResult, task: string): string {
  const head = result.abstained
    ? `No agent fits "${task.slice(0, 80)}${task.length > 80 ? '…' : ''}" well${result.note ? ` (${result.note})` : ''}.`
    : `Best agents for "${task.slice(0, 80)}${task.length > 80 ? '…' : ''}":`;
  const lines = result.matches.map((m, i) => {
    const why = m.reasons[0] ? ` — ${m.reasons[0].field}: ${m.reasons[0].text.slice(0, 140)}` : '';
    return `${i + 1}. ${m.name} (confidence ${m.confidence.toFixed(2)})${why}`;
  });
  if (result.abstained && lines.length > 0) lines.unshift('Weak candidates:');
  return [head, ...lines].join('\n');
}

/** The engine for a routing call on `task` (see routingEngine); a task without words is refused first. */
export async function engineForTask(ctx: ServerContext, task: string): Promise<RoutingEngine> {
  if (task.trim() === '') throw new ToolInputError('task is empty: describe the task to route in a few words');
  return routingEngine(ctx);
}

export const matchAgentsTool = defineTool({
  name: 'match_agents',
  title: 'Match agents to a task',
  description:
    'Rank sub-agents for a task: calibrated confidence, the lines that matched; abstained when none fits. route_task also applies hand-off rules.',
  input: matchAgentsInput,
  output: matchAgentsOutput,
  annotations: readOnlyAnnotations,
  async handle(args, ctx: ServerContext) {
    const options: MatchOptions = {
      ...(args.limit !== undefined ? { limit: args.limit } : {}),
      ...(args.source !== undefined ? { source: args.source } : {}),
    };
    const result = (await engineForTask(ctx, args.task)).match(args.task, options);
    const structured = {
      matches: result.matches,
      abstained: result.abstained,
      terms: result.terms,
      mode: result.mode,
      ...(result.note !== undefined ? { note: result.note } : {}),
      ...(result.modeNote !== undefined ? { modeNote: result.modeNote } : {}),
    };
    const how = result.mode === 'hybrid' ? '(matched by words and meaning)' : `(matched by words only: ${result.modeNote ?? 'meaning is off'})`;
    return { structured, text: `${renderMatches(result, args.task)}\n${how}` };
  },
});
