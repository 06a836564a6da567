/** Tool read_journal_entry: one entry in full. Only .md files inside a journal root (real path checked). */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { failFrom, ok, readOnlyAnnotations } from '../result.js';
import { entryContentSchema, plain, renderContent, type JournalToolContext } from './shared.js';

export const readJournalEntryInput = {
  path: z
    .string({ error: 'path is required: pass the path of an entry from search_journal or list_recent_entries' })
    .min(1, 'path is empty: pass the path of an entry from search_journal or list_recent_entries')
    .max(4096, 'path is longer than 4096 characters')
    .describe('From search_journal or list_recent_entries.'),
};

export const readJournalEntryOutput = entryContentSchema.shape;

export function registerReadJournalEntry(server: McpServer, ctx: JournalToolContext): void {
  server.registerTool(
    'read_journal_entry',
    {
      title: 'Read journal entry',
      description: 'Read one journal entry in full.',
      inputSchema: readJournalEntryInput,
      outputSchema: readJournalEntryOutput,
      annotations: readOnlyAnnotations,
    },
    (args) => readJournalEntryTool(ctx, args),
  );
}

/** The handler (also behind the reference-shaped tool of journal-only mode). */
export async function readJournalEntryTool(ctx: JournalToolContext, args: { path: string }): Promise<CallToolResult> {
  try {
    const entry = await ctx.journal.read(args.path);
    return ok(plain(entry), renderContent(entry));
  } catch (err) {
    return failFrom(err);
  }
}
