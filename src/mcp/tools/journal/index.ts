/** The journal tools: search_journal, read_journal_entry, list_recent_entries, read_recent_entries, process_thoughts. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerListRecentEntries } from './list-recent-entries.js';
import { registerProcessThoughts } from './process-thoughts.js';
import { registerReadJournalEntry } from './read-journal-entry.js';
import { registerReadRecentEntries } from './read-recent-entries.js';
import { registerSearchJournal } from './search-journal.js';
import type { JournalToolContext } from './shared.js';

export type { JournalToolContext } from './shared.js';

export const JOURNAL_TOOL_NAMES = ['search_journal', 'read_journal_entry', 'list_recent_entries', 'read_recent_entries', 'process_thoughts'] as const;

/** Register every journal tool. Takes any context with a `journal` (a ServerContext & { journal } fits). */
export function registerJournalTools(server: McpServer, ctx: JournalToolContext): void {
  registerSearchJournal(server, ctx);
  registerReadJournalEntry(server, ctx);
  registerListRecentEntries(server, ctx);
  registerReadRecentEntries(server, ctx);
  registerProcessThoughts(server, ctx);
}
