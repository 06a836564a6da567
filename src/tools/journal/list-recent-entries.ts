/** Tool list_recent_entries: the newest entries of the last N days, newest first. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { failFrom, ok, readOnlyAnnotations } from '../result.js';
import { entrySummarySchema, plain, renderSummary, typeFilterSchema, type JournalToolContext, limitSchema } from './shared.js';

export const listRecentEntriesInput = {
  limit: limitSchema(100, 'Default 10.'),
  type: typeFilterSchema,
  days: z
    .number({ error: 'days must be a number of days, e.g. 30' })
    .positive('days must be more than 0, e.g. 30')
    .max(36500, 'days must be at most 36500')
    .optional()
    .describe('Days back (default 30).'),
};

export const listRecentEntriesOutput = {
  entries: z.array(entrySummarySchema),
  days: z.number(),
};

export function registerListRecentEntries(server: McpServer, ctx: JournalToolContext): void {
  server.registerTool(
    'list_recent_entries',
    {
      title: 'List recent journal entries',
      description: 'Recent journal entries, newest first, with sections and opening lines.',
      inputSchema: listRecentEntriesInput,
      outputSchema: listRecentEntriesOutput,
      annotations: readOnlyAnnotations,
    },
    async (args) => {
      try {
        const days = args.days ?? 30;
        const entries = await ctx.journal.listRecent({ limit: args.limit, type: args.type, days });
        const text =
          entries.length === 0
            ? `No entries found in the last ${days} days.`
            : `Recent entries (last ${days} days):\n\n${entries.map((e, i) => renderSummary(e, i)).join('\n\n')}`;
        return ok({ entries: entries.map(plain), days }, text);
      } catch (err) {
        return failFrom(err);
      }
    },
  );
}
