/** Tool list_agents: every agent in the catalog, filtered and paged, with load diagnostics. */
import { z } from 'zod';
import type { ServerContext } from '../../app/context.js';
import { listAgents, SOURCE_KINDS, type ListPage } from '../../catalog/list.js';
import { defineTool, readOnlyAnnotations } from './tool.js';

export const listAgentsInput = {
  query: z
    .string()
    .max(1000)
    .optional()
    .describe('Words that must all appear in name, summary or tools.'),
  source: z.enum(SOURCE_KINDS).optional().describe('Only agents from this source.'),
  limit: z.number().int().min(1).max(1000).optional().describe('Default 100.'),
  cursor: z.string().max(100).optional().describe('The previous page\'s nextCursor.'),
};

export const agentSummarySchema = z.object({
  name: z.string(),
  summary: z.string(),
  model: z.string().optional(),
  color: z.string().optional(),
  tools: z.array(z.string()).optional(),
  source: z.enum(SOURCE_KINDS),
  path: z.string(),
  exampleCount: z.number(),
  boundaryCount: z.number(),
});

export const listAgentsOutput = {
  agents: z.array(agentSummarySchema),
  total: z.number(),
  nextCursor: z.string().optional(),
  skippedCount: z.number(),
  shadowedCount: z.number(),
  diagnostics: z.array(z.object({ path: z.string(), code: z.string(), reason: z.string() })).optional(),
  shadowed: z.array(z.object({ name: z.string(), winner: z.string(), shadowed: z.string() })).optional(),
};

/** A text line's budget: the summary gets what name, source and counts leave (at least SUMMARY_MIN). */
const LINE_CHARS = 150;
const SUMMARY_MIN = 40;

/** `text` on one line, cut at a word boundary to at most `max` characters (an ellipsis marks the cut). */
export function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  let cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space >= max / 2) cut = cut.slice(0, space);
  // No dangling punctuation before the ellipsis.
  let end = cut.length;
  while (end > 0 && ' .,;:!?-'.includes(cut.charAt(end - 1))) end--;
  return `${cut.slice(0, end)}…`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The readable page: one line per agent (name, source, summary cut to fit, non-zero counts), then the
 * skipped files and shadowed names as counts with where to see them.
 */
export function renderListText(page: ListPage, first: number): string {
  const head =
    page.agents.length === page.total
      ? `${plural(page.total, 'agent', 'agents')}`
      : `${plural(page.total, 'agent', 'agents')}, ${page.agents.length > 0 ? `${first + 1}–${first + page.agents.length}` : 'none'} shown${page.nextCursor ? ` (next page: cursor "${page.nextCursor}")` : ''}`;
  const lines = page.agents.map((a) => {
    const counts = [a.exampleCount > 0 ? plural(a.exampleCount, 'example', 'examples') : '', a.boundaryCount > 0 ? plural(a.boundaryCount, 'hand-off', 'hand-offs') : '']
      .filter((c) => c !== '')
      .join(', ');
    const start = `- ${a.name} [${a.source}] `;
    const end = counts ? ` (${counts})` : '';
    return `${start}${oneLine(a.summary, Math.max(SUMMARY_MIN, LINE_CHARS - start.length - end.length))}${end}`;
  });
  const notes: string[] = [];
  if (page.skippedCount > 0) notes.push(`${plural(page.skippedCount, 'file', 'files')} skipped`);
  if (page.shadowedCount > 0) notes.push(`${plural(page.shadowedCount, 'agent name', 'agent names')} shadowed`);
  const tail =
    notes.length > 0
      ? `\n\n${notes.join(', ')}: run \`agent-catalog-mcp validate\` for the details${page.diagnostics ? ' (also in this result\'s diagnostics and shadowed)' : ''}.`
      : '';
  return `${head}\n${lines.join('\n')}${tail}`;
}

export const listAgentsTool = defineTool({
  name: 'list_agents',
  title: 'List agents',
  description: 'Browse the catalog\'s sub-agents: summaries, models, tools. Paged: pass nextCursor back as cursor.',
  input: listAgentsInput,
  output: listAgentsOutput,
  annotations: readOnlyAnnotations,
  async handle(args, ctx: ServerContext) {
    const { page, offset } = listAgents(await ctx.catalog.ready(), args, (snapshot, agent) => ctx.routing.engineFor(snapshot).boundaryCount(agent));
    return { structured: page, text: renderListText(page, offset) };
  },
});
