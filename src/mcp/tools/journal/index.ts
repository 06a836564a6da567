/** The journal tools: search_journal, read_journal_entry, list_recent_entries, read_recent_entries, process_thoughts. */
import type { Tool } from '../tool.js';
import { listRecentEntriesTool } from './list-recent-entries.js';
import { processThoughtsTool } from './process-thoughts.js';
import { readJournalEntryTool } from './read-journal-entry.js';
import { readRecentEntriesTool } from './read-recent-entries.js';
import { searchJournalTool } from './search-journal.js';
import type { JournalToolContext } from './shared.js';

export type { JournalToolContext } from './shared.js';
export { REFERENCE_JOURNAL_TOOLS } from './reference.js';

/** Every journal tool, in tools/list order. Runs on any context with a `journal` (a ServerContext fits). */
export const JOURNAL_TOOLS: readonly Tool<JournalToolContext>[] = [searchJournalTool, readJournalEntryTool, listRecentEntriesTool, readRecentEntriesTool, processThoughtsTool];
