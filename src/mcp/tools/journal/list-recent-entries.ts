/** Tool list_recent_entries: the newest entries of the last N days, newest first. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { JournalTypeFilter } from '../../../journal/types.js';
import { failFrom, ok, readOnlyAnnotations } from '../result.js';
import { entrySummarySchema, indexStatus, indexStatusOutput, plain, renderSummary, typeFilterSchema, type JournalToolContext, limitSchema } from './shared.js';

export const listRecentEntriesInput = {
  limit: limitSchema(100, 'Default 10.'),
  type: typeFilterSchema,
  days: z
    .number({ error: 'days must be a number of days, e.g. 30' })
    .positive('days must be more than 0, e.g. 30')
    .max(36500, 'days must be at most 36500')
    .optional()
    .describe('Default 30.'),
};

export const listRecentEntriesOutput = {
  entries: z.array(entrySummarySchema),
  days: z.number(),
  ...indexStatusOutput,
};

export function registerListRecentEntries(server: McpServer, ctx: JournalToolContext): void {
  server.registerTool(
    'list_recent_entries',
    {
      title: 'List recent journal entries',
      description: 'Recent journal entries, newest first, with their opening lines.',
      inputSchema: listRecentEntriesInput,
      outputSchema: listRecentEntriesOutput,
      annotations: readOnlyAnnotations,
    },
    (args) => listRecentEntriesTool(ctx, args),
  );
}

/** The handler (also behind the reference-shaped tool of journal-only mode). */
export async function listRecentEntriesTool(ctx: JournalToolContext, args: { limit?: number | undefined; type?: JournalTypeFilter | undefined; days?: number | undefined }): Promise<CallToolResult> {
  try {
    const days = args.days ?? 30;
    const entries = await ctx.journal.listRecent({ limit: args.limit, type: args.type, days });
    const text =
      entries.length === 0
        ? `No entries found in the last ${days} days.`
        : `Recent entries (last ${days} days):\n\n${entries.map((e, i) => renderSummary(e, i)).join('\n\n')}`;
    const index = indexStatus(ctx.journal);
    return ok({ entries: entries.map(plain), days, ...index.fields }, text + index.line);
  } catch (err) {
    return failFrom(err);
  }
}
