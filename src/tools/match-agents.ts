/** Tool match_agents: which agents fit a task, ranked, with calibrated confidence, reasons and abstention. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { SOURCE_KINDS } from '../catalog/list.js';
import { CARD_FIELDS } from '../routing/card.js';
import { DEFAULT_LIMIT, MAX_LIMIT, matchAgents, type MatchResult } from '../routing/match.js';
import { fail, failFrom, ok, readOnlyAnnotations } from './result.js';

/** Longest task accepted; longer input is an error (the matcher reads the first 8,000 characters anyway). */
export const MAX_TASK_CHARS = 2_000_000;

export const taskSchema = z
  .string()
  .max(MAX_TASK_CHARS, `task is longer than ${MAX_TASK_CHARS} characters: describe the task in a few sentences`)
  .describe('The task to route, in plain words (a sentence or a paragraph; only the first 8,000 characters are read).');

export const matchAgentsInput = {
  task: taskSchema,
  limit: z.number().int().min(1).max(MAX_LIMIT).optional().describe(`How many matches to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).`),
  source: z.enum(SOURCE_KINDS).optional().describe('Only agents from this source: flag (--agents), project (.claude/agents), user (~/.claude/agents) or bundled.'),
};

export const matchSchema = z.object({
  name: z.string().describe('Agent name.'),
  score: z.number().describe('Raw search score (BM25+ over weighted fields); comparable within one call only.'),
  confidence: z.number().min(0).max(1).describe('Calibrated probability-like confidence (0–1) that this agent is the right one.'),
  reasons: z
    .array(z.object({ field: z.enum(CARD_FIELDS).describe('Which part of the agent file matched.'), text: z.string().describe('The matching sentence or bullet.') }))
    .describe('Where the task words were found in the agent file, strongest evidence first.'),
});

export const matchAgentsOutput = {
  matches: z.array(matchSchema).describe('Best agents first (may be non-empty even when abstained: weak candidates).'),
  abstained: z.boolean().describe('True when no agent fits the task well enough to recommend one.'),
  terms: z.array(z.string()).describe('The task words that were searched (stop words removed, stemmed).'),
  note: z.string().optional().describe('Why the result is empty or weak, when it is.'),
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

export function registerMatchAgents(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'match_agents',
    {
      title: 'Match agents to a task',
      description:
        'Rank the sub-agents in the catalog for a task described in plain words. Each match has a calibrated confidence (0–1) and reasons (the sentences of the agent file that matched). abstained is true when nothing in the catalog fits; use route_task to also honour hand-off rules written in agent files.',
      inputSchema: matchAgentsInput,
      outputSchema: matchAgentsOutput,
      annotations: { title: 'Match agents to a task', ...readOnlyAnnotations },
    },
    (args) => {
      try {
        if (args.task.trim() === '') return fail('task is empty: describe the task to route in a few words');
        const result = matchAgents(ctx.catalog.snapshot, args.task, {
          ...(args.limit !== undefined ? { limit: args.limit } : {}),
          ...(args.source !== undefined ? { source: args.source } : {}),
        });
        const structured: { matches: MatchResult['matches']; abstained: boolean; terms: string[]; note?: string } = {
          matches: result.matches,
          abstained: result.abstained,
          terms: result.terms,
        };
        if (result.note !== undefined) structured.note = result.note;
        return ok(structured, renderMatches(result, args.task));
      } catch (err) {
        return failFrom(err);
      }
    },
  );
}
