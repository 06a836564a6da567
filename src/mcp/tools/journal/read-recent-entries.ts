/** Tool read_recent_entries: the newest entries in full, newest first. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { failFrom, ok, readOnlyAnnotations } from '../result.js';
import { entryContentSchema, indexStatus, indexStatusOutput, plain, renderContent, typeFilterSchema, type JournalToolContext, limitSchema } from './shared.js';

export const readRecentEntriesInput = {
  limit: limitSchema(50, 'Default 5.'),
  type: typeFilterSchema,
};

export const readRecentEntriesOutput = {
  entries: z.array(entryContentSchema),
  ...indexStatusOutput,
};

export function registerReadRecentEntries(server: McpServer, ctx: JournalToolContext): void {
  server.registerTool(
    'read_recent_entries',
    {
      title: 'Read recent journal entries',
      description: 'The latest journal entries in full: pick up where you left off.',
      inputSchema: readRecentEntriesInput,
      outputSchema: readRecentEntriesOutput,
      annotations: readOnlyAnnotations,
    },
    async (args) => {
      try {
        const entries = await ctx.journal.readRecent({ limit: args.limit, type: args.type });
        const text = entries.length === 0 ? 'The journal has no entries yet.' : entries.map(renderContent).join('\n\n---\n\n');
        const index = indexStatus(ctx.journal);
        return ok({ entries: entries.map(plain), ...index.fields }, text + index.line);
      } catch (err) {
        return failFrom(err);
      }
    },
  );
}
