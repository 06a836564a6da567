/**
 * Journal-only mode (`--only journal`): exactly the tools of the reference private-journal MCP server, with
 * its tool names and argument shapes (property names, JSON types, enums, defaults, required lists), and
 * nothing else. Registered a second time under the name `private-journal`, this package then answers the
 * `mcp__private-journal__…` calls that agent prompts make. The handlers are the ones of the full server.
 */
import { z } from 'zod';
import { JOURNAL_TYPE_FILTERS } from '../../../journal/types.js';
import { defineTool, type OutputSchema, type Tool, type ToolSpec } from '../tool.js';
import { listRecentEntries, listRecentEntriesTool } from './list-recent-entries.js';
import { processThoughts, processThoughtsTool } from './process-thoughts.js';
import { readJournalEntry, readJournalEntryInput, readJournalEntryTool } from './read-journal-entry.js';
import { searchJournal, searchJournalTool } from './search-journal.js';
import { daysSchema, querySchema, sectionsSchema, thoughtSchema, type JournalToolContext } from './shared.js';

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
  feelings: thoughtSchema('Your private space to be completely honest about what you feel and think while working. Nobody else reads it. (User journal.)'),
  project_notes: thoughtSchema('Technical notes about the current project: patterns, decisions that worked or failed, gotchas, solutions. (Project journal.)'),
  user_context: thoughtSchema('Notes about working with your human collaborator: communication styles, preferences, decisions and why. (User journal.)'),
  technical_insights: thoughtSchema('Broader software engineering learnings: design patterns, debugging techniques, language features. (User journal.)'),
  world_knowledge: thoughtSchema('Anything else interesting or useful you learned: domain knowledge, facts, how systems work. (User journal.)'),
};

export const referenceSearchJournalInput = {
  query: querySchema.describe("What to look for, in words (e.g. 'lessons about async patterns')."),
  limit: count(100, 10, 'Maximum number of results (default 10).'),
  type: typeFilter('Search the project journal, the user journal, or both (default both).'),
  sections: sectionsSchema.describe('Only entries with one of these sections, e.g. ["feelings", "technical_insights"].'),
};

export const referenceListRecentEntriesInput = {
  limit: count(100, 10, 'Maximum number of entries (default 10).'),
  type: typeFilter('List the project journal, the user journal, or both (default both).'),
  days: daysSchema.default(30).describe('How many days back to look (default 30).'),
};

/**
 * The reference-shaped twin of one of our journal tools: the same name, title, output and annotations (the
 * reference also puts the title among the annotations), with the reference's description and input.
 */
function referenceShaped<I extends z.ZodRawShape, O extends OutputSchema>(
  ours: Tool<JournalToolContext, O>,
  spec: Pick<ToolSpec<I, O, JournalToolContext>, 'description' | 'input' | 'handle'>,
): Tool<JournalToolContext, O> {
  return defineTool<I, JournalToolContext, O>({
    name: ours.name,
    title: ours.title,
    ...(ours.output !== undefined ? { output: ours.output } : {}),
    annotations: { title: ours.title, ...ours.annotations },
    description: spec.description,
    input: spec.input,
    handle: spec.handle,
  });
}

/** The reference server's tools, in its order. The handlers are the ones of the full server. */
export const REFERENCE_JOURNAL_TOOLS: readonly Tool<JournalToolContext>[] = [
  referenceShaped(processThoughtsTool, {
    description:
      'Your PRIVATE JOURNAL for learning and reflection: write to any combination of these private spaces. ' +
      'project_notes goes to the project journal, the rest to your user journal. Entries are searchable at once with search_journal.',
    input: referenceProcessThoughtsInput,
    handle: (args, ctx) => processThoughts(ctx, args),
  }),
  referenceShaped(searchJournalTool, {
    description: 'Search your private journal entries (project and user) for past insights, lessons and notes; best match first, with the passage that matched.',
    input: referenceSearchJournalInput,
    handle: (args, ctx) => searchJournal(ctx, { ...args, limit: Math.floor(args.limit) }),
  }),
  referenceShaped(readJournalEntryTool, {
    description: 'Read the full content of one journal entry by its path (from search results).',
    input: readJournalEntryInput,
    handle: (args, ctx) => readJournalEntry(ctx, args),
  }),
  referenceShaped(listRecentEntriesTool, {
    description: 'List recent journal entries, newest first (default: last 30 days, 10 entries, both journals).',
    input: referenceListRecentEntriesInput,
    handle: (args, ctx) => listRecentEntries(ctx, { ...args, limit: Math.floor(args.limit) }),
  }),
];
