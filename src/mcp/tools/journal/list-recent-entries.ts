/** Tool list_recent_entries: the newest entries of the last N days, newest first. */
import { z } from 'zod';
import type { JournalTypeFilter } from '../../../journal/types.js';
import { defineTool, readOnlyAnnotations, type StructuredOf, type ToolReply } from '../tool.js';
import { daysSchema, entrySummarySchema, indexStatus, indexStatusOutput, plain, renderSummary, typeFilterSchema, type JournalToolContext, limitSchema } from './shared.js';

export const listRecentEntriesInput = {
  limit: limitSchema(100, 'Default 10.'),
  type: typeFilterSchema,
  days: daysSchema.optional().describe('Default 30.'),
};

export const listRecentEntriesOutput = {
  entries: z.array(entrySummarySchema),
  days: z.number(),
  ...indexStatusOutput,
};

/** The handler (also behind the reference-shaped tool of journal-only mode). */
export async function listRecentEntries(ctx: JournalToolContext, args: { limit?: number | undefined; type?: JournalTypeFilter | undefined; days?: number | undefined }): Promise<ToolReply<StructuredOf<typeof listRecentEntriesOutput>>> {
  const days = args.days ?? 30;
  const entries = await ctx.journal.listRecent({ limit: args.limit, type: args.type, days });
  const text =
    entries.length === 0
      ? `No entries found in the last ${days} days.`
      : `Recent entries (last ${days} days):\n\n${entries.map((e, i) => renderSummary(e, i)).join('\n\n')}`;
  const index = indexStatus(ctx.journal);
  return { structured: { entries: entries.map(plain), days, ...index.fields }, text: text + index.line };
}

export const listRecentEntriesTool = defineTool({
  name: 'list_recent_entries',
  title: 'List recent journal entries',
  description: 'Recent journal entries, newest first, with their opening lines.',
  input: listRecentEntriesInput,
  output: listRecentEntriesOutput,
  annotations: readOnlyAnnotations,
  handle: (args, ctx: JournalToolContext) => listRecentEntries(ctx, args),
});
