/** Tool read_journal_entry: one entry in full. Only .md files inside a journal root (real path checked). */
import { defineTool, readOnlyAnnotations, type StructuredOf, type ToolReply } from '../tool.js';
import { entryContentSchema, entryPathSchema, plain, renderContent, type JournalToolContext } from './shared.js';

export const readJournalEntryInput = {
  path: entryPathSchema.describe('From search_journal or list_recent_entries.'),
};

export const readJournalEntryOutput = entryContentSchema.shape;

/** The handler (also behind the reference-shaped tool of journal-only mode). */
export async function readJournalEntry(ctx: JournalToolContext, args: { path: string }): Promise<ToolReply<StructuredOf<typeof readJournalEntryOutput>>> {
  const entry = await ctx.journal.read(args.path);
  return { structured: plain(entry), text: renderContent(entry) };
}

export const readJournalEntryTool = defineTool({
  name: 'read_journal_entry',
  title: 'Read journal entry',
  description: 'Read one journal entry in full.',
  input: readJournalEntryInput,
  output: readJournalEntryOutput,
  annotations: readOnlyAnnotations,
  handle: (args, ctx: JournalToolContext) => readJournalEntry(ctx, args),
});
