/** Tool read_recent_entries: the newest entries in full, newest first. */
import { z } from 'zod';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { entryContentSchema, indexStatus, indexStatusOutput, plain, renderContent, typeFilterSchema, type JournalToolContext, limitSchema } from './shared.js';

export const readRecentEntriesInput = {
  limit: limitSchema(50, 'Default 5.'),
  type: typeFilterSchema,
};

export const readRecentEntriesOutput = {
  entries: z.array(entryContentSchema),
  ...indexStatusOutput,
};

export const readRecentEntriesTool = defineTool({
  name: 'read_recent_entries',
  title: 'Read recent journal entries',
  description: 'The latest journal entries in full: pick up where you left off.',
  input: readRecentEntriesInput,
  output: readRecentEntriesOutput,
  annotations: readOnlyAnnotations,
  async handle(args, ctx: JournalToolContext) {
    const entries = await ctx.journal.readRecent({ limit: args.limit, type: args.type });
    const text = entries.length === 0 ? 'The journal has no entries yet.' : entries.map(renderContent).join('\n\n---\n\n');
    const index = indexStatus(ctx.journal);
    return { structured: { entries: entries.map(plain), ...index.fields }, text: text + index.line };
  },
});
