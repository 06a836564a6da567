/**
 * Journal-only mode (`--only journal`): exactly the tools of the reference private-journal MCP server, with
 * its tool names and argument shapes (property names, JSON types, enums, defaults, required lists), and
 * nothing else. Registered a second time under the name `private-journal`, this package then answers the
 * `mcp__private-journal__…` calls that agent prompts make. The handlers are the ones of the full server.
 */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { JOURNAL_TYPE_FILTERS } from '../../../journal/types.js';
import { readOnlyAnnotations } from '../result.js';
import { listRecentEntriesOutput, listRecentEntriesTool } from './list-recent-entries.js';
import { processThoughtsOutput, processThoughtsTool } from './process-thoughts.js';
import { readJournalEntryInput, readJournalEntryOutput, readJournalEntryTool } from './read-journal-entry.js';
import { searchJournalOutput, searchJournalTool } from './search-journal.js';
import type { JournalToolContext } from './shared.js';

/** The reference server's tools, in its order. */
export const REFERENCE_JOURNAL_TOOLS = ['process_thoughts', 'search_journal', 'read_journal_entry', 'list_recent_entries'] as const;

const MAX_FIELD = 200_000;
const text = (what: string) => z.string({ error: 'each field must be text' }).max(MAX_FIELD, `a field is longer than ${MAX_FIELD} characters: split it over several entries`).optional().describe(what);

/** The reference types these as JSON "number" (not "integer"): a fractional value is rounded down. */
const count = (max: number, fallback: number, what: string) =>
  z
    .number({ error: `must be a number from 1 to ${max}` })
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback)
    .describe(what);

const typeFilter = (what: string) => z.enum(JOURNAL_TYPE_FILTERS, { error: 'type must be "project", "user" or "both"' }).default('both').describe(what);

export const referenceProcessThoughtsInput = {
  feelings: text('Your private space to be completely honest about what you feel and think while working. Nobody else reads it. (User journal.)'),
  project_notes: text('Technical notes about the current project: patterns, decisions that worked or failed, gotchas, solutions. (Project journal.)'),
  user_context: text('Notes about working with your human collaborator: communication styles, preferences, decisions and why. (User journal.)'),
  technical_insights: text('Broader software engineering learnings: design patterns, debugging techniques, language features. (User journal.)'),
  world_knowledge: text('Anything else interesting or useful you learned: domain knowledge, facts, how systems work. (User journal.)'),
};

export const referenceSearchJournalInput = {
  query: z
    .string({ error: 'query is required: give the words to look for, e.g. "async error handling"' })
    .min(1, 'query is empty: give the words to look for, e.g. "async error handling"')
    .max(2000, 'query is longer than 2000 characters: use a few keywords')
    .describe("What to look for, in words (e.g. 'lessons about async patterns')."),
  limit: count(100, 10, 'Maximum number of results (default 10).'),
  type: typeFilter('Search the project journal, the user journal, or both (default both).'),
  sections: z
    .array(z.string().min(1).max(100), { error: 'sections must be a list of section names, e.g. ["technical_insights"]' })
    .max(20)
    .optional()
    .describe('Only entries with one of these sections, e.g. ["feelings", "technical_insights"].'),
};

export const referenceListRecentEntriesInput = {
  limit: count(100, 10, 'Maximum number of entries (default 10).'),
  type: typeFilter('List the project journal, the user journal, or both (default both).'),
  days: z
    .number({ error: 'days must be a number of days, e.g. 30' })
    .positive('days must be more than 0, e.g. 30')
    .max(36500, 'days must be at most 36500')
    .default(30)
    .describe('How many days back to look (default 30).'),
};

export function registerReferenceJournalTools(server: McpServer, ctx: JournalToolContext): void {
  server.registerTool(
    'process_thoughts',
    {
      title: 'Record journal thoughts',
      description:
        'Your PRIVATE JOURNAL for learning and reflection: write to any combination of these private spaces. ' +
        'project_notes goes to the project journal, the rest to your user journal. Entries are searchable at once with search_journal.',
      inputSchema: referenceProcessThoughtsInput,
      outputSchema: processThoughtsOutput,
      annotations: { title: 'Record journal thoughts', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) => processThoughtsTool(ctx, args),
  );
  server.registerTool(
    'search_journal',
    {
      title: 'Search journal',
      description: 'Search your private journal entries (project and user) for past insights, lessons and notes; best match first, with the passage that matched.',
      inputSchema: referenceSearchJournalInput,
      outputSchema: searchJournalOutput,
      annotations: { title: 'Search journal', ...readOnlyAnnotations },
    },
    (args) => searchJournalTool(ctx, { ...args, limit: Math.floor(args.limit) }),
  );
  server.registerTool(
    'read_journal_entry',
    {
      title: 'Read journal entry',
      description: 'Read the full content of one journal entry by its path (from search results).',
      inputSchema: readJournalEntryInput,
      outputSchema: readJournalEntryOutput,
      annotations: { title: 'Read journal entry', ...readOnlyAnnotations },
    },
    (args) => readJournalEntryTool(ctx, args),
  );
  server.registerTool(
    'list_recent_entries',
    {
      title: 'List recent journal entries',
      description: 'List recent journal entries, newest first (default: last 30 days, 10 entries, both journals).',
      inputSchema: referenceListRecentEntriesInput,
      outputSchema: listRecentEntriesOutput,
      annotations: { title: 'List recent journal entries', ...readOnlyAnnotations },
    },
    (args) => listRecentEntriesTool(ctx, { ...args, limit: Math.floor(args.limit) }),
  );
}
